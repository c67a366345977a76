"""The one cache mechanism: built once per object, kept while the object lives and no longer, one build when
threads ask at once; the engine's per-scenario tables keep no scenario alive."""

from __future__ import annotations

import gc
import threading
import weakref
from dataclasses import replace

from petrograd1917.engine.cache import PerIdentity, PerKey, PerObject, PerObjectAnd
from petrograd1917.engine.game import new_game
from petrograd1917.engine.index import index_for
from petrograd1917.engine.tables import tables_for
from petrograd1917.scenario.model import Scenario


class _Owner:
    """Something a weak reference can point at."""


def test_a_value_is_built_once_per_owner_and_dropped_with_it() -> None:
    built: list[int] = []
    cache: PerObject[_Owner, list[int]] = PerObject(lambda owner: built.append(1) or [len(built)])
    first, second = _Owner(), _Owner()
    assert cache(first) is cache(first) and cache(second) is not cache(first)
    assert len(built) == 2 and len(cache) == 2
    del first
    gc.collect()
    assert len(cache) == 1


def test_threads_asking_at_once_get_one_build() -> None:
    calls: list[int] = []
    started = threading.Barrier(8)

    def slow_build(owner: _Owner) -> object:
        calls.append(1)
        return object()

    cache: PerObject[_Owner, object] = PerObject(slow_build)
    owner = _Owner()
    seen: list[object] = []

    def ask() -> None:
        started.wait()
        seen.append(cache(owner))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and all(value is seen[0] for value in seen)


def test_a_keyed_cache_keeps_a_few_keys_per_owner() -> None:
    cache: PerObjectAnd[_Owner, int, tuple[int]] = PerObjectAnd(lambda owner, key: (key,), limit=2)
    owner = _Owner()
    one = cache(owner, 1)
    assert cache(owner, 1) is one
    cache(owner, 2)
    cache(owner, 3)  # drops key 1, the oldest
    assert cache(owner, 1) is not one and cache(owner, 1) == one


def test_the_last_answer_kept_in_front_goes_with_its_owner() -> None:
    """The front (the last hit, answered without the table) holds neither the owner nor, once it is gone, the
    value: a scenario's tables still go with the scenario."""
    per_object: PerObject[_Owner, _Owner] = PerObject(lambda owner: _Owner())
    per_key: PerObjectAnd[_Owner, int, _Owner] = PerObjectAnd(lambda owner, key: _Owner())
    owner, other = _Owner(), _Owner()
    assert per_object(owner) is per_object(owner) and per_key(owner, 1) is per_key(owner, 1)
    assert per_key(owner, 2) is not per_key(owner, 1)  # the front is one key's: another key is its own answer
    values = [weakref.ref(per_object(owner)), weakref.ref(per_key(owner, 1))]
    assert per_object(other) is not per_object(owner)  # another owner is not answered by the front
    per_object(owner), per_key(owner, 1)  # both fronts now hold the owner's answers
    del owner
    gc.collect()
    assert [value() for value in values] == [None, None]


def test_the_engine_tables_keep_no_scenario_alive(small_scenario: Scenario) -> None:
    scenario = replace(small_scenario, id="short-lived")
    game = new_game(scenario, 1)
    game.apply(game.legal_actions()[0])
    assert index_for(scenario) is game.index and tables_for(scenario) is tables_for(scenario)
    gone = weakref.ref(scenario)
    del scenario, game
    gc.collect()
    assert gone() is None


def test_a_plain_key_is_built_once_and_the_oldest_goes_first() -> None:
    built: list[int] = []

    def build(key: int) -> list[int]:
        built.append(key)
        return [key]

    cache: PerKey[int, list[int]] = PerKey(build, limit=2)
    assert cache(1) is cache(1) and built == [1]
    cache(2)
    cache(3)  # over the limit: 1, the oldest, is dropped
    assert len(cache) == 2 and cache(3) == [3] and built == [1, 2, 3]
    cache(1)
    assert built == [1, 2, 3, 1]


def test_an_identity_cache_tells_equal_tuples_apart_and_keeps_each_one_it_keys_by() -> None:
    built: list[tuple[int, ...]] = []

    def build(owner: tuple[int, ...]) -> int:
        built.append(owner)
        return len(built)

    cache: PerIdentity[tuple[int, ...], int] = PerIdentity(build, limit=2)
    first, twin = tuple(range(40)), tuple(range(40))
    assert first == twin and first is not twin
    assert cache(first) == cache(first) == 1 and cache(twin) == 2  # equal is not the same: built again
    assert cache._found[id(first)][0] is first  # the entry holds its owner, so its id stays its own
    cache((1,))
    assert len(cache) == 2 and id(first) not in cache._found  # the oldest went first
