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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from petrograd1917.ai.immediate import nearness
from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.numeric import array_sum, at_most
from petrograd1917.engine.outcome import ratios_and_race
from petrograd1917.scenario.model import Scenario

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

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
    result = np.empty((len(FEATURES), state.index.n_factions))
    _features(result, _read(state), w.pop_share, w.site_share)
    return result


# The state's arrays the features read, as one tuple (the kernels take it as one argument).
Seen = tuple[FloatArray, BoolArray, FloatArray, FloatArray, IntArray, IntArray, FloatArray, FloatArray, FloatArray]


def _read(state: GameState) -> Seen:
    """The state's arrays the features read, in `_features`' order of unpacking."""
    return (
        state.unit_strength,
        state.unit_alive,
        state.influence,
        state.legitimacy,
        state.district_controller,
        state.site_holder,
        state.unit_loyalty,
        state.unrest,
        state.bread_days,
    )


@helper
def _features(
    result: FloatArray,
    seen: Seen,
    pop_share: FloatArray,
    site_share: FloatArray,
) -> None:
    """Fills `result` [features, factions] in numpy's order of operations: influence is each faction's following
    weighted by the districts' people (a column of the matrix summed in turn, as numpy sums a transposed product)
    and its legitimacy; control and sites, the weights of the places each side holds, added in the places' order
    (bincount's); loyalty, the living men's loyalty to each side as a share of all living men (summed in turn; 0
    with nobody left); unrest and bread, the city's people-weighted figures (summed pairwise, as a dot product),
    bread's days counted up to BREAD_DAYS_ENOUGH."""
    unit_strength, unit_alive, influence, legitimacy, controller, holder, loyalty, unrest, bread_days = seen
    n_u, n_f = loyalty.shape
    n_d = influence.shape[0]
    strength = np.empty(n_u)
    for u in range(n_u):
        strength[u] = unit_strength[u] * (1.0 if unit_alive[u] else 0.0)
    total = array_sum(strength)
    for f in range(n_f):
        following = 0.0
        for d in range(n_d):
            following += influence[d, f] * pop_share[d]
        result[0, f] = 0.75 * following + 0.25 * legitimacy[f]
        result[1, f] = 0.0
        result[2, f] = 0.0
        loyal = 0.0
        for u in range(n_u):
            loyal += loyalty[u, f] * strength[u]
        result[3, f] = loyal / total if total > 0 else 0.0
    for d in range(n_d):
        if controller[d] >= 0:
            result[1, controller[d]] += pop_share[d]
    for s in range(holder.shape[0]):
        if holder[s] >= 0:
            result[2, holder[s]] += site_share[s]
    products = np.empty(n_d)
    for d in range(n_d):
        products[d] = pop_share[d] * unrest[d]
    unrest_seen = array_sum(products)
    for d in range(n_d):
        products[d] = pop_share[d] * at_most(bread_days[d] / BREAD_DAYS_ENOUGH, 1.0)
    bread_seen = array_sum(products)
    for f in range(n_f):
        result[4, f] = unrest_seen
        result[5, f] = bread_seen


@helper
def race(ratio: Sequence[float] | FloatArray, racing: Sequence[bool] | BoolArray) -> FloatArray:
    """How each faction stands in the race, from its score over target and whether it is still in the race: 0.5
    plus half its lead over the best rival still in the race, clipped to [0, 1]; 0 for a faction out of it (it
    can no longer win on points)."""
    n = len(ratio)
    result = np.zeros(n)
    for f in range(n):
        if racing[f]:
            best = -math.inf
            for g in range(n):
                if g != f and racing[g] and ratio[g] > best:
                    best = ratio[g]
            lead = 0.5 + 0.5 * (ratio[f] - best)
            lead = 0.0 if lead < 0.0 else lead  # Python's max(lead, 0.0) and then min(lead, 1.0)
            result[f] = 1.0 if lead > 1.0 else lead
    return result


def standing(state: GameState) -> FloatArray:
    """Each faction's standing now, in scenario order, from the engine's own figures: `outcome.ratios_and_race`,
    the two things the last turn's winner is picked by."""
    ratio, racing = ratios_and_race(state)
    return race(ratio, racing)


def values(state: GameState) -> FloatArray:
    """The worth of `state` to every faction, each in [0, 1]."""
    n_f = state.index.n_factions
    if state.is_over():
        winner = state.winner if state.winner is not None else -1
        return np.full(n_f, 0.5) if winner < 0 else np.eye(n_f)[winner]
    w = weights_for(state.scenario)
    ratio, racing = ratios_and_race(state)
    return _worth(ratio, racing, w.by_feature, w.shift, w.norm, _read(state), w.pop_share, w.site_share)


@kernel
def _worth(
    ratio: tuple[float, ...],
    racing: tuple[bool, ...],
    by_feature: FloatArray,
    shift: FloatArray,
    norm: FloatArray,
    seen: Seen,
    pop_share: FloatArray,
    site_share: FloatArray,
) -> FloatArray:
    """`values` of a game still running: OBJECTIVE_WEIGHT x the standing in the race, plus the shift, plus the
    features weighted by the faction's AI weights (added feature by feature, from 0, as numpy sums down a
    column), over the norm."""
    n_k, n_f = by_feature.shape
    table = np.empty((n_k, n_f))
    _features(table, seen, pop_share, site_share)
    standing_now = race(ratio, racing)
    worth = np.empty(n_f)
    for f in range(n_f):
        weighted = 0.0
        for k in range(n_k):
            weighted += by_feature[k, f] * table[k, f]
        worth[f] = (OBJECTIVE_WEIGHT * standing_now[f] + shift[f] + weighted) / norm[f]
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
