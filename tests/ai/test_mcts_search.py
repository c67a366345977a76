"""The search's shape: levels by budget, progressive widening over the ranked actions, and tree reuse."""

from __future__ import annotations

import math

import pytest

from petrograd1917 import new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.mcts import LEVELS, MctsAgent, Node, _finish_turn, select
from petrograd1917.ai.priors import ranked_actions
from petrograd1917.scenario.model import Scenario


def _searcher(spec: str, faction: str) -> MctsAgent:
    agent = make_agent(spec, faction, 5)
    assert isinstance(agent, MctsAgent)
    return agent


def test_levels_grow_by_budget() -> None:
    easy, normal, hard = LEVELS["easy"], LEVELS["normal"], LEVELS["hard"]
    assert easy.playouts < normal.playouts < hard.playouts
    assert easy.width <= normal.width <= hard.width


def test_the_root_widens_with_its_visits_best_prior_first(tiny: Scenario) -> None:
    game = new_game(tiny, 1)
    agent = _searcher("mcts:playouts=16,width=10,reuse=no", game.current_faction)
    agent.choose_action(game)
    root = agent.last_root
    assert root is not None and root.visits == 16
    assert len(root.children) <= 1 + int(math.sqrt(15))  # 1 + widening * sqrt(visits) when the last was added
    legal = game.legal_actions()
    best = [a for a in ranked_actions(game, legal, 10) if a in root.children]
    assert best and next(iter(root.children)) == ranked_actions(game, legal, 1)[0]


def test_a_faction_moving_again_in_the_same_turn_reuses_its_subtree(tiny: Scenario) -> None:
    """The next order of the turn starts from the subtree of the last one and only tops it up to the budget."""
    game = new_game(tiny, 2)
    faction = game.current_faction
    budget = LEVELS["easy"].playouts
    agent = _searcher("mcts:easy", faction)
    plain = _searcher("mcts:easy,reuse=no", faction)
    spent, roots = [], []
    while game.current_faction == faction and not game.is_over():
        before = agent.playouts_run
        action = agent.choose_action(game)
        plain.choose_action(game)
        spent.append(agent.playouts_run - before)
        roots.append(agent.last_root.visits if agent.last_root else 0)
        game.apply(action)
    assert len(spent) >= 2, "the fixture's first faction has several action points"
    assert spent[0] == budget and roots[0] == budget
    assert agent.reused_roots >= 1
    assert any(0 < n < budget for n in spent[1:])  # a kept subtree already held some of the budget
    assert all(root >= budget for root, n in zip(roots, spent, strict=True) if n)
    assert plain.reused_roots == 0


@pytest.mark.parametrize("option", ["steps=-1", "expand=0", "widening=-1"])
def test_bad_search_options_are_refused(option: str) -> None:
    from petrograd1917.ai.base import AgentSpecError

    with pytest.raises(AgentSpecError):
        make_agent(f"mcts:{option}", "reds", 0)


def _child(mean: float, visits: int, avail: int) -> Node:
    child = Node(2)
    child.visits, child.avail = visits, avail
    child.total[:] = (mean * visits, 0.0)
    return child


def test_selection_follows_values_however_close_they_are() -> None:
    """Sibling positions differ in value by about a thousandth: the search must still tell them apart."""
    even = [_child(0.1201, 30, 100), _child(0.1205, 30, 100), _child(0.1199, 30, 100)]
    assert select(even, 0, 0.7) == 1
    assert select(even[::-1], 0, 0.7) == 1
    # A little-tried child gets its turn once the leader has had many more visits.
    lopsided = [_child(0.1205, 90, 100), _child(0.1203, 5, 100), _child(0.1195, 5, 100)]
    assert select(lopsided, 0, 0.7) == 1
    # Equal means: the least tried.
    assert select([_child(0.5, 10, 20), _child(0.5, 4, 20)], 0, 0.7) == 1


def test_a_search_spends_most_visits_where_the_values_are_best(tiny: Scenario) -> None:
    game = new_game(tiny, 1)
    me = game.current_faction_index
    agent = _searcher("mcts:playouts=300,width=6,reuse=no", game.current_faction)
    agent.choose_action(game)
    root = agent.last_root
    assert root is not None
    children = sorted(root.children.values(), key=lambda c: -c.visits)
    most, best_mean = children[0], max(c.total[me] / c.visits for c in children)
    assert most.visits > 2 * root.visits / len(children)  # not spread evenly
    assert most.total[me] / most.visits >= best_mean - 0.01


def test_finishing_the_turn_runs_its_end_before_the_leaf_is_scored(tiny: Scenario) -> None:
    """The factions still to act pass (an event card waiting gets an answer) and the turn's end runs."""
    game = new_game(tiny, 4)
    turn = game.turn
    world = game.clone()
    _finish_turn(world)
    assert world.is_over() or world.turn == turn + 1
    assert game.turn == turn  # on the searcher's own copy only
