"""The compiled kernels give exactly the numpy path's bits: the same loyalty after a drift, the same games."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from petrograd1917.ai.base import make_agent
from petrograd1917.ai.play import play_out
from petrograd1917.engine import kernels, loyalty
from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import Scenario

SCENARIOS = ("october-1917", "february-1917")


@pytest.fixture(scope="module", params=SCENARIOS)
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(request.param)


def _random_game(scenario: Scenario, seed: int) -> tuple[list[str], GameState]:
    """A random game's state hash after every action, and its last state."""
    game = new_game(scenario, seed)
    rng = np.random.default_rng(seed)
    hashes = []
    while not game.is_over():
        actions = game.legal_actions()
        game.apply(actions[int(rng.integers(len(actions)))])
        hashes.append(game.state_hash())
    return hashes, game


def _record(game: GameState) -> str:
    """What a game leaves behind beyond its state: the log's every entry and the series of figures per turn."""
    return hashlib.sha256(repr((list(game.log), sorted(game.series.items()))).encode()).hexdigest()


def test_drift_kernel_gives_numpy_bits_on_every_state_of_random_games(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared = 0
    for seed in range(3):
        game = new_game(scenario, seed)
        rng = np.random.default_rng(seed)
        while not game.is_over():
            results = []
            for enabled in (False, True):
                monkeypatch.setattr(kernels, "ENABLED", enabled)
                copy = game.clone()
                loyalty.drift(copy)
                results.append(copy.unit_loyalty.tobytes())
            assert results[0] == results[1], f"seed {seed}, turn {game.turn}"
            compared += 1
            actions = game.legal_actions()
            game.apply(actions[int(rng.integers(len(actions)))])
    assert compared > 100


def test_games_are_the_same_with_and_without_the_kernels(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    for seed in range(3):
        played = []
        for enabled in (False, True):
            monkeypatch.setattr(kernels, "ENABLED", enabled)
            hashes, game = _random_game(scenario, seed)
            played.append((hashes, _record(game)))
        assert played[0] == played[1], f"random game {seed}"
    played = []
    for enabled in (False, True):
        monkeypatch.setattr(kernels, "ENABLED", enabled)
        agents = {f.id: make_agent("heuristic", f.id, i) for i, f in enumerate(scenario.factions)}
        game = new_game(scenario, 7)
        play_out(game, agents)
        played.append((game.state_hash(), _record(game)))
    assert played[0] == played[1], "heuristic game"
