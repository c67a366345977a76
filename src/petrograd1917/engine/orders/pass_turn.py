"""Pass: you end your part of the turn; the points you have left are lost and the next faction acts (after the
last one, the city's end of turn runs)."""

from __future__ import annotations

from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.orders.base import Effects, Indexed, allowed, certain, explain_certain, order_of
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, cap
from petrograd1917.scenario.model import ActionKind, ActionRule


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    tell_order(state, r.faction, "pass", _words)


def _words(named: Names, f: int) -> Said:
    return f"{cap(named.sides[f])}: no further orders this turn.", {}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    return Effects(("end your part of the turn",))


check = allowed
chance = certain
explain = explain_certain

ORDER = order_of(
    __name__, ActionKind.PASS, "End turn", "Hand over to the next faction; unspent action points are lost."
)
