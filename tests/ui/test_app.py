"""The window framework: the loop, the scene stack, resizing and quitting, driven by real pygame events."""

from __future__ import annotations

from pathlib import Path

import pygame

from petrograd1917.ui import widgets
from petrograd1917.ui.app import App
from petrograd1917.ui.driver import UIDriver
from petrograd1917.ui.scene import Scene
from petrograd1917.ui.scene_menu import MainMenuScene


class Recorder(Scene):
    def __init__(self, app: App, opaque: bool = True) -> None:
        super().__init__(app)
        self.opaque = opaque
        self.events: list[int] = []
        self.resized: list[tuple[int, int]] = []
        self.updates = 0

    def handle_event(self, event: pygame.event.Event) -> bool:
        self.events.append(event.type)
        return True

    def update(self, dt: float) -> None:
        self.updates += 1

    def on_resize(self, size: tuple[int, int]) -> None:
        super().on_resize(size)
        self.resized.append(size)


def test_only_the_top_scene_gets_events_and_updates(app: App, ui: UIDriver) -> None:
    below, above = Recorder(app), Recorder(app, opaque=False)
    app.push(below)
    app.push(above)
    ui.key(pygame.K_a)
    assert pygame.KEYDOWN in above.events
    assert pygame.KEYDOWN not in below.events
    assert below.updates == 0 and above.updates > 0
    assert app.pop() is above and app.top is below


def test_resize_reaches_every_scene_and_is_clamped(app: App, ui: UIDriver) -> None:
    a, b = Recorder(app), Recorder(app)
    app.push(a)
    app.push(b)
    ui.resize(1600, 900)
    assert app.size == (1600, 900)
    assert a.resized[-1] == b.resized[-1] == (1600, 900)
    ui.resize(200, 100)  # too small to lay out: the window keeps a minimum
    assert app.size[0] >= 960 and app.size[1] >= 600


def test_close_button_quits_from_the_menu(app: App, ui: UIDriver) -> None:
    app.push(MainMenuScene(app))
    ui.close_window()
    assert not app.running


def test_menu_quit_button(app: App, ui: UIDriver, shots: Path) -> None:
    app.push(MainMenuScene(app))
    ui.frames(2)
    ui.screenshot(shots, "main-menu")
    for entry in ("New game", "Load game", "Who's who", "Settings", "Quit"):
        assert ui.has_button(entry)
    ui.click("Quit")
    assert not app.running


def test_f11_switches_full_screen_and_back(app: App, ui: UIDriver) -> None:
    app.push(MainMenuScene(app))
    ui.key(pygame.K_F11)
    assert app.settings.fullscreen
    ui.key(pygame.K_F11)
    assert not app.settings.fullscreen and app.size == app.settings.size
    assert ui.has_button("New game")  # the menu was laid out again for the window


def test_a_notice_shows_for_a_few_seconds(app: App, ui: UIDriver) -> None:
    app.push(MainMenuScene(app))
    app.notify("Saved as test.json", seconds=0.5)
    ui.frames(10)
    assert app.notice == "Saved as test.json"
    ui.frames(30)
    assert app.notice is None


def test_a_new_ui_scale_rebuilds_every_screen(app: App, ui: UIDriver) -> None:
    app.push(MainMenuScene(app))
    before = ui.button("Quit").rect.height
    app.apply_settings(app.settings.with_(ui_scale=1.3))
    ui.frames(2)
    assert ui.button("Quit").rect.height > before


def test_menu_keys(app: App, ui: UIDriver) -> None:
    from petrograd1917.ui.scene_scenarios import ScenarioChoiceScene

    app.push(MainMenuScene(app))
    ui.key(pygame.K_n)
    assert isinstance(ui.scene, ScenarioChoiceScene)
    ui.key(pygame.K_ESCAPE)
    ui.key(pygame.K_q)
    assert not app.running


def test_a_crash_saves_the_game_first(app: App, home: Path) -> None:
    import pytest

    from petrograd1917 import load_scenario
    from petrograd1917.ui.session import GameSession

    scenario = load_scenario("october-1917")

    class Broken(Scene):
        session = GameSession.new(scenario, 1, {f.id: "random" for f in scenario.factions})

        def update(self, dt: float) -> None:
            raise RuntimeError("a bug")

    app.push(Broken(app))
    with pytest.raises(RuntimeError, match="a bug"):
        app.run()
    assert list((home / "saves").glob("autosave-*.json"))


def test_a_label_too_narrow_for_its_text_ends_in_an_ellipsis(app: App) -> None:
    scene = Scene(app)
    app.push(scene)
    name = "Now moving: The Bolsheviks and the Military Revolutionary Committee"
    narrow = widgets.label(scene, pygame.Rect(0, 0, 260, 28), name, "heading")  # no warning (an error here)
    assert narrow.text.endswith("\u2026") and name.startswith(narrow.text[:-1])
    assert widgets.label(scene, pygame.Rect(0, 0, 900, 28), name, "heading").text == name
    assert widgets.fit("a b c", len, 2) == "a\u2026" and widgets.fit("a b c", len, 1) == "\u2026"
    assert widgets.fit("abc", len, 0) == ""
