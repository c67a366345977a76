"""Move: a unit of yours that has not acted this turn marches (or sails) to a neighbouring district by a link open
to its kind, unless it is held up on the way; either way it has acted."""

from __future__ import annotations

from petrograd1917.engine.links import open_link_to
from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.orders.base import Change, Effects, Indexed, order_of
from petrograd1917.engine.orders.common import (
    base_chance,
    base_odds_explained,
    own_ready_unit,
    succeeds,
    unit_says,
    way_taken,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, agree, the
from petrograd1917.scenario.model import ActionKind, ActionRule, Unit, UnitKind


def check(state: GameState, r: Indexed) -> str | None:
    reason = own_ready_unit(state, r)
    if reason:
        return reason
    u = r.unit
    if not state.unit_specs[u].mobile:
        return f"{unit_says(state, u, 'cannot leave its', 'cannot leave their')} post"
    origin = state.unit_district.item(u)
    if open_link_to(state, origin, r.target, state.unit_kind.item(u)) < 0:
        where = f"from {state.district_name(origin)} to {state.district_name(r.target)}"
        return f"no open way for {state.unit_name(u)} {where}"
    return None


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    u = r.unit
    origin = state.unit_district.item(u)
    state.unit_moved[u] = True
    if succeeds(state, r, base_chance(state, r)):
        via = way_taken(state, origin, r.target, state.unit_kind.item(u))
        state.unit_district[u] = r.target
        tell_order(state, r.faction, "move", _moved_words, state.unit_specs[u], origin, r.target, via)
    else:
        tell_order(state, r.faction, "move", _held_words, state.unit_specs[u], origin, r.target)


def _moved_words(named: Names, f: int, unit: Unit, origin: int, target: int, via: str) -> Said:
    name = the(unit.name)
    route = f" by {via}" if via else ""
    way = f"from {named.districts[origin]} to {named.districts[target]}{route}"
    verb = ("sails", "sail") if unit.kind is UnitKind.SHIP else ("marches", "march")
    return f"{name} {agree(name, *verb)} {way}.", {"ok": True, "unit": unit.id, "target": named.district_ids[target]}


def _held_words(named: Names, f: int, unit: Unit, origin: int, target: int) -> Said:
    name = the(unit.name)
    text = f"{name} {agree(name, 'is', 'are')} held up in {named.districts[origin]}."
    return text, {"ok": False, "unit": unit.id, "target": named.district_ids[target]}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    u = r.unit
    text = f"{the(state.unit_name(u), start=False)} moves to {state.district_name(r.target)}"
    return Effects((text,), (Change("unit_district", (u,), float(r.target - state.unit_district.item(u))),))


chance = base_chance
explain = base_odds_explained("the way may be blocked")

ORDER = order_of(
    __name__,
    ActionKind.MOVE,
    "Move",
    "March the unit along a street, bridge or waterway to a neighbouring district.",
    needs=("unit", "target"),
    target="district",
)
