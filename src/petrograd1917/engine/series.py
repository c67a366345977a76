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
        "men_by_district": _men_by_district(state),
        "legitimacy": state.legitimacy.tolist(),
    }
    for key, value in figures.items():
        state.series.setdefault(key, []).append(value)


def _men_by_district(state: GameState) -> list[list[int]]:
    """[D][F] men under arms in each district by commanding faction, rounded (where each side's force stands)."""
    n_d, n_f = state.influence.shape
    obeying = state.unit_alive & (state.unit_commander >= 0)
    key = state.unit_district[obeying] * n_f + state.unit_commander[obeying]
    grid = np.bincount(key, weights=state.unit_strength[obeying], minlength=n_d * n_f).reshape(n_d, n_f)
    return np.rint(grid).astype(np.int64).tolist()  # type: ignore[no-any-return]
