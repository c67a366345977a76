"""The game log: every change as a sentence a player can read, plus a structured record for the window,
replays and batch statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState


class LogEntry(NamedTuple):
    """One entry, immutable (a side's view shares the game's entries). A named tuple: a game writes a thousand of
    them, and one costs a third of a frozen dataclass to make."""

    turn: int
    faction: str | None  # who caused it (None: the city itself, the end-of-turn phases, events)
    kind: str  # machine-readable: the action kind ("fire", "move", ...) or the phase/event ("mutiny", "food", ...)
    text: str  # one readable sentence
    data: dict[str, Any]  # ids and numbers (JSON-friendly values only)

    def to_json(self) -> dict[str, Any]:
        return {"turn": self.turn, "faction": self.faction, "kind": self.kind, "text": self.text, "data": self.data}


_entry = tuple.__new__  # builds the named tuple without its Python-level __new__ (a third of an entry's cost)


def write(state: GameState, kind: str, text: str, faction: str | None = None, **data: Any) -> None:
    """Append one entry to `state.log`, stamped with the current turn; nothing in a game that keeps no record
    (`GameState.keeps_record`). Where a text costs more than a sentence to word, its writer asks first."""
    if state.keeps_record:
        state.log.append(_entry(LogEntry, (state.turn, faction, kind, text, data)))
