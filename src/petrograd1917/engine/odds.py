"""The odds helpers several orders share, as pure functions of the state: how far a unit obeys, how overwhelming
it is against a crowd, a faction's armed force in a district, a site's defence. Each order's own odds are in its
module in engine/orders/ (formulas: docs/engine-actions.md); every constant comes from `scenario.rules`.
"""

from __future__ import annotations

import math

import numpy as np

from petrograd1917.engine.index import FloatArray, IntArray
from petrograd1917.engine.state import GameState


def clip01(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def obedience_of(state: GameState, units: IntArray, faction: int) -> FloatArray:
    """Chance each unit carries out an order of `faction` (Kuran: it obeys while its loyalty, drill and the
    commissar at its side outweigh the pull of rivals and the strain of earlier volleys)."""
    loyalty = state.unit_loyalty[units]
    own = loyalty[:, faction]
    others = loyalty.copy()
    others[:, faction] = 0.0
    rival = others.max(axis=1)
    commissar = np.where(state.unit_commissar[units] == faction, state.scenario.rules.commissar_obedience, 0.0)
    value = 0.5 * state.unit_discipline[units] + own - 0.5 * rival + commissar - state.unit_strain[units]
    result: FloatArray = np.clip(value, 0.0, 1.0)
    return result


def obedience(state: GameState, unit: int, faction: int) -> float:
    """`obedience_of` one unit, in plain floats: the same operations in the same order give the same number
    (`clip01` clips as `np.clip` does), at a fraction of the cost; the previews ask for it at every step."""
    row = state.unit_loyalty[unit].tolist()
    own = row[faction]
    row[faction] = 0.0
    rival = max(row)
    commissar = state.scenario.rules.commissar_obedience if state.unit_commissar[unit] == faction else 0.0
    value = 0.5 * float(state.unit_discipline[unit]) + own - 0.5 * rival + commissar - float(state.unit_strain[unit])
    return clip01(value)


def street_force(state: GameState, unit: int) -> float:
    """How overwhelming the unit is against the crowd in its district: 1 - exp(-k * armed men / crowd)
    (Epstein's perceived-risk curve, with `rules.arrest_risk_k`)."""
    d = int(state.unit_district[unit])
    armed = float(state.unit_strength[unit] * state.unit_arms[unit])
    return 1.0 - math.exp(-state.scenario.rules.arrest_risk_k * armed / max(float(state.crowd[d]), 1.0))


def armed_force(state: GameState, faction: int, district: int) -> float:
    """Men x arms x obedience of the faction's living units in a district."""
    mask = state.unit_alive & (state.unit_commander == faction) & (state.unit_district == district)
    units = mask.nonzero()[0]
    if units.size == 0:
        return 0.0
    return float((state.unit_strength[units] * state.unit_arms[units] * obedience_of(state, units, faction)).sum())


def site_defence(state: GameState, site: int) -> float:
    """The holder's force at a site, multiplied by its defence (and by `rules.defend_bonus` when fortified)."""
    holder = int(state.site_holder[site])
    if holder < 0:
        return 0.0
    d = int(state.index.site_district[site])
    bonus = state.scenario.rules.defend_bonus if state.site_defended[site] == holder else 1.0
    return armed_force(state, holder, d) * state.scenario.sites[site].defense * bonus


def commissar_factor(state: GameState, unit: int, faction: int) -> float:
    """A rival's commissar at the unit's side halves outsiders' chances with it."""
    commissar = int(state.unit_commissar[unit])
    return 0.5 if commissar >= 0 and commissar != faction else 1.0
