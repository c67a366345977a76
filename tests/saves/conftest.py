"""A short random game of the `tiny` fixture scenario, played through the public door, for the save tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from saves_helpers import Played, play

from petrograd1917 import load_scenario, new_game, saves
from petrograd1917.engine.actions import Action
from petrograd1917.scenario.model import Scenario

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scenarios"
SEED = 11


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves go to a temporary home; scenarios are found by id among the test fixtures."""
    monkeypatch.setenv("PETROGRAD1917_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("PETROGRAD1917_SCENARIOS", str(FIXTURES))


@pytest.fixture(scope="session")
def tiny() -> Scenario:
    return load_scenario(FIXTURES / "tiny.yaml")


@pytest.fixture
def played(tiny: Scenario) -> Played:
    """A game some turns in (not over), with the actions that led there."""
    state = new_game(tiny, SEED)
    actions: list[Action] = []
    play(state, actions, 25, np.random.default_rng(5))
    assert not state.is_over() and state.turn >= 1
    return Played(state, actions, SEED)


@pytest.fixture
def save_path(played: Played, tmp_path: Path) -> Path:
    """That game saved, to be read back or tampered with."""
    return saves.save_game(tmp_path / "game.json", played.state, played.actions, played.seed)
