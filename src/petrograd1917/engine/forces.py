"""Who has how much force where: the armed power of units and the faction that leads each district's crowd.
Shared by crowds, loyalty, combat and control so they all count alike."""

from __future__ import annotations

from typing import Any

import numpy as np

from petrograd1917.engine.cache import PerKey
from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for


def unit_power(state: GameState, own: IntArray | None = None) -> FloatArray:
    """Fighting worth of each unit for its commander: men x arms x loyalty to the commander x discipline.
    Units with no commander (or gone) count nothing. `own`: the commanders with -1 read as 0, if known."""
    commander = state.unit_commander
    if own is None:
        own = np.maximum(commander, 0)
    active = state.unit_alive & (commander >= 0)
    return power_of(state, active, state.unit_loyalty[row_index(commander.shape[0]), own])


def power_of(state: GameState, active: BoolArray, loyal: FloatArray) -> FloatArray:
    """`unit_power` from what a caller already knows: which units count (`active`: in being, under a commander) and
    each unit's loyalty to its commander."""
    power: FloatArray = np.where(active, worth(state.unit_strength, state.unit_arms, loyal, state.unit_discipline), 0.0)
    return power


@helper
def worth(strength: Any, arms: Any, loyal: Any, discipline: Any) -> Any:
    """A unit's fighting worth for its commander: men x arms x loyalty to the commander x discipline, multiplied in
    this order (floats in a kernel, whole arrays in `power_of`: the one formula for both)."""
    return strength * arms * loyal * discipline


# What `add_district_power` reads of the units, in this order: district, commander, in being, men, arms, loyalty [U, F]
# and discipline (one argument for the kernels that weigh the armed power, instead of seven).
ArmedUnits = tuple[IntArray, IntArray, BoolArray, FloatArray, FloatArray, FloatArray, FloatArray]


def armed_units(state: GameState) -> ArmedUnits:
    """The state's `ArmedUnits`."""
    return (
        state.unit_district,
        state.unit_commander,
        state.unit_alive,
        state.unit_strength,
        state.unit_arms,
        state.unit_loyalty,
        state.unit_discipline,
    )


@helper
def add_district_power(units: ArmedUnits, power: FloatArray) -> None:
    """`district_power` for kernels, added into `power` [D, F] (zeros): each unit's `worth` for its commander, 0.0
    for a unit gone or under no one (into the first column), added unit by unit as `bincount` adds."""
    district, commander, alive, strength, arms, loyalty, discipline = units
    for u in range(district.shape[0]):
        own = commander[u] if commander[u] > 0 else 0
        active = alive[u] and commander[u] >= 0
        power[district[u], own] += worth(strength[u], arms[u], loyalty[u, own], discipline[u]) if active else 0.0


def district_power(state: GameState, power: FloatArray | None = None) -> FloatArray:
    """[D, F] armed power by district and commanding faction."""
    own = np.maximum(state.unit_commander, 0)
    if power is None:
        power = unit_power(state, own)
    n_d, n_f = state.influence.shape
    key = state.unit_district * n_f + own
    grid: FloatArray = (
        np.bincount(key, weights=power, minlength=n_d * n_f).reshape(n_d, n_f).astype(np.float64, copy=False)
    )
    return grid


def _arange(n: int) -> IntArray:
    rows = np.arange(n)
    rows.flags.writeable = False
    return rows


# np.arange(n), read-only and kept (engine/cache.py): the row of every unit (or district, or site), asked for many times
# a turn to pick one column per row.
row_index: PerKey[int, IntArray] = PerKey(_arange)


# The last answer of `crowd_faction`, keyed by the regime table (so by scenario) and the influence's bytes: the
# orders that weigh a crowd, the standing orders to fire and the window's figures ask for it on the same, unchanged
# influence. (The phases' kernels find the leaders themselves, `find_leaders`: cheaper than a call and a key.)
_LAST_LEADERS: list[tuple[BoolArray, bytes, IntArray] | None] = [None]


def crowd_faction(state: GameState) -> IntArray:
    """[D] the faction that leads each district's crowd: the most influential one that does not hold state power
    (the street marches against the regime); -1 where no such faction has any influence. Read-only (cached)."""
    regime = tables_for(state.scenario).regime_mask
    key = state.influence.tobytes()
    last = _LAST_LEADERS[0]
    if last is not None and last[0] is regime and last[1] == key:
        return last[2]
    result = _leaders(state.influence, regime)
    result.flags.writeable = False
    _LAST_LEADERS[0] = (regime, key, result)
    return result


@kernel
def _leaders(influence: FloatArray, regime: BoolArray) -> IntArray:
    """`crowd_faction`'s arithmetic (`find_leaders`)."""
    leader = np.empty(influence.shape[0], dtype=np.int64)
    find_leaders(influence, regime, leader)
    return leader


@helper
def find_leaders(influence: FloatArray, regime: BoolArray, leader: IntArray) -> None:
    """`crowd_faction` into `leader` [D], for kernels that read the influence anyway (cheaper than a call): in each
    district, the first of the factions out of power with the most influence (the regime's columns read as -1,
    numpy's argmax of the row), where that influence is above 0; else -1."""
    n_d, n_f = influence.shape
    for d in range(n_d):
        best, most = 0, -1.0 if regime[0] else influence[d, 0]
        for f in range(1, n_f):
            value = -1.0 if regime[f] else influence[d, f]
            if value > most:
                best, most = f, value
        leader[d] = best if most > 0.0 else -1
