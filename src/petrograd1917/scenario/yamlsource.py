"""Read one YAML file as untrusted data and keep the position of every value.

Only the YAML event stream is used (libyaml when available): nodes are composed here, then turned into the located
values below, so no tag can build a Python object and every scalar, list and mapping remembers where it was
written. Everything that can go wrong — bad bytes, tabs, syntax, unknown tags, duplicate keys, alias bombs, deep
nesting, huge files — becomes a located `ScenarioError`, never a traceback or a hang.
"""

from __future__ import annotations

import math
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from petrograd1917.scenario.errors import Diagnostic, ScenarioError
from petrograd1917.scenario.model import Location

MAX_FILE_BYTES = 5 * 1024 * 1024  # a full historical scenario is well under 200 kB
MAX_VALUES = 200_000  # values after expanding aliases: stops "billion laughs" long before memory or time suffer
MAX_DEPTH = 64  # nesting of lists and mappings; the deepest real scenario value is about 8 levels down

ScalarValue = str | int | float | bool | None | date | datetime
# What YAML counts as a line break (so do the parser's marks): a modder's editor may write any of them.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(slots=True)
class ValueBudget:
    """Values left to read for one scenario: shared by the file and every file it extends or includes."""

    remaining: int = MAX_VALUES


_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


@dataclass(frozen=True, slots=True)
class Scalar:
    value: ScalarValue
    location: Location
    raw: str  # the text as written (without quotes), used where a string is expected and YAML guessed a number
    style: str = ""  # "" plain, "'" or '"' quoted, "|" or ">" block
    one_line: bool = True  # the scalar starts and ends on the same line (so columns inside it map exactly)
    source: str = field(default="", compare=False, repr=False)  # the text as it spans the file, if over lines
    tag: str = field(default="", compare=False, repr=False)  # set only for a '<<' merge key, to refuse it


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Value, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class Mapping:
    values: dict[str, Value]
    location: Location
    keys: dict[str, Location] = field(default_factory=dict)  # where each key was written

    def get(self, key: str) -> Value | None:
        return self.values.get(key)

    def key_location(self, key: str) -> Location:
        return self.keys.get(key, self.location)


Value = Scalar | Sequence | Mapping


def describe(value: Value | None) -> str:
    """How a value reads in 'expected X, got Y' messages."""
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    if value.value is None:
        return "nothing (null)"
    text = value.raw if len(value.raw) <= 40 else value.raw[:37] + "..."
    return repr(text)


def to_plain(value: Value) -> Any:
    """The value without positions (dates as ISO text): what the content hash is computed over."""
    if isinstance(value, Mapping):
        return {key: to_plain(item) for key, item in value.values.items()}
    if isinstance(value, Sequence):
        return [to_plain(item) for item in value.items]
    if isinstance(value.value, date):
        return value.value.isoformat()
    return value.value


# ----------------------------------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------------------------------


def read_file(path: Path, display: str, budget: ValueBudget | None = None) -> Mapping:
    """Read and parse `path`; `display` is the file name shown in messages."""
    try:
        status = path.stat()
    except (OSError, ValueError) as exc:
        raise _error(display, 1, 1, f"cannot read the file: {_reason(exc)}") from None
    if not stat.S_ISREG(status.st_mode):  # a pipe would wait for a writer for ever, a device never ends
        raise _error(display, 1, 1, "cannot read the file: it is not a regular file")
    size = status.st_size
    if size > MAX_FILE_BYTES:
        raise _error(display, 1, 1, _too_big(size))
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise _error(display, 1, 1, f"cannot read the file: {_reason(exc)}") from None
    return parse_bytes(data, display, budget)


def _reason(exc: Exception) -> str:
    """Why the system refused, without the path (it is in the location already)."""
    return (exc.strerror if isinstance(exc, OSError) else None) or "the name is not a valid file name"


