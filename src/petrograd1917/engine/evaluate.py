"""Evaluate conditions against a game: each tree is compiled once into nested closures with ids already turned into
array indices, because every event's condition is tested every turn (and MCTS plays thousands of turns a second).

The meaning of every function is documented in `docs/conditions.md`; the catalogue of names, argument kinds and
result types is `scenario.conditions.FUNCTIONS`, which the loader has already checked each condition against.
"""

from __future__ import annotations

import operator
import weakref
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

import numpy as np

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.compiled import kernel
from petrograd1917.engine.control import within_reach
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray, ScenarioIndex
from petrograd1917.engine.numeric import array_sum
from petrograd1917.engine.state import FIELDS, GameState, Kept
from petrograd1917.scenario.conditions import (
    COMPARISONS,
    FUNCTIONS,
    SELF,
    ArgKind,
    Binary,
    Boolean,
    Call,
    Condition,
    DateLiteral,
    Expr,
    Name,
    Number,
    Unary,
    ValueType,
)
from petrograd1917.scenario.model import Scenario

Value = float | bool | datetime
Compiled = Callable[[GameState, int | None], Value]  # (state, index of the faction `self` stands for)


class ConditionError(ValueError):
    """A condition that cannot be evaluated here: it names something unknown to this scenario, or uses `self`
    where no faction is given. The loader's checks prevent both in a scenario that validated."""


def evaluate(condition: Condition | Expr, state: GameState, self_faction: int | None = None) -> Value:
    """The value of a condition (or of a bare expression) in `state`; `self_faction` is a faction index."""
    return compile_condition(condition, state.scenario, state.index)(state, self_faction)


CompiledHere = dict[int, tuple[Condition | Expr, Compiled]]
# Per scenario index, each condition's compiled form by the condition's identity (the entry keeps the condition
# alive, so its id is not reused while the entry stands); kept while the index lives (engine/cache.py).
_COMPILED: PerObject[ScenarioIndex, CompiledHere] = PerObject(lambda index: {})
_COMPILED_KEPT = 4096  # conditions per scenario: the scenario's own, and a few hundred written by tests or tools
# The table last asked for, by a weak reference to its index: a game asks for the same one turn after turn.
_LAST_TABLE: list[tuple[weakref.ref[ScenarioIndex], CompiledHere] | None] = [None]


def _compiled_for(index: ScenarioIndex) -> CompiledHere:
    last = _LAST_TABLE[0]
    if last is not None and last[0]() is index:
        return last[1]
    table = _COMPILED(index)
    _LAST_TABLE[0] = (weakref.ref(index), table)
    return table


def compile_condition(condition: Condition | Expr, scenario: Scenario, index: ScenarioIndex) -> Compiled:
    """The compiled form of `condition` for this scenario, built on first use and cached by identity."""
    compiled_here = _compiled_for(index)
    hit = compiled_here.get(id(condition))
    if hit is not None and hit[0] is condition:
        return hit[1]
    tree = condition.tree if isinstance(condition, Condition) else condition
    compiled = _Compiler(scenario, index).compile(tree)
    if len(compiled_here) >= _COMPILED_KEPT:
        compiled_here.clear()
    compiled_here[id(condition)] = (condition, compiled)
    return compiled


def compile_for(condition: Condition | Expr, scenario: Scenario, index: ScenarioIndex, faction: int) -> Compiled:
    """The compiled form of `condition` with `self` standing for `faction` throughout, built anew (the caller keeps
    it): each function reads that faction's figures itself instead of picking its form by the faction at every
    call (a faction's objective is weighed at every position a computer player looks at)."""
    tree = condition.tree if isinstance(condition, Condition) else condition
    return _Compiler(scenario, index, faction).compile(tree)


# ----------------------------------------------------------------------------------------------------------
# The functions of the catalogue, each made into a compiled form for its bound arguments (indices, names): the form
# reads the state itself, one call per use (a condition is tested at every listing, turn and searched position).
# A unit index of -1 is a unit an event has not added yet.
# ----------------------------------------------------------------------------------------------------------


def _unrest(d: int) -> Compiled:
    return lambda s, me: s.unrest.item(d)  # `item` of a float array gives a Python float


def _influence(d: int, f: int) -> Compiled:
    return lambda s, me: s.influence.item(d, f)


def _controls_district(f: int, d: int) -> Compiled:
    return lambda s, me: s.district_controller.item(d) == f


