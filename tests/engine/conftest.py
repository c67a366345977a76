"""Fixtures shared by every engine test: the small city of `small_scenario.py` (plain and with a frozen river) and a
fresh game on it."""

from __future__ import annotations

import pytest
from small_scenario import build_small_scenario

from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario


@pytest.fixture(scope="session")
def small_scenario() -> Scenario:
    return build_small_scenario()


@pytest.fixture(scope="session")
def frozen_scenario() -> Scenario:
    return build_small_scenario(river_frozen=True)


@pytest.fixture
def game(small_scenario: Scenario) -> GameState:
    return new_game(small_scenario, seed=1)
