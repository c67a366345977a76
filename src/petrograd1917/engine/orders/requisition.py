"""Requisition: your armed men take back a share `strength` of the bread a district's shops hold, for the city's
stock; unrest there rises by `strength / 2` and your legitimacy falls by `strength / 5` (a failed raid still
raises unrest by `strength / 4`)."""

from __future__ import annotations

from petrograd1917.engine.bread import MIN_TONNES, requisition_days, requisition_tonnes
from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.orders.base import Change, Effects, Indexed, order_of
from petrograd1917.engine.orders.common import (
    acting,
    base_chance,
    base_odds_explained,
    bounded_change,
    has_armed_unit,
    raised,
    succeeds,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, duration, side, weight
from petrograd1917.scenario.model import ActionKind, ActionRule

UNREST_DIVISOR = 2.0  # unrest rises by strength / UNREST_DIVISOR
FAILED_UNREST_DIVISOR = 4.0  # a failed raid: strength / FAILED_UNREST_DIVISOR
LEGITIMACY_DIVISOR = 5.0  # legitimacy falls by strength / LEGITIMACY_DIVISOR


def unrest_gain(rule: ActionRule) -> float:
    return rule.strength / UNREST_DIVISOR


def failed_unrest_gain(rule: ActionRule) -> float:
    return rule.strength / FAILED_UNREST_DIVISOR


def legitimacy_loss(rule: ActionRule) -> float:
    return rule.strength / LEGITIMACY_DIVISOR


def check(state: GameState, r: Indexed) -> str | None:
    d = r.district
    if requisition_tonnes(state, state.index.rules[ActionKind.REQUISITION])[d] < MIN_TONNES:
        return f"there is hardly any bread left to take in {state.district_name(d)}"
    if not has_armed_unit(state, r.faction, d):
        return f"no armed men of {side(state, r.faction)} in {state.district_name(d)}"
    return None


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    d = r.district
    if succeeds(state, r, base_chance(state, r)):
        days = requisition_days(state, d, rule)
        tonnes = float(requisition_tonnes(state, rule)[d])
        state.bread_days[d] = state.bread_days.item(d) - days
        state.city_stock += tonnes
        state.unrest[d] = raised(state.unrest.item(d), unrest_gain(rule))
        state.legitimacy[r.faction] = raised(state.legitimacy.item(r.faction), -legitimacy_loss(rule))
        tell_order(state, r.faction, "requisition", _taken_words, d, tonnes)
    else:
        state.unrest[d] = raised(state.unrest.item(d), failed_unrest_gain(rule))
        tell_order(state, r.faction, "requisition", _hidden_words, d)


def _taken_words(named: Names, f: int, d: int, tonnes: float) -> Said:
    taken = f"{weight(tonnes)} go back to the city's stores"
    text = f"{acting(named, f)} squads empty the bakeries of {named.districts[d]}: {taken}."
    return text, {"district": named.district_ids[d], "tonnes": round(tonnes, 1), "ok": True}


def _hidden_words(named: Names, f: int, d: int) -> Said:
    text = f"Shopkeepers in {named.districts[d]} hide their flour from the squads of {named.sides[f]}."
    return text, {"district": named.district_ids[d], "ok": False}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    d = r.district
    days = requisition_days(state, d, rule)
    texts = (
        f"takes {duration(days)} of bread from {state.district_name(d)}",
        f"+{unrest_gain(rule):.2f} unrest, -{legitimacy_loss(rule):.2f} legitimacy",
    )
    changes = (
        Change("bread_days", (d,), -days),
        Change("city_stock", (), float(requisition_tonnes(state, rule)[d])),
        bounded_change(state, "unrest", d, unrest_gain(rule)),
        bounded_change(state, "legitimacy", r.faction, -legitimacy_loss(rule)),
    )
    return Effects(texts, changes)


chance = base_chance
explain = base_odds_explained("shopkeepers may hide their flour")

ORDER = order_of(
    __name__,
    ActionKind.REQUISITION,
    "Requisition bread",
    "Take bread by force: the stock grows, but so do anger and distrust.",
    needs=("district",),
)
