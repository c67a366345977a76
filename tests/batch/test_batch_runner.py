"""The batch runner: results independent of workers and executor, resumable, failures recorded, Ctrl-C safe."""

from __future__ import annotations

import gc
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import TINY, as_from_a_terminal, comparable, stop_midway

from petrograd1917.batch import tasks
from petrograd1917.batch.records import read_records
from petrograd1917.batch.runner import BatchConfig, BatchError, run_batch
from petrograd1917.batch.tasks import game_seed
from petrograd1917.cli import main
from petrograd1917.scenario.loader import load_scenario

AGENTS = {"reds": "heuristic:plain"}


def config(out: Path | None, games: int = 8, **kw: Any) -> BatchConfig:
    fields: dict[str, Any] = {"seed": 11, "jobs": 1, "agents": AGENTS, "default_agent": "random", "progress": False}
    fields.update(kw)
    return BatchConfig(TINY, games, out=out, **fields)


def turns_probe(state: Any) -> dict[str, Any]:
    """A per-game probe (module level: executors send it to workers by reference)."""
    return {"turn": state.turn, "log_lines": len(state.log)}


def broken_probe(state: Any) -> dict[str, Any]:
    """Breaks on the games whose log has an even number of lines: some of the batch, known from the reference."""
    if len(state.log) % 2 == 0:
        raise ValueError("probe broke on purpose")
    return turns_probe(state)


def interrupting_probe(state: Any) -> dict[str, Any]:
    """Ctrl-C in the middle of a game: a KeyboardInterrupt is no game failure, it stops the batch."""
    if _INTERRUPT_AFTER["games"] <= 0:
        raise KeyboardInterrupt
    _INTERRUPT_AFTER["games"] -= 1
    return turns_probe(state)


_INTERRUPT_AFTER = {"games": 5}  # in-process (jobs=1) only


@pytest.fixture(scope="module")
def reference() -> list[dict[str, Any]]:
    return comparable(run_batch(config(None, measure=turns_probe)).records)


def test_results_do_not_depend_on_the_number_of_workers(tmp_path: Path, reference: list[dict[str, Any]]) -> None:
    summary = run_batch(config(tmp_path, jobs=2, measure=turns_probe))
    assert summary.completed == 8
    assert comparable(read_records(tmp_path / "games.jsonl")) == reference
    assert [r["seed"] for r in reference] == [game_seed(11, i) for i in range(8)]
    assert len({r["seed"] for r in reference}) == 8


def test_results_are_the_same_on_a_local_dask_cluster(reference: list[dict[str, Any]]) -> None:
    pytest.importorskip("distributed")
    summary = run_batch(config(None, jobs=2, scheduler="local", measure=turns_probe))
    assert comparable(summary.records) == reference


def test_a_failing_game_is_recorded_with_its_traceback_and_the_rest_complete(
    tmp_path: Path, reference: list[dict[str, Any]]
) -> None:
    breaking = {r["index"] for r in reference if r["extra"]["log_lines"] % 2 == 0}
    assert 0 < len(breaking) < 8, "the fixed seeds should break some games and not others"
    summary = run_batch(config(tmp_path, jobs=2, measure=broken_probe))
    records = {r["index"]: r for r in read_records(tmp_path / "games.jsonl")}
    assert sorted(records) == list(range(8))
    for i in breaking:
        assert records[i]["error"] == "ValueError: probe broke on purpose"
        assert "broken_probe" in records[i]["traceback"] and records[i]["seed"] == game_seed(11, i)
    assert all(records[i]["error"] is None and "winner" in records[i] for i in records if i not in breaking)
    assert summary.completed == 8 - len(breaking) and [f.index for f in summary.failures] == sorted(breaking)


def test_resume_after_an_interruption_completes_the_set_without_duplicates(
    tmp_path: Path, reference: list[dict[str, Any]]
) -> None:
    _INTERRUPT_AFTER["games"] = 5
    first = run_batch(config(tmp_path, measure=interrupting_probe))
    assert first.interrupted and first.games == 5
    path = tmp_path / "games.jsonl"
    with path.open("a") as fh:
        fh.write('{"index": 6, "seed": ')  # and the machine died mid-line
    second = run_batch(config(tmp_path, measure=turns_probe, resume=True))
    lines = path.read_text().splitlines()
    assert len(lines) == 8 and all(json.loads(line) for line in lines)
    assert comparable(read_records(path)) == reference
    assert not second.interrupted and second.completed == 8
    again = run_batch(config(tmp_path, measure=turns_probe, resume=True))  # nothing left: nothing added
    assert again.completed == 8 and len(path.read_text().splitlines()) == 8


