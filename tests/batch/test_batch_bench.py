"""The benchmark functions run and return figures (their values are read by people, never asserted; their goals
are)."""

from __future__ import annotations

from batch_helpers import TINY

from petrograd1917.bench.batch import batch_cpu_per_game, batch_throughput
from petrograd1917.bench.search import PLAYOUTS_PER_SECOND, mcts_speed, search_figures


def test_bench_functions_return_positive_figures() -> None:
    assert batch_throughput(TINY, jobs=1, games=3) > 0
    assert batch_cpu_per_game(TINY, jobs=2, games=4) > 0
    playouts, per_move = mcts_speed(TINY, "easy", moves=1)
    assert playouts > 0 and per_move > 0


def test_the_search_is_timed_at_every_level_in_both_seats_beside_its_goals() -> None:
    figures = {figure.name: figure for figure in search_figures(TINY, seeds=(0,), moves=1)}
    for level, most in (("easy", None), ("normal", 1_000.0), ("hard", 5_000.0)):
        for seat in ("opener", "second"):
            playouts, move = figures[f"MCTS {level}, {seat}: playouts"], figures[f"MCTS {level}, {seat}: a move"]
            assert playouts.value > 0 and move.value > 0
            assert playouts.goal == PLAYOUTS_PER_SECOND and playouts.floor
            assert move.goal == most and not move.floor
    assert len(figures) == 12
    second, _ = mcts_speed(TINY, "easy", moves=1, seat=1)
    assert second > 0
