"""Where the games run: this process, a pool of processes on this machine, or a Dask cluster.

Every executor runs the same `play_task` and yields records as games finish. Only a bounded number of games is
in flight at once, so memory stays flat for any batch size and Ctrl-C has little to cancel. Closing the
generator (the runner does on Ctrl-C) cancels what has not started.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import signal
from collections.abc import Iterator, Sequence
from typing import Any

from petrograd1917.batch.tasks import GameTask, play_task

IN_FLIGHT_PER_WORKER = 4


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_tasks(tasks: Sequence[GameTask], jobs: int, scheduler: str | None = None) -> Iterator[dict[str, Any]]:
    if scheduler:
        return _run_dask(tasks, scheduler, jobs)
    if jobs <= 1:
        return (play_task(task) for task in tasks)
    return _run_pool(tasks, jobs)


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops cleanly; otherwise every worker prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_pool(tasks: Sequence[GameTask], jobs: int) -> Iterator[dict[str, Any]]:
    pending = iter(tasks)
    executor = cf.ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
    running: set[cf.Future[dict[str, Any]]] = set()
    try:
        for task in pending:
            running.add(executor.submit(play_task, task))
            if len(running) >= jobs * IN_FLIGHT_PER_WORKER:
                break
        while running:
            finished, running = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                following = next(pending, None)
                if following is not None:
                    running.add(executor.submit(play_task, following))
                yield future.result()
    finally:
        _stop_pool(executor, running)


def _stop_pool(executor: cf.ProcessPoolExecutor, running: set[cf.Future[dict[str, Any]]]) -> None:
    if not running:
        executor.shutdown(wait=True)
        return
    # Interrupted: drop what has not started and do not wait for long games still being played. The executor has
    # no public way to stop its workers before Python 3.14, hence the private `_processes` (read before shutdown
    # clears it).
    workers = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.terminate()


def _run_dask(tasks: Sequence[GameTask], scheduler: str, jobs: int) -> Iterator[dict[str, Any]]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise RuntimeError(
            "--scheduler needs Dask: pip install 'petrograd1917[cluster]' (or 'dask[distributed]')"
        ) from None
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True) if scheduler == "local" else None
    client = Client(cluster if cluster is not None else scheduler)
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