def _holds(f: int, site: int) -> Compiled:
    return lambda s, me: s.site_holder.item(site) == f


def _loyalty(u: int, f: int) -> Compiled:
    return (lambda s, me: s.unit_loyalty.item(u, f)) if u >= 0 else _constant(0.0)


def _commands(f: int, u: int) -> Compiled:
    return (lambda s, me: s.unit_alive.item(u) and s.unit_commander.item(u) == f) if u >= 0 else _constant(False)


def _strength(u: int) -> Compiled:
    return (lambda s, me: s.unit_strength.item(u) if s.unit_alive.item(u) else 0.0) if u >= 0 else _constant(0.0)


def _strikers_city() -> Compiled:
    return lambda s, me: float(_total(s.strikers))


def _strikers(d: int) -> Compiled:
    return lambda s, me: s.strikers.item(d)


def _crowd_city() -> Compiled:
    return lambda s, me: float(_total(s.crowd))


def _crowd(d: int) -> Compiled:
    return lambda s, me: s.crowd.item(d)


def _bread(d: int) -> Compiled:
    return lambda s, me: s.bread_days.item(d)


def _stock() -> Compiled:
    return lambda s, me: float(s.city_stock)


def _ration() -> Compiled:
    return lambda s, me: float(s.ration)


def _raised(link: int) -> Compiled:
    return lambda s, me: s.link_raised.item(link)


def _flag(name: str) -> Compiled:
    return lambda s, me: name in s.flags


def _happened(key_event: str) -> Compiled:
    return lambda s, me: key_event in s.key_events


def _legitimacy(f: int) -> Compiled:
    return lambda s, me: s.legitimacy.item(f)


def _districts_controlled(f: int) -> Compiled:
    return lambda s, me: float(s.district_controller.tolist().count(f))


def _sites_held(f: int) -> Compiled:
    return lambda s, me: float(s.site_holder.tolist().count(f))


def held_points(s: GameState) -> list[float]:
    """[F] the victory points of the sites each side holds: `held_points(faction)` in conditions, and the seats of
    power on the end screen. Kept for the last state's holders: every score and every search position asks."""
    holders = s.site_holder.tobytes()
    last = _LAST_POINTS[0]
    if last is None or last[0] is not s.index or last[1] != holders:
        totals = [0] * s.index.n_factions  # whole points, so their sum is exact in any order
        for points, holder in zip(_SITE_POINTS(s.index), s.site_holder.tolist(), strict=True):
            if holder >= 0:
                totals[holder] += points
        last = _LAST_POINTS[0] = (s.index, holders, [float(total) for total in totals])
    return last[2]


# The last state's points held by each side, by the sites' holders (each score and each search position asks).
_LAST_POINTS: list[tuple[ScenarioIndex, bytes, list[float]] | None] = [None]


@dataclass(frozen=True, slots=True)
class _Armed:
    """What `armed_share` reads of one state, for every side at once: the scores ask for it once per side (and
    the search asks for every side's score on every position it weighs)."""

    scenario: Scenario
    key: tuple[bytes, ...]  # all it reads of the state
    shares: list[float]  # [F] each side's share of the armed force within reach


# The last state's armed force, by the bytes of all it reads (`within_reach`'s inputs, and men, arms, commanders):
# the one answer kept of who is within reach (a search's positions differ in it from one to the next, so a second
# key for that part alone would be built at every position and rarely hit).
_LAST_ARMED: list[_Armed | None] = [None]


def _armed_share(s: GameState, f: int) -> float:
    key = (  # a tuple, not one joined string: compared part by part, without copying them all once more
        s.unit_alive.tobytes(),
        s.unit_district.tobytes(),
        s.unit_kind.tobytes(),
        s.link_raised.tobytes(),
        s.strikers.tobytes(),
        s.unit_strength.tobytes(),
        s.unit_arms.tobytes(),
        s.unit_commander.tobytes(),
    )
    last = _LAST_ARMED[0]
    if last is None or last.scenario is not s.scenario or last.key != key:
        shares = np.empty(s.index.n_factions)
        _armed_shares(s.unit_strength, s.unit_arms, within_reach(s), s.unit_commander, shares)
        last = _LAST_ARMED[0] = _Armed(s.scenario, key, shares.tolist())
    return last.shares[f]


