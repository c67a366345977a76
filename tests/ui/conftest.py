"""Fixtures for the window tests: a real App on SDL's dummy video driver, a private user folder, screenshots.

Screenshots go to a temporary folder, or to $PETROGRAD1917_SHOTS when set (to look at them afterwards).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from petrograd1917.ui.app import App
from petrograd1917.ui.driver import UIDriver
from petrograd1917.ui.settings import Settings


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """pygame_gui's warnings (a label too small for its text, a font used before it was loaded) fail the window's
    tests: each is a flaw a player would see."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.filterwarnings("error::UserWarning:pygame_gui"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("PETROGRAD1917_HOME", str(folder))
    return folder


@pytest.fixture
def app(home: Path) -> Iterator[App]:
    application = App(Settings())
    yield application
    for scene in list(application.scenes):
        scene.on_exit()
    pygame.display.quit()


@pytest.fixture
def fast_app(home: Path) -> Iterator[App]:
    """An App whose computer players move at once and with no guided tour: for the game screen's tests."""
    application = App(Settings(ai_speed="instant", show_tutorial=False), persist_settings=False)
    yield application
    for scene in list(application.scenes):
        scene.on_exit()
    pygame.display.quit()


@pytest.fixture
def ui(app: App) -> UIDriver:
    return UIDriver(app)


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("PETROGRAD1917_SHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
