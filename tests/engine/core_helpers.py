"""Shared helpers for the engine tests: scenario variants with certain odds, and short-hands for actions."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from petrograd1917.engine.actions import Action
from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import DEFAULT_ACTION_RULES, ActionKind, ActionRule, Scenario


def with_odds(scenario: Scenario, odds: float) -> Scenario:
    """The scenario with every action's base odds set (1.0: orders always succeed; 0.0: they always fail)."""
    rules = {kind: ActionRule(rule.cost, odds, rule.strength) for kind, rule in DEFAULT_ACTION_RULES.items()}
    rules.update({k: ActionRule(r.cost, odds, r.strength) for k, r in scenario.rules.actions.items()})
    return replace(scenario, rules=replace(scenario.rules, actions=rules))


def game_of(scenario: Scenario, seed: int = 1) -> GameState:
    return new_game(scenario, seed)


def act(state: GameState, kind: ActionKind, **fields: object) -> Action:
    """An action of the current faction."""
    return Action(kind, state.current_faction, **fields)  # type: ignore[arg-type]


def loyal_to(state: GameState, unit_id: str, faction_id: str) -> float:
    return float(state.unit_loyalty[state.unit_ids[unit_id], state.index.faction[faction_id]])


def play_randomly(state: GameState, rng: np.random.Generator, steps: int = 10_000) -> list[Action]:
    """Play uniformly random legal actions until the game ends (or `steps` run out); returns them."""
    played: list[Action] = []
    while not state.is_over() and len(played) < steps:
        actions = state.legal_actions()
        action = actions[int(rng.integers(len(actions)))]
        state.apply(action)
        played.append(action)
    return played
