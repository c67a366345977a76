"""Storming a held site, by order or at the turn's end, waits for the faction's `storm_if`; Kronstadt stays home.

In February the cabinet never sent troops into the Tauride Palace, and the Soviet and the Duma shared it rather
than fight for it. A faction whose `storm_if` does not hold may not order a SEIZE of a site a rival holds, and
neither its men nor the crowds it leads assault one in the combat phase.
"""

from __future__ import annotations

import dataclasses

import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine import combat
from petrograd1917.engine.actions import Action
from petrograd1917.engine.legality import validate
from petrograd1917.engine.orders.base import IllegalActionError
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, Scenario


def _soviet_at_the_tauride(scenario: Scenario) -> tuple[GameState, int]:
    """The Soviet with a whole regiment and the streets in arms beside the Duma's Tauride Palace."""
    game = new_game(scenario, 1)
    soviet = game.index.faction["soviet"]
    tauride = [s.id for s in scenario.sites].index("tauride_palace")
    where = int(game.index.site_district[tauride])
    regiment = game.unit_ids["preobrazhensky_reserve"]
    game.unit_district[regiment] = where
    game.unit_commander[regiment] = soviet
    game.unit_loyalty[regiment] = 0.0
    game.unit_loyalty[regiment, soviet] = 1.0
    game.unrest[where] = 1.0
    game.influence[where] = 0.0
    game.influence[where, soviet] = 0.5
    game.crowd[where] = 50000.0
    return game, tauride


@pytest.fixture(scope="module")
def february() -> Scenario:
    return load_scenario("february-1917")


def test_the_soviet_does_not_assault_the_duma_while_its_storm_if_does_not_hold(february: Scenario) -> None:
    game, tauride = _soviet_at_the_tauride(february)
    duma = game.index.faction["duma"]
    assert game.site_holder[tauride] == duma
    combat.run(game)
    assert game.site_holder[tauride] == duma
    assert not [e for e in game.log if e.kind in ("combat", "site") and "Tauride" in e.text]


def test_without_the_storm_rule_the_same_soviet_takes_the_tauride(february: Scenario) -> None:
    """The rule off (no `storm_if` for the Soviet): the same turn's end hands the Duma's palace to the Soviet."""
    factions = tuple(
        dataclasses.replace(f, storm_if=None, storm_text="") if f.id == "soviet" else f for f in february.factions
    )
    game, tauride = _soviet_at_the_tauride(dataclasses.replace(february, factions=factions))
    combat.run(game)
    assert game.site_holder[tauride] == game.index.faction["soviet"]


def test_the_soviet_may_storm_between_its_first_meeting_and_the_provisional_government(february: Scenario) -> None:
    game, _ = _soviet_at_the_tauride(february)
    soviet = game.index.faction["soviet"]
    assert combat.held_back(game) & 1 << soviet
    game.flags.add("soviet_formed")
    assert not combat.held_back(game) & 1 << soviet
    game.flags.add("provisional_government")
    assert combat.held_back(game) & 1 << soviet


def test_the_cabinet_cannot_bring_the_kronstadt_sailors_into_the_city(february: Scenario) -> None:
    """Kronstadt rose on the news of the capital; its crews never marched into the February city."""
    from petrograd1917.engine.listing import legal_actions

    game = new_game(february, 1)
    moves = [a for a in legal_actions(game, "tsarist") if a.kind is ActionKind.MOVE and a.unit == "kronstadt_sailors"]
    assert not moves


def test_the_cabinet_never_storms_the_tauride(february: Scenario) -> None:
    """The ministers' men hold what they have; they do not assault the Duma, before or after its committee."""
    game = new_game(february, 1)
    tsarist = game.index.faction["tsarist"]
    tauride = [s.id for s in february.sites].index("tauride_palace")
    where = int(game.index.site_district[tauride])
    game.unit_district[game.unit_ids["don_cossacks_1"]] = where
    storm = Action(ActionKind.SEIZE, "tsarist", target="tauride_palace")
    for flag in ("", "provisional_committee", "soviet_formed"):
        if flag:
            game.flags.add(flag)
        with pytest.raises(IllegalActionError, match="not until"):
            validate(game, storm)
        assert combat.held_back(game) & 1 << tsarist
