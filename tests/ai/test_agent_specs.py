"""Agent specs as users type them: parsed, checked, and wrong ones refused with a hint."""

from __future__ import annotations

import pytest

from petrograd1917.ai.base import AgentSpecError, agent_names, make_agent, parse_spec


def test_parse_spec_reads_level_and_options() -> None:
    assert parse_spec("random") == ("random", {})
    assert parse_spec("mcts:hard") == ("mcts", {"level": "hard"})
    assert parse_spec("mcts:playouts=400, depth=12") == ("mcts", {"playouts": "400", "depth": "12"})
    assert parse_spec("mcts:easy,rollout=heuristic") == ("mcts", {"level": "easy", "rollout": "heuristic"})


def test_builtin_agents_are_registered() -> None:
    assert {"random", "heuristic", "mcts"} <= set(agent_names())


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("mtcs", "did you mean 'mcts'"),
        ("mcts:hrad", "did you mean 'hard'"),
        ("mcts:playout=10", "did you mean 'playouts'"),
        ("mcts:playouts=many", "not a whole number"),
        ("mcts:playouts=0", "at least 1"),
        ("random:fast", "unknown option 'level'"),
    ],
)
def test_bad_specs_are_refused_with_a_hint(spec: str, message: str) -> None:
    with pytest.raises(AgentSpecError, match=message):
        make_agent(spec, "bolsheviks", 1)


def test_agents_remember_their_spec_and_faction() -> None:
    agent = make_agent("mcts:easy", "bolsheviks", 1)
    assert agent.spec == "mcts:easy" and agent.faction == "bolsheviks"


def test_mcts_budgets_by_level_playouts_or_time() -> None:
    from petrograd1917.ai.mcts import LEVELS, TIMED_PLAYOUT_CAP, MctsAgent

    levels = [make_agent(f"mcts:{level}", "reds", 1) for level in ("easy", "normal", "hard")]
    assert all(isinstance(a, MctsAgent) for a in levels)
    budgets = [a.settings.playouts for a in levels if isinstance(a, MctsAgent)]
    assert budgets == sorted(budgets) and budgets[1] == LEVELS["normal"].playouts
    timed = make_agent("mcts:time=0.2", "reds", 1)
    assert isinstance(timed, MctsAgent) and timed.settings.playouts == TIMED_PLAYOUT_CAP
    assert timed.settings.time == 0.2
