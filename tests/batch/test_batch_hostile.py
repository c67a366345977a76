"""Hostile batch folders: whatever games.jsonl and batch.json hold, `--resume` either carries on the batch or
refuses with the project's own message (a BatchError), never a traceback, never a mixed folder."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import TINY, comparable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petrograd1917.batch.errors import BatchError
from petrograd1917.batch.records import read_records
from petrograd1917.batch.runner import BatchConfig, run_batch

GAMES = 3


def config(out: Path | None, **kw: Any) -> BatchConfig:
    return BatchConfig(TINY, GAMES, seed=4, jobs=1, default_agent="random", out=out, progress=False, **kw)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "run"
    run_batch(config(out))
    return out


@pytest.fixture(scope="module")
def reference() -> list[dict[str, Any]]:
    return comparable(run_batch(config(None)).records)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
FILES = st.sampled_from(["games.jsonl", "batch.json"])


@st.composite
def damage(draw: st.DrawFn) -> tuple[str, str, Any]:
    """One hostile change: (file, kind, what). Kinds: new bytes for a line or the file, a cut, a key set to any
    JSON value or removed, the file deleted."""
    name = draw(FILES)
    kind = draw(st.sampled_from(["line bytes", "file bytes", "cut", "set key", "drop key", "delete"]))
    if kind in ("line bytes", "file bytes"):
        return name, kind, (draw(st.integers(0, GAMES)), draw(st.binary(max_size=64)))
    if kind == "cut":
        return name, kind, draw(st.integers(0, 2000))
    if kind in ("set key", "drop key"):
        key = draw(
            st.sampled_from(
                [
                    "index",
                    "seed",
                    "agents",
                    "winner",
                    "turns",
                    "scores",
                    "key_events",
                    "error",
                    "duration_s",
                    "scenario_hash",
                    "rotation",
                    "extra",
                ]
            )
        )
        return name, kind, (draw(st.integers(0, GAMES - 1)), key, draw(JSON))
    return name, kind, None


def spoil(out: Path, name: str, kind: str, what: Any) -> None:
    """Apply one change to a file of the folder (a change that no longer fits the file, such as setting a key in
    a line that is no longer JSON, is skipped)."""
    path = out / name
    if not path.exists():
        return
    data = path.read_bytes()
    lines = data.splitlines(keepends=True)
    if kind == "delete":
        path.unlink()
    elif kind == "cut":
        path.write_bytes(data[: what % (len(data) + 1)])
    elif kind == "file bytes":
        path.write_bytes(what[1])
    elif kind == "line bytes" and lines:
        row, raw = what
        lines[row % len(lines)] = raw + (b"\n" if row % 2 else b"")
        path.write_bytes(b"".join(lines))
    elif kind in ("set key", "drop key") and lines:
        row, key, value = what
        row = 0 if name == "batch.json" else row % len(lines)
        try:
            target = json.loads(data if name == "batch.json" else lines[row])
        except ValueError:
            return
        if not isinstance(target, dict):
            return
        if kind == "set key":
            target[key] = value
        else:
            target.pop(key, None)
        if name == "batch.json":
            path.write_text(json.dumps(target))
        else:
            lines[row] = json.dumps(target).encode() + b"\n"
            path.write_bytes(b"".join(lines))


@given(changes=st.lists(damage(), min_size=1, max_size=3))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_resume_of_a_hostile_folder_carries_on_or_refuses_in_our_words(
    template: Path, reference: list[dict[str, Any]], changes: list[tuple[str, str, Any]]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "run"
        shutil.copytree(template, out)
        for name, kind, what in changes:
            spoil(out, name, kind, what)
        try:
            summary = run_batch(config(out, resume=True))
        except BatchError as error:
            assert str(error) and "Traceback" not in str(error)
            return
        # Carried on: the folder holds this batch's games, each once, with this batch's seeds and agents (a value
        # changed into another valid one, such as a number of turns, cannot be told from the real one).
        assert summary.games == summary.completed + len(summary.failures) == GAMES
        recorded = comparable(read_records(out / "games.jsonl"))
        assert [r["index"] for r in recorded] == list(range(GAMES))
        assert [(r["seed"], r["agents"]) for r in recorded] == [(r["seed"], r["agents"]) for r in reference]
