"""A game that keeps no record (`GameState.keeps_record` False, a search's imagined world) plays exactly the game
that keeps one: the same legal actions at every step and the same state to the bit, its log and series aside,
which it leaves empty."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import Scenario


def _hash_without_record(state: GameState) -> str:
    """The state's hash with its log emptied (the hash counts the log's entries; the series it never reads)."""
    copy = state.clone()
    copy.log = []
    return copy.state_hash()


def _play_side_by_side(scenario: Scenario, seed: int) -> tuple[GameState, GameState]:
    """The same seeded random game twice, one game keeping its record and one not, checked at every step."""
    kept = new_game(scenario, seed)
    bare = new_game(scenario, seed)
    bare.keeps_record = False
    bare.log.clear()  # whatever the start wrote: from here on, nothing
    rng = np.random.default_rng(seed + 1000)
    while not kept.is_over():
        legal = kept.legal_actions()
        assert bare.legal_actions() == legal
        action = legal[int(rng.integers(len(legal)))]
        kept.apply(action)
        assert bare.apply(action) == []
        assert _hash_without_record(bare) == _hash_without_record(kept)
    assert bare.is_over() and bare.winner == kept.winner and bare.over_reason == kept.over_reason
    return kept, bare


@pytest.mark.parametrize(("name", "seed"), [("february-1917", 3), ("october-1917", 4), ("october-1917", 5)])
def test_a_game_that_keeps_no_record_plays_the_same_game(name: str, seed: int) -> None:
    kept, bare = _play_side_by_side(load_scenario(name), seed)
    kinds = {entry.kind for entry in kept.log}
    assert {"food", "control", "victory"} <= kinds  # the recorded game wrote its end-of-turn reports
    assert kept.series and all(len(values) == kept.turn + 1 for values in kept.series.values())
    assert bare.log == [] and bare.series == {}


def test_the_small_city_plays_the_same_without_a_record(small_scenario: Scenario, frozen_scenario: Scenario) -> None:
    for seed in range(6):
        _play_side_by_side(frozen_scenario if seed % 2 else small_scenario, seed)


def test_a_clone_keeps_its_game_s_mode_and_the_mode_is_not_in_the_hash(small_scenario: Scenario) -> None:
    game = new_game(small_scenario, 2)
    assert game.keeps_record and game.clone().keeps_record
    bare = game.clone()
    bare.keeps_record = False
    assert not bare.clone().keeps_record
    assert bare.state_hash() == game.state_hash()  # the same game, played another way


def test_a_world_that_keeps_no_record_shares_its_log_with_its_clones(small_scenario: Scenario) -> None:
    """Its log never grows, so its clones need no copy of it; a game that keeps its record copies its own."""
    game = new_game(small_scenario, 2)
    game.apply(game.legal_actions()[1])
    assert game.log and game.clone().log is not game.log
    bare = game.clone()
    bare.keeps_record = False
    copy = bare.clone()
    assert copy.log is bare.log and copy.state_hash() == bare.state_hash()
    entries = list(bare.log)
    while not copy.is_over():
        copy.apply(copy.legal_actions()[0])
    assert bare.log == entries


def test_a_copy_made_without_a_record_keeps_none_and_shares_the_log(small_scenario: Scenario) -> None:
    """`clone(record=False)`: a search's world played once, that never writes to the log it is given, so is given
    its game's log rather than a copy; the game goes on keeping its own."""
    game = new_game(small_scenario, 2)
    game.apply(game.legal_actions()[1])
    entries = list(game.log)
    world = game.clone(record=False)
    assert not world.keeps_record and world.log is game.log and game.keeps_record
    assert world.state_hash() == game.state_hash()
    while not world.is_over():
        world.apply(world.legal_actions()[0])
    assert game.log == entries
