"""Turn located YAML values into the model's frozen dataclasses, driven by their fields and type hints.

Nothing here knows what a district or a unit is: the dataclasses in `model.py` are the format. That keeps the
loader, the JSON Schema and the guide in step with the model as fields are added. A wrong value is reported and
replaced by a neutral placeholder so that building goes on and one run reports every problem in the file.
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import math
import re
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from petrograd1917.scenario import model
from petrograd1917.scenario.conditions import Boolean, Condition, ConditionSyntaxError, ValueType, parse
from petrograd1917.scenario.errors import Diagnostics
from petrograd1917.scenario.model import Location
from petrograd1917.scenario.ranges import Range, describe_range, range_of
from petrograd1917.scenario.suggest import did_you_mean
from petrograd1917.scenario.yamlsource import Mapping, Scalar, Sequence, Value, describe

YAML_KEYS = {"condition": "if"}  # field name -> YAML key, where they differ (`if` is a Python keyword)
NUMBER_CONDITIONS = {("Objective", "score")}  # conditions that give a number rather than true/false
# Mappings whose items start from a per-key default instead of the class's generic one: `fire: {cost: 2}` keeps
# fire's own odds and strength rather than those of a bare `ActionRule()`.
KEYED_DEFAULTS: dict[tuple[str, str], dict[Any, Any]] = {("Rules", "actions"): model.DEFAULT_ACTION_RULES}
PLACEHOLDER_DATE = datetime(1917, 1, 1)
MIN_YEAR, MAX_YEAR = 1700, 2100  # dates outside would overflow the calendar's arithmetic long before any use
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_NUMBER_TEXT = re.compile(r"[-+]?(?:\d[\d_]*)?\.?\d+(?:[eE][-+]?\d+)?")
DATE_EXAMPLE = "a date like 1917-02-23 or 1917-02-23 06:00"


def yaml_key(field_name: str) -> str:
    return YAML_KEYS.get(field_name, field_name)


_HINTS: dict[type, dict[str, Any]] = {}


def type_hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, vars(model))
    return _HINTS[cls]


LOADER_FIELDS = frozenset({"location", "source_file", "content_hash"})  # filled in by the loader, never written


def data_fields(cls: type) -> list[dataclasses.Field[Any]]:
    """The fields a modder writes (everything but what the loader fills in)."""
    return [f for f in dataclasses.fields(cls) if f.name not in LOADER_FIELDS]


def is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def unwrap_optional(tp: Any) -> tuple[Any, bool]:
    """`X | None` -> (X, True); anything else -> (tp, False)."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return (args[0] if len(args) == 1 else tp), len(args) < len(typing.get_args(tp))
    return tp, False


