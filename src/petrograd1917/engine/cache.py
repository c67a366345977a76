"""The engine's one cache mechanism: values built once per shared, immutable object (a scenario, its index) and
kept exactly as long as that object lives, or built once per plain key and kept while there are few.

A `PerObject` keys by the object's identity and holds only a weak reference to it, so a cached table never keeps a
scenario alive and never outlives it (when the object is collected, its entry goes with it, before its id can be
used again). Objects that cannot be weakly referenced (a game's tuple of unit records) go in a `PerIdentity`,
which holds each object it keys by, and a bounded number of them; plain keys (numbers, seeds) in a `PerKey`.
Building is done under a lock, so a computer player thinking in a background thread and the window's thread get
the same table, built once; a hit takes no lock. Values must be pure functions of the object or key (and of the
extra key, for `PerObjectAnd`), so a hit gives exactly what a fresh build would.

The per-object caches keep their last hit in front of the table: a game asks again and again of one scenario (the
names at every order, the flour at every turn), and the front answers with one weak reference followed. The front
is one tuple, replaced whole, so a thread reading it sees an entry that was true.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Owner = TypeVar("Owner")
Value = TypeVar("Value")
Key = TypeVar("Key", bound=Hashable)


class PerObject(Generic[Owner, Value]):
    """`cache(owner)`: `build(owner)`, built on first use and kept while `owner` lives."""

    def __init__(self, build: Callable[[Owner], Value]) -> None:
        self._build = build
        self._found: dict[int, tuple[weakref.ref[Owner], Value]] = {}
        self._last: tuple[weakref.ref[Owner], Value] | None = None  # the last hit, in front
        self._lock = threading.Lock()

    def __call__(self, owner: Owner) -> Value:
        last = self._last
        if last is not None and last[0]() is owner:
            return last[1]
        hit = self._found.get(id(owner))
        if hit is not None and hit[0]() is owner:
            self._last = hit
            return hit[1]
        with self._lock:
            hit = self._found.get(id(owner))
            if hit is None or hit[0]() is not owner:
                hit = (weakref.ref(owner, self._forget(id(owner))), self._build(owner))
                self._found[id(owner)] = hit
            self._last = hit
            return hit[1]

    def _forget(self, key: int) -> Callable[[weakref.ref[Owner]], None]:
        def forget(ref: weakref.ref[Owner]) -> None:
            entry = self._found.get(key)
            if entry is not None and entry[0] is ref:
                del self._found[key]
            last = self._last
            if last is not None and last[0] is ref:
                self._last = None  # the value goes with its owner

        return forget

    def __len__(self) -> int:
        return len(self._found)


class PerObjectAnd(Generic[Owner, Key, Value]):
    """`cache(owner, key)`: `build(owner, key)` for a few keys per owner (a ration level, a faction), kept while
    `owner` lives; at most `limit` keys per owner (the oldest is dropped first)."""

    def __init__(self, build: Callable[[Owner, Key], Value], limit: int = 256) -> None:
        self._build = build
        self._limit = limit
        self._tables: PerObject[Owner, dict[Key, Value]] = PerObject(lambda owner: {})
        self._last: tuple[weakref.ref[Owner], Key, Value] | None = None  # the last hit, in front
        self._lock = threading.Lock()

    def __call__(self, owner: Owner, key: Key) -> Value:
        last = self._last
        if last is not None and last[1] == key and last[0]() is owner:
            return last[2]
        table = self._tables(owner)
        found = table.get(key)
        if found is None:
            with self._lock:
                found = table.get(key)
                if found is None:
                    found = self._build(owner, key)
                    if len(table) >= self._limit:
                        del table[next(iter(table))]
                    table[key] = found
        self._last = (weakref.ref(owner, self._forget), key, found)
        return found

    def _forget(self, ref: weakref.ref[Owner]) -> None:
        """The front's owner is gone: its value goes with it."""
        last = self._last
        if last is not None and last[0] is ref:
            self._last = None


class PerKey(Generic[Key, Value]):
    """`cache(key)`: `build(key)` for a plain hashable key (numbers, tuples of them), at most `limit` keys kept (the
    oldest is dropped first)."""

    def __init__(self, build: Callable[[Key], Value], limit: int = 256) -> None:
        self._build = build
        self._limit = limit
        self._found: dict[Key, Value] = {}
        self._lock = threading.Lock()

    def __call__(self, key: Key) -> Value:
        found = self._found.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._found.get(key)
            if found is None:
                found = self._build(key)
                if len(self._found) >= self._limit:
                    del self._found[next(iter(self._found))]
                self._found[key] = found
            return found

    def __len__(self) -> int:
        return len(self._found)


class PerIdentity(Generic[Owner, Value]):
    """`cache(owner)`: `build(owner)` for owners no weak reference can point at (tuples), keyed by identity. Each
    entry holds its owner, so an equal id is the same object; at most `limit` kept (the oldest is dropped first)."""

    def __init__(self, build: Callable[[Owner], Value], limit: int = 64) -> None:
        self._build = build
        self._limit = limit
        self._found: dict[int, tuple[Owner, Value]] = {}
        self._lock = threading.Lock()

    def __call__(self, owner: Owner) -> Value:
        hit = self._found.get(id(owner))
        if hit is not None and hit[0] is owner:
            return hit[1]
        with self._lock:
            hit = self._found.get(id(owner))
            if hit is not None and hit[0] is owner:
                return hit[1]
            value = self._build(owner)
            if len(self._found) >= self._limit:
                del self._found[next(iter(self._found))]
            self._found[id(owner)] = (owner, value)
            return value

    def __len__(self) -> int:
        return len(self._found)
