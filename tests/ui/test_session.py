"""GameSession: the window's only way to change a game — orders through the engine's door, computer moves, and
undo within the rules (no take-backs once dice have been rolled or another side has moved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from petrograd1917 import load_scenario
from petrograd1917.engine.legality import IllegalActionError
from petrograd1917.scenario.model import ActionKind, Scenario
from petrograd1917.ui.session import HUMAN, GameSession, controller_label


@pytest.fixture(scope="module")
def october() -> Scenario:
    return load_scenario("october-1917")


def human_session(scenario: Scenario) -> GameSession:
    return GameSession.new(scenario, 4, {f.id: HUMAN for f in scenario.factions})


def first(session: GameSession, sure: bool) -> object:
    """A legal order of the faction to move, with odds of exactly 1 (`sure`) or below 1 (a gamble)."""
    state = session.state
    for action in state.legal_actions():
        if action.kind in (ActionKind.PASS, ActionKind.CHOOSE):
            continue
        if (state.preview(action).odds >= 1.0) == sure:
            return action
    raise AssertionError(f"October's first turn offers no {'sure' if sure else 'risky'} order: the test needs one")


def test_a_sure_order_can_be_taken_back(october: Scenario) -> None:
    session = human_session(october)
    before = session.state.state_hash()
    session.apply(first(session, sure=True))  # type: ignore[arg-type]
    assert session.can_undo and len(session.actions) == 1
    assert session.undo()
    assert session.state.state_hash() == before and session.actions == []
    assert not session.can_undo


def test_a_gamble_cannot_be_taken_back(october: Scenario) -> None:
    session = human_session(october)
    session.apply(first(session, sure=True))  # type: ignore[arg-type]
    session.apply(first(session, sure=False))  # type: ignore[arg-type]
    assert not session.can_undo  # the dice were rolled: neither it nor the order before it comes back
    assert not session.undo()


def test_no_undo_once_the_turn_has_passed_to_another_side(october: Scenario) -> None:
    session = human_session(october)
    mover = session.state.current_faction
    session.apply(first(session, sure=True))  # type: ignore[arg-type]
    session.apply(next(a for a in session.state.legal_actions() if a.kind is ActionKind.PASS))
    assert session.state.current_faction != mover
    assert not session.can_undo


def test_an_illegal_order_leaves_everything_as_it_was(october: Scenario) -> None:
    session = human_session(october)
    before = session.state.state_hash()
    other = next(f.id for f in october.factions if f.id != session.state.current_faction)
    legal = first(session, sure=True)
    wrong = type(legal)(kind=legal.kind, faction=other, district=legal.district, unit=legal.unit, target=legal.target)  # type: ignore[attr-defined]
    with pytest.raises(IllegalActionError, match="turn"):
        session.apply(wrong)
    assert session.state.state_hash() == before and session.actions == []


def test_computer_moves_and_the_turn_hook(october: Scenario, home: Path) -> None:
    session = GameSession.new(october, 2, {f.id: "random" for f in october.factions})
    ends: list[int] = []
    session.on_turn_end = lambda s: ends.append(s.state.turn)
    while session.state.turn < 2 and not session.state.is_over():
        session.computer_move()
    assert ends == [1, 2] and len(session.actions) > 0
    saved = session.autosave()
    assert saved.exists() and saved.parent == home / "saves"
    again = GameSession.load(saved)
    assert again.state.state_hash() == session.state.state_hash()
    assert again.controllers == session.controllers


def test_controller_labels() -> None:
    assert controller_label(HUMAN) == "Human"
    assert controller_label("mcts:hard") == "Computer (hard)"
    assert controller_label("random") == "Computer (random)"


def test_thinking_in_the_background_plays_the_same_game(october: Scenario) -> None:
    controllers = {f.id: "heuristic" for f in october.factions}
    at_once, in_background = GameSession.new(october, 6, controllers), GameSession.new(october, 6, controllers)
    for _ in range(12):
        at_once.computer_move()
        in_background.begin_computer_move()
        in_background.begin_computer_move()  # asking twice starts one search
        action, _ = in_background.finish_computer_move()
        assert action == at_once.actions[-1]
    assert in_background.state.state_hash() == at_once.state.state_hash()
    assert not in_background.computer_move_ready
