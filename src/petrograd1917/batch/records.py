"""`games.jsonl`: one JSON line per finished game, appended and flushed at once, so a batch that is interrupted
(Ctrl-C, a killed machine) leaves every finished game on disk and `--resume` can carry on from there."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO

TIMING_FIELDS = ("duration_s",)  # the only fields that differ between two runs of the same batch


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every whole record in the file; a torn last line (the writer was killed mid-write) is ignored."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and "index" in record:
            records.append(record)
    return records


def repair_tail(path: Path) -> None:
    """Cut a torn last line, so the next append starts on a line of its own."""
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with path.open("r+b") as fh:
            fh.truncate(data.rfind(b"\n") + 1)


def record_key(record: dict[str, Any]) -> tuple[int, int]:
    return int(record["index"]), int(record["seed"])


class RecordWriter:
    """Appends one line per record, each written whole and flushed to the OS before the next game is awaited."""

    def __init__(self, path: Path) -> None:
        repair_tail(path)
        self._fh: TextIO = path.open("a", encoding="utf-8")

    def write(self, record: dict[str, Any]) -> None:
        self._fh.write(json.dumps(record, sort_keys=True) + "\n")
        self._fh.flush()

    def close(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
