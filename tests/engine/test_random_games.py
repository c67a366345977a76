"""Random games: every state along the way is sound, every game reaches an outcome, and a game is a pure function
of its scenario, seed and actions, in this process or another one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from core_helpers import play_randomly

from petrograd1917.engine.actions import Action
from petrograd1917.engine.game import new_game
from petrograd1917.engine.invariants import check_invariants, violations
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario


def test_invariants_hold_through_hundreds_of_random_games(small_scenario: Scenario, frozen_scenario: Scenario) -> None:
    rng = np.random.default_rng(2024)
    kinds: set[str] = set()
    for seed in range(300):
        game = new_game(frozen_scenario if seed % 5 == 0 else small_scenario, seed)
        while not game.is_over():
            actions = game.legal_actions()
            assert actions, "a faction to act always has something legal"
            action = actions[int(rng.integers(len(actions)))]
            kinds.add(action.kind.value)
            game.apply(action)
            if seed % 10 == 0:
                check_invariants(game)
        check_invariants(game)
        assert game.outcome().over
    assert len(kinds) >= 18  # nearly every kind of order got played


def test_the_invariant_checker_catches_broken_states(game: GameState) -> None:
    game.influence[0] = [0.6, 0.6, 0.1]
    game.crowd[1] = game.index.population[1] * 2
    game.unit_strength[0] = -1
    problems = violations(game)
    assert any("row sums" in p for p in problems) and any("crowd" in p for p in problems)
    assert any("unit_strength" in p for p in problems)


def _play(scenario: Scenario, seed: int, moves: int) -> tuple[str, list[Action]]:
    game = new_game(scenario, seed)
    played = play_randomly(game, np.random.default_rng(seed + 100), steps=moves)
    return game.state_hash(), played


def test_same_seed_and_actions_same_game(small_scenario: Scenario) -> None:
    first, played = _play(small_scenario, 7, 60)
    again = new_game(small_scenario, 7)
    for action in played:
        again.apply(action)
    assert again.state_hash() == first
    assert _play(small_scenario, 8, 60)[0] != first


def test_preview_and_peeking_never_change_the_game(small_scenario: Scenario) -> None:
    plain = new_game(small_scenario, 3)
    nosy = new_game(small_scenario, 3)
    rng = np.random.default_rng(5)
    while not plain.is_over():
        actions = nosy.legal_actions()
        for action in actions[:: max(1, len(actions) // 10)]:
            if action.kind.value != "choose":
                preview = nosy.preview(action)
                assert 0.0 <= preview.odds <= 1.0 and preview.effects
        for unit in nosy.unit_ids:
            nosy.visible_loyalty(unit, "soviet")
        nosy.scores()
        action = actions[int(rng.integers(len(actions)))]
        plain.apply(action)
        nosy.apply(action)
        assert plain.state_hash() == nosy.state_hash()


_CHILD = """
import json, sys
sys.path.insert(0, {tests!r})
from small_scenario import build_small_scenario
from petrograd1917.engine.actions import Action
from petrograd1917.engine.game import new_game
game = new_game(build_small_scenario(), 7)
for data in json.loads(sys.stdin.read()):
    game.apply(Action.from_json(data))
print(game.state_hash())
"""


def test_same_game_in_another_process(small_scenario: Scenario) -> None:
    expected, played = _play(small_scenario, 7, 80)
    here = str(Path(__file__).parent)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD.format(tests=here)],
        input=json.dumps([a.to_json() for a in played]),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_a_bare_scenario_plays_to_the_end(small_scenario: Scenario) -> None:
    """One district, one faction, no units, sites, links or events: nothing breaks on empty arrays."""
    from dataclasses import replace

    lone = replace(small_scenario.factions[0], objective=replace(small_scenario.factions[0].objective, score=None))
    bare = replace(
        small_scenario,
        districts=(replace(small_scenario.districts[0], influence={"government": 0.5}, controller=None),),
        links=(),
        sites=(),
        units=(),
        events=(),
        factions=(lone,),
        victory=replace(small_scenario.victory, immediate=(), key_events=()),
    )
    game = new_game(bare, 1)
    play_randomly(game, np.random.default_rng(1))
    assert game.is_over() and game.outcome().winner == "government"
    check_invariants(game)
