"""A refused storm says in words when it will be allowed: the faction's `storm_text`, else its `storm_if`."""

from __future__ import annotations

import dataclasses

import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine.actions import Action
from petrograd1917.engine.legality import indexed
from petrograd1917.engine.orders import seize
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, Scenario


@pytest.fixture(scope="module")
def october() -> Scenario:
    return load_scenario("october-1917")


def _refusal(game: GameState) -> str:
    """Why the Bolsheviks may not take the Winter Palace on the first morning, with Red Guards beside it."""
    palace = game.index.site["winter_palace"]
    game.unit_district[game.unit_ids["red_guard_vyborg"]] = game.index.site_district[palace]
    reason = seize.check(game, indexed(game, Action(ActionKind.SEIZE, "bolsheviks", target="winter_palace")))
    assert reason is not None
    return reason


def test_the_refusal_names_the_moment_in_words(october: Scenario) -> None:
    reason = _refusal(new_game(october, 0))
    assert "Central Committee" in reason and "25 October" in reason
    assert "flag(" not in reason and ">=" not in reason


def test_without_words_the_condition_is_shown(october: Scenario) -> None:
    factions = tuple(dataclasses.replace(f, storm_text="") if f.id == "bolsheviks" else f for f in october.factions)
    reason = _refusal(new_game(dataclasses.replace(october, factions=factions), 0))
    assert "flag(insurrection_agreed)" in reason
