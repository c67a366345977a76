"""What a faction may know, and possible worlds consistent with it (determinization).

A faction sees the true loyalty of the units it commands or has a commissar with, and only an estimate of the
others' (`visible_loyalty`). A computer player that searched the real state would read the other factions'
hidden loyalties and the game's future dice; so every state an agent searches is a *determinized* clone: hidden
loyalties resampled around the viewer's estimates, and a fresh random generator drawn from the agent's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def hidden_units(state: GameState, viewer: int) -> BoolArray:
    """Units whose true loyalty `viewer` does not see."""
    hidden: BoolArray = (state.unit_commander != viewer) & (state.unit_commissar != viewer)
    return hidden


def believed_loyalty(state: GameState, viewer: int) -> FloatArray:
    """The [units, factions] loyalty matrix as `viewer` sees it: truth where it may know it, estimates elsewhere."""
    believed = state.unit_loyalty.copy()
    seen = hidden_units(state, viewer) & state.unit_alive
    believed[seen] = state.visible_loyalties(state.index.faction_ids[viewer])[seen]
    return believed


class Beliefs:
    """A faction's estimates, refreshed once a turn (like an intelligence report) rather than at every decision:
    reading them costs a generator per unit, and a computer player decides many times a turn."""

    def __init__(self) -> None:
        self._key: tuple[int, int, int, int] | None = None
        self._value: FloatArray | None = None

    def of(self, state: GameState, viewer: int) -> FloatArray:
        key = (id(state), state.turn, state.n_units, viewer)
        if self._value is None or key != self._key:
            self._key, self._value = key, believed_loyalty(state, viewer)
        return self._value


def reseeded(state: GameState, rng: np.random.Generator) -> GameState:
    """A clone whose future dice come from `rng`, not from the game's generator."""
    clone = state.clone()
    clone.rng = np.random.Generator(np.random.PCG64(int(rng.integers(2**63))))
    return clone


def determinize(state: GameState, viewer: int, rng: np.random.Generator, believed: FloatArray) -> GameState:
    """A possible world for `viewer`: hidden loyalties drawn around `believed`, fresh dice from `rng`."""
    clone = reseeded(state, rng)
    hidden = hidden_units(clone, viewer)
    count = int(hidden.sum())
    if count:
        spread = max(state.scenario.rules.loyalty_noise, 1e-3)
        rows = np.clip(believed[hidden] + rng.normal(0.0, spread, size=(count, believed.shape[1])), 0.0, 1.0)
        rows /= np.maximum(rows.sum(axis=1, keepdims=True), 1.0)  # each row sums to at most 1
        clone.unit_loyalty[hidden] = rows
    return clone
