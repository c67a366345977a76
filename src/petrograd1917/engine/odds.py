"""The odds and sizes of actions, as pure functions of the state: the same numbers drive the resolution (which then
draws from `state.rng`) and the preview the window and the computer players read (which draws nothing).

Formulas are documented in docs/engine-actions.md; every constant comes from `scenario.rules`.
"""

from __future__ import annotations

import math

import numpy as np

from petrograd1917.engine.index import FloatArray, IntArray
from petrograd1917.engine.legality import Indexed
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, ActionRule


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


def crowd_order_split(state: GameState, r: Indexed, rule: ActionRule) -> tuple[float, float]:
    """(success, obeyed): the order is obeyed with chance `obeyed`; the crowd then breaks with chance
    base_odds + (1 - base_odds) * force. success <= obeyed; the rest of `obeyed` is a crowd that stands firm."""
    obeyed = obedience(state, r.unit, r.faction)
    force = street_force(state, r.unit)
    return obeyed * clip01(rule.base_odds + (1.0 - rule.base_odds) * force), obeyed


# Orders that cannot fail: they are bookkeeping of one's own (fortify, hand out bread, set the ration).
_CERTAIN = frozenset(
    {ActionKind.DEFEND, ActionKind.DISTRIBUTE_BREAD, ActionKind.SET_RATION, ActionKind.PASS, ActionKind.CHOOSE}
)


def success_chance(state: GameState, r: Indexed) -> float:
    """Chance of success of a (legal) action in indices, in [0, 1]."""
    kind = r.kind
    if kind in _CERTAIN:
        return 1.0
    rule = state.index.rules[kind]
    base = rule.base_odds
    if kind is ActionKind.AGITATE:
        if r.unit >= 0:
            discipline = float(state.unit_discipline[r.unit])
            return clip01(base * (1.0 - 0.5 * discipline) * commissar_factor(state, r.unit, r.faction))
        return clip01(base * (0.5 + float(state.unrest[r.district])))
    if kind is ActionKind.STRIKE:
        d = r.district
        return clip01(base * (0.5 + float(state.unrest[d]) + float(state.influence[d, r.faction])))
    if kind is ActionKind.DEMONSTRATE and r.target < 0:
        return clip01(base * (0.5 + float(state.unrest[r.district])))
    if kind in (ActionKind.DISPERSE, ActionKind.FIRE):
        return crowd_order_split(state, r, rule)[0]
    if kind is ActionKind.FRATERNISE:
        discipline = float(state.unit_discipline[r.unit])
        return clip01(base * (1.0 - 0.5 * discipline) * commissar_factor(state, r.unit, r.faction))
    if kind is ActionKind.COMMISSAR:
        commander = int(state.unit_commander[r.unit])
        hostile = float(state.unit_loyalty[r.unit, commander]) if commander not in (-1, r.faction) else 0.0
        return clip01(base * (1.0 - 0.5 * hostile))
    if kind is ActionKind.ARREST:
        armed = armed_force(state, r.faction, r.district)
        crowd = max(float(state.crowd[r.district]), 1.0)
        return clip01(base * (0.5 + 0.5 * (1.0 - math.exp(-state.scenario.rules.arrest_risk_k * armed / crowd))))
    if kind is ActionKind.SEIZE:
        d = int(state.index.site_district[r.target])
        attack = armed_force(state, r.faction, d) * state.scenario.rules.combat_attacker_penalty
        defence = site_defence(state, r.target)
        return clip01(base * attack / (attack + defence)) if attack > 0 else 0.0
    return clip01(base)


# ------------------------------------------------------------------------------------------------ sizes


def agitate_gain(rule: ActionRule) -> float:
    return rule.strength


def strike_joiners(state: GameState, r: Indexed, rule: ActionRule) -> float:
    """Workers who walk out: a share `strength` of those still at work, scaled up by unrest."""
    d = r.district
    idle = float(state.index.workers[d] - state.strikers[d])
    return max(0.0, min(idle, rule.strength * idle * (0.5 + float(state.unrest[d]))))


def demonstrators(state: GameState, r: Indexed, rule: ActionRule) -> float:
    """People who come out: `strength` x population x (unrest + the faction's influence), up to everyone."""
    d = r.district
    room = float(state.index.population[d] - state.crowd[d])
    wish = (
        rule.strength
        * float(state.index.population[d])
        * (float(state.unrest[d]) + float(state.influence[d, r.faction]))
    )
    return max(0.0, min(room, wish))


def marchers(state: GameState, r: Indexed) -> float:
    """The part of a crowd that marches to the neighbour: `rules.march_share`, as far as there is room there."""
    room = float(state.index.population[r.target] - state.crowd[r.target])
    return max(0.0, min(room, state.scenario.rules.march_share * float(state.crowd[r.district])))


def fraternise_shift(state: GameState, r: Indexed, rule: ActionRule) -> float:
    """Loyalty moved towards the faction: `strength`, in proportion to the crowd against the unit's size."""
    d = int(state.unit_district[r.unit])
    ratio = float(state.crowd[d]) / max(float(state.unit_strength[r.unit]), 1.0)
    return rule.strength * min(1.0, ratio)
