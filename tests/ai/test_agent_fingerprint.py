"""The computer players' moves are pinned: a speed-up of an agent must not change a single decision.

Scenario calibration and recorded batches rely on the same seed giving the same game. Each case plays the tiny
fixture with one agent spec on every side and hashes the moves chosen; the pins were taken before the agents
were optimised. If a rule or the fixture changes on purpose, the pins move with it: re-pin them in the same
commit and say so. If only agent code changed, a failing pin means that code changed the agents' play.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from petrograd1917 import new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.priors import Situation, best_first, best_priors, ranked_actions
from petrograd1917.scenario.model import Scenario

PINS = {
    ("heuristic", 0, None): "652330987235a96a",
    ("heuristic", 1, None): "6633e2532acddce2",
    ("heuristic:plain", 0, None): "bc23da58ae4dac0e",
    ("mcts:easy", 0, 12): "229929fdc4a3b4c3",
}


def fingerprint(scenario: Scenario, spec: str, seed: int, limit: int | None) -> str:
    """sha256 (first 16 hex digits) of the moves of a game (or its first `limit` moves) and its final state."""
    game = new_game(scenario, seed)
    agents = {f.id: make_agent(spec, f.id, seed * 100 + i) for i, f in enumerate(scenario.factions)}
    moves = []
    while not game.is_over() and (limit is None or len(moves) < limit):
        action = agents[game.current_faction].choose_action(game)
        moves.append(json.dumps(action.to_json(), sort_keys=True))
        game.apply(action)
    moves.append(game.state_hash())
    return hashlib.sha256("\n".join(moves).encode()).hexdigest()[:16]


@pytest.mark.parametrize(("spec", "seed", "limit"), list(PINS))
def test_agent_moves_are_pinned(tiny: Scenario, spec: str, seed: int, limit: int | None) -> None:
    assert fingerprint(tiny, spec, seed, limit) == PINS[(spec, seed, limit)]


def test_best_k_are_those_of_the_full_ranking(tiny: Scenario) -> None:
    """Priors skip the rules' odds for actions that cannot make the cut; the cut must never change the best k."""
    game = new_game(tiny, 3)
    agents = {f.id: make_agent("random", f.id, i) for i, f in enumerate(tiny.factions)}
    while not game.is_over():
        legal = game.legal_actions()
        full = ranked_actions(game, legal)
        for k in (1, 3, 8):
            assert ranked_actions(game, legal, k) == full[:k]
        game.apply(agents[game.current_faction].choose_action(game))


def test_within_a_reach_the_best_and_those_close_to_it_are_exact(tiny: Scenario) -> None:
    """A player that weighs only orders close to the best (the heuristic's look-ahead) asks the rules for the odds
    of fewer: the best and every one of the best k within the reach keep their full priors, to the bit, and any
    other among the best k stays further than the reach below the best."""
    game = new_game(tiny, 3)
    agents = {f.id: make_agent("random", f.id, i) for i, f in enumerate(tiny.factions)}
    while not game.is_over():
        legal = game.legal_actions()
        s = Situation.of(game)
        full, _ = best_priors(s, legal, len(legal))
        for reach in (0.0, 0.002, 0.02, 1.0):
            priors, order = best_priors(s, legal, 3, reach=reach)
            assert order == best_first(priors, 3).tolist()
            assert order[:1] == best_first(full, 1).tolist()
            close = [i for i in best_first(full, 3).tolist() if full[i] >= full[order[0]] - reach]
            assert [i for i in order if priors[i] >= priors[order[0]] - reach] == close
            assert all(priors[i] == full[i] for i in close)
        game.apply(agents[game.current_faction].choose_action(game))
