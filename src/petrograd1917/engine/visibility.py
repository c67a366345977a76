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
    noise = np.random.Generator(np.random.PCG64([state.turn, viewer]))
    seen = np.clip(true + noise.normal(0.0, state.scenario.rules.loyalty_noise, true.shape), 0.0, 1.0)
    totals = seen.sum(axis=1, keepdims=True)
    seen = np.where(totals > 1.0, seen / np.maximum(totals, 1.0), seen)
    known = (state.unit_commander == viewer) | (state.unit_commissar == viewer)
    seen[known] = true[known]
    result: FloatArray = seen
    return result


def visible_loyalty(state: GameState, unit: int, viewer: int) -> dict[str, float]:
    """Loyalty of one unit over factions as `viewer` sees it (shares in [0, 1] summing to at most 1)."""
    row = visible_loyalties(state, viewer)[unit]
    return {fid: float(row[f]) for f, fid in enumerate(state.index.faction_ids)}
