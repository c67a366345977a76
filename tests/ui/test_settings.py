"""Settings: kept between runs, written atomically, and a damaged file never stops the game."""

from __future__ import annotations

import json
from pathlib import Path

from petrograd1917.ui.app import App
from petrograd1917.ui.driver import UIDriver
from petrograd1917.ui.scene_menu import MainMenuScene
from petrograd1917.ui.scene_settings import SettingsScene
from petrograd1917.ui.settings import Settings, load_settings, save_settings, settings_path


def test_a_change_in_the_settings_screen_persists(app: App, ui: UIDriver, home: Path, shots: Path) -> None:
    app.push(MainMenuScene(app))
    ui.click("Settings")
    scene = ui.scene
    assert isinstance(scene, SettingsScene)
    scale_menu = next(m for m, (options, _) in scene.menus.items() if "130 %" in options)
    ui.choose(scale_menu, "130 %")
    assert app.settings.ui_scale == 1.3
    palette_menu = next(m for m, (options, _) in scene.menus.items() if "colour-blind" in options.values())
    ui.choose(palette_menu, "Colour-blind safe (Okabe–Ito)")
    ui.screenshot(shots, "settings-scaled")
    saved = json.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["ui_scale"] == 1.3 and saved["palette"] == "colour-blind"
    assert load_settings() == app.settings
    assert not [p for p in settings_path().parent.iterdir() if p.name.startswith(".settings-")]  # no temp left
    size_menu = next(m for m, (options, _) in scene.menus.items() if "1366 × 768" in options)
    ui.choose(size_menu, "1366 × 768")
    assert app.size == (1366, 768) and load_settings().size == (1366, 768)
    ui.click("Restore defaults")
    assert load_settings() == Settings()


def test_a_corrupt_settings_file_gives_the_defaults(home: Path) -> None:
    path = settings_path()
    path.write_text("{ not json", encoding="utf-8")
    assert load_settings() == Settings()
    path.write_text("[1, 2, 3]", encoding="utf-8")
    assert load_settings() == Settings()


def test_bad_fields_fall_back_one_by_one(home: Path) -> None:
    path = settings_path()
    data = {"width": 1600, "height": "tall", "ui_scale": 9, "palette": "rainbow", "fullscreen": 1, "ai_speed": "fast"}
    path.write_text(json.dumps(data), encoding="utf-8")
    s = load_settings()
    assert (s.width, s.height) == (1600, Settings().height)  # a good value kept, a bad one replaced
    assert s.ui_scale == 1.5  # clamped into range
    assert s.palette == "scenario" and s.fullscreen is False and s.ai_speed == "fast"


def test_settings_round_trip(home: Path) -> None:
    chosen = Settings(width=1366, height=768, ui_scale=1.15, palette="colour-blind", ai_speed="slow")
    save_settings(chosen)
    assert load_settings() == chosen
