"""Stopping a batch with real signals: SIGTERM and SIGHUP act like Ctrl-C, no worker outlives the batch (even one
killed with SIGKILL), and a killed worker costs at most one game, never the batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import psutil
import pytest
from batch_helpers import (
    BATCH_AGENT,
    BATCH_SEED,
    GONE_WITHIN_S,
    TINY,
    alive,
    comparable,
    start_batch,
    stop_midway,
)

from petrograd1917.batch.pool import run_pool
from petrograd1917.batch.records import read_records
from petrograd1917.batch.runner import BatchConfig, run_batch
from petrograd1917.batch.tasks import GameTask


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_termination_and_hang_up_stop_the_batch_like_ctrl_c(tmp_path: Path, stop: signal.Signals) -> None:
    out = tmp_path / "run"
    process, workers = start_batch(out)
    stop_midway(process, stop)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + stop, err
    assert f"stopped ({stop.name}); resume with --resume" in err and "Traceback" not in err
    assert not alive(workers)
    lines = (out / "games.jsonl").read_text().splitlines()
    assert 5 <= len(lines) < 100 and all(json.loads(line) for line in lines)
    summary = json.loads((out / "summary.json").read_text())  # written at the stop, not left stale
    assert summary["games"] == len(lines) and summary["interrupted"] and summary["stopped_by"] == stop.name


def test_no_worker_survives_a_batch_killed_outright(tmp_path: Path) -> None:
    process, workers = start_batch(tmp_path / "run")
    process.kill()
    process.wait(timeout=60)
    assert not alive(workers)


def test_a_dask_batch_killed_outright_leaves_no_process_and_resumes_exactly(tmp_path: Path) -> None:
    out, games = tmp_path / "run", 30
    process, helpers = start_batch(out, games=games, extra=("--scheduler", "local"))
    process.kill()
    process.wait(timeout=60)
    assert not alive(helpers), "the cluster's workers, nannies and trackers must die with the batch"
    kept = read_records(out / "games.jsonl")
    assert 5 <= len(kept) < games
    resumed = BatchConfig(TINY, games, BATCH_SEED, 1, out, default_agent=BATCH_AGENT, resume=True, progress=False)
    run_batch(resumed)
    uninterrupted = run_batch(replace(resumed, out=None, resume=False)).records
    assert comparable(read_records(out / "games.jsonl")) == comparable(uninterrupted)


WATCHED_CHILD = textwrap.dedent(
    """
    import multiprocessing, os, time
    from petrograd1917.batch.pool import die_with_parent

    def child(parent):
        die_with_parent(parent, kernel_signal=False)
        time.sleep(600)

    if __name__ == "__main__":
        worker = multiprocessing.Process(target=child, args=(os.getpid(),))
        worker.start()
        print(worker.pid, flush=True)
        time.sleep(600)
    """
)


def test_the_watchdog_alone_ends_a_worker_whose_parent_was_killed(tmp_path: Path) -> None:
    """Where the kernel has no parent-death signal, the worker's watchdog thread is what ends it."""
    script = tmp_path / "watched.py"
    script.write_text(WATCHED_CHILD)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = psutil.Process(int(parent.stdout.readline()))
    parent.kill()
    parent.wait(timeout=60)
    assert not alive([child])


# Games whose worker process dies: the probes run at the end of a game, inside the worker.
AGENTS = {"reds": "heuristic:plain"}
_DOOMED: dict[str, Any] = {"hash": "", "marker": None}  # set by the tests before the workers are forked


def config(out: Path | None, **kw: Any) -> BatchConfig:
    fields: dict[str, Any] = {"seed": 11, "jobs": 2, "agents": AGENTS, "default_agent": "random", "progress": False}
    fields.update(kw)
    return BatchConfig(TINY, 8, out=out, **fields)


def hash_probe(state: Any) -> dict[str, Any]:
    return {"hash": state.state_hash()}


def dies_once_probe(state: Any) -> dict[str, Any]:
    """The doomed game kills its worker the first time it is played, anywhere."""
    marker: Path = _DOOMED["marker"]
    if state.state_hash() == _DOOMED["hash"] and not marker.exists():
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return hash_probe(state)


def always_dies_probe(state: Any) -> dict[str, Any]:
    if state.state_hash() == _DOOMED["hash"]:
        os.kill(os.getpid(), signal.SIGKILL)
    return hash_probe(state)


