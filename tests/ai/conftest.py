"""The tiny YAML fixture scenario, loaded once for the agents' tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from petrograd1917 import load_scenario
from petrograd1917.scenario.model import Scenario

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "tiny.yaml"


@pytest.fixture(scope="session")
def tiny() -> Scenario:
    return load_scenario(str(TINY))