@kernel
def _armed_shares(
    strength: FloatArray, arms: FloatArray, reach: BoolArray, commander: IntArray, shares: FloatArray
) -> None:
    """Each side's share of the armed force within reach (men x arms x within reach, 0 or 1), in `shares`: the
    men x arms of its units summed in the units' order, over those of all units, both summed as numpy sums an
    array (pairwise); 0 for everyone with no armed force."""
    n = strength.shape[0]
    armed = np.empty(n)
    for u in range(n):
        armed[u] = strength[u] * arms[u] * (1.0 if reach[u] else 0.0)
    total = array_sum(armed)
    mine = np.empty(n)
    for f in range(shares.shape[0]):
        k = 0
        for u in range(n):
            if commander[u] == f:
                mine[k] = armed[u]
                k += 1
        shares[f] = array_sum(mine[:k]) / total if total > 0 else 0.0


def city_influence(s: GameState, f: int) -> float:
    """A side's following in the city: its influence in each district weighted by the district's people, as a
    share of all the people (`city_influence(faction)` in conditions, and the following on the end screen). Kept
    for the last state's influence, every side's at once: most orders a search weighs leave the influence as it
    was."""
    influence = s.influence.tobytes()
    last = _LAST_FOLLOWING[0]
    if last is None or last[0] is not s.index or last[1] != influence:
        following = np.empty(s.index.n_factions)
        _following(s.influence, s.index.population, _POPULATION(s.index), following)
        last = _LAST_FOLLOWING[0] = (s.index, influence, following.tolist())
    return last[2][f]


@kernel
def _following(influence: FloatArray, people: FloatArray, total: float, following: FloatArray) -> None:
    """Each side's following in the city, in `following`: its influence times each district's people, the products
    summed as numpy sums an array (pairwise, `portable.dot`'s order), over all the people (0 with nobody)."""
    n_d = people.shape[0]
    products = np.empty(n_d)
    for g in range(following.shape[0]):
        for d in range(n_d):
            products[d] = influence[d, g] * people[d]
        following[g] = array_sum(products) / total if total > 0 else 0.0


# The last state's following of each side in the city, by the bytes of its influence.
_LAST_FOLLOWING: list[tuple[ScenarioIndex, bytes, list[float]] | None] = [None]


# `ndarray.sum` reaches this reduction through a Python wrapper that costs more than the sum of a few dozen
# numbers; the same reduction called directly gives the same bits.
_total = np.add.reduce
# Per index (engine/cache.py): each site's victory points as ints, and the city's people.
_SITE_POINTS: PerObject[ScenarioIndex, tuple[int, ...]] = PerObject(lambda i: tuple(i.site_victory_points.tolist()))
_POPULATION: PerObject[ScenarioIndex, float] = PerObject(lambda i: float(_total(i.population)))


Leaf = Callable[..., Compiled]  # a function's bound arguments -> its compiled form
_IMPLEMENTATIONS: dict[tuple[str, int], Leaf] = {
    ("unrest", 1): _unrest,
    ("influence", 2): _influence,
    ("controls", 2): _controls_district,  # a site as second argument compiles to `holds`
    ("holds", 2): _holds,
    ("loyalty", 2): _loyalty,
    ("commands", 2): _commands,
    ("strength", 1): _strength,
    ("strikers", 0): _strikers_city,
    ("strikers", 1): _strikers,
    ("crowd", 0): _crowd_city,
    ("crowd", 1): _crowd,
    ("bread", 1): _bread,
    ("stock", 0): _stock,
    ("ration", 0): _ration,
    ("raised", 1): _raised,
    ("flag", 1): _flag,
    ("happened", 1): _happened,
    ("legitimacy", 1): _legitimacy,
    ("districts_controlled", 1): _districts_controlled,
    ("sites_held", 1): _sites_held,
    ("held_points", 1): lambda f: lambda s, me: held_points(s)[f],
    ("armed_share", 1): lambda f: lambda s, me: _armed_share(s, f),
    ("city_influence", 1): lambda f: lambda s, me: city_influence(s, f),
}

