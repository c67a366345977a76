"""The scores' shared figures (`armed_share`, `held_points`, `city_influence`) keep the last state's answer for
every side: after orders, clones, other games and writes straight into what they read, they give what the rule
worked out afresh gives, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917.engine.control import within_reach
from petrograd1917.engine.evaluate import evaluate
from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.conditions import parse
from petrograd1917.scenario.loader import load_scenario

ARMED = parse("armed_share(self)")
POINTS = parse("held_points(self)")
SCORE = parse("held_points(self) + 10 * armed_share(self)")
FOLLOWING = parse("city_influence(self)")


def _armed_afresh(state: GameState, f: int) -> float:
    armed = state.unit_strength * state.unit_arms * within_reach(state)
    total = float(armed.sum())
    return float(armed[state.unit_commander == f].sum()) / total if total > 0 else 0.0


def _points_afresh(state: GameState, f: int) -> float:
    return float(state.index.site_victory_points[state.site_holder == f].sum())


def _following_afresh(state: GameState, f: int) -> float:
    people = state.index.population
    return float(np.add.reduce(state.influence[:, f] * people)) / float(np.add.reduce(people))


def _check(state: GameState) -> None:
    for f in range(state.index.n_factions):
        armed, points = _armed_afresh(state, f), _points_afresh(state, f)
        assert evaluate(FOLLOWING, state, f) == _following_afresh(state, f)
        assert evaluate(ARMED, state, f) == armed
        assert evaluate(POINTS, state, f) == points
        assert evaluate(SCORE, state, f) == points + 10 * armed


@pytest.mark.parametrize("name", ["october-1917", "february-1917"])
def test_the_kept_figures_are_the_rule_worked_out_afresh(name: str) -> None:
    scenario = load_scenario(name)
    rng = np.random.default_rng(3)
    games = [new_game(scenario, seed) for seed in range(2)]
    for step in range(300):
        game = games[step % 2]  # two games in turn: the kept answer is the other game's
        if game.is_over():
            continue
        _check(game)
        actions = game.legal_actions()
        game.apply(actions[int(rng.integers(len(actions)))])
        copy = game.clone()
        _check(copy)
        u, s = int(rng.integers(copy.n_units)), int(rng.integers(len(copy.site_holder)))
        what = step % 5
        if what == 0:
            copy.unit_strength[u] *= 0.5
        elif what == 1:
            copy.unit_commander[u] = int(rng.integers(-1, copy.index.n_factions))
        elif what == 2:
            copy.unit_arms[u] = 0.0
        elif what == 3:
            copy.site_holder[s] = int(rng.integers(-1, copy.index.n_factions))
        else:
            copy.influence[int(rng.integers(len(copy.influence)))] *= 0.5
        _check(copy)


def test_self_outside_an_objective_is_refused() -> None:
    game = new_game(load_scenario("october-1917"), 1)
    for condition in (ARMED, POINTS, parse("holds(self, winter_palace)")):
        with pytest.raises(ValueError, match="'self' is only meaningful"):
            evaluate(condition, game)
