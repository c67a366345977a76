"""Saving and loading from the game screen (Ctrl+S, F9): a failure is said in a message and the game goes on;
F9 offers the newest save in the saves folder, autosaves included, and loads it only once the player agrees."""

from __future__ import annotations

from typing import TYPE_CHECKING

from petrograd1917 import saves
from petrograd1917.ui import flow
from petrograd1917.ui.session import GameSession

if TYPE_CHECKING:
    from pathlib import Path

    from petrograd1917.ui.app import App


def save(app: App, session: GameSession) -> None:
    try:
        path = session.save()
    except Exception as error:  # a full disk or a folder gone: say so, the game stays open
        flow.message(app, "Could not save", f"The game was not saved: {error}")
        return
    app.notify(f"Saved as {path.name}")


def offer_newest(app: App, session: GameSession) -> None:
    """Ask whether to load the newest save, naming it (its scenario, turn and when it was written)."""
    found = saves.saves_in()
    if not found:
        app.notify("No save to load yet (Ctrl+S saves)")
        return
    path, record = found[0]
    if isinstance(record, saves.SaveError):
        what = f"{path.name} (it may not load: {record})"
    else:
        when = f", saved {record.saved_at[:16].replace('T', ' ')} UTC" if record.saved_at else ""
        what = f"{path.name}: {record.scenario_title or record.scenario_id}, turn {record.turn + 1}{when}"
    text = f"Load the newest save, {what}? Whatever happened in this game since it was saved will be lost."
    flow.ask(app, "Load the newest save?", text, "Load it", lambda: load(app, session, path))


def load(app: App, session: GameSession, path: Path) -> None:
    """Replace the game on screen by a saved one, its sides played as they are now (a bad file: a message)."""
    try:
        loaded = GameSession.load(path, controllers=session.controllers)
    except Exception as error:  # a missing, corrupt or foreign save: tell the player, keep playing
        flow.message(app, "Could not load", f"{path.name}: {error}")
        return
    flow.start_game(app, loaded)  # a fresh game screen, with the autosave hook, or the end screen
    app.notify(f"Loaded {path.name}")
