"""A batch folder is used by one batch at a time, and `--resume` carries on only the batch the folder holds:
damaged or foreign files are refused with the project's message, never a traceback, never mixed in."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import STOP_AFTER, TINY, alive, comparable, start_batch, stopping_probe

from petrograd1917.batch.errors import BatchError
from petrograd1917.batch.records import read_records
from petrograd1917.batch.runner import MAX_GAMES, BatchConfig, run_batch
from petrograd1917.cli import main

AGENTS = {"reds": "heuristic:plain"}


def config(out: Path | None, games: int = 4, **kw: Any) -> BatchConfig:
    fields: dict[str, Any] = {"seed": 11, "jobs": 1, "agents": AGENTS, "default_agent": "random", "progress": False}
    fields.update(kw)
    return BatchConfig(TINY, games, out=out, **fields)


def test_a_folder_in_use_refuses_a_second_batch_and_a_resume(tmp_path: Path) -> None:
    out = tmp_path / "run"
    process, workers = start_batch(out)
    try:
        with pytest.raises(BatchError, match=f"in use by another batch \\(process {process.pid}"):
            run_batch(config(out, resume=True))
        with pytest.raises(BatchError, match="in use by another batch"):
            run_batch(config(out))
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.communicate(timeout=60)
    assert not alive(workers)
    indices = [r["index"] for r in read_records(out / "games.jsonl")]
    assert len(indices) == len(set(indices)), "no game was played twice"


def test_the_lock_of_a_killed_batch_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "run"
    process, workers = start_batch(out, games=30)
    process.kill()
    process.wait(timeout=60)
    assert not alive(workers)
    assert (out / "batch.lock").exists()  # left behind by the killed batch
    resume = [sys.executable, "-m", "petrograd1917", "batch", TINY, "--games", "30", "--jobs", "1"]
    done = subprocess.run([*resume, "--out", str(out), "--resume", "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    indices = sorted(r["index"] for r in read_records(out / "games.jsonl"))
    assert indices == list(range(30))
    assert not (out / "batch.lock").exists()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A finished batch of 4 games, to be damaged by the tests."""
    out = tmp_path / "run"
    run_batch(config(out))
    return out


def rewrite_line(out: Path, number: int, change: Any) -> None:
    path = out / "games.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    lines[number] = change(lines[number])
    path.write_bytes(b"".join(lines))


def edit_record(edit: Any) -> Any:
    def change(line: bytes) -> bytes:
        record = json.loads(line)
        edit(record)
        return json.dumps(record).encode() + b"\n"

    return change


