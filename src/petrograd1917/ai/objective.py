"""What each faction's objective is made of, read from its condition trees, so the heuristic knows where to look.

An objective is an expression (`held_points(self)`, `districts_controlled(self)`, `legitimacy(self)` ...) and
immediate victories name sites (`holds(reds, palace)`). Walking those trees tells the agent which levers move
its own score and which sites would hand a rival the game: a bot that only read its AI weights would agitate
everywhere while the palace fell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from petrograd1917.engine.cache import PerObject
from petrograd1917.scenario.conditions import SELF, Binary, Call, Condition, Expr, Name, Number, Unary
from petrograd1917.scenario.model import Scenario

FloatArray = npt.NDArray[np.float64]

LEVERS = {
    "districts_controlled": "control",
    "controls": "control",
    "legitimacy": "legitimacy",
    "city_influence": "influence",
    "influence": "influence",
    "armed_share": "loyalty",
    "commands": "loyalty",
    "loyalty": "loyalty",
    "unrest": "unrest",
    "crowd": "unrest",
    "strikers": "unrest",
    "bread": "bread",
    "stock": "bread",
}


@dataclass(frozen=True)
class Focus:
    """For one faction: how much each lever counts towards its objective (per unit of score over target), and
    what each site is worth to it (own objective, or a rival's sudden win to prevent)."""

    levers: dict[str, float]
    site_bonus: FloatArray  # [S]
    rival_targets: FloatArray  # [S] sites whose capture by a rival would end the game


def _calls(expr: Expr) -> list[Call]:
    if isinstance(expr, Call):
        return [expr, *(c for a in expr.args for c in _calls(a))]
    if isinstance(expr, Binary):
        return _calls(expr.left) + _calls(expr.right)
    if isinstance(expr, Unary):
        return _calls(expr.operand)
    return []


def _weighted_calls(expr: Expr, weight: float = 1.0) -> list[tuple[Call, float]]:
    """The calls in a score expression with the factor each enters it with (`10 * legitimacy(self)` -> 10)."""
    if isinstance(expr, Call):
        return [(expr, weight)]
    if isinstance(expr, Unary) and expr.op == "-":
        return _weighted_calls(expr.operand, -weight)
    if isinstance(expr, Binary):
        if expr.op == "*" and isinstance(expr.left, Number):
            return _weighted_calls(expr.right, weight * expr.left.value)
        if expr.op == "*" and isinstance(expr.right, Number):
            return _weighted_calls(expr.left, weight * expr.right.value)
        if expr.op == "/" and isinstance(expr.right, Number) and expr.right.value:
            return _weighted_calls(expr.left, weight / expr.right.value)
        if expr.op in ("+", "-"):
            sign = -1.0 if expr.op == "-" else 1.0
            return _weighted_calls(expr.left, weight) + _weighted_calls(expr.right, sign * weight)
    return [(call, weight) for call in _calls(expr)]  # anything else: count each call once


def _names(call: Call) -> list[str]:
    return [a.name for a in call.args if isinstance(a, Name)]


def _site_calls(condition: Condition | None, faction: str, sites: dict[str, int]) -> list[int]:
    """Sites the faction must hold for the condition (holds/controls(faction or self, site))."""
    if condition is None:
        return []
    found = []
    for call in _calls(condition.tree):
        names = _names(call)
        wanted = call.function in ("holds", "controls") and len(names) == 2 and names[0] in (faction, SELF)
        if wanted and names[1] in sites:
            found.append(sites[names[1]])
    return found


def focus_of(scenario: Scenario) -> list[Focus]:
    sites = {s.id: i for i, s in enumerate(scenario.sites)}
    points = np.array([s.gives.victory_points for s in scenario.sites], dtype=np.float64)
    result = []
    for faction in scenario.factions:
        objective = faction.objective
        target = objective.target or 1.0
        levers: dict[str, float] = {}
        bonus = np.zeros(len(sites))
        calls = _weighted_calls(objective.score.tree) if objective.score is not None else []
        for call, weight in calls:
            if call.function == "held_points":
                bonus += weight * points / target
            elif call.function == "sites_held":
                bonus += weight / target
            elif call.function in LEVERS:
                lever = LEVERS[call.function]
                levers[lever] = levers.get(lever, 0.0) + weight / target
        for s in _site_calls(objective.score, faction.id, sites):
            bonus[s] += 1.0
        for s in _site_calls(objective.win_if, faction.id, sites):
            bonus[s] += 3.0
        for victory in scenario.victory.immediate:
            if victory.winner == faction.id:
                for s in _site_calls(victory.condition, faction.id, sites):
                    bonus[s] += 3.0
        rival = np.zeros(len(sites))
        for victory in scenario.victory.immediate:
            if victory.winner != faction.id:
                for s in _site_calls(victory.condition, victory.winner, sites):
                    rival[s] += 3.0
        result.append(Focus(levers, bonus, rival))
    return result


focus_for: PerObject[Scenario, list[Focus]] = PerObject(focus_of)
