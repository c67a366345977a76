"""Victory phase: immediate victories end the game at once; key events are stamped with the turn they first hold.

The last turn is the game's business (`game.py` ends it by objective scores), so this phase only looks for what
ends a game early: the scenario's immediate conditions and each faction's own `win_if`.
"""

from __future__ import annotations

from petrograd1917.engine.evaluate import evaluate
from petrograd1917.engine.log import write
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import sentence, side


def run(state: GameState) -> None:
    index = state.index
    for key in state.scenario.victory.key_events:
        if key.condition is not None and key.id not in state.key_events and evaluate(key.condition, state, None):
            state.key_events[key.id] = state.turn
            write(state, "key_event", f"A turning point: {sentence(key.label)}", key_event=key.id)
    if state.is_over():
        return
    for immediate in state.scenario.victory.immediate:
        if evaluate(immediate.condition, state, None):
            _win(state, index.faction[immediate.winner], immediate.text, immediate.id)
            return
    for f, faction in enumerate(state.scenario.factions):
        win_if = faction.objective.win_if
        if win_if is not None and evaluate(win_if, state, f):
            _win(state, f, f"Objective met: {faction.objective.description}", f"{faction.id}_objective")
            return


def _win(state: GameState, faction: int, reason: str, source: str) -> None:
    state.winner = faction
    state.over_reason = reason
    write(
        state,
        "victory",
        f"Victory for {side(state, faction)}. {reason}",
        state.index.faction_ids[faction],
        victory=source,
    )
