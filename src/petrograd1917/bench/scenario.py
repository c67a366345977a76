"""How long reading, building and checking a scenario takes (printed by `petrograd1917 bench`, never asserted)."""

from __future__ import annotations

import os
import time

from petrograd1917.scenario.build import Builder
from petrograd1917.scenario.errors import Diagnostics
from petrograd1917.scenario.loader import display_name, find_scenario, resolve
from petrograd1917.scenario.model import Scenario
from petrograd1917.scenario.validate import validate


def bench_scenario(name_or_path: str | os.PathLike[str], repeat: int = 5) -> dict[str, float]:
    """Best-of-`repeat` milliseconds for each stage: read (YAML, includes, merging), build, validate, and total."""
    path = find_scenario(name_or_path)
    display = display_name(path)
    best = {"read_ms": float("inf"), "build_ms": float("inf"), "validate_ms": float("inf"), "total_ms": float("inf")}
    for _ in range(max(1, repeat)):
        diagnostics = Diagnostics()
        t0 = time.perf_counter()
        data, _fragment = resolve(path, display, None, diagnostics)
        t1 = time.perf_counter()
        builder = Builder(diagnostics)
        scenario: Scenario = builder.build(Scenario, data, "scenario")
        t2 = time.perf_counter()
        validate(scenario, builder.locations, diagnostics, display)
        t3 = time.perf_counter()
        diagnostics.raise_if_any()
        for key, value in (
            ("read_ms", t1 - t0),
            ("build_ms", t2 - t1),
            ("validate_ms", t3 - t2),
            ("total_ms", t3 - t0),
        ):
            best[key] = min(best[key], value * 1000)
    return best
