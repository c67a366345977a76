"""The random agent: a uniform pick among the legal actions. The baseline every other agent must beat."""

from __future__ import annotations

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
        actions = state.legal_actions()
        return actions[int(self.rng.integers(len(actions)))]


def _build(faction: str, rng: np.random.Generator, options: dict[str, str]) -> RandomAgent:
    Options("random", options).done()
    return RandomAgent(faction, rng)


register_agent("random", _build)
