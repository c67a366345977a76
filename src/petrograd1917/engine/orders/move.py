"""Move: a unit of yours that has not acted this turn marches (or sails) to a neighbouring district by a link open
to its kind, unless it is held up on the way; either way it has acted."""

from __future__ import annotations

from petrograd1917.engine.links import open_link_to
from petrograd1917.engine.orders.base import Change, Effects, Indexed, order_of
from petrograd1917.engine.orders.common import (
    base_chance,
    base_odds_explained,
    log,
    own_ready_unit,
    succeeds,
    unit_says,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import agree, the
from petrograd1917.scenario.model import ActionKind, ActionRule, UnitKind


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
    name = the(state.unit_name(u))
    origin = state.unit_district.item(u)
    link = open_link_to(state, origin, r.target, state.unit_kind.item(u))
    state.unit_moved[u] = True
    data: dict[str, object] = {"unit": state.unit_specs[u].id, "target": state.index.district_ids[r.target]}
    if succeeds(state, r, base_chance(state, r)):
        state.unit_district[u] = r.target
        via = state.scenario.links[link].name
        route = f" by {via}" if via else ""
        way = f"from {state.district_name(origin)} to {state.district_name(r.target)}{route}"
        verb = ("sails", "sail") if state.unit_specs[u].kind is UnitKind.SHIP else ("marches", "march")
        log(state, r, "move", f"{name} {agree(name, *verb)} {way}.", ok=True, **data)
    else:
        text = f"{name} {agree(name, 'is', 'are')} held up in {state.district_name(origin)}."
        log(state, r, "move", text, ok=False, **data)


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
