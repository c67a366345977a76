"""How good a position looks to each faction: one number in [0, 1] per faction, from its objective and AI weights.

The heuristic agent compares positions with it and MCTS scores the end of each playout with it, so both pursue
the same thing: first the faction's standing in the race the game is decided by (`standing`: the engine's score
over target and whether the faction is still in the race, by which the winner at the last turn is picked), then
what the scenario's `AIWeights` say it cares about — influence where people live, districts controlled, sites
held, the loyalty of the armed men, bread, and unrest (wanted by insurgents, feared by governments).

A finished game is worth 1 to its winner and 0 to the others; a draw is worth 0.5 to everyone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from petrograd1917.ai.immediate import nearness
from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.outcome import ratios
from petrograd1917.engine.portable import dot, matvec
from petrograd1917.engine.standing import in_race
from petrograd1917.scenario.model import Scenario

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

FEATURES = ("influence", "control", "sites", "loyalty", "unrest", "bread")
IMMEDIATE_WEIGHT = 0.5  # how far nearness to a sudden win counts as that win's chance, in `leaf_values`
OBJECTIVE_WEIGHT = 3.0  # the objective decides the game, so it outweighs any single preference
BREAD_DAYS_ENOUGH = 3.0  # more days of bread than this in a district no longer calms anyone
# `ndarray.sum` reaches this reduction through a Python wrapper that costs more than the sum of a few numbers; the
# same reduction called directly gives the same bits (a search scores thousands of leaves with it).
_total = np.add.reduce


@dataclass(frozen=True)
class Weights:
    """Per-faction weights as arrays (one entry per faction, in scenario order), built once per scenario."""

    by_feature: FloatArray  # [features, factions]: each faction's AI weight of each feature, in FEATURES order
    norm: FloatArray  # the width of the range the weighted sum can take, to map it into [0, 1]
    shift: FloatArray  # minus the lowest value it can take (negative weights: wanting calm, fearing violence)
    site_value: FloatArray  # [S] what a site is worth to hold
    site_share: FloatArray  # [S] the same over the sum of all sites' worth
    pop_share: FloatArray  # [D]

    @classmethod
    def of(cls, scenario: Scenario) -> Weights:
        by_feature = np.array([[getattr(f.ai, name) for f in scenario.factions] for name in FEATURES], dtype=np.float64)
        gives = [s.gives for s in scenario.sites]
        site_value = np.array([1.0 + g.victory_points + g.action_points + 5 * g.rail_share + g.arms for g in gives])
        population = np.array([d.population for d in scenario.districts], dtype=np.float64)
        return cls(
            by_feature=by_feature,
            norm=OBJECTIVE_WEIGHT + np.abs(by_feature).sum(axis=0),
            shift=np.maximum(-by_feature, 0.0).sum(axis=0),
            site_value=site_value,
            site_share=site_value / max(site_value.sum(), 1e-9),
            pop_share=population / max(population.sum(), 1.0),
        )


weights_for: PerObject[Scenario, Weights] = PerObject(Weights.of)


def features(state: GameState) -> FloatArray:
    """[features, factions]: each feature (FEATURES order) per faction, in [0, 1]. Read from the state as it is:
    the searchers call it on their believed or determinized worlds, never on the game itself."""
    w = weights_for(state.scenario)
    n_f = state.index.n_factions
    strength = state.unit_strength * state.unit_alive
    total = _total(strength)
    result = np.empty((len(FEATURES), n_f))
    result[0] = 0.75 * matvec(state.influence.T, w.pop_share) + 0.25 * state.legitimacy
    result[1] = _by_side(state.district_controller, w.pop_share, n_f)
    result[2] = _by_side(state.site_holder, w.site_share, n_f)
    result[3] = matvec(state.unit_loyalty.T, strength) / total if total > 0 else 0.0
    result[4] = dot(w.pop_share, state.unrest)
    result[5] = dot(w.pop_share, np.minimum(state.bread_days / BREAD_DAYS_ENOUGH, 1.0))
    return result


def _by_side(side: IntArray, weights: FloatArray, n_f: int) -> FloatArray:
    """[factions] the weights of the places each side holds (-1: nobody), added up in the places' order: counted
    one bin up, so the nobody's bin is simply dropped rather than masked out of both arrays first."""
    return np.asarray(np.bincount(side + 1, weights=weights, minlength=n_f + 1)[1:], dtype=np.float64)


def race(ratio: list[float], racing: list[bool]) -> FloatArray:
    """How each faction stands in the race, from its score over target and whether it is still in the race: 0.5
    plus half its lead over the best rival still in the race, clipped to [0, 1]; 0 for a faction out of it (it
    can no longer win on points)."""
    n = len(ratio)
    result = [0.0] * n
    for f in range(n):
        if racing[f]:
            best = -math.inf
            for g in range(n):
                if g != f and racing[g] and ratio[g] > best:
                    best = ratio[g]
            result[f] = min(max(0.5 + 0.5 * (ratio[f] - best), 0.0), 1.0)
    return np.array(result, dtype=np.float64)


def standing(state: GameState) -> FloatArray:
    """Each faction's standing now, in scenario order, from the engine's own figures: `outcome.ratios` and
    `standing.in_race`, the two things the last turn's winner is picked by."""
    ratio = list(ratios(state).values())
    return race(ratio, [in_race(state, f) for f in range(len(ratio))])


def values(state: GameState) -> FloatArray:
    """The worth of `state` to every faction, each in [0, 1]."""
    n_f = state.index.n_factions
    if state.is_over():
        winner = state.winner if state.winner is not None else -1
        return np.full(n_f, 0.5) if winner < 0 else np.eye(n_f)[winner]
    w = weights_for(state.scenario)
    total = OBJECTIVE_WEIGHT * standing(state) + w.shift + _total(w.by_feature * features(state), axis=0)
    worth: FloatArray = total / w.norm
    return worth


def leaf_values(state: GameState, weight: float = IMMEDIATE_WEIGHT) -> FloatArray:
    """`values`, with the sudden wins in sight: each faction's nearness to winning at once (`immediate.nearness`,
    times `weight`) counts as its chance of a win worth 1, and `values` as the worth of the rest. What the
    search scores the ends of its playouts with: a few orders on, a position that lets a rival close in on its
    sudden win is worth less to everyone else, whatever it does for their points."""
    worth = values(state)
    if state.is_over() or weight <= 0:
        return worth
    chance = weight * nearness(state)
    total = float(_total(chance))
    if total > 1.0:
        chance /= total
        total = 1.0
    mixed: FloatArray = chance + (1.0 - total) * worth
    return mixed
