"""The random agent: a uniform pick among the legal actions. The baseline every other agent must beat."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.ai.base import Options, register_agent

if TYPE_CHECKING:
    from petrograd1917.engine.actions import Action
    from petrograd1917.engine.state import GameState


class RandomAgent:
    def __init__(self, faction: str, rng: np.random.Generator) -> None:
        self.faction = faction
        self.spec = "random"
        self.rng = rng

    def choose_action(self, state: GameState) -> Action:
        return pick_uniformly(self.rng, state.legal_actions())


def pick_uniformly(rng: np.random.Generator, actions: Sequence[Action]) -> Action:
    """One of the actions, each as likely: `int(rng.random() * n)`, which lands in each of the n parts of [0, 1)
    as often as a 53-bit draw can tell. Not `rng.integers(n)`: its arguments' handling costs some 1 µs a call, as
    much as a tenth of a random game's step."""
    return actions[int(rng.random() * len(actions))]


def _build(faction: str, rng: np.random.Generator, options: dict[str, str]) -> RandomAgent:
    Options("random", options).done()
    return RandomAgent(faction, rng)


register_agent("random", _build)
