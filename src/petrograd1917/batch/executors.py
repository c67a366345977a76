"""Where the games run: this process, a pool of processes on this machine, or a Dask cluster.

Every executor runs the same `play_task` and yields records as games finish. Tasks are drawn lazily and only a
bounded number of games is in flight at once, so memory stays flat for any batch size and a stop has little to
cancel. Closing the generator (the runner does when the batch is stopped) cancels what has not started.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

from petrograd1917.batch.errors import BatchError
from petrograd1917.batch.pool import run_pool
from petrograd1917.batch.tasks import GameTask, play_task

IN_FLIGHT_PER_WORKER = 4  # on a Dask cluster: games queued per worker thread
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?[\w.\-\[\]:]+/?")  # tcp://host:8786, host:8786, inproc://…


def check_scheduler(address: str) -> None:
    if address != "local" and not _ADDRESS.fullmatch(address):
        raise BatchError(f"--scheduler: '{address}' is not a scheduler address such as tcp://host:8786, nor 'local'")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_tasks(tasks: Iterable[GameTask], jobs: int, scheduler: str | None = None) -> Iterator[dict[str, Any]]:
    if scheduler:
        return _run_dask(tasks, scheduler, jobs)
    if jobs <= 1:
        return (play_task(task) for task in tasks)
    return run_pool(tasks, jobs)


def _run_dask(tasks: Iterable[GameTask], scheduler: str, jobs: int) -> Iterator[dict[str, Any]]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise RuntimeError(
            "--scheduler needs Dask: pip install 'petrograd1917[cluster]' (or 'dask[distributed]')"
        ) from None
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True) if scheduler == "local" else None
    try:
        client = Client(cluster if cluster is not None else scheduler)
    except (OSError, ValueError) as exc:  # unreachable, refused, or an address Dask cannot use
        if cluster is not None:
            cluster.close()
        raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    pending = iter(tasks)
    try:
        slots = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_WORKER
        first = [t for _, t in zip(range(slots), pending, strict=False)]
        futures = as_completed([client.submit(play_task, t, pure=False) for t in first])
        for future in futures:
            following = next(pending, None)
            if following is not None:
                futures.add(client.submit(play_task, following, pure=False))
            yield future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
