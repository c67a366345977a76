"""The browsing screens: who's who search, the scenario briefing, the end screen's comparison with history."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pygame

from petrograd1917 import load_scenario
from petrograd1917.ui.app import App
from petrograd1917.ui.charts import nice_max
from petrograd1917.ui.driver import UIDriver
from petrograd1917.ui.scene_end import EndScene, compare
from petrograd1917.ui.scene_menu import MainMenuScene
from petrograd1917.ui.scene_setup import SetupScene
from petrograd1917.ui.scene_whoswho import WhosWhoScene
from petrograd1917.ui.session import GameSession
from petrograd1917.ui.whoswho import entries


def test_whos_who_search_and_categories(app: App, ui: UIDriver, shots: Path) -> None:
    app.push(MainMenuScene(app))
    ui.click("Who's who")
    scene = ui.scene
    assert isinstance(scene, WhosWhoScene)
    everyone = len(scene.shown)
    assert everyone > 20
    ui.type_text("Lenin")  # the search box has the focus on entering
    assert 0 < len(scene.shown) < everyone
    assert all("lenin" in (e.name + e.text + " ".join(e.aliases)).casefold() for e in scene.shown.values())
    assert "Lenin" in ui.texts()
    ui.screenshot(shots, "whoswho-lenin")
    ui.key(pygame.K_a, mod=pygame.KMOD_CTRL)
    ui.key(pygame.K_BACKSPACE)
    ui.click("Units")
    assert scene.shown and all(e.category == "Units" for e in scene.shown.values())
    ui.key(pygame.K_ESCAPE)
    assert isinstance(ui.scene, MainMenuScene)


def test_every_name_of_a_scenario_is_in_the_whos_who() -> None:
    scenario = load_scenario("october-1917")
    names = {e.name for e in entries(scenario)}
    glossary_names = {g.name for g in scenario.glossary}
    assert glossary_names <= names
    for thing in (*scenario.units, *scenario.sites, *scenario.districts):
        assert thing.name in names
    assert all(e.text or e.detail for e in entries(scenario))


def test_dates_compared_with_history_in_words() -> None:
    history = datetime(1917, 10, 25, 2)
    assert compare(history, datetime(1917, 10, 25, 18)) == "the same day as history"
    assert compare(history, datetime(1917, 10, 23)) == "2 days earlier than history"
    assert compare(history, datetime(1917, 10, 26)) == "1 day later than history"
    assert compare(history, None) == "did not happen in your game"


def test_chart_axes_end_on_round_numbers() -> None:
    assert nice_max(14) == 16 and nice_max(0.97) == 1 and nice_max(161_000) == 200_000 and nice_max(0) == 1


def test_end_screen_of_a_finished_game(app: App, ui: UIDriver, shots: Path) -> None:
    scenario = load_scenario("february-1917")
    session = GameSession.new(scenario, 8, {f.id: "random" for f in scenario.factions})
    while not session.state.is_over():
        session.computer_move()
    app.push(EndScene(app, session))
    ui.frames(2)
    scene = ui.scene
    assert isinstance(scene, EndScene)
    outcome = session.state.outcome()
    rows = scene.key_event_rows()
    assert [r[0] for r in rows] == [k.label for k in scenario.victory.key_events]
    happened = [r for r in rows if r[2] is not None]
    assert len(happened) == len([k for k in scenario.victory.key_events if k.id in outcome.key_events])
    ui.resize(1600, 900)  # the charts are redrawn for the new size
    ui.screenshot(shots, "end-1600")
    ui.click("Save this game")
    assert session.save_path is not None and session.save_path.exists()
    assert app.notice is not None and session.save_path.name in app.notice
    ui.click("Play again")  # the same scenario and sides, to set up again
    setup = ui.scene
    assert isinstance(setup, SetupScene) and setup.controllers == session.controllers
    ui.click("Back")
    assert isinstance(ui.scene, MainMenuScene)
