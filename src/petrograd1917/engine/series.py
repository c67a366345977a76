"""Per-turn history for the charts and the end screen: a few city-wide figures appended after each turn."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.engine.food import queues

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState


def record_series(state: GameState) -> None:
    """Append this turn's figures to `state.series` (one list per figure, one value per finished turn)."""
    alive = state.unit_alive
    n_f = state.index.n_factions
    commanded = state.unit_commander[alive]
    strength = state.unit_strength[alive]
    controller = state.district_controller
    figures: dict[str, object] = {
        "unrest": float(state.unrest.mean()),
        "strikers": float(state.strikers.sum()),
        "crowd": float(state.crowd.sum()),
        "city_stock": state.city_stock,
        "bread_days": float(state.bread_days.mean()),
        "queues": float(queues(state).mean()),
        "fear": float(state.fear.mean()),
        "control": np.bincount(controller[controller >= 0], minlength=n_f).tolist(),
        "armed_men": [float(strength[commanded == f].sum()) for f in range(n_f)],
        "legitimacy": state.legitimacy.tolist(),
    }
    for key, value in figures.items():
        state.series.setdefault(key, []).append(value)
