"""The menu screens as a player meets them: keys that do not type, explanations that cover nothing, one name per
faction, the true number of action points, and a window that stays where it is when made small."""

from __future__ import annotations

import dataclasses

import pygame
import pygame_gui
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.ui import app as app_module
from petrograd1917.ui.app import App
from petrograd1917.ui.driver import UIDriver
from petrograd1917.ui.factions import display_name, turn_points
from petrograd1917.ui.scene_menu import MainMenuScene
from petrograd1917.ui.scene_setup import SetupScene, faction_briefing
from petrograd1917.ui.scene_whoswho import WhosWhoScene
from petrograd1917.ui.settings import MIN_WINDOW


def press(ui: UIDriver, key: int, char: str) -> None:
    """A key as the window delivers it: the key press, then the text it types."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=char, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode=char, scancode=0))
    ui.frames(2)


def test_w_opens_the_whos_who_without_typing_a_w(app: App, ui: UIDriver) -> None:
    app.push(MainMenuScene(app))
    ui.frames(2)
    press(ui, pygame.K_w, "w")
    scene = ui.scene
    assert isinstance(scene, WhosWhoScene)
    assert scene.search.get_text() == "" and scene.query == ""
    press(ui, pygame.K_w, "w")  # now the search box has the focus, and the letter is typed
    assert scene.search.get_text() == "w"


def hover(ui: UIDriver, element: pygame_gui.core.UIElement, frames: int = 90) -> None:
    pygame.mouse.set_pos(element.rect.center)  # SDL moves the pointer and reports the motion, as a real mouse
    ui.frames(frames)  # longer than any tool tip's delay


def tool_tips(ui: UIDriver) -> list[pygame.Rect]:
    return [e.rect for e in ui.elements() if isinstance(e, pygame_gui.elements.UITooltip)]


def test_a_menu_buttons_explanation_covers_no_other_button(app: App, ui: UIDriver) -> None:
    app.push(MainMenuScene(app))
    ui.frames(2)
    scene = ui.scene
    assert isinstance(scene, MainMenuScene)
    hover(ui, ui.button("Load game"))
    assert "Continue a saved game" in scene.hints.shown
    next_button = ui.button("Who's who").rect
    assert not any(tip.colliderect(next_button) for tip in tool_tips(ui))


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_the_setup_screens_explanations_leave_start_uncovered(app: App, ui: UIDriver, size: tuple[int, int]) -> None:
    ui.resize(*size)
    app.push(SetupScene(app, load_scenario("october-1917"), seed=3))
    ui.frames(2)
    scene = ui.scene
    assert isinstance(scene, SetupScene)
    start = ui.button("Start the game").rect
    for button in (scene.play_this, scene.reseed, *scene.presets):
        hover(ui, button)
        assert not any(tip.colliderect(start) for tip in tool_tips(ui)), button.text
    hover(ui, scene.play_this)
    assert "computer" in scene.hints.shown


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_a_faction_has_one_name_with_its_short_name_in_it(name: str) -> None:
    """Every full name the scenarios give carries its short name, so the window's name and the engine's texts (the
    standings, the verdict) are the same name; a scenario that does not gets the short name added in brackets."""
    scenario = load_scenario(name)
    for faction in scenario.factions:
        assert display_name(faction) == faction.name, faction.id
    soviet = dataclasses.replace(load_scenario("february-1917").faction("soviet"), name="The moderate socialists")
    assert display_name(soviet) == "The moderate socialists (Soviet)"


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_the_briefing_gives_the_action_points_the_game_grants(name: str) -> None:
    scenario = load_scenario(name)
    state = new_game(scenario, seed=1)
    for i, faction in enumerate(scenario.factions):
        points = turn_points(state, faction.id)
        assert points.total == int(state.action_points[i]), faction.id
        assert f"Action points each turn:</b> {points.total}" in faction_briefing(state, faction)
    smolny = turn_points(new_game(load_scenario("october-1917"), 5), "bolsheviks")
    assert smolny.base == 5 and smolny.total == 6 and smolny.describe() == "6: 5, and 1 for Smolny Institute"


def test_a_window_made_too_small_is_resized_in_place(app: App, ui: UIDriver) -> None:
    window = app_module._display_window()
    where = window.position
    ui.resize(700, 400)
    assert app.size == MIN_WINDOW
    assert window.size == MIN_WINDOW and window.position == where
    assert window.minimum_size == MIN_WINDOW  # the window manager is told, so a player cannot go below it
