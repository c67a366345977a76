"""Per-turn history for the charts and the end screen: a few city-wide figures appended after each turn."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.engine.evaluate import city_influence, held_points
from petrograd1917.engine.food import queues
from petrograd1917.engine.index import FloatArray

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState


def record_series(state: GameState) -> None:
    """Add this turn's figures to `state.series` (one list per figure, one value per finished turn); each list is
    replaced by a longer one, never appended to, as the game's clones share them. Nothing in a game that keeps no
    record (`GameState.keeps_record`)."""
    if not state.keeps_record:
        return
    alive = state.unit_alive
    n_f = state.index.n_factions
    commanded = state.unit_commander[alive]
    strength = state.unit_strength[alive]
    controller = state.district_controller
    figures: dict[str, object] = {
        "unrest": _mean(state.unrest),
        "strikers": float(_total(state.strikers)),
        "crowd": float(_total(state.crowd)),
        "city_stock": state.city_stock,
        "bread_days": _mean(state.bread_days),
        "queues": _mean(queues(state)),
        "fear": _mean(state.fear),
        "control": np.bincount(controller[controller >= 0], minlength=n_f).tolist(),
        "armed_men": [float(_total(strength[commanded == f])) for f in range(n_f)],
        "men_by_district": _men_by_district(state),
        "legitimacy": state.legitimacy.tolist(),
        "following": [city_influence(state, f) for f in range(n_f)],
        "seats": list(held_points(state)),  # a copy: the list is evaluate's kept figures
    }
    series = state.series
    for key, value in figures.items():  # a new list, not an append: clones share the lists (engine/state.py)
        series[key] = [*series.get(key, ()), value]


# `ndarray.sum` and `.mean` reach this reduction through a Python wrapper that costs more than the sum of a few
# dozen numbers; the same reduction called directly gives the same bits (mean: the sum over the count).
_total = np.add.reduce


def _mean(values: FloatArray) -> float:
    return float(_total(values)) / len(values)


def _men_by_district(state: GameState) -> list[list[int]]:
    """[D][F] men under arms in each district by commanding faction, rounded (where each side's force stands)."""
    n_d, n_f = state.influence.shape
    obeying = state.unit_alive & (state.unit_commander >= 0)
    key = state.unit_district[obeying] * n_f + state.unit_commander[obeying]
    grid = np.bincount(key, weights=state.unit_strength[obeying], minlength=n_d * n_f).reshape(n_d, n_f)
    return np.rint(grid).astype(np.int64).tolist()  # type: ignore[no-any-return]