def words(cls: type) -> str:
    """`CalendarPhase` -> 'calendar phase'."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower().replace("a i ", "AI ").replace("a i", "AI")


def expected_text(tp: Any, bounds: Range | None = None) -> str:
    """What a value of this type looks like, for 'expected ...' messages and the guide."""
    inner, optional = unwrap_optional(tp)
    text = _expected(inner, bounds)
    return f"{text} (or null)" if optional else text


def _expected(tp: Any, bounds: Range | None) -> str:
    origin = typing.get_origin(tp)
    if tp is bool:
        return "true or false"
    if tp is int:
        return "a whole number" + describe_range(bounds or (None, None))
    if tp is float:
        return "a number" + describe_range(bounds or (None, None))
    if tp is str:
        return "text"
    if tp is datetime:
        return DATE_EXAMPLE
    if tp is Condition:
        return "a condition (see docs/conditions.md)"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(str(m.value) for m in tp)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return f"a list of {_plural(args[0], bounds)}"
        return f"a list of {len(args)} {_plural(args[0], bounds)}"
    if origin is dict:
        key, val = typing.get_args(tp)
        key_text = f"{words(key)} names" if isinstance(key, type) and issubclass(key, enum.Enum) else "ids"
        return f"a mapping from {key_text} to {_plural(val, bounds)}"
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return f"a mapping ({words(tp)})"
    return str(tp)


def _plural(tp: Any, bounds: Range | None) -> str:
    if tp is float:
        return "numbers" + describe_range(bounds or (None, None))
    if tp is int:
        return "whole numbers" + describe_range(bounds or (None, None))
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        name = words(tp)
        return f"{name[:-1]}ies (mappings)" if name.endswith("ry") else f"{name}s (mappings)"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "names (" + ", ".join(str(m.value) for m in tp) + ")"
    if typing.get_origin(tp) is tuple:
        return "lists of " + _plural(typing.get_args(tp)[0], bounds)
    return expected_text(tp, bounds)


def placeholder(tp: Any) -> Any:
    """A neutral stand-in for a value that could not be built, so building (and checking) can go on."""
    inner, optional = unwrap_optional(tp)
    if optional:
        return None
    origin = typing.get_origin(inner)
    if inner is str:
        return ""
    if inner in (int, float):
        return inner()
    if inner is bool:
        return False
    if inner is datetime:
        return PLACEHOLDER_DATE
    if inner is Condition:
        return Condition("", Boolean(False, 1))
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return next(iter(inner))
    if origin is tuple:
        args = typing.get_args(inner)
        return () if len(args) == 2 and args[1] is Ellipsis else tuple(placeholder(a) for a in args)
    if origin is dict:
        return {}
    if dataclasses.is_dataclass(inner) and isinstance(inner, type):
        hints = type_hints(inner)
        return inner(**{f.name: placeholder(hints[f.name]) for f in data_fields(inner) if is_required(f)})
    raise TypeError(f"no placeholder for {inner!r}")  # pragma: no cover - a model type the builder lacks


def expression_location(scalar: Scalar, column: int) -> Location:
    """The file position of a 1-based column inside a condition's text.

    Exact for one-line scalars. A scalar over several lines (folded, a `|` or `>` block) is matched by counting
    the non-blank characters before the column, which line breaks and indentation do not change.
    """
    where = scalar.location
    quoted = scalar.style in ("'", '"')
    if scalar.one_line:
        return Location(where.file, where.line, where.column + int(quoted) + column - 1)
    text = scalar.value if isinstance(scalar.value, str) else scalar.raw
    wanted = sum(1 for char in text[: column - 1] if not char.isspace())
    lines = scalar.source.split("\n")
    first = 1 if scalar.style in ("|", ">") else 0  # a block's first line is only its '|' or '>' header
    seen = -1 if quoted else 0  # the opening quote is not part of the value
    for offset, line in enumerate(lines[first:], start=first):
        for index, char in enumerate(line):
            if char.isspace():
                continue
            if seen == wanted:
                base = where.column if offset == 0 else 1
                return Location(where.file, where.line + offset, base + index)
            seen += 1
    return where


@dataclass(frozen=True, slots=True)
class ConditionSource:
    """Where a parsed condition came from and what it must give (checked against the ids once all is built)."""

    scalar: Scalar
    expected: ValueType


class FieldLocations:
    """Where each field of each built object was written, so cross-checks point at the exact value."""

    def __init__(self) -> None:
        self._table: dict[int, dict[str, Location]] = {}
        self._alive: list[object] = []  # keeps every recorded object alive, so ids stay unique
        self.conditions: dict[int, ConditionSource] = {}
        self.broken: set[tuple[int, str]] = set()  # (object, field) pairs that hold a placeholder

    def keep(self, obj: object) -> None:
        self._alive.append(obj)

    def ok(self, obj: object, *keys: str) -> bool:
        """Whether these fields hold what the file said (not a placeholder for a value already reported)."""
        return not any((id(obj), key) in self.broken for key in keys)

    def record(self, obj: object, key: str, location: Location) -> None:
        entry = self._table.get(id(obj))
        if entry is None:
            entry = self._table[id(obj)] = {}
            self._alive.append(obj)
        entry[key] = location

    def at(self, obj: object, key: str = "") -> Location | None:
        """The location of `obj.key` (or of a dict entry `key.name`, a list item `key[3]`), else of `obj`."""
        found = self._table.get(id(obj), {}).get(key)
        if found is None and "." in key:
            found = self._table.get(id(obj), {}).get(key.split(".")[0])
        if found is None and "[" in key:
            found = self._table.get(id(obj), {}).get(key.split("[")[0])
        return found or typing.cast(Location | None, getattr(obj, "location", None))

    def has(self, obj: object, key: str) -> bool:
        """Whether `obj.key` was written in the file (rather than left at its default)."""
        return key in self._table.get(id(obj), {})

    def condition_source(self, condition: Condition) -> ConditionSource | None:
        return self.conditions.get(id(condition))


class Builder:
    def __init__(self, diagnostics: Diagnostics, partial: bool = False) -> None:
        self.diagnostics = diagnostics
        self.locations = FieldLocations()
        self.partial = partial  # a fragment: top-level keys may be missing (the including scenario has them)

    def error(self, location: Location, message: str) -> None:
        self.diagnostics.error(location, message)

    # -- dataclasses ------------------------------------------------------------------------------------------

    def build(self, cls: type[Any], value: Value, label: str = "", defaults: object | None = None) -> Any:
        """`cls` from a mapping; keys left out take their value from `defaults` if given, else the field's."""
        if not isinstance(value, Mapping):
            self.error(value.location, f"{label or words(cls)}: expected {expected_text(cls)}, got {describe(value)}")
            return placeholder(cls)
        context = label or _context(cls, value)
        hints = type_hints(cls)
        fields = {yaml_key(f.name): f for f in data_fields(cls)}
        misspelt: set[str] = set()  # keys a typo stands for: "missing" would only repeat the typo's message
        for key in value.values:
            if key not in fields:
                self.error(value.key_location(key), _unknown_key(key, context, list(fields)))
                misspelt.update(difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6))
        kwargs: dict[str, Any] = {}
        present: list[tuple[str, Location]] = []
        broken: list[str] = []  # fields whose value was wrong or missing: cross-checks leave them alone
        for key, f in fields.items():
            item = value.values.get(key)
            tp = hints[f.name]
            if item is None:
                if defaults is not None:
                    kwargs[f.name] = getattr(defaults, f.name)
                elif is_required(f):
                    if not (self.partial and cls is model.Scenario) and key not in misspelt:
                        bounds = range_of(cls.__name__, f.name)
                        message = f"{context}: missing required key '{key}' ({expected_text(tp, bounds)})"
                        self.error(value.location, message)
                    kwargs[f.name] = placeholder(tp)
                    broken.append(f.name)
                continue
            before = len(self.diagnostics)
            kwargs[f.name] = self.value(tp, item, cls, f.name, f"'{key}' of {context}")
            # a list or mapping is pointed at by its key (a block value starts on the next line)
            present.append((f.name, item.location if isinstance(item, Scalar) else value.key_location(key)))
            if len(self.diagnostics) > before:
                broken.append(f.name)
        if any(f.name == "location" for f in dataclasses.fields(cls)):
            kwargs["location"] = value.location
        obj = cls(**kwargs)
        for name, location in present:
            self.locations.record(obj, name, location)
        for name in broken:
            self.locations.broken.add((id(obj), name))
        if broken:
            self.locations.keep(obj)
        for name in ("influence", "loyalty", "actions", "polygon"):
            item = value.values.get(name)
            if isinstance(item, Mapping) and name in kwargs:
                for key in item.values:
                    self.locations.record(obj, f"{name}.{key}", item.key_location(key))
            elif isinstance(item, Sequence) and name in kwargs:
                for index, element in enumerate(item.items):
                    self.locations.record(obj, f"{name}[{index}]", element.location)
        return obj

    # -- values -----------------------------------------------------------------------------------------------

    def value(self, tp: Any, item: Value, owner: type, field_name: str, label: str) -> Any:
        inner, optional = unwrap_optional(tp)
        bounds = range_of(owner.__name__, field_name)
        if optional and isinstance(item, Scalar) and item.value is None:
            return None
        try:
            return self._value(inner, item, owner, field_name, label, bounds)
        except _Wrong as wrong:
            self.error(item.location, f"{label}: expected {wrong.expected}, got {wrong.got}")
            return placeholder(tp)

    def _value(self, tp: Any, item: Value, owner: type, field_name: str, label: str, bounds: Range | None) -> Any:
        origin = typing.get_origin(tp)
        if tp is Condition:
            return self.condition(item, (owner.__name__, field_name) in NUMBER_CONDITIONS, label)
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            if not isinstance(item, Mapping):
                raise _Wrong(expected_text(tp), describe(item))
            return self.build(tp, item, _context(tp, item, fallback=label if label.startswith(words(tp)) else ""))
        if origin is tuple:
            return self.sequence(tp, item, owner, field_name, label, bounds)
        if origin is dict:
            return self.mapping(tp, item, owner, field_name, label, bounds)
        if not isinstance(item, Scalar):
            raise _Wrong(expected_text(tp, bounds), describe(item))
        return scalar_value(tp, item, bounds)

    def sequence(self, tp: Any, item: Value, owner: type, field_name: str, label: str, bounds: Range | None) -> Any:
        args = typing.get_args(tp)
        if not isinstance(item, Sequence):
            raise _Wrong(expected_text(tp, bounds), describe(item))
        variadic = len(args) == 2 and args[1] is Ellipsis
        if not variadic and len(item.items) != len(args):
            raise _Wrong(expected_text(tp, bounds), f"a list of {len(item.items)}")
        element_types = [args[0]] * len(item.items) if variadic else list(args)
        return tuple(
            self.value(element_tp, element, owner, field_name, _item_label(element_tp, index, label))
            for index, (element_tp, element) in enumerate(zip(element_types, item.items, strict=True))
        )

    def mapping(self, tp: Any, item: Value, owner: type, field_name: str, label: str, bounds: Range | None) -> Any:
        key_tp, value_tp = typing.get_args(tp)
        if not isinstance(item, Mapping):
            raise _Wrong(expected_text(tp, bounds), describe(item))
        result: dict[Any, Any] = {}
        keyed = KEYED_DEFAULTS.get((owner.__name__, field_name), {})
        for key, element in item.values.items():
            if isinstance(key_tp, type) and issubclass(key_tp, enum.Enum):
                allowed = [str(m.value) for m in key_tp]
                if key not in allowed:
                    self.error(
                        item.key_location(key),
                        f"{label}: unknown {words(key_tp)} '{key}'; expected one of {', '.join(allowed)}"
                        + did_you_mean(key, allowed),
                    )
                    continue
                built_key: Any = key_tp(key)
            else:
                built_key = key
            if built_key in keyed and isinstance(element, Mapping):
                result[built_key] = self.build(value_tp, element, _context(value_tp, element), keyed[built_key])
            else:
                result[built_key] = self.value(value_tp, element, owner, field_name, f"'{key}' in {label}")
        return result

    def condition(self, item: Value, wants_number: bool, label: str) -> Condition:
        if not isinstance(item, Scalar) or item.value is None:
            raise _Wrong("a condition (text such as 'unrest(vyborg) > 0.5')", describe(item))
        text = item.value if isinstance(item.value, str) else item.raw
        try:
            condition = parse(text)
        except ConditionSyntaxError as exc:
            self.error(expression_location(item, exc.column), f"{label}: in condition '{shorten(text)}': {exc.message}")
            return typing.cast(Condition, placeholder(Condition))
        expected = ValueType.NUMBER if wants_number else ValueType.BOOL
        self.locations.conditions[id(condition)] = ConditionSource(item, expected)
        self.locations.record(condition, "", item.location)
        return condition


