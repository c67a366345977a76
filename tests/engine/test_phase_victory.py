"""Victory phase: immediate victories end the game; key events are stamped with their first turn."""

from __future__ import annotations

from dataclasses import replace

from dynamics_helpers import f, s

from petrograd1917.engine import victory
from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.conditions import parse
from petrograd1917.scenario.model import Scenario


def test_nothing_ends_a_quiet_turn(game: GameState) -> None:
    victory.run(game)
    assert not game.is_over()
    assert "palace" not in game.key_events


def test_an_immediate_victory_ends_the_game(game: GameState) -> None:
    game.site_holder[s(game, "winter_palace")] = f(game, "bolsheviks")
    game.turn = 2
    victory.run(game)
    assert game.is_over()
    assert game.winner == f(game, "bolsheviks")
    assert game.over_reason == "The Winter Palace has fallen."
    assert game.key_events["palace"] == 2
    assert game.log[-1].kind == "victory"


def test_a_key_event_keeps_its_first_turn(small_scenario: Scenario) -> None:
    game = new_game(replace(small_scenario, victory=replace(small_scenario.victory, immediate=())), 1)
    game.site_holder[s(game, "winter_palace")] = f(game, "bolsheviks")
    game.turn = 1
    victory.run(game)
    game.turn = 3
    victory.run(game)
    assert game.key_events["palace"] == 1
    assert not game.is_over()


def test_a_factions_own_win_if_ends_the_game(small_scenario: Scenario) -> None:
    soviet = small_scenario.factions[1]
    objective = replace(soviet.objective, win_if=parse("controls(soviet, nikolaevsky_station)"))
    factions = (small_scenario.factions[0], replace(soviet, objective=objective), small_scenario.factions[2])
    game = new_game(replace(small_scenario, factions=factions), 1)
    victory.run(game)
    assert not game.is_over()
    game.site_holder[s(game, "nikolaevsky_station")] = f(game, "soviet")
    victory.run(game)
    assert game.winner == f(game, "soviet")
