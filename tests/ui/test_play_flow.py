"""The flow of play without a window: pacing, the queue of cards and summaries, the hand-over, the last order
taken back before the turn ends, and errors sorted into refusals and bugs (with the state never half-changed)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from petrograd1917 import load_scenario, paths, saves
from petrograd1917.engine.actions import Action
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind
from petrograd1917.ui.play_flow import GameOver, HandOver, PlayFlow, Refused, ShowCard, ShowFault, ShowSummary
from petrograd1917.ui.session import HUMAN, GameSession

FIXTURE = str(Path(__file__).parents[1] / "fixtures" / "scenarios" / "tiny.yaml")
UI = Path(__file__).parents[2] / "src" / "petrograd1917" / "ui"


@pytest.fixture(autouse=True)
def private_home(home: Path) -> Path:
    """Saves, autosaves and bug reports go to a private folder."""
    return home


def session_for(humans: tuple[str, ...], agent: str = "random", seed: int = 3) -> GameSession:
    sc = load_scenario(FIXTURE)
    return GameSession.new(sc, seed, {f.id: HUMAN if f.id in humans else agent for f in sc.factions})


def play_until_human(flow: PlayFlow, limit: int = 500) -> list[Any]:
    """Advance like the window would (instant speed), answering every card with its first option; the prompts."""
    seen: list[Any] = []
    session = flow.session
    for _ in range(limit):
        session.wait_computer_move(5.0)
        step = flow.advance(0.02, 0.0)
        if step.prompt is not None:
            seen.append(step.prompt)
            if isinstance(step.prompt, ShowCard) and step.prompt.options:
                assert flow.submit(step.prompt.options[0]) is None
            continue
        if session.state.is_over() or (session.human_to_move and not flow.queue):
            return seen
    raise AssertionError("the human never got the turn")


def sure_orders(state: GameState) -> list[Action]:
    """Orders that cannot fail (so they can be taken back)."""
    return [a for a in state.legal_actions() if a.kind is not ActionKind.PASS and state.preview(a).odds >= 1.0]


def test_computer_moves_wait_for_the_delay_and_fast_forward_plays_many() -> None:
    session = session_for(())
    flow = PlayFlow(session)
    session.begin_computer_move()
    session.wait_computer_move(5.0)
    assert flow.advance(0.4, 1.0).moved == 0  # the last move is still on screen
    assert flow.advance(0.7, 1.0).moved == 1
    assert flow.last_move is not None and flow.last_move[1] == session.actions[-1]
    flow.skip()
    moved = 0
    for _ in range(50):
        session.wait_computer_move(5.0)
        moved += flow.advance(0.0, 1.0).moved
    assert moved > 5 and not flow.queue  # no human at the screen: no cards or summaries wait


def test_a_finished_turn_queues_its_summary_without_the_cards_just_read() -> None:
    session = session_for(("government", "reds", "liberals"), seed=5)
    flow = PlayFlow(session)
    shown: list[Any] = []
    for _ in range(12):
        shown += play_until_human(flow)
        if session.state.is_over():
            break
        assert flow.end_turn() is None
    summaries = [p for p in shown if isinstance(p, ShowSummary)]
    cards = [p for p in shown if isinstance(p, ShowCard) and not p.options]
    assert summaries and cards, "the fixture should fire an event card within a few turns"
    for summary in summaries:
        assert all(e.turn == summary.turn for e in summary.entries)
    # a card read at a turn's end is not repeated in that turn's summary
    read = {c.event.id for c in cards}
    for summary in summaries:
        repeated = [e for e in summary.entries if e.kind == "event" and e.data.get("event") in read]
        assert not repeated


def test_hotseat_hands_over_before_each_human_sees_the_map() -> None:
    session = session_for(("government", "reds"))
    flow = PlayFlow(session)
    handed: list[str] = []
    for _ in range(6):
        for prompt in play_until_human(flow):
            if isinstance(prompt, HandOver):
                handed.append(prompt.faction)
        step = flow.advance(0.02, 0.0)
        if isinstance(step.prompt, HandOver):
            handed.append(step.prompt.faction)
        assert flow.viewer == session.state.current_faction
        assert flow.end_turn() is None
    assert handed[:2] == ["government", "reds"] and len(handed) >= 4


def test_the_last_order_waits_for_the_player_to_end_the_turn_and_can_be_taken_back() -> None:
    session = session_for(("government",))
    flow = PlayFlow(session)
    play_until_human(flow)
    faction = session.state.current_faction
    f = session.state.index.faction[faction]
    given = 0
    while int(session.state.action_points[f]) > 0:
        orders = [
            a for a in sure_orders(session.state) if session.state.preview(a).cost <= session.state.action_points[f]
        ]
        assert orders, "the fixture should offer enough sure orders to spend every point"
        before_last = session.state.state_hash()
        assert flow.submit(orders[0]) is None
        given += 1
    assert session.spent and session.state.current_faction == faction  # no points left, and still our turn
    assert flow.advance(0.02, 0.0).prompt is None and not session.thinking  # nobody else moves meanwhile
    assert session.can_undo and session.undo()  # the last order is taken back
    assert session.state.state_hash() == before_last and not session.spent
    assert flow.submit(orders[0]) is None
    # a save made now replays to the game as it will be once the turn is ended
    path = session.save(session.save_path or paths.saves_dir() / "spent.json")
    assert flow.end_turn() is None
    assert session.state.current_faction != faction or session.state.turn > 0
    assert GameSession.load(path).state.state_hash() == session.state.state_hash()
    # and the orders replay as recorded, turn end and all
    assert saves.replay(saves.read_save(session.save())).state_hash() == session.state.state_hash()


def test_a_refused_order_is_not_possible_and_changes_nothing() -> None:
    session = session_for(("government",))
    flow = PlayFlow(session)
    play_until_human(flow)
    before, n_actions = session.state.state_hash(), len(session.actions)
    other = next(f.id for f in session.scenario.factions if f.id != session.state.current_faction)
    result = flow.submit(Action(ActionKind.PASS, other))
    assert isinstance(result, Refused) and "turn" in result.reason
    assert session.state.state_hash() == before and len(session.actions) == n_actions


def test_an_engine_error_is_a_bug_kept_as_a_replay_and_the_state_is_put_back(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = session_for(("government",))
    flow = PlayFlow(session)
    play_until_human(flow)
    before, n_actions = session.state.state_hash(), len(session.actions)
    order = sure_orders(session.state)[0]

    def half_then_fail(self: GameState, action: Action, *, hold_turn: bool = False) -> list[Any]:
        self.action_points[:] = 0  # part of the order's effect has happened when the engine fails
        raise ZeroDivisionError("a bug in the rules")

    monkeypatch.setattr(GameState, "apply", half_then_fail)
    result = flow.submit(order)
    monkeypatch.undo()
    assert isinstance(result, ShowFault) and not result.fatal
    assert isinstance(result.fault.error, ZeroDivisionError)
    assert session.state.state_hash() == before and len(session.actions) == n_actions  # nothing half-applied
    report = result.fault.report
    assert report is not None and report.parent == home / "reports"
    assert saves.load_game(report).state.state_hash() == before  # the game up to the bug replays
    notes = report.with_suffix(".txt").read_text(encoding="utf-8")
    assert "ZeroDivisionError" in notes and order.kind.value in notes
    assert flow.submit(order) is None  # and the game goes on


def test_a_computer_player_that_fails_halts_the_game_with_a_report(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = session_for(())

    class Broken:
        def choose_action(self, state: GameState) -> Action:
            raise KeyError("no such move")

    monkeypatch.setattr(session, "agent", lambda faction: Broken())
    flow = PlayFlow(session)
    session.begin_computer_move()
    session.wait_computer_move(5.0)
    step = flow.advance(1.0, 0.0)
    assert isinstance(step.prompt, ShowFault) and step.prompt.fatal and flow.halted
    assert step.prompt.fault.report is not None and step.prompt.fault.report.exists()
    assert flow.advance(1.0, 0.0).prompt is None and not session.thinking


def test_the_end_comes_after_the_last_card() -> None:
    session = session_for(())
    flow = PlayFlow(session)
    flow.skip()
    for _ in range(3000):
        session.wait_computer_move(5.0)
        step = flow.advance(0.0, 0.0)
        if isinstance(step.prompt, GameOver):
            break
    assert session.state.is_over() and flow.ended
    assert flow.advance(0.0, 0.0).prompt is None  # the end is announced once


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_screens_open_each_other_only_through_flow() -> None:
    """No knot of screens importing screens: the game side asks `flow`, which imports them only when opening."""
    game_side = ["scene_game", "scene_end", "dialogs", "play_flow", "map_control", "session", "log_view", "charts"]
    game_side += [p.stem for p in UI.glob("panels_*.py")]
    for name in game_side:
        screens = {m for m in _imports(UI / f"{name}.py") if m.startswith("petrograd1917.ui.scene_")}
        assert not screens, f"{name} imports {screens}; it should ask flow"
    top_level = ast.parse((UI / "flow.py").read_text(encoding="utf-8")).body
    eager = {n.module for n in top_level if isinstance(n, ast.ImportFrom) and n.module}
    assert not {m for m in eager if m.startswith("petrograd1917.ui.")}  # flow imports screens only to open them
    users = {
        p.stem for p in UI.glob("*.py") if {"petrograd1917.ui.scene_game", "petrograd1917.ui.scene_end"} & _imports(p)
    }
    assert users <= {"flow"}
