"""The historical agent answers event cards with the choice a scenario marks historical, in any process."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from petrograd1917 import new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.historical import HistoricalAgent, historical_choice
from petrograd1917.scenario.model import Choice, Event, Scenario


def _with_choices(scenario: Scenario, event_id: str, **changes: dict[str, object]) -> Scenario:
    """The scenario with some choices of one event changed (choice id -> fields to replace)."""

    def edit(choice: Choice) -> Choice:
        return dataclasses.replace(choice, **changes.get(choice.id, {}))  # type: ignore[arg-type]

    events = tuple(
        dataclasses.replace(e, choices=tuple(map(edit, e.choices))) if e.id == event_id else e for e in scenario.events
    )
    return dataclasses.replace(scenario, events=events)


def _event(scenario: Scenario, event_id: str) -> Event:
    return next(e for e in scenario.events if e.id == event_id)


def test_the_marked_choice_wins_over_the_top_weight(tiny: Scenario) -> None:
    scenario = _with_choices(tiny, "guards_waver", fire={"ai_weight": 5.0}, hold_back={"historical": True})
    assert historical_choice(_event(scenario, "guards_waver")) == "hold_back"


def test_without_a_mark_the_top_weight_is_the_answer(tiny: Scenario) -> None:
    scenario = _with_choices(tiny, "guards_waver", hold_back={"ai_weight": 5.0})
    assert historical_choice(_event(scenario, "guards_waver")) == "hold_back"
    assert historical_choice(_event(tiny, "guards_waver")) == "fire"  # a tie: the first listed


def test_in_a_game_the_agent_answers_the_card_with_the_marked_choice(tiny: Scenario) -> None:
    scenario = _with_choices(tiny, "guards_waver", fire={"ai_weight": 5.0}, hold_back={"historical": True})
    state = new_game(scenario, seed=5)
    agents = {f.id: make_agent("historical:random", f.id, i) for i, f in enumerate(scenario.factions)}
    assert all(isinstance(agent, HistoricalAgent) for agent in agents.values())
    assert agents["reds"].spec == "historical:random"
    while not state.is_over():
        pending = state.pending_choice
        action = agents[state.current_faction].choose_action(state)
        if pending is not None and pending.event == "guards_waver":
            assert action.choice == "hold_back"
            return
        state.apply(action)
    raise AssertionError("the guards_waver card never came up")


def test_a_fresh_process_knows_the_spec_without_the_history_command() -> None:
    code = (
        "import sys\n"
        "from petrograd1917.ai.base import make_agent\n"
        "agent = make_agent('historical:heuristic', 'tsarist', 0)\n"
        "assert 'petrograd1917.history' not in sys.modules\n"
        "print(type(agent).__name__, type(agent.inner).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["HistoricalAgent", "HeuristicAgent"]
