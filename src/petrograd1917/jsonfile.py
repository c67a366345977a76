"""Reading JSON the game did not write itself (saves, replays, settings, batch folders) within fixed bounds.

A file from elsewhere may be huge, nested a hundred thousand levels deep, a FIFO that never ends, or full of numbers
no game quantity can be. Every bound is checked before or while parsing, never after a parser has already run out
of stack or memory, and every refusal is a `JsonFileError` with a one-line message in the game's own words.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_DIGITS = 20  # an integer literal longer than this is no count, seed or amount the game uses (2**64 has 20)


class JsonFileError(ValueError):
    """A file that is not JSON within the bounds; the message names the file and says what is wrong."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """How much a kind of file may hold: its size in bytes and how deeply its arrays and objects may nest."""

    max_bytes: int
    max_depth: int = 32
    allow_non_finite: bool = False  # NaN and infinities as numbers (settings take them and check per key)


def open_regular(path: str | os.PathLike[str], shown: str) -> int:
    """A read-only descriptor of `path` if it is a regular file. A folder, FIFO, device or dangling link is refused
    without waiting on it (the file is opened non-blocking and checked with fstat before any read)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise JsonFileError(f"{shown}: no such file (or a link to a file that is gone)") from None
    except IsADirectoryError:
        raise JsonFileError(f"{shown}: is a folder, not a file") from None
    except OSError as error:
        raise JsonFileError(f"{shown}: cannot be read ({_reason(error)})") from None
    try:
        mode = os.fstat(descriptor).st_mode
    except OSError as error:
        os.close(descriptor)
        raise JsonFileError(f"{shown}: cannot be read ({_reason(error)})") from None
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a pipe, socket or device)"
        raise JsonFileError(f"{shown}: is {what}, not a file the game reads")
    return descriptor


def read_bytes(path: str | os.PathLike[str], max_bytes: int, name: str | None = None) -> bytes:
    """The bytes of a regular file (see `open_regular`) of at most `max_bytes`."""
    shown = name if name is not None else os.fspath(path)
    descriptor = open_regular(path, shown)
    try:
        info = os.fstat(descriptor)
        if info.st_size > max_bytes:
            raise JsonFileError(f"{shown}: {_size(info.st_size)} is far too large (at most {_size(max_bytes)})")
        chunks: list[bytes] = []
        left = max_bytes + 1  # one byte more than allowed tells a file that grew while being read
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise JsonFileError(f"{shown}: cannot be read ({_reason(error)})") from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise JsonFileError(f"{shown}: far too large (more than {_size(max_bytes)})")
    return data


def read_json(path: str | os.PathLike[str], bounds: Bounds, name: str | None = None) -> Any:
    """A JSON file read and parsed within `bounds`."""
    shown = name if name is not None else os.fspath(path)
    return parse_json(read_bytes(path, bounds.max_bytes, shown), bounds, shown)


def parse_json(raw: bytes | str, bounds: Bounds, name: str) -> Any:
    """Parse JSON text after checking its size and nesting; numbers must be finite (unless allowed) and integers
    at most MAX_DIGITS digits long."""
    if len(raw) > bounds.max_bytes:
        raise JsonFileError(f"{name}: far too large (more than {_size(bounds.max_bytes)})")
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise JsonFileError(f"{name}: not UTF-8 text (at byte {error.start})") from None
    else:
        text = raw
    if not text.strip():
        raise JsonFileError(f"{name}: the file is empty")
    check_depth(text, bounds.max_depth, name)
    try:
        return json.loads(
            text,
            parse_int=_integer,
            parse_float=_finite_float if not bounds.allow_non_finite else float,
            parse_constant=_no_constant if not bounds.allow_non_finite else float,
        )
    except _BadNumber as error:
        raise JsonFileError(f"{name}: {error}") from None
    except json.JSONDecodeError as error:
        raise JsonFileError(f"{name}: {describe_break(text, error.pos)}") from None
    except RecursionError:  # cannot happen after check_depth; kept so no parser limit ever escapes as a traceback
        raise JsonFileError(f"{name}: nested too deeply") from None


_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_STRUCTURE = re.compile(_STRING + r"?|[\[\]{}]", re.DOTALL)
_WHOLE_STRING = re.compile(_STRING, re.DOTALL)


def check_depth(text: str, max_depth: int, name: str) -> None:
    """Refuse arrays and objects nested more than `max_depth` deep, counting brackets outside strings (a scan at
    regular-expression speed, before the parser could recurse)."""
    if text.count("[") + text.count("{") <= max_depth:
        return
    depth = 0
    for match in _STRUCTURE.finditer(text):
        mark = match.group()
        if mark in ("[", "{"):
            depth += 1
            if depth > max_depth:
                line, column = line_and_column(text, match.start())
                raise JsonFileError(f"{name}: nested more than {max_depth} levels deep (line {line}, column {column})")
        elif mark in ("]", "}"):
            depth -= 1


def describe_break(text: str, position: int) -> str:
    """Where JSON text stops making sense, told apart: cut short (nothing but an unfinished value until the end)
    or broken at a place in the middle."""
    line, column = line_and_column(text, position)
    unclosed_string = text.startswith('"', position) and not _WHOLE_STRING.match(text, position)
    if position >= len(text.rstrip()) or unclosed_string:
        return f"truncated: the file ends in the middle of its content (line {line}, column {column})"
    if _ends_early(text, position):
        return f"broken at line {line}, column {column}: text follows where the content should have ended"
    return f"broken at line {line}, column {column}: this is not valid JSON there"


def _ends_early(text: str, position: int) -> bool:
    """True when a complete value ends before `position` (the JSON error 'extra data')."""
    try:
        json.JSONDecoder().raw_decode(text[:position].rstrip() or " ")
    except (ValueError, RecursionError):
        return False
    return True


def line_and_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


class _BadNumber(ValueError):
    pass


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _BadNumber(f"the number {digits[:12]}… ({len(digits)} digits) is far too large for any game value")
    return int(digits)


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _BadNumber(f"the number {literal[:24]} is too large to be a number the game uses")
    return value


def _no_constant(word: str) -> Any:
    raise _BadNumber(f"'{word}' is not a number a file of the game may hold")


def _size(count: int) -> str:
    if count >= 1 << 20:
        return f"{count / (1 << 20):.0f} MB"
    if count >= 1 << 10:
        return f"{count / (1 << 10):.0f} kB"
    return f"{count} bytes"


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a link that loops"
    return error.strerror or type(error).__name__


def is_regular_file(path: Path) -> bool:
    """A regular file (following links), without opening it: a folder listing's first, cheap filter."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False
