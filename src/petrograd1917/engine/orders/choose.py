"""Choose: the faction an event card asks answers it with one of the card's choices, whose effects the events
phase applies (engine/events.py); nothing else may be done while a card waits."""

from __future__ import annotations

from petrograd1917.engine.events import apply_choice, choice_ids
from petrograd1917.engine.orders.base import Effects, Indexed, certain, explain_certain, order_of
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, ActionRule
from petrograd1917.scenario.suggest import did_you_mean


def check(state: GameState, r: Indexed) -> str | None:
    ids = choice_ids(state)
    if r.choice not in ids:
        return f"'{r.choice}' is not one of the choices offered ({', '.join(ids)}){did_you_mean(r.choice, ids)}"
    return None


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    apply_choice(state, r.choice)  # the events phase owns the cards and their effects


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    return Effects(("answer the event",))


chance = certain
explain = explain_certain

ORDER = order_of(__name__, ActionKind.CHOOSE, "Choose", "Answer the event.", needs=("choice",))
