"""The game screen driven like a player would: real mouse clicks and key presses through the real event loop.

The menus that lead here are the frame's tests; these start on the game screen itself.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.bench.ui import computer_play_frame_ms
from petrograd1917.bench.ui_map import game_screen_frame_ms
from petrograd1917.engine.actions import Action
from petrograd1917.engine.handover import turn_points as turn_points_of
from petrograd1917.engine.state import GameState as State
from petrograd1917.scenario.model import ActionKind
from petrograd1917.ui import flow
from petrograd1917.ui.app import App
from petrograd1917.ui.dialogs import ConfirmDialog, Dialog, HandoverScene
from petrograd1917.ui.driver import UIDriver
from petrograd1917.ui.factions import turn_points
from petrograd1917.ui.panels_event import EventCard
from petrograd1917.ui.scene_game import GameScene
from petrograd1917.ui.scene_setup import faction_briefing
from petrograd1917.ui.session import HUMAN, GameSession
from petrograd1917.ui.settings import Settings

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState

FIXTURE = str(Path(__file__).parents[1] / "fixtures" / "scenarios" / "tiny.yaml")


def start(app: App, scenario: str, humans: tuple[str, ...], agent: str = "random", seed: int = 3) -> GameScene:
    sc = load_scenario(scenario)
    controllers = {f.id: (HUMAN if f.id in humans else agent) for f in sc.factions}
    flow.start_game(app, GameSession.new(sc, seed, controllers))  # as the menus do: with the autosave
    scene = app.top
    assert isinstance(scene, GameScene)
    app.run_frames(2)
    return scene


def answer_dialogs(ui: UIDriver, game: GameScene) -> int:
    """Close whatever dialogs stand over the game (event cards, day summaries, hand-overs): choose an event's first
    option like a player would, by clicking it."""
    answered = 0
    while ui.app.top is not game and isinstance(ui.app.top, Dialog):
        top = ui.app.top
        if isinstance(top, EventCard) and top.options:
            ui.click(next(iter(top.option_buttons)))
        else:
            ui.key(pygame.K_RETURN)
        answered += 1
        assert answered < 50, "a dialog does not close"
    return answered


def until_human(ui: UIDriver, game: GameScene, max_frames: int = 400) -> None:
    for _ in range(max_frames):
        answer_dialogs(ui, game)
        if ui.app.top is game and game.session.human_to_move and game.session.state.pending_choice is None:
            return
        if game.session.state.is_over():
            return
        ui.wait_for_computer(game.session)  # frames while the computer thinks do not count
        ui.frames(1)
    raise TimeoutError("the human never got the turn")


def test_select_a_unit_move_it_by_clicking_the_map_and_end_the_turn(fast_app: App, shots: Path) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, FIXTURE, ("government",))
    until_human(ui, game)
    state = game.session.state
    faction = state.current_faction
    moves: dict[str, int] = {}
    for a in state.legal_actions():
        if a.kind is ActionKind.MOVE and a.unit:
            moves[a.unit] = moves.get(a.unit, 0) + 1
    unit = max(moves, key=lambda u: moves[u])
    assert moves[unit] > 1, "the fixture should offer a unit with several destinations"
    # click the unit's counter (again, if it shares the counter with others) until it is the selection
    for _ in range(6):
        rect = game.map.unit_rect(unit)
        assert rect is not None
        ui.click_at(rect.center)
        if game.selection and game.selection.id == unit:
            break
    assert game.selection is not None and game.selection.id == unit
    name = next(u.name for u in game.snap.units if u.id == unit)
    assert name in game.details_box.html_text
    # the Move button shows its cost; clicking it asks for a destination on the map
    move = next(b for b in ui.elements() if getattr(b, "text", "").startswith("Move"))
    assert "AP" in move.text
    ui.click(move)
    assert len(game.picking) == moves[unit]
    ui.frames(1)
    ui.screenshot(shots, "game-picking-destination")
    points = int(state.action_points[state.current_faction_index])
    log_length = len(state.log)
    destination = next(iter(game.picking))
    ui.click_at(game.map.district_centre(destination))
    state = game.session.state
    assert int(state.action_points[state.index.faction[faction]]) < points
    assert len(state.log) > log_length and "log" not in state.log[-1].text.lower()
    assert state.log[-1].text in game.log.text()  # the log shows it, newest first
    ui.screenshot(shots, "game-after-move")
    # Space ends the turn; the computer players move; the human gets the next turn
    turn = state.turn
    ui.key(pygame.K_SPACE)
    until_human(ui, game)
    assert game.session.state.turn == turn + 1 or game.session.state.is_over()


def test_undo_save_and_quick_load_from_the_keyboard(fast_app: App, home: Path) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, FIXTURE, ("government",))
    until_human(ui, game)
    sure = [a for a in game.session.state.legal_actions() if a.kind is not ActionKind.PASS]
    sure = [a for a in sure if game.session.state.preview(a).odds >= 1.0] or sure
    before = game.session.state.state_hash()
    game.submit(sure[0])
    if game.session.can_undo:
        ui.key(pygame.K_z, mod=pygame.KMOD_CTRL)
        assert game.session.state.state_hash() == before
    ui.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    saved = game.session.save_path
    assert saved is not None and saved.exists() and home in saved.parents
    ui.key(pygame.K_SPACE)
    until_human(ui, game)  # a whole turn went by: an autosave, newer than the save
    autosaves = sorted((home / "saves").glob("autosave-*.json"))
    assert autosaves
    at_autosave = game.session.state.state_hash()
    ui.key(pygame.K_F9)  # F9 asks first, and offers the newest save: the autosave
    asked = fast_app.top
    assert isinstance(asked, ConfirmDialog) and autosaves[-1].name in asked.text
    ui.key(pygame.K_ESCAPE)  # Cancel: nothing is loaded
    assert not isinstance(fast_app.top, ConfirmDialog) and fast_app.find(GameScene) is game
    answer_dialogs(ui, game)
    ui.key(pygame.K_F9)
    ui.click("Load it")
    loaded = fast_app.find(GameScene)
    assert isinstance(loaded, GameScene) and loaded is not game
    assert loaded.session.state.state_hash() == at_autosave


def test_a_corrupt_save_shows_a_message_and_the_game_goes_on(fast_app: App, home: Path) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, FIXTURE, ("government",))
    until_human(ui, game)
    bad = home / "saves" / "broken.json"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("{ not json", encoding="utf-8")
    ui.key(pygame.K_F9)
    assert isinstance(fast_app.top, ConfirmDialog) and "broken.json" in fast_app.top.text
    ui.key(pygame.K_RETURN)
    assert isinstance(fast_app.top, Dialog) and "Could not load" in fast_app.top.title
    ui.key(pygame.K_RETURN)
    assert fast_app.top is game


def test_hotseat_hides_the_map_between_two_human_players(fast_app: App, shots: Path) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, FIXTURE, ("government", "reds"))
    seen: list[str] = []
    for _ in range(300):
        top = fast_app.top
        if isinstance(top, HandoverScene):
            seen.append(game.session.state.current_faction)
            if len(seen) == 2:
                ui.screenshot(shots, "game-hotseat-handover")
            ui.click("I am ready")
            assert game.snap.viewer == game.session.state.current_faction  # the map shows the new player's eyes
        elif top is not game:
            answer_dialogs(ui, game)
        elif game.session.human_to_move:
            ui.key(pygame.K_SPACE)
        else:
            ui.frames(1)
        if len(seen) >= 3:
            break
    assert {"government", "reds"} <= set(seen)


def test_guided_first_turn_can_be_followed_and_dismissed(home: Path, shots: Path) -> None:
    app = App(Settings(ai_speed="instant", show_tutorial=True), persist_settings=False)
    try:
        ui = UIDriver(app)
        game = start(app, FIXTURE, ("reds",))
        until_human(ui, game)
        assert game.guide_step == 0
        ui.frames(1)
        ui.screenshot(shots, "game-guide")
        card = game.guide_rect  # the tour's card lies on the map: what is beneath it neither explains itself
        beneath = [(x, y) for x in range(card.x + 4, card.right, 12) for y in range(card.y + 4, card.bottom - 44, 12)]
        over_district = [p for p in beneath if (hit := game.map.hit_test(p)) is not None and hit.kind == "district"]
        assert over_district, "the card should lie over some district"
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=over_district[0], rel=(0, 0), buttons=(0, 0, 0)))
        ui.frames(40)  # longer than a tooltip's delay
        assert game.hover is None and game.tooltip is None
        ui.click_at(over_district[0])  # nor is selected by a click
        assert game.selection is None and game.guide_step == 0
        ui.click("Next")
        assert game.guide_step == 1
        ui.click("Skip tour")
        assert game.guide_step is None and not ui.has_button("Next")
    finally:
        pygame.display.quit()


def test_an_event_card_asks_the_human_and_the_click_answers_it(fast_app: App, shots: Path) -> None:
    """The fixture's 'guards waver' card goes to the government: its choice is made by clicking a button.
    (Whole games from the menu to the end screen, both scenarios, are the frame's tests in test_flow.py.)"""
    ui = UIDriver(fast_app)
    game = start(fast_app, FIXTURE, ("government",))
    for _ in range(600):
        top = fast_app.top
        if isinstance(top, EventCard) and top.options:
            break
        if top is not game:
            ui.key(pygame.K_RETURN)  # day summaries and cards without a choice
        elif game.session.human_to_move:
            ui.key(pygame.K_SPACE)
        else:
            ui.frames(1)
        assert not game.session.state.is_over(), "the game ended before the card came"
    card = fast_app.top
    assert isinstance(card, EventCard) and card.event.id == "guards_waver"
    ui.frames(1)
    ui.screenshot(shots, "game-event-choice")
    labels = {b.text: b for b in card.option_buttons}
    assert set(labels) == {"Order them to fire", "Keep them in barracks"}
    ui.click(labels["Keep them in barracks"])
    state = game.session.state
    assert state.pending_choice is None and "guards_held_back" in state.flags
    assert fast_app.top is game or not isinstance(fast_app.top, EventCard) or fast_app.top.event.id != "guards_waver"


def test_frame_time_of_the_busiest_screen(fast_app: App) -> None:
    """Not a timed test: it checks the benchmark runs and reports sensible figures (printed for the note)."""
    sc = load_scenario("october-1917")
    session = GameSession.new(sc, 1, {f.id: HUMAN for f in sc.factions})
    figures = game_screen_frame_ms(fast_app, session, frames=30)
    print(f"game screen: {figures['frame_ms']:.2f} ms/frame, map {figures['map_ms']:.2f} ms")
    assert figures["frame_ms"] > 0 and figures["map_ms"] > 0


def test_frame_times_while_the_computer_plays(fast_app: App) -> None:
    """Not a timed test: the benchmark's percentiles are taken over real frames in which moves were played."""
    figures = computer_play_frame_ms(fast_app, load_scenario(FIXTURE), agent="random", frames=40)
    assert figures["play_frames"] > 0 and figures["play_moves_per_s"] > 0
    assert 0 < figures["play_median_ms"] <= figures["play_p95_ms"] <= figures["play_worst_ms"]


def test_keys_help_tab_escape_and_resizing(fast_app: App, shots: Path) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, "october-1917", ("bolsheviks",))
    until_human(ui, game)
    ui.key(pygame.K_TAB)
    first = game.selection
    assert first is not None and first.kind == "unit"
    assert game.snap.unit(first.id).commander == "bolsheviks"  # type: ignore[union-attr]
    ui.key(pygame.K_TAB)
    assert game.selection != first
    ui.key(pygame.K_F1)
    assert type(fast_app.top).__name__ == "HtmlDialog" and "Who's who" in fast_app.top.text
    ui.frames(1)
    ui.screenshot(shots, "game-help")
    ui.key(pygame.K_RETURN)
    assert fast_app.top is game
    ui.key(pygame.K_ESCAPE)
    assert type(fast_app.top).__name__ == "QuitDialog"
    ui.click("Cancel")
    assert fast_app.top is game
    old = game.map.rect.copy()
    ui.resize(1600, 900)
    assert game.map.rect.width > old.width and game.map.rect.height > old.height
    assert game.selection is not None  # what the player picked survives the new layout
    ui.frames(1)
    ui.screenshot(shots, "game-1600x900")


