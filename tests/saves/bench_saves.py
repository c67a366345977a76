"""Benchmark (not a test): save, read, load (replay) and verify a whole random game of the largest built-in scenario.

Run: python tests/saves/bench_saves.py [SCENARIO]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from saves_helpers import play

from petrograd1917 import load_scenario, new_game, saves
from petrograd1917.engine.actions import Action


def main() -> None:
    scenario = load_scenario(sys.argv[1] if len(sys.argv) > 1 else "february-1917")
    state = new_game(scenario, seed=1)
    actions: list[Action] = []
    started = time.perf_counter()
    play(state, actions, 100_000, np.random.default_rng(1))
    played_ms = (time.perf_counter() - started) * 1e3
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "game.json"
        timings = {}
        started = time.perf_counter()
        saves.save_game(path, state, actions, 1)
        timings["save (replays once to prove it)"] = time.perf_counter() - started
        started = time.perf_counter()
        record = saves.read_save(path)
        timings["read (parse + checks, no replay)"] = time.perf_counter() - started
        started = time.perf_counter()
        loaded = saves.load_game(path, scenario)
        timings["load (read + replay + verify)"] = time.perf_counter() - started
        assert loaded.state.state_hash() == state.state_hash()
        size_kb = path.stat().st_size / 1024
    print(f"scenario {scenario.id}: {len(record.actions)} actions, {state.turn + 1} turns, game played in "
          f"{played_ms:.0f} ms, file {size_kb:.0f} kB")  # fmt: skip
    for what, seconds in timings.items():
        print(f"  {what:36} {seconds * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
