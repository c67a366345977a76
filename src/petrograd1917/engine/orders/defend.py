"""Defend: your men in the district of a site you hold fortify it until the next turn, so its defence counts
`rules.defend_bonus` times over against anyone who tries to seize it; it cannot fail."""

from __future__ import annotations

from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.orders.base import (
    Change,
    Effects,
    Indexed,
    certain,
    explain_certain,
    order_of,
)
from petrograd1917.engine.orders.common import acting, has_unit
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, side
from petrograd1917.scenario.model import ActionKind, ActionRule


def check(state: GameState, r: Indexed) -> str | None:
    s = r.target
    name = state.scenario.sites[s].name
    if state.site_holder.item(s) != r.faction:
        return f"{name} is not held by {side(state, r.faction)}"
    if state.site_defended.item(s) == r.faction:
        return f"{name} is already being fortified this turn"
    d = state.index.site_district_list[s]
    if not has_unit(state, r.faction, d):
        return f"no men of {side(state, r.faction)} in {state.district_name(d)} to defend {name}"
    return None


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    state.site_defended[r.target] = r.faction
    tell_order(state, r.faction, "defend", _words, r.target)


def _words(named: Names, f: int, s: int) -> Said:
    text = f"{acting(named, f)} men fortify {named.sites[s]}: barricades and machine guns cover the approaches."
    return text, {"site": named.site_ids[s]}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    text = f"{state.scenario.sites[r.target].name} defends at x{state.scenario.rules.defend_bonus:g} this turn"
    change = Change("site_defended", (r.target,), float(r.faction - state.site_defended.item(r.target)))
    return Effects((text,), (change,))


chance = certain
explain = explain_certain

ORDER = order_of(
    __name__,
    ActionKind.DEFEND,
    "Defend",
    "Fortify a site you hold for the coming turn.",
    needs=("target",),
    target="site",
)
