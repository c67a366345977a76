"""Benchmark (not a test): microseconds per end of turn and per phase, on states met in random games of the engine
tests' small city and of the two historical scenarios. Best of several repeats, as the machine may be busy.

Run: python tests/engine/bench_end_of_turn.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from conftest import build_small_scenario

from petrograd1917.engine import turn
from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import Scenario

GAMES = 10
REPEATS = 5


def states_before_end_of_turn(scenario: Scenario) -> list[GameState]:
    """Clones of every state that reached the end of a turn in a few random games."""
    seen: list[GameState] = []
    real = turn.end_of_turn

    def spy(state: GameState) -> None:
        seen.append(state.clone())
        real(state)

    turn.end_of_turn = spy
    try:
        for seed in range(GAMES):
            game, rng = new_game(scenario, seed), np.random.default_rng(seed)
            while not game.is_over():
                actions = game.legal_actions()
                game.apply(actions[rng.integers(len(actions))])
    finally:
        turn.end_of_turn = real
    return seen


def best_us(states: list[GameState], step: Callable[[GameState], None]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        copies = [s.clone() for s in states]
        start = time.perf_counter()
        for state in copies:
            step(state)
        best = min(best, (time.perf_counter() - start) / len(copies) * 1e6)
    return best


def bench(label: str, scenario: Scenario) -> None:
    states = states_before_end_of_turn(scenario)
    total = best_us(states, turn.end_of_turn)
    parts = ", ".join(f"{name} {best_us(states, phase):.0f}" for name, phase in turn.PHASES)
    size = f"D={len(scenario.districts)} U={len(scenario.units)} S={len(scenario.sites)}"
    print(f"{label:18} {size:18} end_of_turn {total:6.0f} µs  ({parts} µs; {len(states)} states)")


def main() -> None:
    bench("engine test city", build_small_scenario())
    for name in ("february-1917", "october-1917"):
        try:
            bench(name, load_scenario(name))
        except Exception as error:  # a scenario still being written: say so and go on
            print(f"{name:18} skipped: {error}")


if __name__ == "__main__":
    main()
