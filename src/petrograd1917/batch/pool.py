"""A pool of worker processes that die with the batch and whose deaths cost one game, not the batch.

Each worker plays one game at a time, so the batch always knows which game a worker was playing. A worker that
dies (killed, out of memory) is replaced and its game is played once more; a game whose worker dies twice is
recorded as failed and the batch goes on.

Workers never outlive the batch: on Linux the kernel kills a worker when the batch process dies
(`PR_SET_PDEATHSIG`), and everywhere a watchdog thread in the worker exits when its parent changes. A stopped
batch terminates its workers itself.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from petrograd1917.batch.tasks import GameTask, failed_record, play_task

ATTEMPTS = 2  # a game is played again once after its worker died; a second death records it as failed
WATCH_INTERVAL_S = 0.5  # how often a worker's watchdog looks for its parent
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int, kernel_signal: bool = True) -> None:
    """Make this process end when the process `parent_pid` does: a parent-death signal where the kernel offers
    one, and a watchdog thread everywhere (it also covers a parent that died before this call)."""
    if kernel_signal and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="parent-watchdog", daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCH_INTERVAL_S)
    os._exit(1)  # orphaned: nobody will read this worker's results


def _serve(connection: Connection, parent_pid: int) -> None:
    """A worker's life: play the games it is sent, one at a time, until told to stop."""
    die_with_parent(parent_pid)
    # The batch process handles Ctrl-C, hang-up and termination and then stops its workers; a worker forked
    # from it must not run its handlers. A worker killed on its own (SIGTERM, SIGKILL) simply dies.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        connection.send(play_task(task))


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    connection: Connection
    task: GameTask | None = None


def _start_worker() -> _Worker:
    ours, theirs = multiprocessing.Pipe()
    process = multiprocessing.Process(target=_serve, args=(theirs, os.getpid()), name="petrograd1917-batch-worker")
    process.daemon = True
    process.start()
    theirs.close()
    return _Worker(process, ours)


def run_pool(tasks: Iterable[GameTask], jobs: int) -> Iterator[dict[str, Any]]:
    """Play `tasks` on `jobs` workers and yield each game's record as it finishes (in no particular order).

    Tasks are drawn from the iterable only as workers free up, so any number of games runs in flat memory.
    Closing the generator (the runner does when the batch is stopped) terminates the workers at once."""
    pending = iter(tasks)
    again: deque[GameTask] = deque()
    deaths: dict[int, int] = {}
    workers = [_start_worker() for _ in range(jobs)]
    try:
        while True:
            for slot in range(len(workers)):
                while workers[slot].task is None:
                    task = again.popleft() if again else next(pending, None)
                    if task is None:
                        break
                    if not _handed(workers[slot], task):  # it died while idle: a new one takes the game
                        again.appendleft(task)
                        workers[slot].connection.close()
                        workers[slot] = _start_worker()
            busy = [w for w in workers if w.task is not None]
            if not busy:
                return
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy])
            for slot, worker in enumerate(workers):
                task = worker.task
                if task is None:
                    continue
                record = _result(worker)
                if record is not None:
                    worker.task = None
                    yield record
                elif worker.process.sentinel in ready or not worker.process.is_alive():
                    # (a process's sentinel is ready once it has ended, even if something else reaped it, in a
                    # program that ignores SIGCHLD: `is_alive` would then say it lives for ever)
                    workers[slot] = _start_worker()
                    deaths[task.index] = deaths.get(task.index, 0) + 1
                    if deaths[task.index] < ATTEMPTS:
                        again.append(task)
                    else:
                        yield failed_record(task, _death_message(worker.process.exitcode))
    finally:
        _stop(workers)


def _handed(worker: _Worker, task: GameTask) -> bool:
    """Send a worker its next game; False if it can no longer take one (killed from outside while it waited for
    it), in which case it never had the game."""
    try:
        worker.connection.send(task)
    except OSError:
        return False
    worker.task = task
    return True


def _result(worker: _Worker) -> dict[str, Any] | None:
    """The record a worker has sent, if any (a worker that died mid-send has sent nothing usable)."""
    try:
        if worker.connection.poll():
            record: dict[str, Any] = worker.connection.recv()
            return record
    except (EOFError, OSError):
        pass
    return None


def _death_message(exitcode: int | None) -> str:
    if exitcode is None:  # reaped by something else: its end is known, not how
        how = "its exit status unknown"
    elif exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exit code {exitcode}"
    return f"WorkerDied: the process playing this game died in both attempts (last: {how})"


def _stop(workers: list[_Worker]) -> None:
    """Ask idle workers to leave, terminate busy ones (a long game is not worth waiting for), reap them all."""
    for worker in workers:
        with contextlib.suppress(OSError, ValueError):
            if worker.task is None:
                worker.connection.send(None)
            elif worker.process.is_alive():
                worker.process.terminate()
    for worker in workers:
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()
