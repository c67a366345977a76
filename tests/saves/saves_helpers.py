"""Playing a few random legal moves through the public door, for the save tests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from petrograd1917.engine.actions import Action
from petrograd1917.engine.state import GameState


@dataclass
class Played:
    state: GameState
    actions: list[Action]
    seed: int


def play(state: GameState, actions: list[Action], steps: int, chooser: np.random.Generator) -> None:
    """Apply up to `steps` random legal actions (chosen by `chooser`, not by the game's own generator)."""
    for _ in range(steps):
        if state.is_over():
            return
        legal = state.legal_actions()
        action = legal[int(chooser.integers(len(legal)))]
        state.apply(action)
        actions.append(action)
