"""Victory phase: immediate victories end the game at once; key events are stamped with the turn they first hold.

The last turn is the game's business (`game.py` ends it by objective scores), so this phase only looks for what
ends a game early: the scenario's immediate conditions and each faction's own `win_if`.
"""

from __future__ import annotations

from dataclasses import dataclass

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.evaluate import evaluate
from petrograd1917.engine.log import write
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import sentence, side
from petrograd1917.scenario.conditions import Condition
from petrograd1917.scenario.model import Faction, KeyEvent, Scenario


def run(state: GameState) -> None:
    index, checks = state.index, _CHECKS(state.scenario)
    for key, condition in checks.key_events:
        if key.id not in state.key_events and evaluate(condition, state, None):
            state.key_events[key.id] = state.turn
            write(state, "key_event", f"A turning point: {sentence(key.label)}", key_event=key.id)
    if state.is_over():
        return
    for immediate in state.scenario.victory.immediate:
        if evaluate(immediate.condition, state, None):
            _win(state, index.faction[immediate.winner], immediate.text, immediate.id)
            return
    for f, faction, win_if in checks.objectives:
        if evaluate(win_if, state, f):
            _win(state, f, f"Objective met: {faction.objective.description}", f"{faction.id}_objective")
            return


@dataclass(frozen=True, slots=True)
class _Checks:
    """What the phase tests every turn, of a scenario: the key events it stamps by their own condition (the rest
    are stamped by the events that bring them about), and the factions with a `win_if` (index, faction, win_if)."""

    key_events: tuple[tuple[KeyEvent, Condition], ...]
    objectives: tuple[tuple[int, Faction, Condition], ...]


def _checks(scenario: Scenario) -> _Checks:
    keys = tuple((key, key.condition) for key in scenario.victory.key_events if key.condition is not None)
    wins = tuple((f, faction, faction.objective.win_if) for f, faction in enumerate(scenario.factions))
    return _Checks(keys, tuple((f, faction, win_if) for f, faction, win_if in wins if win_if is not None))


_CHECKS: PerObject[Scenario, _Checks] = PerObject(_checks)  # per scenario (engine/cache.py)


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
