"""Helpers for the end-of-turn phase tests: ids to indices, and a scenario with other rules."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario


def d(state: GameState, district_id: str) -> int:
    return state.index.district[district_id]


def f(state: GameState, faction_id: str) -> int:
    return state.index.faction[faction_id]


def u(state: GameState, unit_id: str) -> int:
    return state.unit_ids[unit_id]


def s(state: GameState, site_id: str) -> int:
    return state.index.site[site_id]


def with_rules(scenario: Scenario, **changes: Any) -> Scenario:
    return replace(scenario, rules=replace(scenario.rules, **changes))


def game_with(scenario: Scenario, seed: int = 1, **rule_changes: Any) -> GameState:
    return new_game(with_rules(scenario, **rule_changes) if rule_changes else scenario, seed)
