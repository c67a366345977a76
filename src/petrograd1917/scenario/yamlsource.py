"""Read one YAML file as untrusted data and keep the position of every value.

Only the YAML event stream is used (libyaml when available): nodes are composed here, then turned into the located
values below, so no tag can build a Python object and every scalar, list and mapping remembers where it was
written. Everything that can go wrong — bad bytes, tabs, syntax, unknown tags, duplicate keys, alias bombs, deep
nesting, huge files — becomes a located `ScenarioError`, never a traceback or a hang.
"""

from __future__ import annotations

import math
import re
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

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
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


def read_file(path: Path, display: str) -> Mapping:
    """Read and parse `path`; `display` is the file name shown in messages."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _error(display, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise _error(display, 1, 1, _too_big(size))
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _error(display, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    return parse_bytes(data, display)


def parse_bytes(data: bytes, display: str) -> Mapping:
    if len(data) > MAX_FILE_BYTES:
        raise _error(display, 1, 1, _too_big(len(data)))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(
            display, line, column, f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        ) from None
    return parse_text(text, display)


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def parse_text(text: str, display: str) -> Mapping:
    """Parse YAML text into located values; the top level must be a mapping."""
    tabs = [
        Diagnostic(_loc(display, text.count("\n", 0, m.start()) + 1, m.end() - m.start()), _TAB_MESSAGE)
        for m in _TAB_INDENT.finditer(text)
    ]
    if tabs:
        raise ScenarioError(tabs[:20])
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise _error(display, 1, 1, "the file is empty; expected a mapping of scenario keys (id, title, ...)")
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _error(display, line, column, f"YAML syntax: {message}") from None
    except yaml.reader.ReaderError as exc:
        position = max(0, min(exc.position, len(text)))
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise _error(display, line, column, f"character {character!r} is not allowed in YAML text") from None
    if node is None:
        raise _error(display, 1, 1, "the file is empty; expected a mapping of scenario keys (id, title, ...)")
    converter = _Converter(display, text)
    converter.check_size(node)
    value = converter.convert(node, 0)
    if not isinstance(value, Mapping):
        raise _error(display, value.location.line, value.location.column, _top_level_message(value))
    return value


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
# Composing: events to nodes, with a depth limit (PyYAML's own composer recurses without one)
# ----------------------------------------------------------------------------------------------------------

# libyaml's parser when PyYAML was built with it (about ten times faster), else the pure-Python one.
_Parser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None) or yaml.parser.Parser
_ReaderScanner: tuple[type, ...] = (
    () if _Parser is not yaml.parser.Parser else (yaml.reader.Reader, yaml.scanner.Scanner)
)


class _Loader(_Parser, *_ReaderScanner, yaml.resolver.Resolver):  # type: ignore[misc]
    """libyaml's event parser (or PyYAML's) plus the YAML 1.1 resolver; composing is done by `_compose`."""

    def __init__(self, text: str) -> None:
        if _ReaderScanner:
            yaml.reader.Reader.__init__(self, text)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
        else:
            _Parser.__init__(self, text)
        yaml.resolver.Resolver.__init__(self)


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        loader.get_event()  # stream start
        if loader.check_event(StreamEndEvent):
            return None
        loader.get_event()  # document start
        anchors: dict[str, Node] = {}
        node = _compose_node(loader, anchors, 0)
        loader.get_event()  # document end
        if not loader.check_event(StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                None,
                "but found another document (remove the '---' line)",
                event.start_mark,
            )
        return node
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()


def _compose_node(loader: Any, anchors: dict[str, Node], depth: int) -> Node:
    if depth > MAX_DEPTH:
        mark = loader.peek_event().start_mark
        raise yaml.composer.ComposerError(None, None, f"values are nested more than {MAX_DEPTH} levels deep", mark)
    if loader.check_event(AliasEvent):
        event = loader.get_event()
        if event.anchor not in anchors:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        return anchors[event.anchor]
    event = loader.peek_event()
    anchor = event.anchor
    if anchor is not None and anchor in anchors:
        raise yaml.composer.ComposerError(None, None, f"found duplicate anchor {anchor!r}", event.start_mark)
    node: Node
    if loader.check_event(ScalarEvent):
        event = loader.get_event()
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(ScalarNode, event.value, event.implicit)
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
    elif loader.check_event(SequenceStartEvent):
        start = loader.get_event()
        tag = start.tag
        if tag is None or tag == "!":
            tag = loader.resolve(SequenceNode, None, start.implicit)
        node = SequenceNode(tag, [], start.start_mark, None, flow_style=start.flow_style)
        if anchor is not None:
            anchors[anchor] = node
        while not loader.check_event(SequenceEndEvent):
            node.value.append(_compose_node(loader, anchors, depth + 1))
        node.end_mark = loader.get_event().end_mark
    elif loader.check_event(MappingStartEvent):
        start = loader.get_event()
        tag = start.tag
        if tag is None or tag == "!":
            tag = loader.resolve(MappingNode, None, start.implicit)
        node = MappingNode(tag, [], start.start_mark, None, flow_style=start.flow_style)
        if anchor is not None:
            anchors[anchor] = node
        while not loader.check_event(MappingEndEvent):
            key = _compose_node(loader, anchors, depth + 1)
            item = _compose_node(loader, anchors, depth + 1)
            node.value.append((key, item))
        node.end_mark = loader.get_event().end_mark
    else:  # pragma: no cover - the parser emits nothing else inside a document
        raise yaml.composer.ComposerError(None, None, "unexpected YAML event", event.start_mark)
    if anchor is not None:
        anchors[anchor] = node
    return node


# ----------------------------------------------------------------------------------------------------------
# Converting: nodes to located values
# ----------------------------------------------------------------------------------------------------------


class _Converter:
    def __init__(self, display: str, text: str) -> None:
        self.lines = text.split("\n")
        self.display = display
        self.count = 0
        self.constructor = SafeConstructor()

    def location(self, node: Node) -> Location:
        return Location(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, node: Node, message: str) -> ScenarioError:
        return ScenarioError([Diagnostic(self.location(node), message)])

    def check_size(self, root: Node) -> None:
        """Refuse an alias bomb before expanding it: sizes are summed once per distinct node (memoised)."""
        sizes: dict[int, int] = {}

        def size(node: Node, depth: int) -> int:
            known = sizes.get(id(node))
            if known is not None:
                return known
            if depth > MAX_DEPTH:
                raise self.fail(node, f"values are nested more than {MAX_DEPTH} levels deep (a recursive alias?)")
            total = 1
            if isinstance(node, SequenceNode):
                total += sum(size(item, depth + 1) for item in node.value)
            elif isinstance(node, MappingNode):
                total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
            sizes[id(node)] = total
            return total

        children = (
            root.value
            if isinstance(root, SequenceNode)
            else [v for _, v in root.value]
            if isinstance(root, MappingNode)
            else []
        )
        running = 1
        for child in children:
            running += size(child, 1)
            if running > MAX_VALUES:
                raise self.fail(
                    child, f"the file expands to more than {MAX_VALUES} values (aliases repeated too often?)"
                )

    def convert(self, node: Node, depth: int) -> Value:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.fail(node, f"the file expands to more than {MAX_VALUES} values (aliases repeated too often?)")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"values are nested more than {MAX_DEPTH} levels deep (a recursive alias?)")
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            self.check_tag(node, _SEQ_TAG)
            return Sequence(tuple(self.convert(item, depth + 1) for item in node.value), self.location(node))
        assert isinstance(node, MappingNode)
        self.check_tag(node, _MAP_TAG)
        values: dict[str, Value] = {}
        keys: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "a key must be a plain name, not a list or mapping")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "YAML merge keys ('<<') are not supported; use 'extends:' or 'include:'")
            if key_node.tag not in _SCALAR_TAGS:
                raise self.fail(key_node, _tag_message(key_node.tag))
            key = key_node.value
            if key in values:
                first = keys[key]
                raise self.fail(key_node, f"duplicate key '{key}' (first written at line {first.line})")
            keys[key] = self.location(key_node)
            values[key] = self.convert(value_node, depth + 1)
        return Mapping(values, self.location(node), keys)

    def check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise self.fail(node, _tag_message(node.tag))

    def scalar(self, node: ScalarNode) -> Scalar:
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, _tag_message(node.tag))
        try:
            value: ScalarValue = self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError) as exc:
            reason = str(exc).split(";")[0].split(":")[0] if not isinstance(exc, ConstructorError) else exc.problem
            raise self.fail(node, f"cannot read {node.value[:40]!r}: {reason}") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(node, f"expected a finite number, got {node.value!r}")
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise self.fail(node, "dates carry no time zone (all times are Petrograd local time, Julian calendar)")
        style = node.style or ""
        start, end = node.start_mark, node.end_mark
        if start.line == end.line:
            return Scalar(value, self.location(node), node.value, style)
        span = self.lines[start.line : end.line + 1]
        source = "\n".join([span[0][start.column :], *span[1:-1], span[-1][: end.column]])
        return Scalar(value, self.location(node), node.value, style, False, source)


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return (
        f"the YAML tag '{shown}' is not allowed; scenario files hold plain data only (text, numbers, lists, mappings)"
    )
