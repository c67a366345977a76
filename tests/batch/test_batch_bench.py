"""The benchmark functions run and return figures (their values are read by people, never asserted)."""

from __future__ import annotations

from batch_helpers import TINY

from petrograd1917.bench.batch import batch_cpu_per_game, batch_throughput, mcts_speed


def test_bench_functions_return_positive_figures() -> None:
    assert batch_throughput(TINY, jobs=1, games=3) > 0
    assert batch_cpu_per_game(TINY, jobs=2, games=4) > 0
    playouts, per_move = mcts_speed(TINY, "easy", moves=1)
    assert playouts > 0 and per_move > 0
