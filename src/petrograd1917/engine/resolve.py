"""Resolving an order: check it (unless it comes from the list just made of this state, engine/listing.py), spend
its points, carry it out (its record in engine/orders/ draws its fate from `state.rng`, changes the state and writes
the story), then hand the turn on (engine/handover.py). "Resolve" means this, and only this, in the engine."""

from __future__ import annotations

from petrograd1917.engine.actions import Action
from petrograd1917.engine.handover import end_faction, resume_after_choice
from petrograd1917.engine.legality import validate
from petrograd1917.engine.listing import listed_form
from petrograd1917.engine.log import LogEntry
from petrograd1917.engine.orders import ORDERS
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind

# Read once: reading an enum member through its class costs some 70 ns (the enum type's `__getattr__` hook), and an
# order asks which of these it is twice.
_CHOOSE, _PASS = ActionKind.CHOOSE, ActionKind.PASS
# Each kind's effect, read once out of its record: an order costs only a few microseconds, every step of a game.
_CARRY_OUT = {kind: order.carry_out for kind, order in ORDERS.items()}


def apply_action(state: GameState, action: Action, *, hold_turn: bool = False) -> list[LogEntry]:
    """Check and apply one action; returns the log entries it produced (the end of turn's included).

    `hold_turn`: an order that spends the faction's last points leaves it to act (with none left) instead of
    handing over, so a player can still take it back; `game.end_faction` then ends the part of the turn exactly
    as the order would have, so the recorded orders replay the same without it."""
    # Taken from the list just made of this state: legal, as the listing found; else checked (an illegal action
    # changes nothing, the receipt included).
    r = listed_form(state, action) or validate(state, action)
    state.receipt = None  # the state changes now: that list no longer holds
    kind = r.kind
    log = state.log  # (appended to, never replaced)
    start = len(log)
    rule = state.index.rules[kind]
    if kind is _CHOOSE:
        _CARRY_OUT[kind](state, r, rule)
        resume_after_choice(state)
        return log[start:]
    f = r.faction
    points = state.action_points  # (changed in place, never replaced)
    left = points.item(f) - rule.cost  # Python ints: a numpy scalar's arithmetic costs more
    points[f] = left
    if kind is _PASS:
        _CARRY_OUT[kind](state, r, rule)
        end_faction(state)
        return log[start:]
    state.turn_acted = True
    _CARRY_OUT[kind](state, r, rule)  # (no order but a choice, answered above, gives or takes points)
    if left <= 0 and not hold_turn:
        end_faction(state)
    return log[start:]
