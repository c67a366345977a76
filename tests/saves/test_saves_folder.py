"""Nothing in the saves folder stops the game: every broken entry is listed as broken, the good ones as saves, and
the listing never waits on a pipe, never replays and never reads a huge file whole."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest
from saves_helpers import Played

from petrograd1917 import paths, saves

HOSTILE = {
    "overflow.json": '{"format": "petrograd1917-save", "version": 2, "actions": [{"amount": 1' + "0" * 400 + "}]}",
    "nested.json": "[" * 100_000 + "]" * 100_000,
    "nan.json": '{"format": "petrograd1917-save", "version": NaN}',
}


def hostile_folder(folder: Path) -> list[str]:
    """Fill `folder` with every kind of entry that once stopped the game; returns their names."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "dangling.json").symlink_to(folder / "gone-long-ago.json")
    (folder / "loop.json").symlink_to(folder / "loop.json")
    os.mkfifo(folder / "pipe.json")
    (folder / "folder.json").mkdir()
    with (folder / "huge.json").open("wb") as stream:  # sparse: 58 MB on paper, nothing on disk
        stream.truncate(58 * 1024 * 1024)
    (folder / os.fsdecode(b"name-\xff.json")).write_text("{", encoding="utf-8")
    return [
        *HOSTILE,
        "dangling.json",
        "loop.json",
        "pipe.json",
        "folder.json",
        "huge.json",
        os.fsdecode(b"name-\xff.json"),
    ]


def listed_within_a_minute(folder: Path) -> dict[str, saves.SaveRecord | saves.SaveError]:
    """saves_in, run where a hang (a pipe read) cannot stop the test run itself."""
    found: list[list[tuple[Path, saves.SaveRecord | saves.SaveError]]] = []
    worker = threading.Thread(target=lambda: found.append(saves.saves_in(folder)), daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "listing the saves folder hung"
    return {path.name: record for path, record in found[0]}


def test_every_broken_entry_is_listed_as_broken(played: Played) -> None:
    folder = paths.saves_dir()
    names = hostile_folder(folder)
    good = saves.save_game(folder / "good.json", played.state, played.actions, played.seed)
    listed = listed_within_a_minute(folder)
    assert isinstance(listed[good.name], saves.SaveRecord)
    for name in names:
        assert isinstance(listed[name], saves.SaveError), name
    assert "not a regular file" in str(listed["pipe.json"])
    assert "link to a file that is gone" in str(listed["dangling.json"])
    assert "far too large" in str(listed["huge.json"])
    assert "nested more than" in str(listed["nested.json"])


def test_a_large_but_real_save_is_listed_without_being_read(played: Played, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = paths.saves_dir()
    good = saves.save_game(folder / "long.json", played.state, played.actions, played.seed)
    monkeypatch.setattr(saves, "LIST_MAX_BYTES", 100)
    monkeypatch.setattr(saves, "read_save", None)  # the list must not read it at all
    listed = listed_within_a_minute(folder)
    assert "too large to read for this list; Load reads and checks it in full" in str(listed[good.name])


@pytest.fixture
def app() -> Iterator[object]:
    import pygame

    from petrograd1917.ui.app import App
    from petrograd1917.ui.settings import Settings

    application = App(Settings())
    yield application
    for scene in list(application.scenes):
        scene.on_exit()
    pygame.display.quit()


def test_the_menu_and_the_load_screen_start_whatever_the_folder_holds(app: object, played: Played) -> None:
    from petrograd1917.ui.app import App
    from petrograd1917.ui.driver import UIDriver
    from petrograd1917.ui.scene_load import LoadScene
    from petrograd1917.ui.scene_menu import MainMenuScene

    assert isinstance(app, App)
    folder = paths.saves_dir()
    names = hostile_folder(folder)
    saves.save_game(folder / "good.json", played.state, played.actions, played.seed)
    ui = UIDriver(app)
    app.push(MainMenuScene(app))
    assert ui.has_button("Continue")  # the good save, past every broken one
    ui.click("Load game")
    load = ui.scene
    assert isinstance(load, LoadScene)
    broken = [label for label in load.labels if label.endswith("cannot be read")]
    assert len(broken) == len(names)
    weird = next(label for label in broken if "\\xff" in label)  # a name that is no text is shown escaped
    ui.click(weird)
    ui.click("Load")
    assert "name-\\xff.json cannot be loaded" in getattr(ui.scene, "text", "")
