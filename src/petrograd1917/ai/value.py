"""How good a position looks to each faction: one number in [0, 1] per faction, from its objective and AI weights.

The heuristic agent compares positions with it and MCTS scores the end of each playout with it, so both pursue
the same thing: first the faction's own objective (the score its victory counts), then what the scenario's
`AIWeights` say it cares about — influence where people live, districts controlled, sites held, the loyalty of
the armed men, bread, and unrest (wanted by insurgents, feared by governments).

A finished game is worth 1 to its winner and 0 to the others; a draw is worth 0.5 to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Scenario

FloatArray = npt.NDArray[np.float64]

FEATURES = ("influence", "control", "sites", "loyalty", "unrest", "bread")
OBJECTIVE_WEIGHT = 3.0  # the objective decides the game, so it outweighs any single preference
BREAD_DAYS_ENOUGH = 3.0  # more days of bread than this in a district no longer calms anyone


@dataclass(frozen=True)
class Weights:
    """Per-faction weights as arrays (one entry per faction, in scenario order), built once per scenario."""

    influence: FloatArray
    control: FloatArray
    sites: FloatArray
    loyalty: FloatArray
    unrest: FloatArray
    bread: FloatArray
    norm: FloatArray  # the width of the range the weighted sum can take, to map it into [0, 1]
    shift: FloatArray  # minus the lowest value it can take (negative weights: wanting calm, fearing violence)
    target: FloatArray  # objective targets (the score that meets the objective)
    target_list: list[float]  # the same, as floats for per-faction arithmetic
    site_value: FloatArray  # [S] what a site is worth to hold
    pop_share: FloatArray  # [D]

    @classmethod
    def of(cls, scenario: Scenario) -> Weights:
        ai = [f.ai for f in scenario.factions]
        arr = {name: np.array([getattr(w, name) for w in ai], dtype=np.float64) for name in FEATURES}
        stacked = np.array(list(arr.values()))  # [features, factions]
        norm = OBJECTIVE_WEIGHT + np.abs(stacked).sum(axis=0)
        shift = np.maximum(-stacked, 0.0).sum(axis=0)
        gives = [s.gives for s in scenario.sites]
        site_value = np.array([1.0 + g.victory_points + g.action_points + 5 * g.rail_share + g.arms for g in gives])
        population = np.array([d.population for d in scenario.districts], dtype=np.float64)
        target = np.array([f.objective.target or 1.0 for f in scenario.factions], dtype=np.float64)
        return cls(
            **arr,
            norm=norm,
            shift=shift,
            target=target,
            target_list=target.tolist(),
            site_value=site_value,
            pop_share=population / max(population.sum(), 1.0),
        )


_WEIGHTS: dict[int, tuple[Scenario, Weights]] = {}


def weights_for(scenario: Scenario) -> Weights:
    hit = _WEIGHTS.get(id(scenario))
    if hit is None or hit[0] is not scenario:
        hit = (scenario, Weights.of(scenario))
        _WEIGHTS[id(scenario)] = hit
    return hit[1]


def features(state: GameState, loyalty: FloatArray | None = None) -> dict[str, FloatArray]:
    """Each feature per faction, in [0, 1]. `loyalty` replaces the true (hidden) loyalties with what a viewer
    believes; by default the state's own are used (fine inside a determinized clone)."""
    w = weights_for(state.scenario)
    n_f = state.index.n_factions
    loyal = state.unit_loyalty if loyalty is None else loyalty
    strength = state.unit_strength * state.unit_alive
    total = strength.sum()
    held = state.site_holder >= 0
    controlled = state.district_controller >= 0
    bread = float(w.pop_share @ np.minimum(state.bread_days / BREAD_DAYS_ENOUGH, 1.0))
    unrest = float(w.pop_share @ state.unrest)
    return {
        "influence": 0.75 * (w.pop_share @ state.influence) + 0.25 * state.legitimacy,
        "control": np.bincount(state.district_controller[controlled], weights=w.pop_share[controlled], minlength=n_f),
        "sites": np.bincount(state.site_holder[held], weights=w.site_value[held], minlength=n_f)
        / max(w.site_value.sum(), 1e-9),
        "loyalty": (strength @ loyal) / total if total > 0 else np.zeros(n_f),
        "unrest": np.full(n_f, unrest),
        "bread": np.full(n_f, bread),
    }


def objective_standing(state: GameState) -> FloatArray:
    """How each faction stands in the race the game is decided by (the best score-to-target ratio wins): 0.5
    plus half its lead over the best rival's ratio, clipped to [0, 1]."""
    w = weights_for(state.scenario)
    scores = state.scores()
    # Plain floats: with a handful of factions, numpy's per-call cost outweighs the arithmetic (same results).
    ratio = [scores.get(f, 0.0) / t for f, t in zip(state.index.faction_ids, w.target_list, strict=True)]
    if len(ratio) < 2:
        return np.array([min(max(r, 0.0), 1.0) for r in ratio], dtype=np.float64)
    second, top = sorted(ratio)[-2:]
    return np.array([min(max(0.5 + 0.5 * (r - (second if r >= top else top)), 0.0), 1.0) for r in ratio])


def values(state: GameState, loyalty: FloatArray | None = None) -> FloatArray:
    """The worth of `state` to every faction, each in [0, 1]."""
    n_f = state.index.n_factions
    if state.is_over():
        winner = state.winner if state.winner is not None else -1
        return np.full(n_f, 0.5) if winner < 0 else np.eye(n_f)[winner]
    w = weights_for(state.scenario)
    f = features(state, loyalty)
    total = OBJECTIVE_WEIGHT * objective_standing(state) + w.shift
    for name in FEATURES:
        total = total + getattr(w, name) * f[name]
    return np.asarray(total / w.norm, dtype=np.float64)
