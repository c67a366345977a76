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
- a site not held is as near as the faction's armed men in its district are to taking it: the share its force
  would have against the holder's defence (as a seizure's odds weigh them), times `HOLD_REACH`. Without it a
  side massing at the palace would look no nearer to the win than one far away, and a side's orders that keep
  a rival's men from the site would look worth nothing;
- anything else (`controls` of a district, a set flag) is its value now.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.evaluate import compile_condition
from petrograd1917.engine.index import index_for
from petrograd1917.engine.odds import armed_force, site_defence
from petrograd1917.scenario.conditions import SELF, Binary, Boolean, Call, DateLiteral, Expr, Name, Unary
from petrograd1917.scenario.model import Scenario

if TYPE_CHECKING:
    from petrograd1917.engine.index import ScenarioIndex
    from petrograd1917.engine.state import GameState

FloatArray = npt.NDArray[np.float64]
Soft = Callable[["GameState", "int | None"], float]

FLAG_ODDS = 0.5  # a flag not yet set: as likely as not to be set by what is still to come
SCALE = 0.25  # a failed comparison's shortfall is measured in quarters of the larger side
FLOOR = 0.05  # ... but never in less than this (a comparison with zero)
HOLD_REACH = 0.5  # a site not held counts at most this much: men in place to take it have not taken it yet
_GREATER = {">", ">="}
_LESS = {"<", "<="}


class _Soft:
    def __init__(self, scenario: Scenario, index: ScenarioIndex) -> None:
        self.scenario, self.index = scenario, index

    def compile(self, expr: Expr) -> Soft:
        if isinstance(expr, Binary) and expr.op in ("and", "or"):
            left, right = self.compile(expr.left), self.compile(expr.right)
            if expr.op == "and":
                return _both(left, right)
            return lambda s, f: max(left(s, f), right(s, f))
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
        if isinstance(expr, Call) and expr.function in ("holds", "controls") and self._site(expr) is not None:
            return self._holds(expr)
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
            return math.exp(margin / max(SCALE * max(abs(a), abs(b)), FLOOR))

        return soft

    def _site(self, expr: Call) -> int | None:
        place = expr.args[1] if len(expr.args) == 2 else None
        return self.index.site.get(place.name) if isinstance(place, Name) else None

    def _holds(self, expr: Call) -> Soft:
        """1 where the faction holds the site, else `HOLD_REACH` times its armed force in the site's district (less
        the attacker's penalty) over that force plus the holder's defence: 0 without men there."""
        exact = compile_condition(expr, self.scenario, self.index)
        site = self._site(expr)
        assert site is not None and isinstance(expr.args[0], Name)
        named = expr.args[0].name
        fixed = None if named == SELF else self.index.faction[named]
        district = int(self.index.site_district[site])
        penalty = self.scenario.rules.combat_attacker_penalty

        def soft(s: GameState, f: int | None) -> float:
            if exact(s, f):
                return 1.0
            who = fixed if fixed is not None else f
            force = armed_force(s, who, district) * penalty if who is not None else 0.0
            if force <= 0:
                return 0.0
            return HOLD_REACH * force / (force + site_defence(s, site))

        return soft

    def _clock(self, expr: Binary) -> Soft:
        """Exact: a sudden win the calendar has not yet opened is not near, however well placed a side is for it
        (holding the palace and Smolny two days before the date that counts is no win yet)."""
        exact = compile_condition(expr, self.scenario, self.index)
        return lambda s, f: 1.0 if exact(s, f) else 0.0


def _both(left: Soft, right: Soft) -> Soft:
    """`and`: the product; a left side at 0 makes it 0 whatever the right, which is then not read."""

    def soft(s: GameState, f: int | None) -> float:
        first = left(s, f)
        return first * right(s, f) if first else 0.0

    return soft


def _is_clock(expr: Expr) -> bool:
    return isinstance(expr, DateLiteral) or (isinstance(expr, Name) and expr.name in ("date", "turn"))


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
