"""Smarter agents win more: heuristic and MCTS against random players, judged by non-overlapping 95% Wilson
intervals over many games (a statistical test, not one lucky game).

Each tested agent takes each listed faction in turn against random opponents; its pooled wins are compared with
what random players of the same factions won on the same seeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from petrograd1917.batch.runner import BatchConfig, run_batch
from petrograd1917.batch.stats import wilson

TINY = str(Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "tiny.yaml")
GAMES = 40  # per faction


def wins(spec: str, factions: list[str]) -> tuple[int, int]:
    """(games won by the factions `spec` played, games played), pooled over the factions."""
    won = 0
    for faction in factions:
        config = BatchConfig(TINY, GAMES, seed=2024, jobs=1, agents={faction: spec}, default_agent="random",
                             progress=False)  # fmt: skip
        summary = run_batch(config)
        assert not summary.failures
        won += summary.wins[faction].count
    return won, GAMES * len(factions)


@pytest.fixture(scope="module")
def random_wins() -> dict[str, int]:
    summary = run_batch(BatchConfig(TINY, GAMES, seed=2024, jobs=1, default_agent="random", progress=False))
    return {faction: rate.count for faction, rate in summary.wins.items()}


@pytest.mark.parametrize(
    ("spec", "factions"),
    [
        ("heuristic", ["reds", "liberals", "government"]),
        ("mcts:playouts=4,depth=4,width=4", ["reds", "liberals"]),  # a tiny budget: the test must stay fast
    ],
)
def test_agent_beats_random_significantly(spec: str, factions: list[str], random_wins: dict[str, int]) -> None:
    won, games = wins(spec, factions)
    baseline = sum(random_wins[f] for f in factions)
    low, _ = wilson(won, games)
    _, high = wilson(baseline, games)
    assert low > high, f"{spec} won {won}/{games}, random players of the same factions {baseline}/{games}"
