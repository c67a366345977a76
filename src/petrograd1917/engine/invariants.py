"""The state's invariants, checked by the tests after every step of many random games (and handy when debugging
a rule): shares stay shares, nothing goes negative, crowds and strikers stay within the people who exist."""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.index import FloatArray
from petrograd1917.engine.state import GameState

_EPS = 1e-9


def violations(state: GameState) -> list[str]:
    """Every invariant that does not hold, in words (empty when the state is sound)."""
    problems: list[str] = []
    index = state.index

    def shares(name: str, rows: FloatArray) -> None:
        if rows.size and (rows.min() < -_EPS or rows.max() > 1 + _EPS):
            problems.append(f"{name} outside [0, 1]: {rows.min():.4f}..{rows.max():.4f}")
        if rows.ndim == 2 and rows.size and rows.sum(axis=1).max() > 1 + 1e-6:
            problems.append(f"{name} row sums above 1: {rows.sum(axis=1).max():.6f}")

    shares("influence", state.influence)
    shares("unit loyalty", state.unit_loyalty)
    for name in ("unrest", "hardship", "legitimacy", "unit_arms", "unit_discipline"):
        shares(name, getattr(state, name))
    for name in ("strikers", "crowd", "bread_days", "unit_strength", "unit_strain"):
        array = getattr(state, name)
        if array.size and array.min() < -_EPS:
            problems.append(f"{name} negative: {array.min():.4f}")
    if np.any(state.crowd > index.population + 1e-6):
        problems.append("a crowd larger than its district's population")
    if np.any(state.strikers > index.workers + 1e-6):
        problems.append("more strikers than workers")
    if state.city_stock < -_EPS:
        problems.append(f"negative city stock: {state.city_stock:.3f}")
    if np.any(state.action_points < 0):
        problems.append("negative action points")
    n_d, n_f = index.n_districts, index.n_factions
    if np.any((state.unit_district < 0) | (state.unit_district >= n_d)):
        problems.append("a unit outside the map")
    for name in ("unit_commander", "unit_commissar", "site_holder", "site_defended", "district_controller"):
        array = getattr(state, name)
        if array.size and (array.min() < -1 or array.max() >= n_f):
            problems.append(f"{name} names no faction")
    return problems


def check_invariants(state: GameState) -> None:
    """Raise AssertionError listing every broken invariant."""
    problems = violations(state)
    if problems:
        raise AssertionError("; ".join(problems))