# What each function of the catalogue reads of a game, by field (`state.FIELDS`' names), besides the scenario: the
# value of a condition stays as it was while these fields do (`fields_read`). A unit argument may name a unit that
# only an event adds, found by the game's unit ids.
_READS: dict[str, tuple[str, ...]] = {
    "unrest": ("unrest",),
    "influence": ("influence",),
    "controls": ("district_controller", "site_holder"),
    "holds": ("site_holder",),
    "loyalty": ("unit_loyalty", "unit_ids"),
    "commands": ("unit_alive", "unit_commander", "unit_ids"),
    "strength": ("unit_strength", "unit_alive", "unit_ids"),
    "strikers": ("strikers",),
    "crowd": ("crowd",),
    "bread": ("bread_days",),
    "stock": ("city_stock",),
    "ration": ("ration",),
    "raised": ("link_raised",),
    "flag": ("flags",),
    "happened": ("key_events",),
    "legitimacy": ("legitimacy",),
    "districts_controlled": ("district_controller",),
    "sites_held": ("site_holder",),
    "held_points": ("site_holder",),
    # all `_armed_share` keys its answer by
    "armed_share": (
        "unit_alive",
        "unit_district",
        "unit_kind",
        "link_raised",
        "strikers",
        "unit_strength",
        "unit_arms",
        "unit_commander",
    ),
    "city_influence": ("influence",),
    "mutinied_units": ("unit_commander", "unit_alive"),
    "min": (),
    "max": (),
}
_VARIABLE_READS: dict[str, tuple[str, ...]] = {"turn": ("turn",), "date": ("turn",)}  # a game's date is its turn's


def fields_read(condition: Condition | Expr) -> frozenset[str]:
    """The fields of a game the condition's value depends on (besides the scenario, which it is compiled for): a
    value found once holds while they are as they were."""
    match condition.tree if isinstance(condition, Condition) else condition:
        case Call(function=function, args=args):
            return frozenset(_READS[function]).union(*(fields_read(arg) for arg in args))
        case Name(name=name):  # a variable, or an id given as an argument (which reads nothing)
            return frozenset(_VARIABLE_READS.get(name, ()))
        case Unary(operand=operand):
            return fields_read(operand)
        case Binary(left=left, right=right):
            return fields_read(left) | fields_read(right)
    return frozenset()


# How `reading` keeps each kind of field a condition may read: a form equal for two games exactly when the field
# is (an array by its bits: its shape is fixed but for the units' count, which its length shows; a float by its
# repr, which tells 0.0 from -0.0).
_KEY_FORMS: dict[Kept, Callable[[Any], Hashable]] = {
    Kept.ARRAY: np.ndarray.tobytes,
    Kept.VALUE: lambda value: value,
    Kept.FLOAT: repr,
    Kept.SET: frozenset,
    Kept.DICT: lambda value: tuple(value.items()),
    Kept.KEYS: lambda value: tuple(value.items()),
}
_KEPT_AS = {f.name: f.kept for f in FIELDS}


def reading(fields: Iterable[str]) -> Callable[[GameState], tuple[Hashable, ...]]:
    """A key of what a game holds in these fields (`fields_read`'s): equal keys, the same fields, and so the same
    value of any condition that reads no others."""
    forms = tuple((name, _KEY_FORMS[_KEPT_AS[name]]) for name in sorted(fields))
    return lambda state: tuple([form(getattr(state, name)) for name, form in forms])


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": lambda a, b: a / b if b else 0.0,  # a modder's `x / total` must not crash a game when total is 0
}


class _LateUnit:
    """A unit that only an event adds: its index is looked up in the game when the condition runs."""

    __slots__ = ("unit_id",)

    def __init__(self, unit_id: str) -> None:
        self.unit_id = unit_id


Arg = int | str | _LateUnit | None  # an index; a flag or key-event name; a late unit; None = `self` (not fixed)


def _constant(value: Value) -> Compiled:
    return lambda s, me: value


