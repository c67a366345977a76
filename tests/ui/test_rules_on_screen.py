"""Every rule on screen: the odds taken apart, an event's answers in game terms before and after, the card an
early seizure sets off, the thresholds of control and of going over, the standing panel and the end screen."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import pygame_gui
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine.actions import Action
from petrograd1917.engine.standing import standings
from petrograd1917.scenario.model import ActionKind
from petrograd1917.ui import charts, flow, theme
from petrograd1917.ui import scene_game as game_screen
from petrograd1917.ui.app import App
from petrograd1917.ui.dialogs import ConfirmDialog
from petrograd1917.ui.driver import UIDriver
from petrograd1917.ui.panels_event import EventCard, HtmlDialog
from petrograd1917.ui.panels_standing import row_rects
from petrograd1917.ui.rules_text import SetOff, cards_set_off, choice_consequences, odds_explained, pct
from petrograd1917.ui.scene_end import CITY, EndScene
from petrograd1917.ui.scene_game import GameScene
from petrograd1917.ui.session import HUMAN, GameSession

SCENARIOS = ("october-1917", "february-1917")


def played(scenario: str, moves: int, seed: int = 2) -> list:
    """States along a random game: the start and after every few moves."""
    state = new_game(load_scenario(scenario), seed)
    rng = np.random.default_rng(seed)
    seen = [state.clone()]
    for i in range(moves):
        if state.is_over():
            break
        legal = state.legal_actions()
        state.apply(legal[int(rng.integers(len(legal)))])
        if i % 7 == 0:
            seen.append(state.clone())
    return seen


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_orders_tooltip_gives_the_engines_own_chance_and_why(scenario: str) -> None:
    checked = 0
    for state in played(scenario, 60):
        for action in state.legal_actions():
            text = odds_explained(state, action)
            assert text.startswith(f"<i>Why {pct(state.preview(action).odds)}:</i> "), (action, text)
            checked += 1
    assert checked > 100


def test_a_rival_commissar_is_named_when_it_halves_the_odds() -> None:
    state = new_game(load_scenario("october-1917"), 1)
    agitate = next(a for a in state.legal_actions() if a.kind is ActionKind.AGITATE and a.unit)
    unit = state.unit_ids[agitate.unit]
    rival = next(f for f in range(state.index.n_factions) if f != state.index.faction[agitate.faction])
    before = state.preview(agitate).odds
    state.unit_commissar[unit] = rival
    assert state.preview(agitate).odds == pytest.approx(before / 2)
    assert "halved by a rival's commissar" in odds_explained(state, agitate)


def test_an_answer_says_what_it_does_and_the_scores_it_moves() -> None:
    state = new_game(load_scenario("october-1917"), 1)
    event = next(e for e in state.scenario.events if e.id == "cc_vote")
    for choice in event.choices:
        seen = choice_consequences(state, event, choice.id)
        assert seen.effects, f"{choice.id} should say what it does"
        assert "set_flag" not in " ".join(seen.effects) and "_" not in " ".join(seen.effects)


def test_an_answer_names_the_later_card_it_makes_possible() -> None:
    """Kerensky's drive to the front is what lets the cadets go home that evening: his answer must say so."""
    state = new_game(load_scenario("october-1917"), 1)
    event = next(e for e in state.scenario.events if e.id == "kerensky_leaves")
    go, stay = (choice_consequences(state, event, c) for c in ("go", "stay"))
    walk_out = [card for card in go.leads_to if card.title == "No troops from the front"]
    assert walk_out and walk_out[0].start.startswith("25 Oct 1917")
    assert "-1,500 men for the Oranienbaum and Peterhof ensign schools" in walk_out[0].effects
    assert go.html().startswith("<i>Can lead to:</i> 'No troops from the front' from 25 Oct 1917")
    assert not any(card.title == "No troops from the front" for card in stay.leads_to)


def test_seizing_the_exchange_before_the_congress_warns_of_the_card_it_sets_off() -> None:
    state = new_game(load_scenario("october-1917"), 1)
    early = cards_set_off(
        state, Action(ActionKind.SEIZE, "bolsheviks", unit="red_guard_vyborg", target="telephone_exchange")
    )
    assert [c.title for c in early] == ["A rising before its time"]
    assert "legitimacy of the Bolsheviks -6%" in early[0].effects
    assert any(e.startswith("loyalty to the Bolsheviks -6% for the Pavlovsky") for e in early[0].effects)
    assert not cards_set_off(state, Action(ActionKind.AGITATE, "bolsheviks", district="vyborg"))


