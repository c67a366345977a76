"""The condition language of events, objectives and victory: a small expression syntax parsed into a tree.

Scenario files are data, so conditions are never handed to `eval`: they are tokenised and parsed here at load time
into the frozen nodes below, checked against the scenario's ids, and evaluated later by the engine
(`engine/evaluate.py`). Every node keeps its column inside the source text so errors can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    column: int


@dataclass(frozen=True, slots=True)
class Boolean:
    value: bool
    column: int


@dataclass(frozen=True, slots=True)
class DateLiteral:
    """`1917-02-27` or `1917-10-25T06:00` (Julian), compared with the `date` of the current turn."""

    value: datetime
    column: int


@dataclass(frozen=True, slots=True)
class Name:
    """A bare word: a variable (`turn`, `date`, `self`) or an id given as a function argument."""

    name: str
    column: int


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Expr, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "not" | "-"
    operand: Expr
    column: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # "or" "and" "<" "<=" ">" ">=" "==" "!=" "+" "-" "*" "/"
    left: Expr
    right: Expr
    column: int


Expr = Number | Boolean | DateLiteral | Name | Call | Unary | Binary


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed expression with the text it came from (shown in tooltips and the modder's error messages)."""

    source: str
    tree: Expr
