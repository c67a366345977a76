"""The end of a turn: after the last faction has acted, the city answers, one phase at a time in a fixed order.

Food first (hunger is the fuel), then the street (strikes and crowds), then the garrison's loyalty (which feels the
hunger and the crowds of this turn), combat, control, the event cards, and last the check for victory. Advancing
the calendar and granting the next turn's action points are the game's job (`game.py`), after this returns.
"""

from __future__ import annotations

from collections.abc import Callable

from petrograd1917.engine import combat, control, crowds, events, food, loyalty, victory
from petrograd1917.engine.state import GameState

PHASES: tuple[tuple[str, Callable[[GameState], None]], ...] = (
    ("food", food.run),
    ("crowds", crowds.run),
    ("loyalty", loyalty.run),
    ("combat", combat.run),
    ("control", control.run),
    ("events", events.run),
    ("victory", victory.run),
)


def end_of_turn(state: GameState) -> None:
    """Run every phase in order; stop early once one of them has ended the game (and never start on a game over)."""
    for _, phase in PHASES:
        if state.is_over():
            return
        phase(state)