def test_wheel_zooms_and_right_drag_pans_the_map(fast_app: App) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, FIXTURE, ("government",))
    until_human(ui, game)
    centre = game.map.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=centre, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False, precise_x=0.0, precise_y=1.0))
    ui.frames(2)
    assert game.map.zoom > 1.0
    before = game.map.transform.to_map(centre)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=centre, button=3))
    moved = (centre[0] + 40, centre[1] + 25)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=moved, rel=(40, 25), buttons=(0, 0, 1)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=moved, button=3))
    ui.frames(2)
    after = game.map.transform.to_map(moved)
    assert abs(after[0] - before[0]) < 1 and abs(after[1] - before[1]) < 1  # the city moved with the mouse
    assert game.selection is None  # a drag is not a click
    ui.key(pygame.K_HOME)
    assert game.map.zoom == 1.0


class GatedAgent:
    """A computer player that thinks until the test lets it answer: a search of any length, under the test's
    control (its move is the first legal one, so the game stays deterministic)."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.calls = 0

    def choose_action(self, state: GameState) -> Action:
        self.calls += 1
        assert self.gate.wait(30), "the test never let the computer player answer"
        return state.legal_actions()[0]


def test_the_window_keeps_drawing_while_the_computer_thinks(
    fast_app: App, home: Path, shots: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ui = UIDriver(fast_app)
    sc = load_scenario("october-1917")
    session = GameSession.new(sc, 4, {f.id: HUMAN if f.id == "bolsheviks" else "random" for f in sc.factions})
    thinker = GatedAgent()
    monkeypatch.setattr(session, "agent", lambda faction: thinker)
    game = GameScene(fast_app, session)
    fast_app.reset(game)
    first = session.state.current_faction
    assert not session.is_human(first)
    frame = fast_app.frame
    ui.frames(30)  # half a second of a long search
    assert fast_app.frame == frame + 30 and thinker.calls == 1  # frames went on; one search, not thirty
    assert session.thinking and not session.actions
    assert game.thinking_text == f"{sc.faction(first).name} is thinking"
    ui.screenshot(shots, "game-computer-thinking")
    ui.key(pygame.K_f)  # fast forward and Esc still answer
    assert game.fast
    ui.key(pygame.K_ESCAPE)
    assert ui.scene is not game and session.thinking
    ui.click("Cancel")
    ui.resize(1000, 640)  # a new layout mid-search
    assert ui.scene is game and fast_app.size == (1000, 640)
    ui.screenshot(shots, "game-computer-thinking-narrow")
    thinker.gate.set()
    until_human(ui, game)  # the government's moves are played (fast), then it is the Bolsheviks' turn
    assert session.actions and session.state.current_faction == "bolsheviks"
    assert not game.thinking_text
    # the window's close button mid-search: the game is saved and the window closes, the search abandoned
    thinker.gate.clear()
    ui.key(pygame.K_SPACE)
    ui.frames(30)
    assert session.thinking and not session.human_to_move
    ui.close_window()
    ui.click("Save and leave")
    assert not fast_app.running and list((home / "saves").glob("october-1917-*.json"))
    thinker.gate.set()


def test_the_window_plays_the_same_game_as_the_session_alone(fast_app: App) -> None:
    """Computer players think in a background thread while the window draws: the game must not depend on it."""
    ui = UIDriver(fast_app)
    sc = load_scenario(FIXTURE)
    controllers = {f.id: "heuristic" for f in sc.factions}
    watched = GameSession.new(sc, 8, controllers)
    game = GameScene(fast_app, watched)
    fast_app.reset(game)
    ui.key(pygame.K_f)
    for _ in range(2000):
        if len(watched.actions) >= 60 or watched.state.is_over():
            break
        ui.wait_for_computer(watched)
        ui.frames(1)
    alone = GameSession.new(sc, 8, controllers)
    for _ in watched.actions:
        alone.computer_move()
    assert len(watched.actions) >= 30
    assert alone.actions == watched.actions and alone.state.state_hash() == watched.state.state_hash()


def test_only_a_refusal_is_not_possible_and_a_bug_is_reported_with_its_replay(
    fast_app: App, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, FIXTURE, ("government",))
    until_human(ui, game)
    state = game.session.state
    before = state.state_hash()
    ui.click_at(game.map.district_centre("north"))  # a district: its orders are given at once
    assert game.selection is not None and game.selection.id == "north"
    rows = [b for b in game.parts["actions"] if b in game.callbacks and "AP" in getattr(b, "text", "")]
    order = next(b for b in rows if "..." not in b.text)  # an order given at once, not a group to open

    def fails(self: GameState, action: Action, *, hold_turn: bool = False) -> list[object]:
        self.action_points[:] = 0
        raise RuntimeError("a fault in the rules")

    monkeypatch.setattr(State, "apply", fails)
    ui.click(order)
    monkeypatch.undo()
    dialog = fast_app.top
    assert isinstance(dialog, Dialog) and dialog.title == "A bug in the game"
    assert "RuntimeError" in dialog.text and "bug-tiny-001.json" in dialog.text
    assert (home / "reports" / "bug-tiny-001.json").exists()
    assert game.session.state.state_hash() == before  # nothing half-applied
    ui.key(pygame.K_RETURN)
    assert fast_app.top is game
    # a refused order (here: the wrong faction's) is "not possible", and no report is written
    other = next(f.id for f in game.session.scenario.factions if f.id != state.current_faction)
    game.submit(Action(ActionKind.PASS, other))
    assert fast_app.notice is not None and fast_app.notice.startswith("Not possible")
    assert len(list((home / "reports").glob("*.json"))) == 1


def test_spending_the_last_point_leaves_the_turn_open_for_ctrl_z(fast_app: App) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, FIXTURE, ("government",))
    until_human(ui, game)
    session = game.session
    f = session.state.current_faction_index
    faction = session.state.current_faction
    while int(session.state.action_points[f]) > 0:  # orders that cannot fail, so they can be taken back
        state = session.state
        sure = [a for a in state.legal_actions() if a.kind is not ActionKind.PASS and state.preview(a).odds >= 1.0]
        sure = [a for a in sure if state.preview(a).cost <= state.action_points[f]]
        assert sure, "the fixture should offer sure orders for every point"
        before = state.state_hash()
        game.submit(sure[0])
    assert session.state.current_faction == faction and session.spent
    ui.frames(5)
    assert ui.has_button("End turn (Space)") and "No points left" in ui.texts()
    assert game.undo_button.is_enabled
    ui.key(pygame.K_z, mod=pygame.KMOD_CTRL)
    assert session.state.state_hash() == before and not session.spent
    game.submit(sure[0])
    ui.click("End turn (Space)")
    until_human(ui, game)
    assert session.state.turn >= 1 or session.state.is_over()


def order_rows(game: GameScene) -> list[pygame_gui.elements.UIButton]:
    """The order list's rows, top to bottom (the End turn button is not one)."""
    rows = [b for b in game.parts["actions"] if isinstance(b, pygame_gui.elements.UIButton) and b in game.callbacks]
    return sorted((b for b in rows if b.text != "End turn (Space)"), key=lambda b: b.rect.y)


