"""`games.jsonl`: one JSON line per finished game, appended and flushed at once, so a batch that is stopped
(Ctrl-C, a signal, a killed machine) leaves every finished game on disk and `--resume` can carry on from there.

Read back, the file is untrusted: each line is bounded in size, parsed with the parser's depth limit caught, and
checked to hold every field a summary reads, each of the right kind. Only the last line may be torn (it has no
line end: the writer was killed while writing it); it is left out, and cut before the next append.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from petrograd1917 import jsonfile
from petrograd1917.batch.errors import BatchError

TIMING_FIELDS = ("duration_s",)  # the only fields that differ between two runs of the same batch
MAX_LINE_BYTES = 1 << 20  # a game's record, traceback included, is a few kilobytes
MAX_INDEX = 10**9  # above any batch's size
MAX_SEED = 2**64  # game seeds are 63-bit, batch seeds bounded when a batch starts
RECORD_BOUNDS = jsonfile.Bounds(MAX_LINE_BYTES, max_depth=16)  # a record nests 3 levels deep (game, scores, key)


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every record in the file, each checked (BatchError names the line of the first that is not a record);
    a torn last line is left out."""
    records: list[dict[str, Any]] = []
    if not path.exists():
        return records
    with open_regular(path) as lines:
        for number, line in enumerate(iter(lambda: lines.readline(MAX_LINE_BYTES + 1), b""), 1):
            if not line.endswith(b"\n"):
                if len(line) > MAX_LINE_BYTES:
                    raise BatchError(f"{path.name} line {number}: longer than a game's record can be")
                break  # torn: only the last line can end without a line end
            records.append(parse_record(line, f"{path.name} line {number}"))
    return records


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading if it is a regular file; a pipe or device is refused without waiting on it."""
    try:
        return os.fdopen(jsonfile.open_regular(path, path.name), "rb")
    except jsonfile.JsonFileError as error:
        raise BatchError(str(error)) from None


def parse_record(line: bytes, where: str) -> dict[str, Any]:
    """One line of games.jsonl as a checked record."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BatchError(f"{where}: not UTF-8 text (at byte {error.start + 1})") from None
    try:
        record = jsonfile.parse_json(text, RECORD_BOUNDS, where)
    except jsonfile.JsonFileError:  # its place inside a one-line text would only confuse: the line number says it
        raise BatchError(f"{where}: not a JSON record of a game") from None
    problem = record_problem(record)
    if problem is not None:
        raise BatchError(f"{where}: {problem}")
    assert isinstance(record, dict)
    return record


def _count(value: Any, bound: int = MAX_INDEX) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < bound


def _number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) < 2**53
    return isinstance(value, float) and math.isfinite(value)


def _map_of(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, dict) and all(isinstance(k, str) and check(v) for k, v in value.items())


def _text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


_EVERY_RECORD: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
    ("index", _count, "a game number"),
    ("seed", lambda v: _count(v, MAX_SEED), "a seed"),
    ("agents", _map_of(lambda v: isinstance(v, str)), "factions with their agents"),
    ("error", _text_or_none, "an error message or null"),
    ("duration_s", lambda v: _number(v) and v >= 0, "a duration in seconds"),
)
_FINISHED_GAME: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
    ("winner", _text_or_none, "a faction or null"),
    ("scores", _map_of(_number), "factions with their scores"),
    ("turns", _count, "a number of turns"),
    ("key_events", _map_of(_count), "key events with their turns"),
)


def record_problem(record: Any) -> str | None:
    """What is wrong with a game's record, or None: every field a summary reads, of the right kind."""
    if not isinstance(record, dict):
        return "not the record of a game (a JSON object)"
    fields = _EVERY_RECORD if record.get("error") is not None else _EVERY_RECORD + _FINISHED_GAME
    for key, check, what in fields:
        if key not in record:
            return f"the record has no '{key}'"
        if not check(record[key]):
            return f"'{key}' is not {what}"
    return None


def repair_tail(path: Path, block: int = 1 << 16) -> None:
    """Cut a torn last line, so the next append starts on a line of its own (reads only the file's end)."""
    if not path.exists():
        return
    with path.open("r+b") as fh:
        size = end = fh.seek(0, os.SEEK_END)
        while end > 0:
            start = max(0, end - block)
            fh.seek(start)
            chunk = fh.read(end - start)
            if end == size and chunk.endswith(b"\n"):
                return
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                fh.truncate(start + cut + 1)
                return
            end = start
        fh.truncate(0)


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
