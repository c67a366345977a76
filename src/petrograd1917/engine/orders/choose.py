"""Choose: the faction an event card asks answers it with one of the card's choices, whose effects the events
phase applies (engine/events.py); nothing else may be done while a card waits."""

from __future__ import annotations

from petrograd1917.engine.events import apply_choice, choice_ids
from petrograd1917.engine.orders.base import Effects, Indexed, Order, certain, explain_certain, summary_of
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


ORDER = Order(
    kind=ActionKind.CHOOSE,
    label="Choose",
    hint="Answer the event.",
    summary=summary_of(__doc__),
    check=check,
    chance=certain,
    explain=explain_certain,
    carry_out=carry_out,
    foresee=foresee,
    needs=("choice",),
)
