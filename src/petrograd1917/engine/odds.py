"""The odds helpers several orders share, as pure functions of the state: how far a unit obeys, how overwhelming
it is against a crowd, a faction's armed force in a district, a site's defence. Each order's own odds are in its
module in engine/orders/ (formulas: docs/engine-actions.md); every constant comes from `scenario.rules`.
"""

from __future__ import annotations

from petrograd1917.engine.numeric import array_sum
from petrograd1917.engine.portable import exp
from petrograd1917.engine.state import GameState


def clip01(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def obedience(state: GameState, unit: int, faction: int) -> float:
    """Chance the unit carries out an order of `faction` (Kuran: it obeys while its loyalty, drill and the
    commissar at its side outweigh the pull of rivals and the strain of earlier volleys), in plain floats: one unit
    at a time costs less than numpy calls on the few units an order weighs."""
    row = state.unit_loyalty[unit].tolist()
    own = row[faction]
    row[faction] = 0.0
    rival = max(row)
    commissar = state.scenario.rules.commissar_obedience if state.unit_commissar.item(unit) == faction else 0.0
    value = 0.5 * state.unit_discipline.item(unit) + own - 0.5 * rival + commissar - state.unit_strain.item(unit)
    return clip01(value)


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
    """Men x arms x obedience of the faction's living units in a district."""
    units = units_of(state, faction, district)
    if not units:
        return 0.0
    strength, arms = state.unit_strength, state.unit_arms
    return array_sum([strength.item(u) * arms.item(u) * obedience(state, u, faction) for u in units])


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