DAMAGE = {
    "index not a whole number": (
        lambda out: rewrite_line(out, 1, edit_record(lambda r: r.update(index="1"))),
        "games.jsonl line 2: 'index' is not a game number",
    ),
    "a finished game without its turns": (
        lambda out: rewrite_line(out, 2, edit_record(lambda r: r.pop("turns"))),
        "games.jsonl line 3: the record has no 'turns'",
    ),
    "bytes that are not UTF-8": (
        lambda out: rewrite_line(out, 0, lambda line: line[:10] + b"\xff\xfe" + line[10:]),
        "games.jsonl line 1: not UTF-8 text",
    ),
    "a line that is no JSON": (
        lambda out: rewrite_line(out, 1, lambda line: line[:-10] + b"\n"),
        "games.jsonl line 2: not a JSON record",
    ),
    "nesting past any limit": (
        lambda out: rewrite_line(out, 1, lambda line: b"[" * 100_000 + b"]" * 100_000 + b"\n"),
        "games.jsonl line 2: not a JSON record",
    ),
    "batch.json cut short": (
        lambda out: (out / "batch.json").write_bytes((out / "batch.json").read_bytes()[:40]),
        "batch.json is damaged",
    ),
    "batch.json deleted": (
        lambda out: (out / "batch.json").unlink(),
        "batch.json is missing",
    ),
    "batch.json with a seed that is no number": (
        lambda out: (out / "batch.json").write_text(
            json.dumps({**json.loads((out / "batch.json").read_text()), "seed": "11"})
        ),
        "'seed' is missing or not a seed",
    ),
    "batch.json of the engine's older rules": (
        lambda out: (out / "batch.json").write_text(
            json.dumps({**json.loads((out / "batch.json").read_text()), "rules": 1})
        ),
        "played under the engine's rules 1 and this version plays rules",
    ),
    "batch.json written before the rules were numbered": (
        lambda out: (out / "batch.json").write_text(
            json.dumps({k: v for k, v in json.loads((out / "batch.json").read_text()).items() if k != "rules"})
        ),
        "played under the engine's rules 1",
    ),
    "a game of another batch": (
        lambda out: rewrite_line(out, 3, edit_record(lambda r: r["agents"].update(reds="random"))),
        "holds games of another batch",
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_folder_is_refused_on_resume_with_the_reason(folder: Path, damage: str) -> None:
    spoil, message = DAMAGE[damage]
    spoil(folder)
    before = (folder / "games.jsonl").read_bytes()
    with pytest.raises(BatchError, match=message.replace("(", "\\(").replace(")", "\\)")):
        run_batch(config(folder, games=6, resume=True))
    assert (folder / "games.jsonl").read_bytes() == before  # nothing added, nothing cut


def test_the_command_reports_a_damaged_folder_in_one_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "batch.json").write_bytes(b"\x80\x81 not even text")
    assert main_code(["batch", TINY, "--games", "6", "--out", str(folder), "--resume", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("batch: cannot resume") and "not UTF-8" in err and "Traceback" not in err


def test_a_torn_last_line_is_still_tolerated(folder: Path) -> None:
    reference = comparable(run_batch(config(None, games=6)).records)
    with (folder / "games.jsonl").open("ab") as fh:
        fh.write(b'{"index": 4, "seed": 12')
    run_batch(config(folder, games=6, resume=True))
    assert comparable(read_records(folder / "games.jsonl")) == reference


def main_code(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return int(exit_info.value.code or 0)


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["batch", TINY, "--games", "1000000000"], 2, "--games"),
        (["batch", TINY, "--games", "-3"], 2, "--games"),
        (["batch", TINY, "--seed", "-1"], 2, "--seed"),
        (["batch", TINY, "--jobs", "0"], 2, "--jobs"),
        (["batch", TINY, "--scheduler", "not a url"], 1, "not a scheduler address"),
        (["tournament", TINY, "--agents", "random,heuristic", "--seed", "-1"], 2, "--seed"),
        (["bench", "--games", "0"], 2, "--games"),
    ],
)
def test_impossible_options_get_a_clear_error(
    argv: list[str], code: int, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main_code([*argv, "--quiet"]) == code
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


def test_a_billion_games_are_refused_at_once_in_a_real_process() -> None:
    command = [sys.executable, "-m", "petrograd1917", "batch", TINY, "--games", "1000000000", "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "at most" not in done.stdout
    assert "--games" in done.stderr and "Traceback" not in done.stderr


def test_the_largest_batch_starts_at_once_in_flat_memory() -> None:
    """Tasks are made as games start: a batch of the most games allowed holds a handful of them at a time."""
    STOP_AFTER["games"] = 2
    tracemalloc.start()
    try:
        summary = run_batch(config(None, games=MAX_GAMES, measure=stopping_probe))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert summary.interrupted and summary.games == 2
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.0f} MB"


def test_a_worker_whose_engine_plays_other_rules_records_the_game_as_failed_and_the_batch_goes_on() -> None:
    from dataclasses import replace

    from petrograd1917.batch.tasks import GameTask, play_task
    from petrograd1917.engine.state import RULES

    task = GameTask(0, 11, TINY, "", (("government", "random"), ("reds", "random"), ("liberals", "random")))
    assert not play_task(task).get("error")
    record = play_task(replace(task, rules=RULES - 1))
    assert "plays the engine's rules" in record["error"] and f"rules {RULES - 1}" in record["error"]
