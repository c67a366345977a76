"""Shared bits of the batch tests: the tiny fixture scenario, record comparison, batches in their own process
(pytest puts this folder on the path, so test modules import it by name)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

from petrograd1917.batch.records import TIMING_FIELDS

TINY = str(Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "tiny.yaml")


def comparable(records: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    """Records by game index without the fields that differ from run to run (timings)."""
    return [{k: v for k, v in r.items() if k not in TIMING_FIELDS} for r in sorted(records, key=lambda r: r["index"])]


GONE_WITHIN_S = 20  # a bound on waiting for processes to end, not a speed requirement


BATCH_SEED = 5
BATCH_AGENT = "heuristic:plain"


def batch_command(out: Path, games: int = 100, extra: tuple[str, ...] = ()) -> list[str]:
    batch = [sys.executable, "-m", "petrograd1917", "batch", TINY, "--games", str(games), "--jobs", "2", *extra]
    return [*batch, "--out", str(out), "--default-ai", BATCH_AGENT, "--seed", str(BATCH_SEED), "--quiet"]


def start_batch(
    out: Path, games: int = 100, lines: int = 5, extra: tuple[str, ...] = ()
) -> tuple[subprocess.Popen[str], list[psutil.Process]]:
    """A batch in its own process, once it has recorded `lines` games; with its worker processes (on a local Dask
    cluster, `extra=("--scheduler", "local")`, also the cluster's helper processes)."""
    command = batch_command(out, games, extra)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    games_file = out / "games.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not games_file.exists() or games_file.read_text().count("\n") < lines):
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    workers = psutil.Process(process.pid).children(recursive=True)
    assert len(workers) >= 2
    return process, workers


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    """The processes still running after waiting a while for them to end (a zombie has ended)."""
    deadline = time.monotonic() + GONE_WITHIN_S
    while True:
        running = [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.05)


STOP_AFTER = {"games": 0}  # set by a test before an in-process (jobs=1) run


def stopping_probe(state: Any) -> dict[str, Any]:
    """Ctrl-C once STOP_AFTER games have finished: a KeyboardInterrupt is no game failure, it stops the batch."""
    STOP_AFTER["games"] -= 1
    if STOP_AFTER["games"] < 0:
        raise KeyboardInterrupt
    return {}


def as_from_a_terminal() -> None:
    """For a batch's process, before it starts: Ctrl-C as a terminal delivers it. A command started in the
    background by a shell that has no job control inherits SIGINT ignored, and Python then leaves it so."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop_midway(process: subprocess.Popen[str], signum: int) -> None:
    """Send `signum` to a running batch, frozen first (SIGSTOP) so the signal lands mid-batch however loaded the
    machine is: the batch cannot finish its last game between the caller's look at its records and the signal."""
    os.kill(process.pid, signal.SIGSTOP)
    assert process.poll() is None, "the batch ended before it could be stopped"
    os.kill(process.pid, signum)
    os.kill(process.pid, signal.SIGCONT)
