"""The engine engineers' small test scenario (tests/engine/small_scenario.py), loaded as a plain module so the condition
tests and benchmark share it without copying it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from petrograd1917.scenario.model import Scenario


def small_scenario() -> Scenario:
    path = Path(__file__).parents[1] / "engine" / "small_scenario.py"
    spec = importlib.util.spec_from_file_location("engine_fixture", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scenario: Scenario = module.build_small_scenario()
    return scenario
