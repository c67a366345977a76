"""How near each faction is to winning at once: a soft reading of the conditions that end the game in its favour.

The race on points (`value.standing`) says nothing of the sudden ends a scenario declares (the palace taken and the
ministers arrested, a motion carried at the Congress), yet these decide most games. A search that scores its leaves
by the race alone walks into a rival's sudden win: it trades away legitimacy a rival's condition compares with
its own, or lets a rival close in on a site the condition names. `nearness(state)` reads every immediate victory
(and each objective's `win_if`) as a number in [0, 1] per faction instead of a yes or no:

- `and` multiplies, `or` takes the larger, `not` takes the rest;
- a comparison of numbers that holds is 1, one that fails is exp(-shortfall / scale), the scale a quarter of the
  larger side (at least `FLOOR`): a faction a little short is near, one far short is not;
- a comparison with the clock (`date`, `turn`) is exact: a sudden win its date has not opened yet is not near;
- a flag not set yet counts `FLAG_ODDS`: events and choices still to come may set it;
- anything else (`holds`, `controls`, a set flag) is its value now.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.evaluate import compile_condition
from petrograd1917.engine.index import index_for
from petrograd1917.engine.portable import exp
from petrograd1917.scenario.conditions import Binary, Boolean, Call, DateLiteral, Expr, Name, Number, Unary
from petrograd1917.scenario.model import Scenario

if TYPE_CHECKING:
    from petrograd1917.engine.index import ScenarioIndex
    from petrograd1917.engine.state import GameState

FloatArray = npt.NDArray[np.float64]
Soft = Callable[["GameState", "int | None"], float]

FLAG_ODDS = 0.5  # a flag not yet set: as likely as not to be set by what is still to come
SCALE = 0.25  # a failed comparison's shortfall is measured in quarters of the larger side
FLOOR = 0.05  # ... but never in less than this (a comparison with zero)
_GREATER = {">", ">="}
_LESS = {"<", "<="}


class _Soft:
    def __init__(self, scenario: Scenario, index: ScenarioIndex) -> None:
        self.scenario, self.index = scenario, index

    def compile(self, expr: Expr) -> Soft:
        if isinstance(expr, Binary) and expr.op in ("and", "or"):
            left, right = self.compile(expr.left), self.compile(expr.right)
            if expr.op == "and":
                return lambda s, f: a * right(s, f) if (a := left(s, f)) else a  # 0 times any reading is 0
            return lambda s, f: a if (a := left(s, f)) == 1.0 else max(a, right(s, f))  # no reading is above 1
        if isinstance(expr, Unary) and expr.op == "not":
            inner = self.compile(expr.operand)
            return lambda s, f: 1.0 - inner(s, f)
        if isinstance(expr, Binary) and expr.op in _GREATER | _LESS:
            if _is_clock(expr.left) or _is_clock(expr.right):
                return self._clock(expr)
            return self._comparison(expr)
        if isinstance(expr, Boolean):
            value = 1.0 if expr.value else 0.0
            return lambda s, f: value
        exact = compile_condition(expr, self.scenario, self.index)
        if isinstance(expr, Call) and expr.function == "flag":
            return lambda s, f: 1.0 if exact(s, f) else FLAG_ODDS
        return lambda s, f: 1.0 if exact(s, f) else 0.0

    def _comparison(self, expr: Binary) -> Soft:
        left = compile_condition(expr.left, self.scenario, self.index)
        right = compile_condition(expr.right, self.scenario, self.index)
        sign = 1.0 if expr.op in _GREATER else -1.0  # `>` and `>=` read alike: the reading is continuous

        def soft(s: GameState, f: int | None) -> float:
            a, b = float(left(s, f)), float(right(s, f))  # type: ignore[arg-type]
            margin = sign * (a - b)
            if margin >= 0:
                return 1.0
            return exp(margin / max(SCALE * max(abs(a), abs(b)), FLOOR))

        return soft

    def _clock(self, expr: Binary) -> Soft:
        """Exact: a sudden win the calendar has not yet opened is not near, however well placed a side is for it
        (holding the palace and Smolny two days before the date that counts is no win yet). A comparison of the
        clock with a constant depends on the turn alone, so its reading is kept per turn (every leaf asks)."""
        exact = compile_condition(expr, self.scenario, self.index)
        if not (_is_fixed(expr.left) and _is_fixed(expr.right)):
            return lambda s, f: 1.0 if exact(s, f) else 0.0
        by_turn: dict[int, float] = {}

        def reading(s: GameState, f: int | None) -> float:
            found = by_turn.get(s.turn)
            if found is None:
                found = by_turn[s.turn] = 1.0 if exact(s, f) else 0.0
            return found

        return reading


def _is_clock(expr: Expr) -> bool:
    return isinstance(expr, DateLiteral) or (isinstance(expr, Name) and expr.name in ("date", "turn"))


def _is_fixed(expr: Expr) -> bool:
    """The clock or a constant: what a comparison may read for its value to follow from the turn alone."""
    return _is_clock(expr) or isinstance(expr, Number)


def soften(expr: Expr, scenario: Scenario) -> Soft:
    """The soft reading of a condition's tree: (state, index of the faction `self` stands for) -> [0, 1]."""
    return _Soft(scenario, index_for(scenario)).compile(expr)


class _Table:
    """Each faction's ways to win at once, compiled: (faction index, soft condition, faction `self` stands for)."""

    def __init__(self, scenario: Scenario) -> None:
        index = index_for(scenario)
        self.n_factions = index.n_factions
        self.ways: list[tuple[int, Soft, int | None]] = [
            (index.faction[v.winner], soften(v.condition.tree, scenario), None) for v in scenario.victory.immediate
        ]
        for f, faction in enumerate(scenario.factions):
            if faction.objective.win_if is not None:
                self.ways.append((f, soften(faction.objective.win_if.tree, scenario), f))


_tables: PerObject[Scenario, _Table] = PerObject(_Table)


def nearness(state: GameState) -> FloatArray:
    """[factions] how near each faction is to winning at once, in [0, 1] (its nearest way)."""
    table = _tables(state.scenario)
    result = np.zeros(table.n_factions)
    for f, soft, self_faction in table.ways:
        result[f] = max(result[f], soft(state, self_faction))
    return result