def start(app: App, scenario: str, human: str, seed: int = 3) -> GameScene:
    sc = load_scenario(scenario)
    flow.start_game(app, GameSession.new(sc, seed, {f.id: HUMAN if f.id == human else "random" for f in sc.factions}))
    scene = app.top
    assert isinstance(scene, GameScene)
    return scene


def until_human(ui: UIDriver, game: GameScene) -> None:
    for _ in range(600):
        top = ui.app.top
        if top is game and game.session.human_to_move and not game.flow.queue:
            return
        if isinstance(top, EventCard) and top.options:
            ui.click(next(iter(top.option_buttons)))
        elif top is not game:
            ui.key(pygame.K_RETURN)
        else:
            ui.wait_for_computer(game.session)
            ui.frames(1)
    raise TimeoutError("the human never got the turn")


def hover(ui: UIDriver, pos: tuple[int, int]) -> None:
    pygame.mouse.set_pos(pos)  # SDL moves the pointer and reports the motion, as a real mouse
    ui.frames(90)  # longer than any tooltip's delay


def tooltip_text(ui: UIDriver) -> str:
    """The text of the tooltips up now."""
    tips = [e for e in ui.elements() if isinstance(e, pygame_gui.elements.UITooltip)]
    return " ".join(t.text_block.html_text for t in tips if t.alive())


@pytest.mark.parametrize("size", [(1280, 800), (1024, 640)])
def test_the_standing_panel_takes_each_score_apart_on_hover(fast_app: App, shots: Path, size: tuple[int, int]) -> None:
    ui = UIDriver(fast_app)
    ui.resize(*size)
    game = start(fast_app, "october-1917", "bolsheviks")
    until_human(ui, game)
    state = game.session.state
    assert [r.faction for r in game.standing] == [f.id for f in state.scenario.factions]
    area = game.rects["standing"]
    assert area.bottom < game.rects["details"].top and area.right <= size[0]
    rects = row_rects(area, len(game.standing), game.s(19), game.s(22))
    mine = [f.id for f in state.scenario.factions].index("bolsheviks")
    hover(ui, rects[mine].center)
    text = tooltip_text(ui)
    standing = standings(state)[mine]
    assert f"{standing.target:g}" in text and all(t.label.split(" (")[0] in text for t in standing.terms)
    ui.screenshot(shots, f"standing-panel-{size[0]}x{size[1]}")


def test_an_order_tooltip_says_why_its_odds_are_what_they_are(fast_app: App, shots: Path) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, "october-1917", "bolsheviks")
    until_human(ui, game)
    ui.click_at(game.map.district_centre("vyborg"))
    rows = [b for b in game.parts["actions"] if b in game.callbacks and "%" in getattr(b, "text", "")]
    assert rows
    hover(ui, rows[0].rect.center)
    assert "Why " in tooltip_text(ui)
    ui.screenshot(shots, "order-odds-breakdown")


def test_district_details_give_the_control_rule_with_its_numbers(fast_app: App) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, "october-1917", "bolsheviks")
    until_human(ui, game)
    ui.click_at(ui.map_point(game.map, "district", "vyborg"))
    rules = game.session.scenario.rules
    html = game.details_box.html_text
    assert "Control" in html and f"{round(100 * rules.control_street_share)}%" in html
    assert f"{rules.control_force_lead:g} times" in html
    ui.key(pygame.K_TAB)  # a unit: when it goes over
    assert "Going over" in game.details_box.html_text or "Coming over" in game.details_box.html_text


def test_the_window_shows_the_melting_rule_for_a_chosen_unit(fast_app: App, shots: Path) -> None:
    """Clicking a district and tabbing to a unit of one's own puts both rules in the details panel."""
    ui = UIDriver(fast_app)
    game = start(fast_app, "february-1917", "tsarist")
    until_human(ui, game)
    ui.click_at(ui.map_point(game.map, "district", "liteiny"))
    for _ in range(8):  # tab through Liteiny's units to one that obeys the government
        ui.key(pygame.K_TAB)
        if "Going over" in game.details_box.html_text:
            break
    html = game.details_box.html_text
    assert "Melting away" in html and "of the men it was given in the city" in html, html
    ui.screenshot(shots, "unit-melting-rule")


def test_an_order_that_sets_off_a_card_asks_first(fast_app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, "october-1917", "bolsheviks")
    until_human(ui, game)
    ui.click_at(game.map.district_centre("vyborg"))
    card = SetOff("A rising before its time", 1.0, ("legitimacy of the Bolsheviks -6%",))
    monkeypatch.setattr(game_screen, "cards_set_off", lambda state, action: [card])
    row = next(b for b in game.parts["actions"] if b in game.callbacks and "%" in b.text and "..." not in b.text)
    n = len(game.session.actions)
    ui.click(row)
    asked = fast_app.top
    assert isinstance(asked, ConfirmDialog) and "A rising before its time" in asked.text
    ui.click("Cancel")
    assert len(game.session.actions) == n
    ui.click(row)
    ui.click("Give the order")
    assert len(game.session.actions) == n + 1


