"""Distribute bread: flour from the city's stock goes to a district's bakeries, `strength` days of the current
ration for its people (all the stock if it holds less, and never less than a cartload), and you win influence there
in proportion to the part of the queues it clears; it cannot fail. The amounts are engine/bread.py's."""

from __future__ import annotations

from petrograd1917.engine.bread import (
    MIN_TONNES,
    TOP_UP_INFLUENCE,
    bread_tonnes,
    days_per_tonne,
    relief_influence,
)
from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.numeric import add_share
from petrograd1917.engine.orders.base import (
    Change,
    Effects,
    Indexed,
    certain,
    explain_certain,
    order_of,
)
from petrograd1917.engine.orders.common import acting, share_change
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, duration, weight
from petrograd1917.scenario.model import ActionKind, ActionRule


def shipment(state: GameState, r: Indexed, rule: ActionRule) -> tuple[float, float, float]:
    """(tonnes sent, days of bread they make, influence won)."""
    tonnes = bread_tonnes(state, rule, r.district)
    days = tonnes * days_per_tonne(state, r.district)
    return tonnes, days, relief_influence(state, r.district, days)


def check(state: GameState, r: Indexed) -> str | None:
    if bread_tonnes(state, state.index.rules[ActionKind.DISTRIBUTE_BREAD], r.district) < MIN_TONNES:
        return "the city's warehouses are all but empty"
    return None


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    d = r.district
    tonnes, days, gain = shipment(state, r, rule)
    state.city_stock = max(state.city_stock - tonnes, 0.0)
    state.bread_days[d] = state.bread_days.item(d) + days
    add_share(state.influence, d, r.faction, gain)
    tell_order(state, r.faction, "distribute_bread", _words, d, tonnes, days, gain > TOP_UP_INFLUENCE)


def _words(named: Names, f: int, d: int, tonnes: float, days: float, queues_shorten: bool) -> Said:
    to = f"the bakeries of {named.districts[d]}"
    text = f"{acting(named, f)} carts bring {weight(tonnes)} of flour to {to}: bread for {duration(days)}."
    if queues_shorten:
        text = text[:-1] + ", and the queues there shorten."
    return text, {"district": named.district_ids[d], "tonnes": round(tonnes, 1), "days": round(days, 2)}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    tonnes, days, gain = shipment(state, r, rule)
    texts = (
        f"about {weight(tonnes)}: bread for {duration(days)} in {state.district_name(r.district)}",
        f"+{gain:.2f} influence there (more where queues stand)",
    )
    changes = (
        Change("city_stock", (), max(state.city_stock - tonnes, 0.0) - state.city_stock),
        Change("bread_days", (r.district,), days),
        share_change(state, "influence", r.district, r.faction, gain),
    )
    return Effects(texts, changes)


chance = certain
explain = explain_certain

ORDER = order_of(
    __name__,
    ActionKind.DISTRIBUTE_BREAD,
    "Send bread",
    "Send flour from the city stock to this district's bakeries: shorter queues.",
    needs=("district",),
)
