"""The settings file is untrusted too: each bad key falls back to its default alone, nothing in the file can stop
or hang the start, and a home that cannot be written gives a message instead of a crash."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest

from petrograd1917.ui.settings import Settings, SettingsError, load_settings, save_settings, settings_path


def write_settings(text: str) -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "1e309", "-1e400"])
def test_a_number_no_window_can_use_falls_back_alone(bad: str) -> None:
    write_settings(f'{{"ui_scale": {bad}, "width": {bad}, "palette": "colour-blind", "height": 900}}')
    settings = load_settings()
    assert settings.ui_scale == Settings().ui_scale and settings.width == Settings().width
    assert settings.palette == "colour-blind" and settings.height == 900


def test_a_huge_but_finite_value_is_clamped() -> None:
    write_settings('{"ui_scale": 1e308, "width": 100000000000000000}')
    settings = load_settings()
    assert settings.ui_scale == 1.5 and settings.width == 7680


@pytest.mark.parametrize(
    "text", ["[" * 100_000 + "]" * 100_000, '{"ui_scale": 1' + "0" * 400 + "}", '{"a": "' + "x" * 200_000 + '"}']
)
def test_a_hostile_file_gives_the_defaults(text: str) -> None:
    write_settings(text)
    assert load_settings() == Settings()


def test_a_pipe_named_settings_json_is_not_waited_on() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    found: list[Settings] = []
    reader = threading.Thread(target=lambda: found.append(load_settings()), daemon=True)
    reader.start()
    reader.join(60)
    assert not reader.is_alive(), "reading the settings waited on a pipe"
    assert found == [Settings()]


@pytest.fixture
def home_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PETROGRAD1917_HOME", str(home))
    return home


def test_settings_that_cannot_be_kept_are_a_settings_error(home_is_a_file: Path) -> None:
    with pytest.raises(SettingsError, match="cannot be kept"):
        save_settings(Settings(ui_scale=1.3))
    assert load_settings() == Settings()


@pytest.fixture
def app(home_is_a_file: Path) -> Iterator[object]:
    import pygame

    from petrograd1917.ui.app import App

    application = App(Settings())
    yield application
    for scene in list(application.scenes):
        scene.on_exit()
    pygame.display.quit()


def test_restore_defaults_in_a_home_that_is_a_file_says_so(app: object) -> None:
    from petrograd1917.ui.app import App
    from petrograd1917.ui.driver import UIDriver
    from petrograd1917.ui.scene_menu import MainMenuScene
    from petrograd1917.ui.scene_settings import SettingsScene

    assert isinstance(app, App)
    app.settings = Settings(ui_scale=1.3)
    ui = UIDriver(app)
    app.push(MainMenuScene(app))
    ui.click("Settings")
    assert isinstance(ui.scene, SettingsScene)
    ui.click("Restore defaults")
    assert app.running and app.settings == Settings()
    assert app.notice is not None and "cannot be kept" in app.notice


def test_settings_round_trip_is_still_plain_json(tmp_path: Path) -> None:
    save_settings(Settings(width=1600, height=900), tmp_path / "s.json")
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["width"] == 1600