def parse_bytes(data: bytes, display: str, budget: ValueBudget | None = None) -> Mapping:
    if len(data) > MAX_FILE_BYTES:
        raise _error(display, 1, 1, _too_big(len(data)))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")
        line, column = position(before, len(before))
        raise _error(
            display, line, column, f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        ) from None
    return parse_text(text, display, budget)


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset, counting line breaks as YAML does."""
    line = 1
    start = 0
    for match in LINE_BREAK.finditer(text, 0, offset):
        line += 1
        start = match.end()
    return line, offset - start + 1


_TAB_INDENT = re.compile("(?:^|(?<=[\r\n\x85\u2028\u2029]))[ ]*\t")


def parse_text(text: str, display: str, budget: ValueBudget | None = None) -> Mapping:
    """Parse YAML text into located values; the top level must be a mapping.

    `budget` counts values over several files (a scenario and what it includes); by default this file's own.
    """
    tabs = [Diagnostic(_loc(display, *position(text, m.end() - 1)), _TAB_MESSAGE) for m in _TAB_INDENT.finditer(text)]
    if tabs:
        raise ScenarioError(tabs[:20])
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise _error(display, 1, 1, "the file is empty; expected a mapping of scenario keys (id, title, ...)")
    try:
        value = _read(text, display, budget or ValueBudget())
    except yaml.MarkedYAMLError as exc:
        too_deep = _flow_too_deep(text)
        if too_deep is not None:  # the parser may refuse deep brackets first, in words of its own
            raise _error(display, *too_deep, _TOO_DEEP) from None
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _error(display, line, column, f"YAML syntax: {message}") from None
    except yaml.reader.ReaderError as exc:
        line, column = position(text, max(0, min(exc.position, len(text))))
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise _error(display, line, column, f"character {character!r} is not allowed in YAML text") from None
    if value is None:
        raise _error(display, 1, 1, "the file is empty; expected a mapping of scenario keys (id, title, ...)")
    if not isinstance(value, Mapping):
        raise _error(display, value.location.line, value.location.column, _top_level_message(value))
    return value


_TOO_DEEP = f"YAML syntax: values are nested more than {MAX_DEPTH} levels deep"


def _flow_too_deep(text: str) -> tuple[int, int] | None:
    """Where brackets first open more than MAX_DEPTH deep, counting `[` and `{` outside quotes and comments."""
    depth = 0
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
        quote = ""
        for column, char in enumerate(line, start=1):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#" and (column == 1 or line[column - 2] in " \t"):
                break
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number, column
            elif char in "]}":
                depth = max(0, depth - 1)
    return None


_TAB_MESSAGE = "a tab is used for indentation; YAML indents with spaces only"


def _top_level_message(value: Value) -> str:
    return f"the top level must be a mapping of scenario keys (id, title, ...), got {describe(value)}"


def _too_big(size: int) -> str:
    return f"the file is {size / 1_048_576:.1f} MB; scenario files are limited to {MAX_FILE_BYTES // 1_048_576} MB"


def _loc(display: str, line: int, column: int) -> Location:
    return Location(display, line, column)


def _error(display: str, line: int, column: int, message: str) -> ScenarioError:
    return ScenarioError([Diagnostic(_loc(display, line, column), message)])


# ----------------------------------------------------------------------------------------------------------
# Reading the event stream straight into located values
# ----------------------------------------------------------------------------------------------------------

# libyaml's parser when PyYAML was built with it (about ten times faster), else the pure-Python one.
_Parser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None) or yaml.parser.Parser
_ReaderScanner: tuple[type, ...] = (
    () if _Parser is not yaml.parser.Parser else (yaml.reader.Reader, yaml.scanner.Scanner)
)


class _Loader(_Parser, *_ReaderScanner, yaml.resolver.Resolver):  # type: ignore[misc]
    """An event parser plus the YAML 1.1 resolver: no composer, no constructor, so no tag can build an object."""

    def __init__(self, text: str) -> None:
        if _ReaderScanner:
            yaml.reader.Reader.__init__(self, text)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
        else:
            _Parser.__init__(self, text)
        yaml.resolver.Resolver.__init__(self)


def _read(text: str, display: str, budget: ValueBudget) -> Value | None:
    loader = _Loader(text)
    try:
        loader.get_event()  # stream start
        if loader.check_event(StreamEndEvent):
            return None
        loader.get_event()  # document start
        value = _EventReader(loader, display, text, budget).value(0)[0]
        loader.get_event()  # document end
        if not loader.check_event(StreamEndEvent):
            raise _at(
                display,
                loader.get_event().start_mark,
                "YAML syntax: expected a single document in the "
                "stream but found another document (remove the '---' line)",
            )
        return value
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()


def _at(display: str, mark: Any, message: str) -> ScenarioError:
    return _error(display, mark.line + 1, mark.column + 1, message)


class _EventReader:
    """Builds located values from parser events in one pass.

    An alias reuses the value built for its anchor (values are never changed afterwards) and adds that value's
    expanded size to the running total, so an alias bomb is refused as soon as it would exceed MAX_VALUES,
    before anything is expanded.
    """

    def __init__(self, loader: Any, display: str, text: str, budget: ValueBudget) -> None:
        self.loader = loader
        self.display = display
        self.text = text
        self.lines: list[str] | None = None  # split only if a scalar spans several lines
        self.anchors: dict[str, tuple[Value, int]] = {}
        self.open_anchors: set[str] = set()  # lists and mappings still being read
        self.budget = budget
        self.constructor = SafeConstructor()

    def fail(self, mark: Any, message: str) -> ScenarioError:
        return _at(self.display, mark, message)

    def location(self, mark: Any) -> Location:
        return Location(self.display, mark.line + 1, mark.column + 1)

    def count(self, size: int, mark: Any) -> None:
        self.budget.remaining -= size
        if self.budget.remaining < 0:
            raise self.fail(
                mark,
                f"the file expands to more than {MAX_VALUES} values, counting every file read with it "
                "(aliases repeated too often, or too many includes?)",
            )

    def value(self, depth: int) -> tuple[Value, int]:
        """The next value and its expanded size (how many values it stands for)."""
        loader = self.loader
        event = loader.peek_event()
        if depth > MAX_DEPTH:
            raise self.fail(event.start_mark, _TOO_DEEP)
        if isinstance(event, AliasEvent):
            loader.get_event()
            if event.anchor in self.open_anchors:
                raise self.fail(event.start_mark, "an alias cannot refer to the list or mapping that contains it")
            if event.anchor not in self.anchors:
                raise self.fail(event.start_mark, f"YAML syntax: found undefined alias {event.anchor!r}")
            value, size = self.anchors[event.anchor]
            self.count(size, event.start_mark)
            return value, size
        anchor = event.anchor
        if anchor is not None and (anchor in self.anchors or anchor in self.open_anchors):
            raise self.fail(event.start_mark, f"YAML syntax: found duplicate anchor {anchor!r}")
        if isinstance(event, ScalarEvent):
            loader.get_event()
            self.count(1, event.start_mark)
            result: tuple[Value, int] = (self.scalar(event), 1)
        elif isinstance(event, SequenceStartEvent):
            result = self.sequence(depth, anchor)
        elif isinstance(event, MappingStartEvent):
            result = self.mapping(depth, anchor)
        else:  # pragma: no cover - the parser emits nothing else inside a document
            raise self.fail(event.start_mark, "YAML syntax: unexpected event")
        if anchor is not None:
            self.anchors[anchor] = result
        return result

    def collection_tag(self, event: Any, kind: type[Node], expected: str) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(kind, None, event.implicit)
        if tag != expected:
            raise self.fail(event.start_mark, _tag_message(tag))

    def sequence(self, depth: int, anchor: str | None) -> tuple[Value, int]:
        start = self.loader.get_event()
        self.collection_tag(start, SequenceNode, _SEQ_TAG)
        self.count(1, start.start_mark)
        if anchor is not None:
            self.open_anchors.add(anchor)
        items: list[Value] = []
        size = 1
        while not self.loader.check_event(SequenceEndEvent):
            item, item_size = self.value(depth + 1)
            items.append(item)
            size += item_size
        self.loader.get_event()
        self.open_anchors.discard(anchor or "")
        return Sequence(tuple(items), self.location(start.start_mark)), size

    def mapping(self, depth: int, anchor: str | None) -> tuple[Value, int]:
        start = self.loader.get_event()
        self.collection_tag(start, MappingNode, _MAP_TAG)
        self.count(1, start.start_mark)
        if anchor is not None:
            self.open_anchors.add(anchor)
        values: dict[str, Value] = {}
        keys: dict[str, Location] = {}
        size = 1
        while not self.loader.check_event(MappingEndEvent):
            key_event = self.loader.peek_event()
            key_value, _ = self.value(depth + 1)
            if not isinstance(key_value, Scalar):
                raise self.fail(key_event.start_mark, "a key must be a plain name, not a list or mapping")
            key = key_value.raw
            if key_value.tag == "tag:yaml.org,2002:merge":
                raise self.fail(
                    key_event.start_mark, "YAML merge keys ('<<') are not supported; use 'extends:' or 'include:'"
                )
            if key in values:
                raise self.fail(key_event.start_mark, f"duplicate key '{key}' (first written at line {keys[key].line})")
            keys[key] = self.location(key_event.start_mark)
            values[key], item_size = self.value(depth + 1)
            size += item_size
        self.loader.get_event()
        self.open_anchors.discard(anchor or "")
        return Mapping(values, self.location(start.start_mark), keys), size

    def scalar(self, event: Any) -> Scalar:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        if tag == "tag:yaml.org,2002:merge":
            return Scalar(event.value, self.location(event.start_mark), event.value, tag=tag)
        if tag not in _SCALAR_TAGS:
            raise self.fail(event.start_mark, _tag_message(tag))
        try:
            if tag == _STR_TAG:  # most values: no conversion needed
                value: ScalarValue = event.value
            else:
                node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
                value = self.constructor.yaml_constructors[tag](self.constructor, node)
        except (ConstructorError, ValueError, OverflowError) as exc:
            reason = str(exc).split(";")[0].split(":")[0] if not isinstance(exc, ConstructorError) else exc.problem
            raise self.fail(event.start_mark, f"cannot read {event.value[:40]!r}: {reason}") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(event.start_mark, f"expected a finite number, got {event.value!r}")
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise self.fail(
                event.start_mark, "dates carry no time zone (all times are Petrograd local time, Julian calendar)"
            )
        style = event.style or ""
        start, end = event.start_mark, event.end_mark
        location = self.location(start)
        if start.line == end.line:
            return Scalar(value, location, event.value, style)
        if self.lines is None:
            self.lines = LINE_BREAK.split(self.text)
        span = self.lines[start.line : end.line + 1]
        source = "\n".join([span[0][start.column :], *span[1:-1], span[-1][: end.column]])
        return Scalar(value, location, event.value, style, False, source)


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return (
        f"the YAML tag '{shown}' is not allowed; scenario files hold plain data only (text, numbers, lists, mappings)"
    )
