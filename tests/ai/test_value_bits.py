"""The position values' compiled arithmetic gives the bits of the numpy expressions it replaced (kept here as the
reference), on the positions of played games of both cities and on worlds with dead men, empty places and no
force left; and the race read through the prepared objectives is the one the condition trees give."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.value import BREAD_DAYS_ENOUGH, OBJECTIVE_WEIGHT, features, values, weights_for
from petrograd1917.engine.evaluate import evaluate
from petrograd1917.engine.outcome import ratios_and_race
from petrograd1917.engine.portable import dot, matvec
from petrograd1917.engine.state import GameState

_total = np.add.reduce


def _by_side(side: np.ndarray, weights: np.ndarray, n_f: int) -> np.ndarray:
    return np.bincount(side + 1, weights=weights, minlength=n_f + 1)[1:]


def _features_numpy(state: GameState) -> np.ndarray:
    w = weights_for(state.scenario)
    n_f = state.index.n_factions
    strength = state.unit_strength * state.unit_alive
    total = _total(strength)
    result = np.empty((6, n_f))
    result[0] = 0.75 * matvec(state.influence.T, w.pop_share) + 0.25 * state.legitimacy
    result[1] = _by_side(state.district_controller, w.pop_share, n_f)
    result[2] = _by_side(state.site_holder, w.site_share, n_f)
    result[3] = matvec(state.unit_loyalty.T, strength) / total if total > 0 else 0.0
    result[4] = dot(w.pop_share, state.unrest)
    result[5] = dot(w.pop_share, np.minimum(state.bread_days / BREAD_DAYS_ENOUGH, 1.0))
    return result


def _race_numpy(ratio: list[float], racing: list[bool]) -> np.ndarray:
    n = len(ratio)
    result = [0.0] * n
    for f in range(n):
        if racing[f]:
            best = max((ratio[g] for g in range(n) if g != f and racing[g]), default=-np.inf)
            result[f] = min(max(0.5 + 0.5 * (ratio[f] - best), 0.0), 1.0)
    return np.array(result)


def _values_numpy(state: GameState) -> np.ndarray:
    w = weights_for(state.scenario)
    scenario = state.scenario
    ratio, racing = [], []
    for f, faction in enumerate(scenario.factions):
        objective = faction.objective
        score = float(evaluate(objective.score, state, f)) if objective.score is not None else 0.0  # type: ignore[arg-type]
        ratio.append(score / objective.target if objective.target else score)
        racing.append(objective.out_if is None or not bool(evaluate(objective.out_if, state, f)))
    assert ratios_and_race(state) == (tuple(ratio), tuple(racing))
    weighted = _total(w.by_feature * _features_numpy(state), axis=0)
    total = OBJECTIVE_WEIGHT * _race_numpy(ratio, racing) + w.shift + weighted
    return np.asarray(total / w.norm)


def _odd_worlds(state: GameState, rng: np.random.Generator) -> list[GameState]:
    """The state, and copies with dead or emptied units, nobody holding anything, no armed men at all."""
    worlds = [state]
    copy = state.clone()
    dead = rng.random(copy.n_units) < 0.4
    copy.unit_alive[dead] = False
    copy.unit_strength[rng.random(copy.n_units) < 0.2] = 0.0
    copy.district_controller[rng.random(len(copy.district_controller)) < 0.5] = -1
    copy.site_holder[rng.random(len(copy.site_holder)) < 0.5] = -1
    copy.bread_days[:] = rng.uniform(0.0, 2 * BREAD_DAYS_ENOUGH, len(copy.bread_days))
    worlds.append(copy)
    empty = state.clone()
    empty.unit_alive[:] = False
    worlds.append(empty)
    return worlds


@pytest.mark.parametrize("name", ["october-1917", "february-1917"])
def test_the_compiled_values_are_the_numpy_values(name: str) -> None:
    scenario = load_scenario(name)
    rng = np.random.default_rng(7)
    checked = 0
    for seed in range(3):
        game = new_game(scenario, seed)
        agents = {f.id: make_agent("random", f.id, seed * 10 + i) for i, f in enumerate(scenario.factions)}
        while not game.is_over():
            if rng.random() < 0.15:
                for world in _odd_worlds(game, rng):
                    assert features(world).tobytes() == _features_numpy(world).tobytes()
                    assert values(world).tobytes() == _values_numpy(world).tobytes()
                    checked += 1
            game.apply(agents[game.current_faction].choose_action(game))
    assert checked > 100
