"""`petrograd1917 bench`: how fast the engine is, in figures (DESIGN §5 goals), never asserted by a test.

It plays random-vs-random games on the largest scenario present (or the one named), samples the states they pass
through, and times each part of the engine's door on those states: clone, hash, listing, preview, apply, the end
of turn, and whole games.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from petrograd1917.engine.actions import Action
from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.engine.turn import end_of_turn
from petrograd1917.scenario.model import ActionKind, Scenario


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: float
    unit: str
    note: str = ""


def _best_per_call(fn: Callable[[], object], calls: int, repeat: int = 5) -> float:
    """Best-of-`repeat` seconds per call (the best run is the one least disturbed by other work on the machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def _random_game(scenario: Scenario, seed: int, sample_every: int = 0) -> tuple[int, list[tuple[GameState, Action]]]:
    """One random-vs-random game: the number of actions played and, if asked, (state before, action) samples."""
    game = new_game(scenario, seed)
    rng = np.random.default_rng(seed)
    samples: list[tuple[GameState, Action]] = []
    steps = 0
    while not game.is_over():
        actions = game.legal_actions()
        action = actions[int(rng.integers(len(actions)))]
        if sample_every and steps % sample_every == 0:
            samples.append((game.clone(), action))
        game.apply(action)
        steps += 1
    return steps, samples


def _mid_turn(state: GameState) -> bool:
    """No action of this faction can end the turn: someone after it still has points to spend."""
    return bool((state.action_points[state.faction_cursor + 1 :] > 0).any())


def measure(scenario: Scenario, games: int) -> list[Figure]:
    """Every figure of the benchmark for one scenario."""
    figures: list[Figure] = []
    _random_game(scenario, 10_000)  # warm the per-scenario caches
    steps = 0
    start = time.perf_counter()
    for seed in range(games):
        steps += _random_game(scenario, seed)[0]
    elapsed = time.perf_counter() - start
    figures.append(Figure("random game", elapsed / games * 1e3, "ms", f"mean of {games}, {steps / games:.0f} actions"))
    samples = [pair for seed in range(3) for pair in _random_game(scenario, 20_000 + seed, sample_every=5)[1]]

    start_state = new_game(scenario, 1)
    figures.append(Figure("new_game", _best_per_call(lambda: new_game(scenario, 1), 50) * 1e6, "µs"))
    figures.append(Figure("clone", _best_per_call(start_state.clone, 500) * 1e6, "µs"))
    figures.append(Figure("state_hash", _best_per_call(start_state.state_hash, 200) * 1e6, "µs"))

    states = [state for state, _ in samples][:200]
    sizes = [len(state.legal_actions()) for state in states]
    per_state = _best_per_call(lambda: [s.legal_actions() for s in states], 3) / len(states)
    figures.append(Figure("legal_actions", per_state * 1e6, "µs", f"mean list {np.mean(sizes):.0f} actions"))

    ordinary = [(s, a) for s, a in samples if a.kind not in (ActionKind.PASS, ActionKind.CHOOSE) and _mid_turn(s)][:200]
    previews = _best_per_call(lambda: [s.preview(a) for s, a in ordinary], 3) / len(ordinary)
    figures.append(Figure("preview", previews * 1e6, "µs"))

    def apply_all() -> None:
        for state, action in ordinary:
            state.clone().apply(action)

    clone_cost = _best_per_call(lambda: [s.clone() for s, _ in ordinary], 3) / len(ordinary)
    applies = _best_per_call(apply_all, 3) / len(ordinary) - clone_cost
    figures.append(Figure("apply", applies * 1e6, "µs", "orders, end of turn excluded"))

    turn_states = states[:: max(1, len(states) // 20)]

    def end_turns() -> None:
        for state in turn_states:
            end_of_turn(state.clone())

    eot = _best_per_call(end_turns, 3) / len(turn_states) - clone_cost
    figures.append(Figure("end_of_turn", eot * 1e3, "ms", "all phases"))
    return figures


def _largest_scenario() -> str:
    """The built-in (or user) scenario with the most districts x units: the heaviest engine load."""
    from petrograd1917.scenario.catalog import list_scenarios
    from petrograd1917.scenario.loader import load_scenario

    def load(path: str) -> tuple[int, int]:
        s = load_scenario(path)
        return len(s.districts) * max(1, len(s.units)), len(s.events)

    paths = [str(entry.path) for entry in list_scenarios() if not entry.broken]
    if not paths:
        raise SystemExit("bench: no scenario loads; name one with --scenario PATH")
    return max(paths, key=load)


def run(args: argparse.Namespace) -> int:
    from petrograd1917.scenario.bench import bench_scenario
    from petrograd1917.scenario.loader import load_scenario

    name = args.scenario or _largest_scenario()
    scenario = load_scenario(name)
    print(
        f"scenario {scenario.id}: {len(scenario.districts)} districts, {len(scenario.units)} units, "
        f"{len(scenario.factions)} factions, {len(scenario.events)} events"
    )
    loading = bench_scenario(name)
    rows = [Figure(f"load: {key.removesuffix('_ms')}", value, "ms") for key, value in loading.items()]
    rows += measure(scenario, args.games)
    width = max(len(row.name) for row in rows)
    for row in rows:
        print(f"  {row.name:<{width}}  {row.value:10.1f} {row.unit:<4} {row.note}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("bench", help="time the engine: clone, listing, apply, whole random games")
    parser.add_argument("--scenario", help="a built-in scenario name or a path (default: the largest present)")
    parser.add_argument("--games", type=int, default=20, help="random-vs-random games to play (default 20)")
    parser.set_defaults(handler=run)
