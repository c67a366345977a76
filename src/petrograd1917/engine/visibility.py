"""What a faction can see of a unit's loyalty (Kuran's hidden preferences): the truth for its commander and for a
faction with a commissar at its side; for anyone else a noisy estimate.

The noise is seeded from (turn, unit, viewer) with a small generator of its own, never from `state.rng`, so looking
never changes the game, and the same look on the same turn gives the same answer.
"""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.state import GameState


def sees_truth(state: GameState, unit: int, viewer: int) -> bool:
    return bool(state.unit_commander[unit] == viewer or state.unit_commissar[unit] == viewer)


def visible_loyalty(state: GameState, unit: int, viewer: int) -> dict[str, float]:
    """Loyalty of `unit` over factions as `viewer` sees it (shares in [0, 1] summing to at most 1)."""
    true = state.unit_loyalty[unit]
    if sees_truth(state, unit, viewer):
        seen = true.copy()
    else:
        noise = np.random.Generator(np.random.PCG64([state.turn, unit, viewer]))
        seen = np.clip(true + noise.normal(0.0, state.scenario.rules.loyalty_noise, true.shape[0]), 0.0, 1.0)
        total = float(seen.sum())
        if total > 1.0:
            seen /= total
    return {fid: float(seen[f]) for f, fid in enumerate(state.index.faction_ids)}
