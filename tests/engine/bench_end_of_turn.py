"""Benchmark (not a test): microseconds per end of turn and per phase, on the engine tests' small city and on
the two historical scenarios.

Run: python tests/engine/bench_end_of_turn.py
"""

from __future__ import annotations

import time

from conftest import build_small_scenario

from petrograd1917.engine import turn
from petrograd1917.engine.game import new_game
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import Scenario

ROUNDS = 2000


def _fresh(scenario: Scenario, seed: int) -> list:  # type: ignore[type-arg]
    """Games at different points of their run, so the phases see quiet and busy cities alike."""
    games = []
    for k in range(ROUNDS):
        game = new_game(scenario, seed + k)
        game.turn = k % game.index.n_turns
        games.append(game)
    return games


def bench(label: str, scenario: Scenario) -> None:
    games = _fresh(scenario, 0)
    start = time.perf_counter()
    for game in games:
        turn.end_of_turn(game)
    total = (time.perf_counter() - start) / ROUNDS * 1e6
    parts = []
    for name, phase in turn.PHASES:
        games = _fresh(scenario, 0)
        start = time.perf_counter()
        for game in games:
            phase(game)
        parts.append(f"{name} {(time.perf_counter() - start) / ROUNDS * 1e6:.0f}")
    n_d, n_u = scenario.districts, scenario.units
    print(f"{label:28} D={len(n_d):3} U={len(n_u):3}  end_of_turn {total:7.1f} µs   ({', '.join(parts)} µs)")


def main() -> None:
    bench("engine test city", build_small_scenario())
    for name in ("february-1917", "october-1917"):
        try:
            bench(name, load_scenario(name))
        except Exception as error:  # a scenario still being written: say so and go on
            print(f"{name:28} skipped: {error}")


if __name__ == "__main__":
    main()