class _Compiler:
    def __init__(self, scenario: Scenario, index: ScenarioIndex, me: int | None = None) -> None:
        self.scenario = scenario
        self.index = index
        self.me = me  # the faction `self` stands for, when fixed for the whole condition

    def compile(self, expr: Expr) -> Compiled:
        match expr:
            case Number() | Boolean() | DateLiteral():
                return _constant(expr.value)
            case Name():
                return self.variable(expr)
            case Unary():
                operand = self.compile(expr.operand)
                if expr.op == "not":
                    return lambda s, me: not operand(s, me)
                return lambda s, me: -operand(s, me)  # type: ignore[operator]
            case Binary():
                return self.binary(expr)
            case Call():
                return self.call(expr)

    def variable(self, expr: Name) -> Compiled:
        if expr.name == "turn":
            return lambda s, me: float(s.turn + 1)  # players count turns from 1
        if expr.name == "date":
            return lambda s, me: s.date
        raise ConditionError(f"column {expr.column}: '{expr.name}' is not a variable (turn, date)")

    def binary(self, expr: Binary) -> Compiled:
        if expr.op in ("and", "or"):  # a chain of one of them, `a and b and c`, in one call
            parts = _links(expr, expr.op)
            if all(_is_bool(part) for part in parts):  # true and false only: any order gives the same value
                parts.sort(key=_dear)  # so the cheap tests go first (stable: else in the text's order)
            return _chain(expr.op, [self.compile(part) for part in parts])
        compare = _COMPARE.get(expr.op)
        if compare is not None and _is_date(expr.left) and isinstance(expr.right, DateLiteral):
            later = expr.right.value  # `date >= 1917-10-25`: known for each turn before the game starts
            return self.by_turn([compare(date, later) for date in self.index.turn_dates])
        if compare is not None and isinstance(expr.left, DateLiteral) and _is_date(expr.right):
            earlier = expr.left.value
            return self.by_turn([compare(earlier, date) for date in self.index.turn_dates])
        op = compare or _ARITHMETIC[expr.op]
        left, right = self.compile(expr.left), self.compile(expr.right)
        if isinstance(expr.right, Number | DateLiteral | Boolean):
            constant = expr.right.value  # the common `unrest(vyborg) > 0.5`: one call fewer per evaluation
            return lambda s, me: op(left(s, me), constant)  # type: ignore[arg-type]
        if isinstance(expr.left, Number | DateLiteral | Boolean):
            first = expr.left.value  # and `10 * legitimacy(self)`
            return lambda s, me: op(first, right(s, me))  # type: ignore[arg-type]
        return lambda s, me: op(left(s, me), right(s, me))  # type: ignore[arg-type]

    def by_turn(self, truths: list[bool]) -> Compiled:
        """A comparison of the date with a fixed date, given for every turn's date: a game's date is its turn's,
        the last one's after the calendar's end (as `GameState.date` gives it)."""
        last = len(truths) - 1
        return lambda s, me: truths[s.turn] if s.turn < last else truths[last]

    def call(self, expr: Call) -> Compiled:
        spec = FUNCTIONS.get(expr.function)
        signature = next((sig for sig in spec.signatures if len(sig) == len(expr.args)), None) if spec else None
        if spec is None or signature is None:
            raise ConditionError(f"column {expr.column}: no function {expr.function} with {len(expr.args)} arguments")
        if expr.function in ("min", "max"):
            first, second = (self.compile(arg) for arg in expr.args)
            pick = min if expr.function == "min" else max
            return lambda s, me: pick(first(s, me), second(s, me))
        if expr.function == "mutinied_units":
            if expr.args:
                faction = self.argument(expr.args[0], ArgKind.FACTION)
                assert faction is None or isinstance(faction, int)
                return self.came_over(faction)
            return self.mutinied_units()
        args = [self.argument(arg, kind) for arg, kind in zip(expr.args, signature, strict=True)]
        leaf = _IMPLEMENTATIONS[(expr.function, len(args))]
        if expr.function == "controls" and isinstance(place := expr.args[1], Name):
            leaf = _controls_district if place.name in self.index.district else _holds  # a site: holding it
        return _bind(leaf, args, expr.column, self.index.n_factions)

    def argument(self, arg: Expr, kind: ArgKind) -> Arg:
        if not isinstance(arg, Name):
            raise ConditionError(f"column {arg.column}: a {kind.value} id is needed here")
        name = arg.name
        if kind in (ArgKind.FLAG, ArgKind.KEY_EVENT):
            return name
        if kind == ArgKind.FACTION and name == SELF:
            return self.me
        if kind == ArgKind.UNIT:
            return self.index.unit[name] if name in self.index.unit else _LateUnit(name)
        table = {
            ArgKind.DISTRICT: self.index.district,
            ArgKind.FACTION: self.index.faction,
            ArgKind.SITE: self.index.site,
            ArgKind.LINK: self.index.link,
            ArgKind.PLACE: self.index.district if name in self.index.district else self.index.site,
        }[kind]
        if name not in table:
            raise ConditionError(f"column {arg.column}: unknown {kind.value.replace('_', ' ')} '{name}'")
        return table[name]

    def starting_commanders(self) -> IntArray:
        """Each of the scenario's own units' first commander (-1: none); units events add come after them."""
        return np.array(
            [self.index.faction[u.commander] if u.commander else -1 for u in self.scenario.units], dtype=np.int64
        )

    def mutinied_units(self) -> Compiled:
        start = self.starting_commanders()
        n = len(start)

        def count(s: GameState, me: int | None) -> float:
            changed = (s.unit_commander[:n] != start) & s.unit_alive[:n]
            return float(np.count_nonzero(changed))

        return count

    def came_over(self, faction: int | None) -> Compiled:
        """`mutinied_units(faction)`: only the units that now obey that faction, so a side is never credited with
        the regiments that went over to its rivals. `faction` is an index, or None for `self`."""
        start = self.starting_commanders()
        n = len(start)

        def count(s: GameState, me: int | None) -> float:
            f = faction if faction is not None else me
            if f is None:
                raise ConditionError("'self' is only meaningful in a faction's objective")
            commander = s.unit_commander[:n]
            return float(np.count_nonzero((commander == f) & (start != f) & s.unit_alive[:n]))

        return count


