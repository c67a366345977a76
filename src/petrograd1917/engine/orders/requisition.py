"""Requisition: your armed men take back a share `strength` of the bread a district's shops hold, for the city's
stock; unrest there rises by `strength / 2` and your legitimacy falls by `strength / 5` (a failed raid still
raises unrest by `strength / 4`)."""

from __future__ import annotations

from petrograd1917.engine.bread import MIN_TONNES, requisition_days, requisition_tonnes
from petrograd1917.engine.orders.base import Change, Effects, Indexed, order_of
from petrograd1917.engine.orders.common import (
    base_chance,
    base_odds_explained,
    bounded_change,
    has_armed_unit,
    log,
    raised,
    succeeds,
    who,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import cap, duration, possessive, side, weight
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
    d, side_name = r.district, who(state, r.faction)
    place, did = state.district_name(d), state.index.district_ids[d]
    if succeeds(state, r, base_chance(state, r)):
        days = requisition_days(state, d, rule)
        tonnes = float(requisition_tonnes(state, rule)[d])
        state.bread_days[d] -= days
        state.city_stock += tonnes
        state.unrest[d] = raised(state.unrest.item(d), unrest_gain(rule))
        state.legitimacy[r.faction] = raised(state.legitimacy.item(r.faction), -legitimacy_loss(rule))
        taken = f"{weight(tonnes)} go back to the city's stores"
        text = f"{cap(possessive(side_name))} squads empty the bakeries of {place}: {taken}."
        log(state, r, "requisition", text, district=did, tonnes=round(tonnes, 1), ok=True)
    else:
        state.unrest[d] = raised(state.unrest.item(d), failed_unrest_gain(rule))
        text = f"Shopkeepers in {place} hide their flour from the squads of {side_name}."
        log(state, r, "requisition", text, district=did, ok=False)


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