def test_an_event_choice_shows_its_effects_and_the_card_after_says_what_changed(fast_app: App, shots: Path) -> None:
    ui = UIDriver(fast_app)
    game = start(fast_app, "october-1917", "bolsheviks", seed=1)
    for _ in range(800):
        top = fast_app.top
        if isinstance(top, EventCard) and top.options:
            break
        if top is not game:
            ui.key(pygame.K_RETURN)
        elif game.session.human_to_move:
            ui.key(pygame.K_SPACE)
        else:
            ui.wait_for_computer(game.session)
            ui.frames(1)
    card = fast_app.top
    assert isinstance(card, EventCard) and card.options and len(card.effects) == len(card.options)
    shown = ui.texts()
    for effects in card.effects:
        assert effects.split("<br>")[0].replace("• ", "")[:20] in shown or effects[:20] in shown
    ui.frames(1)
    ui.screenshot(shots, "event-choice-with-effects")
    first = next(iter(card.option_buttons))
    hover(ui, first.rect.center)
    assert tooltip_text(ui) == ""  # the effects stand under the button: no hover box covers the next answer
    label, _ = card.options[0]
    ui.click(next(b for b in card.option_buttons if b.text == label))
    after = fast_app.top
    assert isinstance(after, HtmlDialog) and after.title.endswith("what changed") and label in after.text
    ui.frames(1)
    ui.screenshot(shots, "event-what-changed")


def finish(app: App, scenario: str, human: str | None, seed: int) -> EndScene:
    sc = load_scenario(scenario)
    session = GameSession.new(sc, seed, {f.id: HUMAN if f.id == human else "random" for f in sc.factions})
    while not session.state.is_over():
        session.computer_move() if not session.human_to_move else session.apply(
            next(a for a in session.state.legal_actions() if a.kind in (ActionKind.PASS, ActionKind.CHOOSE))
        )
        if session.spent:
            session.end_turn()
    flow.start_game(app, session)
    end = app.top
    assert isinstance(end, EndScene)
    return end


@pytest.mark.parametrize(("scenario", "size"), [("february-1917", (1280, 800)), ("october-1917", (1024, 640))])
def test_the_end_screen_says_why_in_a_sentence_and_clips_no_caption(
    fast_app: App, shots: Path, scenario: str, size: tuple[int, int]
) -> None:
    ui = UIDriver(fast_app)
    ui.resize(*size)
    end = finish(fast_app, scenario, None, 4)
    ui.frames(2)
    heading, _ = end.headline()
    assert " won" in heading or heading.startswith("A draw")
    assert "prevail" not in heading
    assert end.verdict and end.reason_lines
    assert all(end.font(15).size(line)[0] <= size[0] for line in end.reason_lines)
    html = end.breakdown_html()
    assert all(st.name in html for st in end.standings)
    small = theme.scaled_font(12, fast_app.settings.ui_scale)
    width = (end.right.w - end.s(8)) // 2 - end.s(20)
    specs = end.chart_specs()
    end.show_charts(CITY)
    for spec in specs + end.chart_specs():  # both pages
        assert all(small.size(line)[0] <= width for line in charts.wrap(spec["hint"], small, width))
        for line in spec["lines"]:  # every side's line reads on the chart's panel (the government's navy too)
            assert theme.contrast(pygame.Color(line.colour), theme.PANEL) >= theme.TEXT_CONTRAST, line.label
    ui.screenshot(shots, f"end-{scenario}-{size[0]}x{size[1]}")


def test_a_side_that_won_at_once_is_not_called_out_of_the_race(fast_app: App) -> None:
    """A win at once (the palace and the ministers taken) ends the game whatever the points: the end screen says
    so for the winner, even where its score alone would have put it out of the race; a win on points does not."""
    seen: dict[bool, EndScene] = {}
    for seed in range(20):
        end = finish(fast_app, "october-1917", None, seed)
        if end.outcome.winner is not None:
            seen.setdefault(end.at_once, end)
        if len(seen) == 2:
            break
    assert set(seen) == {True, False}
    at_once, on_points = seen[True], seen[False]
    winner = at_once.outcome.winner
    head = at_once.breakdown_html().split("<br>")[0]
    assert at_once.session.scenario.faction(winner).name in head
    assert "won at once" in head and "out of the race" not in head
    assert "won at once" not in on_points.breakdown_html()