def test_resume_extends_a_batch_with_the_seeds_a_longer_run_would_have_had(tmp_path: Path) -> None:
    run_batch(config(tmp_path, games=3))
    run_batch(config(tmp_path, games=6, resume=True))
    longer = run_batch(config(None, games=6))
    assert comparable(read_records(tmp_path / "games.jsonl")) == comparable(longer.records)


def test_a_directory_holding_a_batch_is_not_overwritten_or_mixed(tmp_path: Path) -> None:
    run_batch(config(tmp_path, games=2))
    with pytest.raises(BatchError, match="add --resume"):
        run_batch(config(tmp_path, games=2))
    with pytest.raises(BatchError, match="another seed"):
        run_batch(config(tmp_path, games=2, seed=12, resume=True))


def test_bad_agents_and_factions_are_refused_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(BatchError, match="did you mean 'reds'"):
        run_batch(config(tmp_path, agents={"redz": "random"}))
    with pytest.raises(BatchError, match="unknown agent 'heurstic'"):
        run_batch(config(tmp_path, default_agent="heurstic"))
    assert not (tmp_path / "games.jsonl").exists()


def test_the_command_prints_the_table_and_writes_summary_and_charts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    args = ["batch", TINY, "--games", "6", "--jobs", "1", "--seed", "3", "--out", str(out)]
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--default-ai", "random", "--ai", "reds=heuristic", "--plot", "--quiet"])
    assert exit_info.value.code == 0
    printed = capsys.readouterr().out
    assert "win rate [95% interval]" in printed and "reds" in printed and "heuristic" in printed
    summary = json.loads((out / "summary.json").read_text())
    assert summary["completed"] == 6 and summary["agents"]["reds"] == "heuristic"
    for chart in ("win_rates.png", "game_lengths.png", "key_events.png"):
        assert (out / chart).read_bytes().startswith(b"\x89PNG")


def test_ctrl_c_on_the_command_leaves_whole_lines_and_resume_finishes(tmp_path: Path) -> None:
    out = tmp_path / "run"
    batch = [sys.executable, "-m", "petrograd1917", "batch", TINY, "--games", "100", "--jobs", "2", "--out", str(out)]
    command = [*batch, "--default-ai", "heuristic:plain", "--seed", "5"]  # slow enough to stop midway
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=as_from_a_terminal
    )
    games = out / "games.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not games.exists() or games.read_text().count("\n") < 10):
        time.sleep(0.05)
    stop_midway(process, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "--resume" in err and "Traceback" not in err
    lines = games.read_text().splitlines()
    assert 10 <= len(lines) < 100 and all(json.loads(line) for line in lines)
    # Resuming needs only the directory: seed and agents come from the batch it holds.
    resume = [*batch, "--resume", "--quiet"]
    done = subprocess.run(resume, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    records = read_records(games)
    assert sorted(r["index"] for r in records) == list(range(100))


def test_a_batch_process_keeps_its_scenario_out_of_the_collectors_walks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that plays game after game holds its scenario for its whole life: once it has it, no garbage
    collection walks the scenario again (frozen: in none of the collector's generations); and its youngest
    generation waits for `GAME_GENERATION` allocations, the older ones as before."""
    monkeypatch.setattr(tasks, "_SCENARIOS", {})  # (this process's scenarios stay as they were)
    scenario = load_scenario(TINY)
    assert gc.is_tracked(scenario)
    thresholds = gc.get_threshold()
    gc.unfreeze()
    try:
        tasks.cache_scenario(TINY, scenario)
        assert gc.get_freeze_count() > 0
        assert all(held is not scenario for held in gc.get_objects())
        assert gc.get_threshold() == (tasks.GAME_GENERATION, *thresholds[1:])
    finally:
        gc.unfreeze()  # (the test process is no batch: give the collector back what it froze, and its pace)
        gc.set_threshold(*thresholds)
