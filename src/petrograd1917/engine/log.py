"""The game log: every change as a sentence a player can read, plus a structured record for the window,
replays and batch statistics.

An entry keeps what happened and is worded when read. Most entries are never read during a game (a batch reads a
few kinds, the window the newest screenful), while wording one (head counts, lists of places, the record's rounded
figures) costs ten times as much as keeping its facts: so a writer hands `tell` a module-level function and the
plain values it words (copies, never the state's arrays, which the next phase changes), and the entry calls it the
first time its `text` or `data` is read, keeping the answer."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from petrograd1917.engine.words import names

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState

Said = tuple[str, dict[str, Any]]  # an entry's text and its record
Words = Callable[..., Said]  # words(*facts): a module-level function (entries pickle it by name)


class _Facts(NamedTuple):
    turn: int
    faction: str | None  # who caused it (None: the city itself, the end-of-turn phases, events)
    kind: str  # machine-readable: the action kind ("fire", "move", ...) or the phase/event ("mutiny", "food", ...)
    words: Words  # makes the text and the record from the facts
    facts: tuple[Any, ...]  # plain values (numbers, strings, tuples, the scenario's frozen name records, bytes)


class LogEntry(_Facts):
    """One entry, immutable (a side's view shares the game's entries; a clone copies the list, not the entries).
    A named tuple, built without its Python-level `__new__` (`tell`): a game writes a thousand of them. Its words
    are kept in the instance's own dict the first time they are read; nothing else can be set on it."""

    @cached_property
    def said(self) -> Said:
        """The entry's text and record, worded once."""
        return self.words(*self.facts)

    @property
    def text(self) -> str:
        """One readable sentence."""
        return self.said[0]

    @property
    def data(self) -> dict[str, Any]:
        """Ids and numbers (JSON-friendly values only)."""
        return self.said[1]

    def to_json(self) -> dict[str, Any]:
        return {"turn": self.turn, "faction": self.faction, "kind": self.kind, "text": self.text, "data": self.data}

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a log entry cannot change ({name})")

    def __getstate__(self) -> None:
        """Pickled as its facts alone (its words are made again when read)."""
        return None

    def __repr__(self) -> str:
        return f"LogEntry(turn={self.turn}, faction={self.faction!r}, kind={self.kind!r}, text={self.text!r})"


_entry = tuple.__new__  # builds the named tuple without its Python-level __new__ (a third of an entry's cost)


def tell(state: GameState, kind: str, words: Words, facts: tuple[Any, ...], faction: str | None = None) -> None:
    """Append one entry to `state.log`, stamped with the current turn, worded by `words(*facts)` when it is read;
    nothing in a game that keeps no record (`GameState.keeps_record`)."""
    if state.keeps_record:
        state.log.append(_entry(LogEntry, (state.turn, faction, kind, words, facts)))


def tell_order(state: GameState, faction: int, kind: str, words: Words, *facts: Any) -> None:
    """An order's entry (engine/orders/): `tell`, worded by `words(names, faction, *facts)` from the scenario's
    names, the acting faction's index and plain values (indices, numbers, the units' records, never the state's
    arrays), stamped with the faction's id; nothing in a game that keeps no record, where the order neither words
    nor keeps anything. Its own append, not through `tell`: a game writes one at every step."""
    if state.keeps_record:
        facts = (names(state.scenario), faction, *facts)
        state.log.append(_entry(LogEntry, (state.turn, state.index.faction_ids[faction], kind, words, facts)))


def write(state: GameState, kind: str, text: str, faction: str | None = None, **data: Any) -> None:
    """`tell` for an entry whose text and record are already made (a scenario's own words, a short sentence);
    nothing in a game that keeps no record (`GameState.keeps_record`)."""
    if state.keeps_record:
        state.log.append(_entry(LogEntry, (state.turn, faction, kind, as_written, (text, data))))


def as_written(text: str, data: dict[str, Any]) -> Said:
    """The words of an entry written out in full."""
    return text, data


def figures(kept: bytes, dtype: type[np.generic] = np.float64) -> np.ndarray[Any, Any]:
    """The numbers of an array an entry keeps as its bytes (`ndarray.tobytes`, flat): a phase's figures for the
    turn in one fact, a copy the next phase cannot change, taken in a tenth of the time a tuple of them costs. For
    the words function, when the entry is worded (read-only)."""
    return np.frombuffer(kept, dtype)
