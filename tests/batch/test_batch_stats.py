"""The numbers a batch reports: Wilson intervals, the summary of records, the printed table, the record file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from petrograd1917.batch.progress import Progress
from petrograd1917.batch.records import RecordWriter, read_records
from petrograd1917.batch.stats import format_table, summarize, wilson


def test_wilson_matches_a_known_interval() -> None:
    low, high = wilson(81, 263)  # the textbook example (Wilson 1927 / Newcombe 1998): 0.2553 .. 0.3662
    assert low == pytest.approx(0.2553, abs=1e-4)
    assert high == pytest.approx(0.3662, abs=1e-4)


def test_wilson_stays_inside_zero_one_at_the_edges() -> None:
    assert wilson(0, 10)[0] == 0.0 and 0.0 < wilson(0, 10)[1] < 0.35
    assert wilson(10, 10)[1] == 1.0 and 0.65 < wilson(10, 10)[0] < 1.0
    assert wilson(0, 0) == (0.0, 1.0)


def record(index: int, winner: str | None, turns: int, events: dict[str, int] | None = None) -> dict[str, object]:
    return {
        "index": index,
        "seed": 1000 + index,
        "agents": {"a": "random", "b": "heuristic"},
        "winner": winner,
        "scores": {"a": 1.0, "b": 0.0},
        "turns": turns,
        "key_events": events or {},
        "error": None,
        "duration_s": 0.01,
    }


def test_summary_counts_wins_draws_failures_and_event_timing() -> None:
    records = [
        record(0, "a", 4, {"rising": 2}),
        record(1, "b", 6),
        record(2, None, 8, {"rising": 4}),
        record(3, "a", 6),
        {"index": 4, "seed": 1004, "error": "ValueError: boom", "traceback": "...", "duration_s": 0.0},
    ]
    summary = summarize(records, ["a", "b"], "test", {"a": "random", "b": "heuristic"}, ["rising", "never"])
    assert summary.games == 5 and summary.completed == 4
    assert summary.wins["a"].count == 2 and summary.wins["a"].rate == 0.5
    assert summary.wins["b"].count == 1 and summary.draws.count == 1
    assert summary.mean_turns == 6.0 and summary.median_turns == 6.0
    assert summary.key_events["rising"].share.count == 2 and summary.key_events["rising"].mean_turn == 3.0
    assert summary.key_events["never"].share.count == 0 and summary.key_events["never"].mean_turn is None
    assert [(f.index, f.error) for f in summary.failures] == [(4, "ValueError: boom")]
    assert "records" not in summary.to_json()
    json.dumps(summary.to_json())  # JSON-ready
    table = format_table(summary)
    assert "50.0%" in table and "failed: game 4 (seed 1004): ValueError: boom" in table


def test_summary_does_not_depend_on_record_order() -> None:
    records = [record(i, "ab"[i % 2], 3 + i % 4) for i in range(10)]
    assert summarize(records, ["a", "b"]).to_json() == summarize(records[::-1], ["a", "b"]).to_json()


def test_a_torn_last_line_is_ignored_and_cut_before_the_next_append(tmp_path: Path) -> None:
    path = tmp_path / "games.jsonl"
    writer = RecordWriter(path)
    writer.write(record(0, "a", 3))
    writer.close()
    with path.open("a") as fh:
        fh.write('{"index": 1, "seed": 10')  # the writer was killed mid-line
    assert [r["index"] for r in read_records(path)] == [0]
    writer = RecordWriter(path)
    writer.write(record(2, "b", 5))
    writer.close()
    assert [r["index"] for r in read_records(path)] == [0, 2]
    assert all(json.loads(line) for line in path.read_text().splitlines())


def test_progress_line_shows_counts_rate_and_eta() -> None:
    stream = io.StringIO()
    progress = Progress(10, already=4, stream=stream)
    for _ in range(6):
        progress.advance(failed=False)
    progress.close()
    out = stream.getvalue()
    assert "10/10 games" in out and "ETA" in out and "games/s" in out
    assert out.count("\n") == 1  # not a terminal: one line at the end, not one per game
