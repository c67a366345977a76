"""The engine's one cache mechanism: values built once per shared, immutable object (a scenario, its index) and
kept exactly as long as that object lives.

A `PerObject` keys by the object's identity and holds only a weak reference to it, so a cached table never keeps a
scenario alive and never outlives it (when the object is collected, its entry goes with it, before its id can be
used again). Building is done under a lock, so a computer player thinking in a background thread and the window's
thread get the same table, built once; a hit takes no lock. Values must be pure functions of the object (and of
the extra key, for `PerObjectAnd`), so a hit gives exactly what a fresh build would.
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
        self._lock = threading.Lock()

    def __call__(self, owner: Owner) -> Value:
        hit = self._found.get(id(owner))
        if hit is not None and hit[0]() is owner:
            return hit[1]
        with self._lock:
            hit = self._found.get(id(owner))
            if hit is not None and hit[0]() is owner:
                return hit[1]
            value = self._build(owner)
            self._found[id(owner)] = (weakref.ref(owner, self._forget(id(owner))), value)
            return value

    def _forget(self, key: int) -> Callable[[weakref.ref[Owner]], None]:
        def forget(ref: weakref.ref[Owner]) -> None:
            entry = self._found.get(key)
            if entry is not None and entry[0] is ref:
                del self._found[key]

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
        self._lock = threading.Lock()

    def __call__(self, owner: Owner, key: Key) -> Value:
        table = self._tables(owner)
        found = table.get(key)
        if found is not None:
            return found
        with self._lock:
            found = table.get(key)
            if found is None:
                found = self._build(owner, key)
                if len(table) >= self._limit:
                    del table[next(iter(table))]
                table[key] = found
            return found
