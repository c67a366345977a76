"""Set the ration: you change the bread each person gets a day to one of the scenario's levels (more feeds the
city and calms it, but empties the stock faster; a cut is news of rationing and spreads fear, engine/bread.py);
the food phase hands it out. It cannot fail."""

from __future__ import annotations

from petrograd1917.engine.bread import set_ration
from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.orders.base import (
    Change,
    Effects,
    Indexed,
    certain,
    explain_certain,
    order_of,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names
from petrograd1917.scenario.model import ActionKind, ActionRule

SAME_LEVEL = 0.05  # grams: two rations closer than this are the same level


def check(state: GameState, r: Indexed) -> str | None:
    levels = state.index.ration_levels
    if not any(abs(r.amount - level) < SAME_LEVEL for level in levels):
        return f"a ration of {r.amount:g} g is not on offer; choose one of {', '.join(f'{x:g}' for x in levels)}"
    if abs(r.amount - state.ration) < SAME_LEVEL:
        return f"the ration is already {state.ration:g} g"
    return None


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    old = state.ration
    set_ration(state, r.amount)
    tell_order(state, r.faction, "set_ration", _words, old, r.amount)


def _words(named: Names, f: int, old: float, amount: float) -> Said:
    change = "cut" if amount < old else "raised"
    text = (f"By order of {named.sides[f]}, the bread ration is {change} from {old:.0f} g to {amount:.0f} g a head a "
            f"day.")  # fmt: skip
    return text, {"ration": amount}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    text = f"ration {state.ration:.0f} g -> {r.amount:.0f} g a day"
    return Effects((text,), (Change("ration", (), r.amount - state.ration),))


chance = certain
explain = explain_certain

ORDER = order_of(
    __name__,
    ActionKind.SET_RATION,
    "Set the ration",
    "Change the daily bread ration: more feeds the city but empties the stock faster.",
    needs=("amount",),
)
