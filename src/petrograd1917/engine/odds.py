"""The odds helpers several orders share, as pure functions of the state: how far a unit obeys, how overwhelming
it is against a crowd, a faction's armed force in a district, a site's defence. Each order's own odds are in its
module in engine/orders/ (formulas: docs/engine-actions.md); every constant comes from `scenario.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray
from petrograd1917.engine.numeric import array_sum, at_least
from petrograd1917.engine.portable import exp_value
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


@helper
def risk(k: float, armed: float, crowd: float) -> float:
    """How overwhelming `armed` (men x arms, maybe weighed by obedience) is against a crowd: 1 - exp(-k x armed /
    crowd), a crowd counting at least one (Epstein's perceived-risk curve, with `rules.arrest_risk_k` for k). For
    Python callers and kernels alike."""
    return 1.0 - exp_value(-k * armed / at_least(crowd, 1.0))


def street_force(state: GameState, unit: int) -> float:
    """How overwhelming the unit is against the crowd in its district: `risk` of its armed men."""
    d = state.unit_district.item(unit)
    armed = state.unit_strength.item(unit) * state.unit_arms.item(unit)
    return risk(state.scenario.rules.arrest_risk_k, armed, state.crowd.item(d))


def units_of(state: GameState, faction: int, district: int) -> list[int]:
    """The faction's living units in a district, in order. The units' districts as a list, searched by the list's
    own `count` and `index` for the few units there: a few dozen units cost less so than three numpy masks and
    their `nonzero`, or a Python loop over every unit."""
    here = state.unit_district.tolist()
    alive, commander = state.unit_alive, state.unit_commander
    found: list[int] = []
    u = -1
    for _ in range(here.count(district)):
        u = here.index(district, u + 1)
        if commander.item(u) == faction and alive.item(u):
            found.append(u)
    return found


def armed_pressure(state: GameState, faction: int, district: int) -> float:
    """How overwhelming the faction's patrols are in a district (an arrest's odds): `risk` of its armed force, men
    x arms x obedience of its living units there, against the crowd. The curve's `exp_value` is worked out in the
    compiled pass over the units: in Python it costs more than the call, asked at every arrest."""
    return _armed_forces(state, faction, -1, district)[2]


def attack_and_defence(state: GameState, faction: int, site: int) -> tuple[float, float]:
    """A seizure's two sides at a site: the faction's armed force in its district times
    `rules.combat_attacker_penalty`, and the holder's there times the site's defence (and `rules.defend_bonus` when
    fortified; 0 when no one holds it). Both in one compiled pass over the units: a computer player weighs every
    seizure it could order."""
    rules = state.scenario.rules
    holder = state.site_holder.item(site)
    attacker, defender, _ = _armed_forces(state, faction, holder, state.index.site_district_list[site])
    attack = attacker * rules.combat_attacker_penalty
    if holder < 0:
        return attack, 0.0
    bonus = rules.defend_bonus if state.site_defended.item(site) == holder else 1.0
    return attack, defender * state.scenario.sites[site].defense * bonus


def _armed_forces(state: GameState, faction: int, rival: int, district: int) -> tuple[float, float, float]:
    """Men x arms x obedience of the faction's living units in a district, of a rival's (0.0 for -1), and the
    faction's `risk` against the crowd there."""
    rules = state.scenario.rules
    forces = _forces(
        faction, rival, district, rules.arrest_risk_k, state.crowd.item(district), rules.commissar_obedience,
        state.unit_alive, state.unit_commander, state.unit_district, state.unit_strength, state.unit_arms,
        state.unit_loyalty, state.unit_discipline, state.unit_commissar, state.unit_strain,
    )  # fmt: skip
    return float(forces[0]), float(forces[1]), float(forces[2])  # (as plain Python, numpy floats: same bits)


@kernel
def _forces(
    faction: int,
    rival: int,
    district: int,
    k: float,
    crowd: float,
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
) -> tuple[float, float, float]:
    """`_armed_forces`: for each side, each of its living units in the district, in order, its men x arms x
    obedience (to that side), summed as `array_sum` sums them; then the faction's `risk` with `k` against `crowd`."""
    forces = np.empty((2, alive.shape[0]))
    counts = [0, 0]
    for u in range(alive.shape[0]):
        if where[u] == district and alive[u]:
            for side in range(2):
                g = faction if side == 0 else rival
                if g >= 0 and commander[u] == g:
                    weight = commissar_weight if commissar[u] == g else 0.0
                    obeys = _obeys(loyalty[u], g, discipline[u], weight, strain[u])
                    forces[side, counts[side]] = strength[u] * arms[u] * obeys
                    counts[side] += 1
    ours = 0.0 if counts[0] == 0 else array_sum(forces[0, : counts[0]])
    theirs = 0.0 if counts[1] == 0 else array_sum(forces[1, : counts[1]])
    return ours, theirs, risk(k, ours, crowd)


def commissar_factor(state: GameState, unit: int, faction: int) -> float:
    """A rival's commissar at the unit's side halves outsiders' chances with it."""
    commissar = state.unit_commissar.item(unit)
    return 0.5 if commissar >= 0 and commissar != faction else 1.0
