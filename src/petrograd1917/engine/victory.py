"""Victory phase: immediate victories end the game at once; key events are stamped with the turn they first hold.

The last turn is the game's business (`game.py` ends it by objective scores), so this phase only looks for what
ends a game early: the scenario's immediate conditions and each faction's own `win_if`.
"""

from __future__ import annotations

from dataclasses import dataclass

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.evaluate import Compiled, compile_condition
from petrograd1917.engine.index import index_for
from petrograd1917.engine.log import write
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import sentence, side
from petrograd1917.scenario.conditions import Condition
from petrograd1917.scenario.model import Faction, ImmediateVictory, KeyEvent, Scenario


def run(state: GameState) -> None:
    index, checks = state.index, _CHECKS(state.scenario)
    for key, holds in checks.key_events:
        if key.id not in state.key_events and holds(state, None):
            state.key_events[key.id] = state.turn
            write(state, "key_event", f"A turning point: {sentence(key.label)}", key_event=key.id)
    if state.is_over():
        return
    for immediate, holds in checks.immediate:
        if holds(state, None):
            _win(state, index.faction[immediate.winner], immediate.text, immediate.id)
            return
    for f, faction, holds in checks.objectives:
        if holds(state, f):
            _win(state, f, f"Objective met: {faction.objective.description}", f"{faction.id}_objective")
            return


@dataclass(frozen=True, slots=True)
class _Checks:
    """What the phase tests every turn, of a scenario, each condition compiled once (they are tested every turn):
    the key events it stamps by their own condition (the rest are stamped by the events that bring them about),
    the immediate victories, and the factions with a `win_if` (index, faction, win_if)."""

    key_events: tuple[tuple[KeyEvent, Compiled], ...]
    immediate: tuple[tuple[ImmediateVictory, Compiled], ...]
    objectives: tuple[tuple[int, Faction, Compiled], ...]


def _checks(scenario: Scenario) -> _Checks:
    index = index_for(scenario)

    def compiled(condition: Condition) -> Compiled:
        return compile_condition(condition, scenario, index)

    keys = tuple((key, compiled(key.condition)) for key in scenario.victory.key_events if key.condition is not None)
    immediate = tuple((victory, compiled(victory.condition)) for victory in scenario.victory.immediate)
    wins = tuple((f, faction, faction.objective.win_if) for f, faction in enumerate(scenario.factions))
    return _Checks(
        keys, immediate, tuple((f, faction, compiled(win_if)) for f, faction, win_if in wins if win_if is not None)
    )


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
