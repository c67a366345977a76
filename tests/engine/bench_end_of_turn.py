"""Benchmark (not a test): microseconds per end of turn and per phase, on states met in random games of the engine
tests' small city and of the two historical scenarios. CPU time of this process, best of several repeats, as
the machine may be busy with other work.

Run: python tests/engine/bench_end_of_turn.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
from small_scenario import build_small_scenario

from petrograd1917.engine import phases
from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import Link, LinkKind, Scenario, Victory

GAMES = 10
REPEATS = 5


def states_before_end_of_turn(scenario: Scenario) -> list[GameState]:
    """Clones of every state that reached the end of a turn in a few random games."""
    seen: list[GameState] = []
    real = phases.end_of_turn

    def spy(state: GameState) -> None:
        seen.append(state.clone())
        real(state)

    phases.end_of_turn = spy
    try:
        for seed in range(GAMES):
            game, rng = new_game(scenario, seed), np.random.default_rng(seed)
            while not game.is_over():
                actions = game.legal_actions()
                game.apply(actions[rng.integers(len(actions))])
    finally:
        phases.end_of_turn = real
    return seen


def best_us(states: list[GameState], step: Callable[[GameState], None]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        copies = [s.clone() for s in states]
        for copy in copies:
            copy.rng.random()  # a clone builds its generator on first use: a cost of cloning, not of the turn
        start = time.process_time()
        for state in copies:
            step(state)
        best = min(best, (time.process_time() - start) / len(copies) * 1e6)
    return best


def bench(label: str, scenario: Scenario) -> None:
    states = states_before_end_of_turn(scenario)
    total = best_us(states, phases.end_of_turn)
    parts = ", ".join(f"{name} {best_us(states, phase):.0f}" for name, phase in phases.PHASES)
    size = f"D={len(scenario.districts)} U={len(scenario.units)} S={len(scenario.sites)}"
    print(f"{label:18} {size:18} end_of_turn {total:6.0f} µs  ({parts} µs; {len(states)} states)")


def tiled(scenario: Scenario, copies: int) -> Scenario:
    """`copies` side-by-side copies of a city (ids suffixed, each copy's first district linked to the next one's),
    to check that the end of turn costs about `copies` times as much, not its square."""

    def rename(item: Any, k: int, **ids: str) -> Any:
        return replace(item, id=f"{item.id}_{k}", **{key: f"{value}_{k}" for key, value in ids.items()})

    districts, links, sites, units = [], [], [], []
    for k in range(copies):
        districts += [rename(d, k) for d in scenario.districts]
        links += [rename(x, k, a=x.a, b=x.b) for x in scenario.links]
        sites += [rename(x, k, district=x.district, **({"link": x.link} if x.link else {})) for x in scenario.sites]
        units += [rename(x, k, district=x.district) for x in scenario.units]
        if k:
            first = scenario.districts[0].id
            links.append(Link(f"join_{k}", f"{first}_{k - 1}", f"{first}_{k}", LinkKind.STREET))
    food = replace(
        scenario.food,
        stock_tonnes=scenario.food.stock_tonnes * copies,
        rail_tonnes_per_day=scenario.food.rail_tonnes_per_day * copies,
    )
    return replace(
        scenario, districts=tuple(districts), links=tuple(links), sites=tuple(sites), units=tuple(units),
        food=food, events=(), victory=Victory(),
    )  # fmt: skip


def passive_us(scenario: Scenario) -> float:
    """Microseconds per end of turn over whole passive games (nobody acts), best of the repeats."""
    best = float("inf")
    for _ in range(REPEATS):
        games = [new_game(scenario, seed) for seed in range(GAMES)]
        start, count = time.process_time(), 0
        for game in games:
            for step in range(game.index.n_turns):
                game.turn = step
                phases.end_of_turn(game)
                count += 1
        best = min(best, (time.process_time() - start) / count * 1e6)
    return best


def main() -> None:
    city = build_small_scenario()
    bench("engine test city", city)
    one, ten = passive_us(tiled(city, 1)), passive_us(tiled(city, 10))
    print(f"{'scaling':18} test city x1 {one:6.0f} µs, x10 {ten:6.0f} µs per end of turn (ratio {ten / one:.1f})")
    for name in ("february-1917", "october-1917"):
        try:
            bench(name, load_scenario(name))
        except Exception as error:  # a scenario still being written: say so and go on
            print(f"{name:18} skipped: {error}")


if __name__ == "__main__":
    main()
