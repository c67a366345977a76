"""The odds helpers several orders share, as pure functions of the state: how far a unit obeys, how overwhelming
it is against a crowd, a faction's armed force in a district, a site's defence. Each order's own odds are in its
module in engine/orders/ (formulas: docs/engine-actions.md); every constant comes from `scenario.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray
from petrograd1917.engine.numeric import array_sum
from petrograd1917.engine.portable import exp
from petrograd1917.engine.state import GameState


@helper
def clip01(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def obedience(state: GameState, unit: int, faction: int) -> float:
    """Chance the unit carries out an order of `faction` (Kuran: it obeys while its loyalty, drill and the
    commissar at its side outweigh the pull of rivals and the strain of earlier volleys), in plain floats: one unit
    at a time costs less than numpy calls on the few units an order weighs."""
    commissar = state.scenario.rules.commissar_obedience if state.unit_commissar.item(unit) == faction else 0.0
    return _obeys(
        state.unit_loyalty[unit].tolist(), faction, state.unit_discipline.item(unit), commissar,
        state.unit_strain.item(unit),
    )  # fmt: skip


@helper
def _obeys(
    loyalty: Sequence[float] | FloatArray, faction: int, discipline: float, commissar: float, strain: float
) -> float:
    """`obedience` of a unit with this row of loyalties, drill, commissar's weight (0.0 for none of the faction's)
    and strain: for Python (a list) and the armed force's kernel (an array row) alike. The strongest rival pull is
    the first greatest of the row with the faction's own share as 0.0, as `max` finds it."""
    rival = 0.0
    for g in range(len(loyalty)):
        pull = 0.0 if g == faction else loyalty[g]
        if g == 0 or pull > rival:
            rival = pull
    return clip01(0.5 * discipline + loyalty[faction] - 0.5 * rival + commissar - strain)


def street_force(state: GameState, unit: int) -> float:
    """How overwhelming the unit is against the crowd in its district: 1 - exp(-k * armed men / crowd)
    (Epstein's perceived-risk curve, with `rules.arrest_risk_k`)."""
    d = state.unit_district.item(unit)
    armed = state.unit_strength.item(unit) * state.unit_arms.item(unit)
    return 1.0 - exp(-state.scenario.rules.arrest_risk_k * armed / max(state.crowd.item(d), 1.0))


def units_of(state: GameState, faction: int, district: int) -> list[int]:
    """The faction's living units in a district, in order. A loop over the units' districts as a list: a few dozen
    units cost less so than three numpy masks and their `nonzero`."""
    here = state.unit_district.tolist()
    alive, commander = state.unit_alive, state.unit_commander
    return [u for u in range(len(here)) if here[u] == district and commander.item(u) == faction and alive.item(u)]


def armed_force(state: GameState, faction: int, district: int) -> float:
    """Men x arms x obedience of the faction's living units in a district (in one compiled call: the units' loop
    and their obedience in Python cost some 3.5 us, asked at every arrest and twice at every seizure)."""
    force = _armed_force(
        faction, district, state.scenario.rules.commissar_obedience, state.unit_alive, state.unit_commander,
        state.unit_district, state.unit_strength, state.unit_arms, state.unit_loyalty, state.unit_discipline,
        state.unit_commissar, state.unit_strain,
    )  # fmt: skip
    return float(force)  # (as plain Python the kernel's sum is a numpy float: the same bits, as a float)


@kernel
def _armed_force(
    faction: int,
    district: int,
    commissar_weight: float,
    alive: BoolArray,
    commander: IntArray,
    where: IntArray,
    strength: FloatArray,
    arms: FloatArray,
    loyalty: FloatArray,
    discipline: FloatArray,
    commissar: IntArray,
    strain: FloatArray,
) -> float:
    """`armed_force`: each of the faction's living units in the district, in order, its men x arms x obedience,
    summed as `array_sum` sums them."""
    forces = np.empty(alive.shape[0])
    n = 0
    for u in range(alive.shape[0]):
        if where[u] == district and commander[u] == faction and alive[u]:
            weight = commissar_weight if commissar[u] == faction else 0.0
            obeys = _obeys(loyalty[u], faction, discipline[u], weight, strain[u])
            forces[n] = strength[u] * arms[u] * obeys
            n += 1
    return 0.0 if n == 0 else array_sum(forces[:n])


def site_defence(state: GameState, site: int) -> float:
    """The holder's force at a site, multiplied by its defence (and by `rules.defend_bonus` when fortified)."""
    holder = state.site_holder.item(site)
    if holder < 0:
        return 0.0
    d = state.index.site_district_list[site]
    bonus = state.scenario.rules.defend_bonus if state.site_defended.item(site) == holder else 1.0
    return armed_force(state, holder, d) * state.scenario.sites[site].defense * bonus


def commissar_factor(state: GameState, unit: int, faction: int) -> float:
    """A rival's commissar at the unit's side halves outsiders' chances with it."""
    commissar = state.unit_commissar.item(unit)
    return 0.5 if commissar >= 0 and commissar != faction else 1.0
