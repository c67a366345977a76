"""What a faction can see of units' loyalty (Kuran's hidden preferences): the truth for a unit's commander and for a
faction with a commissar at its side; for anyone else a noisy estimate.

The noise comes from a small generator of its own, seeded by (turn, viewer), never from `state.rng`: looking never
changes the game, and the same look on the same turn gives the same answer. Row u of the noise is the u-th draw of
that stream, so a unit added later does not change what is seen of the others.
"""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.index import FloatArray
from petrograd1917.engine.state import GameState


def visible_loyalties(state: GameState, viewer: int) -> FloatArray:
    """[units, factions] loyalty as `viewer` sees it: true rows where it may know, estimates elsewhere."""
    true = state.unit_loyalty
    seen = np.clip(true + _noise(state.turn, viewer, true.shape, state.scenario.rules.loyalty_noise), 0.0, 1.0)
    totals = seen.sum(axis=1, keepdims=True)
    seen = np.where(totals > 1.0, seen / np.maximum(totals, 1.0), seen)
    known = (state.unit_commander == viewer) | (state.unit_commissar == viewer)
    seen[known] = true[known]
    result: FloatArray = seen
    return result


_NOISE: dict[tuple[int, int, tuple[int, ...], float], FloatArray] = {}
_NOISE_KEPT = 256


def _noise(turn: int, viewer: int, shape: tuple[int, ...], spread: float) -> FloatArray:
    """The viewer's noise on this turn, read-only. It is a pure function of its arguments, so it is cached: building
    its generator cost more than all the rest of a look, and the computer players look at every unit, every turn."""
    key = (turn, viewer, shape, spread)
    found = _NOISE.get(key)
    if found is None:
        found = np.random.Generator(np.random.PCG64([turn, viewer])).normal(0.0, spread, shape)
        found.flags.writeable = False
        if len(_NOISE) >= _NOISE_KEPT:
            _NOISE.pop(next(iter(_NOISE)))
        _NOISE[key] = found
    return found


def visible_loyalty(state: GameState, unit: int, viewer: int) -> dict[str, float]:
    """Loyalty of one unit over factions as `viewer` sees it (shares in [0, 1] summing to at most 1)."""
    row = visible_loyalties(state, viewer)[unit]
    return {fid: float(row[f]) for f, fid in enumerate(state.index.faction_ids)}