def _links(expr: Expr, op: str) -> list[Expr]:
    """The operands of a chain of `op` (`and` or `or`), in their order: `a and b and c` is `(a and b) and c`."""
    if isinstance(expr, Binary) and expr.op == op:
        return [*_links(expr.left, op), *_links(expr.right, op)]
    return [expr]


def _chain(op: str, parts: list[Compiled]) -> Compiled:
    """`a and b and ...` (or `or`) in one call per three operands: the same value however it is bracketed (the value
    of an `and` is its first false operand or its last, of an `or` its first true one or its last)."""
    if len(parts) == 1:
        return parts[0]
    first, second = parts[0], parts[1]
    if len(parts) == 2:
        if op == "and":
            return lambda s, me: first(s, me) and second(s, me)
        return lambda s, me: first(s, me) or second(s, me)
    rest = _chain(op, parts[2:])
    if op == "and":
        return lambda s, me: first(s, me) and second(s, me) and rest(s, me)
    return lambda s, me: first(s, me) or second(s, me) or rest(s, me)


def _is_bool(expr: Expr) -> bool:
    """The expression gives True or False, whatever the state (not a number that `and` would pass on)."""
    match expr:
        case Boolean():
            return True
        case Unary():
            return expr.op == "not"
        case Binary():
            return expr.op in COMPARISONS or (expr.op in ("and", "or") and _is_bool(expr.left) and _is_bool(expr.right))
        case Call():
            spec = FUNCTIONS.get(expr.function)
            return spec is not None and spec.result == ValueType.BOOL
    return False


# What a state's whole arrays or another memo must be read for: `armed_share` works out who is within reach,
# `held_points` keys its memo by the sites' holders; the rest read a number or two, or count a short row.
_DEAR = frozenset({"armed_share", "city_influence", "held_points", "mutinied_units"})


def _dear(expr: Expr) -> bool:
    """The expression calls a function that costs many times a plain reading of the state."""
    match expr:
        case Call():
            return expr.function in _DEAR or any(_dear(arg) for arg in expr.args)
        case Unary():
            return _dear(expr.operand)
        case Binary():
            return _dear(expr.left) or _dear(expr.right)
    return False


def _is_date(expr: Expr) -> bool:
    return isinstance(expr, Name) and expr.name == "date"


def _bind(leaf: Leaf, args: list[Arg], column: int, n_factions: int) -> Compiled:
    """The compiled form of a function's call: the leaf's own when its arguments are fixed (the usual case); for
    `self`, one form per faction, picked at each call; for a unit only an event adds, made at each call from the
    unit's index in the game then."""

    def no_self() -> NoReturn:
        raise ConditionError(f"column {column}: 'self' is only meaningful in a faction's objective")

    late = any(isinstance(a, _LateUnit) for a in args)
    if not late and None not in args:
        return leaf(*args)
    if not late:
        forms = tuple(leaf(*(f if a is None else a for a in args)) for f in range(n_factions))
        return lambda s, me: (forms[me] if me is not None else no_self())(s, me)

    def bind(a: Arg, s: GameState, me: int | None) -> Arg:
        if a is None:
            return me if me is not None else no_self()
        if isinstance(a, _LateUnit):
            return s.unit_ids.get(a.unit_id, -1)
        return a

    return lambda s, me: leaf(*(bind(a, s, me) for a in args))(s, me)
