"""What an action would cost and do, before it is taken: for the window's tooltips and the computer players.

Pure: each order's record (engine/orders/) states its effects from the same functions and constants its
resolution uses, and its odds with what makes them; nothing is drawn from `state.rng`, so previewing never changes
the game.
"""

from __future__ import annotations

from dataclasses import dataclass

from petrograd1917.engine.actions import Action
from petrograd1917.engine.legality import validate
from petrograd1917.engine.listing import listed_form
from petrograd1917.engine.orders import ORDERS
from petrograd1917.engine.orders.base import Change, Odds
from petrograd1917.engine.state import GameState


@dataclass(frozen=True, slots=True)
class Preview:
    cost: int  # action points
    odds: float  # chance of success in [0, 1]
    effects: tuple[str, ...]  # expected effects, short texts for a tooltip
    changes: tuple[Change, ...] = ()  # the changes on success, as numbers (a test holds them to the resolution)
    breakdown: Odds | None = None  # what the odds are made of, for the window


def preview(state: GameState, action: Action) -> Preview:
    """The preview of a legal action (an illegal one raises IllegalActionError, as `apply` would)."""
    r = validate(state, action)
    rule = state.index.rules[r.kind]
    order = ORDERS[r.kind]
    effects = order.foresee(state, r, rule)
    breakdown = order.explain(state, r)
    return Preview(rule.cost, breakdown.chance, effects.texts, effects.changes, breakdown)


def action_odds(state: GameState, action: Action) -> float:
    """Just the odds of a legal action: what a computer player weighing many actions needs, without the texts. An
    action of the list just made of the state is taken in the form the listing found it legal in (as `apply` does);
    any other is checked."""
    r = listed_form(state, action)
    if r is None:
        r = validate(state, action)
    return ORDERS[r.kind].chance(state, r)
