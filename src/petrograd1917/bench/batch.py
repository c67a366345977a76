"""Benchmarks of the batch runner, for `petrograd1917 bench --batch` (figures, never timed tests).

Each function returns its figure; `bench_all` gathers them with readable names.
"""

from __future__ import annotations

import resource
import time

from petrograd1917.batch.runner import BatchConfig, run_batch


def batch_throughput(scenario: str, jobs: int, games: int = 40, agent: str = "random", seed: int = 0) -> float:
    """Games per second of a whole batch (process start-up included) with `jobs` workers."""
    return games / _timed_batch(scenario, jobs, games, agent, seed)[0]


def batch_cpu_per_game(scenario: str, jobs: int, games: int = 40, agent: str = "random", seed: int = 0) -> float:
    """CPU seconds per game, workers included. On a machine shared with other work, wall-clock speed-ups say
    little; CPU per game shows what the pool costs: with J workers, throughput on J free cores is about
    J / (CPU per game)."""
    return _timed_batch(scenario, jobs, games, agent, seed)[1] / games


def _timed_batch(scenario: str, jobs: int, games: int, agent: str, seed: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its finished workers) for one batch."""
    cpu_before = _cpu()
    started = time.perf_counter()
    summary = run_batch(BatchConfig(scenario, games, seed=seed, jobs=jobs, default_agent=agent, progress=False))
    elapsed = time.perf_counter() - started
    if summary.failures:
        raise RuntimeError(f"benchmark games failed: {summary.failures[0].error}")
    return elapsed, _cpu() - cpu_before


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def bench_all(scenario: str) -> dict[str, float]:
    """Every batch figure, named for printing."""
    one = batch_throughput(scenario, jobs=1)
    two = batch_throughput(scenario, jobs=2)
    cpu_one = batch_cpu_per_game(scenario, jobs=1)
    cpu_two = batch_cpu_per_game(scenario, jobs=2)
    return {
        "batch games/s, random agents, 1 worker": one,
        "batch games/s, random agents, 2 workers": two,
        "CPU ms per game, 1 worker": cpu_one * 1000,
        "CPU ms per game, 2 workers": cpu_two * 1000,
        "expected speed-up on 2 free cores": 2 * cpu_one / cpu_two,
        "batch games/s, heuristic agents, 1 worker": batch_throughput(scenario, jobs=1, games=10, agent="heuristic"),
    }
