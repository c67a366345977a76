"""Possible worlds consistent with what a side sees (determinization), for the computer players to search on.

A computer player reads the game only through `observe` (`engine/observation.py`): the truth about its own units
and those its commissars sit with, estimates of the others' loyalty, everything public, and no dice. It plays on
`believed_state(observation)`, the view turned back into a game; each look-ahead or playout then starts from a
*determinized* clone of it: the hidden loyalties redrawn around the estimates and dice drawn from the agent's own
generator. Changing anything the side cannot see cannot change what it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.engine.observation import Observation, believed_state, observe
from petrograd1917.engine.visibility import GRID

if TYPE_CHECKING:
    from petrograd1917.engine.index import BoolArray
    from petrograd1917.engine.state import GameState


@dataclass(frozen=True, slots=True)
class View:
    """A decision's starting point: the side's observation and the game believed from it."""

    observation: Observation
    world: GameState  # the believed game: estimates for loyalties, the agent's dice; never mutated by search

    @property
    def hidden(self) -> BoolArray:
        hidden: BoolArray = ~self.observation.loyalty_known
        return hidden


def view_of(state: GameState, rng: np.random.Generator) -> View:
    """What the side to move sees of `state`, and the world it believes in."""
    observation = observe(state, state.current_faction)
    return View(observation, believed_state(observation, rng))


def determinize(view: View, rng: np.random.Generator) -> GameState:
    """A possible world: hidden loyalties drawn around the estimates (their spread plus the reports' rounding),
    its dice drawn from `rng` itself (the searcher's own generator: building one per world costs more than the
    rest of the clone, and a world is thrown away after one playout)."""
    clone = view.world.clone()
    clone.rng = rng
    hidden = view.hidden
    count = int(hidden.sum())
    if count:
        spread = view.world.scenario.rules.loyalty_noise + GRID / 2
        believed = view.observation.unit_loyalty[hidden]
        rows = np.clip(believed + rng.normal(0.0, spread, size=believed.shape), 0.0, 1.0)
        rows /= np.maximum(rows.sum(axis=1, keepdims=True), 1.0)  # each row sums to at most 1
        clone.unit_loyalty[hidden] = rows
    return clone
