"""Standing orders to fire: once the tsar's wire has made shooting policy (`fire_policy_flag`), the regime's pickets
(the kinds `fire_policy_kinds` names) fire on the big crowds of the city at the turn's end, whoever plays the
cabinet, each picket once a turn, from the crowd's district or the next; before it, and outside the city, nobody
fires."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine import combat
from petrograd1917.engine.control import city_mask
from petrograd1917.engine.odds import obedience
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for
from petrograd1917.scenario.model import Scenario, UnitKind


@pytest.fixture(scope="module")
def february() -> Scenario:
    return load_scenario("february-1917")


def _crowd_in_kazan(scenario: Scenario, policy: bool) -> tuple[GameState, int]:
    """A crowd of 30,000 led by the Soviet on Nevsky (Kazan), no other crowd, calm streets; shooting policy or not."""
    game = new_game(scenario, 2)
    kazan = game.index.district["kazan"]
    game.crowd[:] = 0.0
    game.crowd[kazan] = 30_000.0
    game.influence[kazan] = 0.0
    game.influence[kazan, game.index.faction["soviet"]] = 0.6
    game.unrest[:] = 0.0
    if policy:
        game.flags.add("shooting_is_policy")
    return game, kazan


def _expected_picket(game: GameState, district: int) -> str:
    """The most obedient picket of the tsarist side in the district, else in the districts next to it."""
    tsarist = game.index.faction["tsarist"]
    ready = combat.pickets(game, tsarist)
    there = np.flatnonzero(ready & (game.unit_district == district))
    if there.shape[0] == 0:
        neighbours = tables_for(game.scenario).neighbours[district]
        there = np.flatnonzero(ready & (neighbours[game.unit_district] > 0.0))
    assert there.shape[0] >= 1
    return game.scenario.units[max(there.tolist(), key=lambda u: obedience(game, u, tsarist))].id


def test_the_pickets_are_soldiers_of_the_kinds_the_scenario_names(february: Scenario) -> None:
    """February sends infantry and ensigns: not the police, not the Cossacks, not the fortress's garrison."""
    game, _ = _crowd_in_kazan(february, policy=True)
    kinds = set(february.rules.fire_policy_kinds)
    assert kinds and UnitKind.POLICE not in kinds and UnitKind.COSSACKS not in kinds
    sent = combat.pickets(game, game.index.faction["tsarist"])
    for u, spec in enumerate(february.units):
        if sent[u]:
            assert spec.kind in kinds and spec.mobile
    fortress = game.unit_ids["peter_paul_garrison"]
    assert not sent[fortress] and game.unit_alive[fortress]


def test_with_no_picket_in_the_district_the_most_obedient_one_next_door_fires_and_goes_home(
    february: Scenario,
) -> None:
    """Nevsky (Kazan) holds only police and Cossacks: the volley comes from a picket sent from a neighbouring
    district, which is back in its barracks afterwards."""
    game, kazan = _crowd_in_kazan(february, policy=True)
    picked = _expected_picket(game, kazan)
    home = int(game.unit_district[game.unit_ids[picked]])
    assert home != kazan
    combat.run(game)
    volleys = [e for e in game.log if e.kind == "fire"]
    assert len(volleys) == 1  # one volley on the one big crowd
    assert volleys[0].faction == "tsarist" and volleys[0].data["unit"] == picked
    assert volleys[0].data["district"] == "kazan"
    assert int(game.unit_district[game.unit_ids[picked]]) == home
    if volleys[0].data["outcome"] != "refused":
        assert game.crowd[kazan] < 30_000.0


def test_with_a_picket_in_the_district_it_fires_there(february: Scenario) -> None:
    game, kazan = _crowd_in_kazan(february, policy=True)
    game.crowd[kazan] = 0.0
    liteiny = game.index.district["liteiny"]
    game.crowd[liteiny] = 30_000.0
    game.influence[liteiny] = 0.0
    game.influence[liteiny, game.index.faction["soviet"]] = 0.6
    picked = _expected_picket(game, liteiny)
    assert int(game.unit_district[game.unit_ids[picked]]) == liteiny
    combat.run(game)
    assert [e.data["unit"] for e in game.log if e.kind == "fire"] == [picked]


def test_a_picket_fires_once_a_turn(february: Scenario) -> None:
    """Big crowds in every district of the city: no unit fires twice in one turn."""
    game, _ = _crowd_in_kazan(february, policy=True)
    game.crowd[city_mask(february)] = 30_000.0
    combat.run(game)
    firers = [e.data["unit"] for e in game.log if e.kind == "fire"]
    assert len(firers) >= 3
    assert len(firers) == len(set(firers))


def test_without_named_kinds_any_armed_unit_may_be_sent(february: Scenario) -> None:
    """A scenario that names no kinds sends its most obedient armed unit whatever it is: on Nevsky, the police."""
    anyone = replace(february, rules=replace(february.rules, fire_policy_kinds=()))
    game, kazan = _crowd_in_kazan(anyone, policy=True)
    picked = _expected_picket(game, kazan)
    assert anyone.units[game.unit_ids[picked]].kind is UnitKind.POLICE
    combat.run(game)
    assert [e.data["unit"] for e in game.log if e.kind == "fire"] == [picked]


def test_the_volley_kills_about_what_an_ordered_one_does(february: Scenario) -> None:
    """Over seeds, the killed per volley is crowd × fire_casualty_rate × the unit's arms, as the FIRE order's."""
    killed = []
    for seed in range(12):
        game, _ = _crowd_in_kazan(february, policy=True)
        game.rng = np.random.default_rng(seed)
        combat.run(game)
        volley = next(e for e in game.log if e.kind == "fire")
        if volley.data["outcome"] != "refused":
            unit = game.unit_ids[volley.data["unit"]]
            expected = 30_000 * february.rules.fire_casualty_rate * float(game.unit_arms[unit])
            assert volley.data["killed"] == round(expected)
            killed.append(volley.data["killed"])
    assert killed  # most volleys are obeyed


def test_without_the_policy_nobody_fires(february: Scenario) -> None:
    game, _ = _crowd_in_kazan(february, policy=False)
    combat.run(game)
    assert not [e for e in game.log if e.kind == "fire"]


def test_small_crowds_and_crowds_outside_the_city_are_not_fired_on(february: Scenario) -> None:
    game, kazan = _crowd_in_kazan(february, policy=True)
    game.crowd[kazan] = february.rules.large_crowd - 1.0
    outside = np.flatnonzero(~city_mask(february))
    game.crowd[outside] = 50_000.0
    combat.run(game)
    assert not [e for e in game.log if e.kind == "fire"]


def test_the_wire_obeyed_makes_shooting_policy(february: Scenario) -> None:
    """The flag the rule reads is the one the tsar's wire sets when the cabinet obeys it (and only then)."""
    wire = next(e for e in february.events if e.id == "order_to_fire")
    flags = {c.id: [x.flag for x in c.effects if x.kind == "set_flag"] for c in wire.choices}
    assert february.rules.fire_policy_flag in flags["obey"]
    assert february.rules.fire_policy_flag not in flags["concede"]
