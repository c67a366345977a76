"""Playing a game to its end between agents: the loop the batch runner, the calibration command and tests share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from petrograd1917.ai.base import Agent

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState


class RunawayGameError(RuntimeError):
    """A game that did not end within its action budget: an engine or agent bug, reported rather than hung on."""


def play_out(state: GameState, agents: Mapping[str, Agent], max_actions: int = 100_000) -> int:
    """Let each faction's agent act until the game is over; returns the number of actions applied."""
    for count in range(max_actions):
        if state.is_over():
            return count
        state.apply(agents[state.current_faction].choose_action(state))
    if state.is_over():
        return max_actions
    raise RunawayGameError(f"game not over after {max_actions} actions (turn {state.turn})")
