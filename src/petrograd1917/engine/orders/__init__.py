"""The orders, one module each: `ORDERS[kind]` is everything about an order kind (see `base.Order`).

What does `strike` do? engine/orders/strike.py: its check, odds, effect, preview, label and hint. Adding or
changing an order: docs/engine-actions.md, first section.
"""

from __future__ import annotations

from petrograd1917.engine.orders import (
    agitate,
    arrest,
    bridge,
    choose,
    commissar,
    defend,
    demonstrate,
    disperse,
    distribute_bread,
    fire,
    fraternise,
    move,
    negotiate,
    pass_turn,
    propaganda,
    requisition,
    seize,
    set_ration,
    strike,
)
from petrograd1917.engine.orders.base import Order
from petrograd1917.scenario.model import ActionKind

ORDERS: dict[ActionKind, Order] = {
    order.kind: order
    for order in (
        agitate.ORDER,
        strike.ORDER,
        demonstrate.ORDER,
        move.ORDER,
        disperse.ORDER,
        fire.ORDER,
        fraternise.ORDER,
        commissar.ORDER,
        arrest.ORDER,
        bridge.RAISE,
        bridge.LOWER,
        seize.ORDER,
        defend.ORDER,
        distribute_bread.ORDER,
        requisition.ORDER,
        set_ration.ORDER,
        propaganda.ORDER,
        negotiate.ORDER,
        pass_turn.ORDER,
        choose.ORDER,
    )
}
