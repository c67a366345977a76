"""The heuristic's look-ahead is run only where it could change the choice its priors make."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.heuristic import MARGIN, SAME_KIND, HeuristicAgent, shows_at_turns_end
from petrograd1917.ai.priors import TIE_NOISE
from petrograd1917.ai.value import values
from petrograd1917.engine.actions import Action
from petrograd1917.scenario.model import ActionKind


@pytest.mark.parametrize("name", ["october-1917", "february-1917"])
def test_orders_that_show_only_at_the_turns_end_leave_the_value_as_it_was(name: str) -> None:
    """What the look-ahead takes for granted, so does not play them: right after a move, a defence, a bridge
    raised or lowered or a march (before the turn ends), every side's value is what it was."""
    scenario = load_scenario(name)
    checked = marches = 0
    for seed in range(3):
        game = new_game(scenario, seed)
        rng = np.random.default_rng(seed)
        while not game.is_over():
            legal = game.legal_actions()
            if game.pending_choice is None and rng.random() < 0.2:
                before = values(game)
                for action in legal:
                    if shows_at_turns_end(action):
                        world = game.clone()
                        world.apply(action, hold_turn=True)
                        assert np.array_equal(values(world), before), action
                        checked += 1
                        marches += action.kind is ActionKind.DEMONSTRATE
            game.apply(legal[int(rng.integers(len(legal)))])
    assert checked > 100 and marches > 10


def _agent() -> HeuristicAgent:
    agent = make_agent("heuristic", "government", 0)
    assert isinstance(agent, HeuristicAgent)
    return agent


def test_the_look_ahead_weighs_only_orders_close_enough_to_overtake_the_best() -> None:
    agent = _agent()
    agitate, strike = Action(ActionKind.AGITATE, "g", district="a"), Action(ActionKind.STRIKE, "g", district="a")
    move = Action(ActionKind.MOVE, "g", unit="u", target="a")
    march = Action(ActionKind.DEMONSTRATE, "g", district="a", target="b")
    defend = Action(ActionKind.DEFEND, "g", target="s")
    agitate_b = Action(ActionKind.AGITATE, "g", district="b")

    def may(best: Action, other: Action, gap: float) -> bool:
        return agent._may_overtake([best, other], np.array([1.0, 1.0 - gap]), 0, 1)

    assert may(agitate, strike, 0.9 * MARGIN) and not may(agitate, strike, 2 * MARGIN)  # another kind: the margin
    assert may(move, agitate, 0.9 * MARGIN) and may(agitate, move, 0.9 * MARGIN)  # one of the two shows at once
    assert not may(move, defend, 0.0) and not may(march, move, 0.0)  # neither shows anything before the turn's end
    assert may(agitate, agitate_b, 0.9 * SAME_KIND * MARGIN) and not may(agitate, agitate_b, 2 * SAME_KIND * MARGIN)
    assert not may(agitate, agitate_b, TIE_NOISE / 2)  # the same order at places the priors cannot tell apart