def test_the_order_list_keeps_its_rows_in_place_and_shows_whole_rows(fast_app: App) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, FIXTURE, ("government",))
    until_human(ui, game)
    state = game.session.state
    movers = {a.unit for a in state.legal_actions() if a.kind is ActionKind.MOVE}
    for _ in range(10):  # Tab through our units to one that can march
        ui.key(pygame.K_TAB)
        if game.selection is not None and game.selection.id in movers:
            break
    assert game.selection is not None and game.selection.id in movers
    before = [b.text.split(" · ")[0].rstrip(".") for b in order_rows(game)]
    move = next(b for b in order_rows(game) if b.text.startswith("Move"))
    ui.click(move)
    ui.click_at(game.map.district_centre(next(iter(game.picking))))
    after = order_rows(game)
    assert [b.text.split(" · ")[0].rstrip(".") for b in after[: len(before)]] == before  # nothing slid up
    gone = next(b for b in after if b.text.startswith("Move"))
    assert gone.text.endswith("not possible now") and not gone.is_enabled  # the marched unit's Move stays greyed
    container = next(e for e in game.parts["actions"] if isinstance(e, pygame_gui.elements.UIScrollingContainer))
    assert container.rect.h % (game.s(34) + game.s(4)) == 0  # whole rows: the last is never cut in half


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_the_top_bar_shows_every_item_down_to_1024x640(fast_app: App, size: tuple[int, int]) -> None:
    ui = UIDriver(fast_app)
    ui.resize(*size)
    game = start(fast_app, "october-1917", ("bolsheviks",))
    until_human(ui, game)
    shown = [b for b in game.parts["status"] if b.visible]
    assert len(shown) == 6  # side, orders, score, flour, date, turn
    assert shown[-1].text.startswith("Turn ") and "Oct" in shown[-2].text
    assert shown[-1].rect.right < game.undo_button.rect.left
    # the points: the bar, its hover and the briefing give the engine's one count
    state = game.session.state
    points = turn_points(state, "bolsheviks")
    assert points.total == int(turn_points_of(state)[state.index.faction["bolsheviks"]])
    assert shown[1].text.endswith(f" {int(state.action_points[state.index.faction['bolsheviks']])}")
    assert f"Each turn brings {points.describe()}" in game.status_shown[1][1]
    opening = new_game(state.scenario, 0)
    briefing = faction_briefing(opening, state.scenario.faction("bolsheviks"))
    assert f"Action points each turn:</b> {turn_points(opening, 'bolsheviks').describe()}" in briefing


def test_no_tooltip_is_pushed_off_a_1024x640_window(fast_app: App) -> None:
    """Hovers near every edge (each district's label, the last order row, the standing rows, the buttons) each find
    room for their tooltip: pygame_gui's "Unable to fit tool tip on screen" fails the window's tests."""
    ui = UIDriver(fast_app)
    ui.resize(1024, 640)
    game = start(fast_app, "october-1917", ("bolsheviks",))
    until_human(ui, game)
    spots = [game.map.district_centre(d.id) for d in game.session.scenario.districts]
    spots += [row.rect.center for row in order_rows(game)[-1:]] + [game.undo_button.rect.center]
    standing = game.rects["standing"]
    spots += [(standing.centerx, standing.bottom - 6), (standing.right - 6, standing.y + game.s(30))]
    shown = 0
    for spot in spots:
        pygame.mouse.set_pos(spot)  # SDL moves the pointer and reports the motion, as a real mouse
        ui.frames(60)
        tips = {e for e in ui.elements() if isinstance(e, pygame_gui.elements.UITooltip)}
        for tip in (t for t in tips if t.alive()):
            assert fast_app.window.get_rect().contains(tip.rect), spot
            shown += 1
    assert shown >= len(spots) // 2  # most spots have something to explain