def stalls_once_probe(state: Any) -> dict[str, Any]:
    """The first game to end holds its worker far longer than the test waits (a file marks that it has begun)."""
    marker: Path = _DOOMED["marker"]
    if not marker.exists():
        marker.touch()
        time.sleep(10 * GONE_WITHIN_S)
    return hash_probe(state)


@pytest.fixture(scope="module")
def reference() -> list[dict[str, Any]]:
    return comparable(run_batch(config(None, jobs=1, measure=hash_probe)).records)


def test_a_killed_worker_is_replaced_and_its_game_played_again(tmp_path: Path, reference: list[dict[str, Any]]) -> None:
    _DOOMED.update(hash=reference[3]["extra"]["hash"], marker=tmp_path / "died")
    summary = run_batch(config(tmp_path / "run", measure=dies_once_probe))
    assert (tmp_path / "died").exists(), "the doomed game should have killed its worker once"
    assert not summary.failures and summary.completed == 8
    assert comparable(read_records(tmp_path / "run" / "games.jsonl")) == reference


def test_a_game_whose_worker_dies_twice_is_recorded_as_failed_and_the_batch_goes_on(
    tmp_path: Path, reference: list[dict[str, Any]]
) -> None:
    _DOOMED.update(hash=reference[3]["extra"]["hash"])
    summary = run_batch(config(tmp_path / "run", measure=always_dies_probe))
    records = comparable(read_records(tmp_path / "run" / "games.jsonl"))
    assert [r["index"] for r in records] == list(range(8))
    assert records[3]["error"].startswith("WorkerDied:") and "SIGKILL" in records[3]["error"]
    assert records[:3] + records[4:] == reference[:3] + reference[4:]
    assert [f.index for f in summary.failures] == [3] and summary.completed == 7


def test_a_worker_killed_from_outside_costs_no_game(tmp_path: Path) -> None:
    out = tmp_path / "run"
    process, workers = start_batch(out, games=40)
    workers[0].kill()
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    records = read_records(out / "games.jsonl")
    assert sorted(r["index"] for r in records) == list(range(40))
    assert not [r for r in records if r["error"]]


def test_a_worker_killed_while_it_waits_for_its_next_game_costs_no_game() -> None:
    """A worker killed from outside between two games (its last record sent, its next game not yet handed over) is
    replaced, and the game it would have played goes to another: no game lost, none recorded as failed."""
    agents = (("government", "random"), ("reds", "random"), ("liberals", "random"))
    records = run_pool((GameTask(i, BATCH_SEED, TINY, "", agents) for i in range(6)), jobs=2)
    others = {child.pid for child in psutil.Process().children()}  # (the pool starts its workers at the first game)
    first = next(records)  # the pool waits here, right after the worker that played it went idle
    for worker in psutil.Process().children():
        if worker.pid in others:
            continue
        worker.kill()  # every worker of the pool, the idle one among them
        worker.wait(timeout=GONE_WITHIN_S)
    rest = list(records)
    assert sorted(r["index"] for r in [first, *rest]) == list(range(6))
    assert not [r for r in rest if r.get("error")]


def test_a_worker_killed_mid_game_is_replaced_even_when_something_else_reaps_it(tmp_path: Path) -> None:
    """In a program that ignores SIGCHLD, the system reaps a dead worker at once, and the pool can never learn its
    exit status: the pool still learns of the death, by the process's sentinel, plays the game again on a new worker
    and goes on, rather than waiting for ever on a process that can no longer tell it has ended."""
    marker = _DOOMED["marker"] = tmp_path / "stalled"
    agents = (("government", "random"), ("reds", "random"), ("liberals", "random"))
    tasks = [GameTask(i, BATCH_SEED, TINY, "", agents, measure=stalls_once_probe) for i in range(3)]
    others = {child.pid for child in psutil.Process().children()}
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # (only this test's pool has children meanwhile)
    try:
        records = run_pool(iter(tasks), jobs=1)
        played: list[dict[str, Any]] = []
        consumer = threading.Thread(target=lambda: played.extend(records), daemon=True)
        consumer.start()
        deadline = time.monotonic() + GONE_WITHIN_S
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert marker.exists(), "the first game never reached its end"
        (worker,) = [child for child in psutil.Process().children() if child.pid not in others]
        worker.kill()  # in the middle of its game
        consumer.join(timeout=3 * GONE_WITHIN_S)
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert not consumer.is_alive(), "the pool never noticed its worker had died"
    assert sorted(r["index"] for r in played) == [0, 1, 2]
    assert not [r for r in played if r.get("error")]
