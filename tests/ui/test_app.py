"""The window framework: the loop, the scene stack, resizing and quitting, driven by real pygame events."""

from __future__ import annotations

from pathlib import Path

import pygame

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
