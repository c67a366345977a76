"""The calibration command: historical play answers event cards as 1917 did, and the tables come out."""

from __future__ import annotations

import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.historical import HistoricalAgent
from petrograd1917.cli import main


def test_historical_play_gives_the_historical_answer_to_an_event_card() -> None:
    scenario = load_scenario("february-1917")
    state = new_game(scenario, seed=3)
    agents = {f.id: make_agent("historical:random", f.id, i) for i, f in enumerate(scenario.factions)}
    assert all(isinstance(agent, HistoricalAgent) for agent in agents.values())
    answered = {}
    while not state.is_over() and len(answered) < 2:
        pending = state.pending_choice
        action = agents[state.current_faction].choose_action(state)
        if pending is not None:
            answered[pending.event] = action.choice
        state.apply(action)
    assert answered.get("order_to_fire") == "obey"  # the tsar's telegram was obeyed on 26 February


def test_the_history_command_prints_both_tables(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["history", "october-1917", "--games", "2", "--balance-games", "2", "--agent", "random", "--quiet"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "under historical play" in out and "The Winter Palace falls" in out and "26 Oct 02:10" in out
    assert "Balance" in out and "win rate" in out


def test_an_unknown_scenario_is_reported_not_raised(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["history", "november-1917", "--games", "1", "--quiet"])
    assert done.value.code == 1
    assert "history:" in capsys.readouterr().err