class _Wrong(Exception):
    """A value of the wrong shape: reported by `Builder.value` with the field's label."""

    def __init__(self, expected: str, got: str) -> None:
        super().__init__(expected)
        self.expected = expected
        self.got = got


def scalar_value(tp: Any, item: Scalar, bounds: Range | None) -> Any:
    """A str, number, bool, date or enum member from one scalar (raises `_Wrong`)."""
    raw = item.value
    if tp is str:
        if raw is None:
            raise _Wrong("text", describe(item))
        return raw if isinstance(raw, str) else item.raw
    if tp is bool:
        if not isinstance(raw, bool):
            raise _Wrong("true or false", describe(item))
        return raw
    if tp is int or tp is float:
        number = _number(item)
        if number is None or (tp is int and not number.is_integer()):
            raise _Wrong(expected_text(tp, bounds), describe(item))
        low, high = bounds or (None, None)
        if (low is not None and number < low) or (high is not None and number > high):
            raise _Wrong(expected_text(tp, bounds), describe(item))
        return int(number) if tp is int else number
    if tp is datetime:
        moment = _date(item)
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise _Wrong(f"{DATE_EXAMPLE}, in the years {MIN_YEAR} to {MAX_YEAR}", describe(item))
        return moment
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        allowed = [str(m.value) for m in tp]
        text = item.raw if raw is not None else ""
        if text not in allowed:
            raise _Wrong("one of " + ", ".join(allowed), describe(item) + did_you_mean(text, allowed))
        return tp(text)
    raise TypeError(f"the builder does not know {tp!r}")  # pragma: no cover - a model type the builder lacks


