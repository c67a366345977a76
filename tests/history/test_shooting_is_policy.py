"""Standing orders to fire: once the tsar's wire has made shooting policy (`fire_policy_flag`), the regime's troops
fire on the big crowds of the city at the turn's end, whoever plays the cabinet; before it, and outside the city,
they do not."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine import combat
from petrograd1917.engine.control import city_mask
from petrograd1917.engine.odds import obedience
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario


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


def test_with_shooting_policy_the_most_obedient_unit_there_fires_on_the_crowd(february: Scenario) -> None:
    game, kazan = _crowd_in_kazan(february, policy=True)
    tsarist = game.index.faction["tsarist"]
    there = np.flatnonzero(game.unit_alive & (game.unit_commander == tsarist) & (game.unit_district == kazan))
    assert there.shape[0] >= 2
    picked = february.units[max(there.tolist(), key=lambda u: obedience(game, u, tsarist))].id
    combat.run(game)
    volleys = [e for e in game.log if e.kind == "fire"]
    assert len(volleys) == 1  # one volley on the one big crowd
    assert volleys[0].faction == "tsarist" and volleys[0].data["unit"] == picked
    if volleys[0].data["outcome"] != "refused":
        assert game.crowd[kazan] < 30_000.0


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