def _date(item: Scalar) -> datetime:
    raw = item.value
    if isinstance(raw, datetime):
        return raw
    if isinstance(raw, date):
        return datetime(raw.year, raw.month, raw.day)
    if isinstance(raw, str) and _DATE_TEXT.fullmatch(raw.strip()):
        try:
            return datetime.fromisoformat(raw.strip())
        except ValueError as exc:
            raise _Wrong(f"{DATE_EXAMPLE} ({exc})", describe(item)) from None
    raise _Wrong(DATE_EXAMPLE, describe(item))


def _number(item: Scalar) -> float | None:
    """The number a scalar holds, or None if it holds none or one too large to be finite (1e400, 10**400)."""
    raw = item.value
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str) and not item.style and _NUMBER_TEXT.fullmatch(raw):  # YAML 1.1 reads 1e5 as text
        raw = raw.replace("_", "")
    elif not isinstance(raw, int | float):
        return None
    try:
        number = float(raw)
    except OverflowError:  # an integer literal of hundreds of digits
        return None
    return number if math.isfinite(number) else None


def _context(cls: type, value: Value, fallback: str = "") -> str:
    """How an item is named in messages: "unit 'volynsky'", or the field label for id-less mappings."""
    if isinstance(value, Mapping):
        ident = value.values.get("id")
        if isinstance(ident, Scalar) and ident.value is not None:
            return f"{words(cls)} '{ident.raw}'"
    return fallback or words(cls)


def _item_label(tp: Any, index: int, label: str) -> str:
    """'calendar phase 2' for an item of a list of mappings, 'item 2 of ...' otherwise."""
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return f"{words(tp)} {index + 1}"
    return f"item {index + 1} of {label}"


def _unknown_key(key: str, context: str, allowed: list[str]) -> str:
    hint = did_you_mean(key, allowed)
    if key == "condition" and "if" in allowed:
        hint = " (conditions are written under the key 'if')"
    if ")" in key or "(" in key:
        hint = " (a condition with a comma inside a one-line {...} mapping must be quoted: YAML split it there)"
    if key == "remove":
        hint = " ('remove: true' only removes an item that a base scenario or an included file defines)"
    return f"unknown key '{key}' in {context}{hint}; allowed keys: {', '.join(allowed)}"


def shorten(text: str, width: int = 60) -> str:
    """Text on one line, cut with '...' beyond `width` characters, for quoting in messages."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."
