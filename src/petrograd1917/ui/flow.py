"""Moving between the big steps of the program: starting (or resuming) a game, and going back to the menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from petrograd1917.ui.dialogs import MessageDialog
from petrograd1917.ui.session import GameSession

if TYPE_CHECKING:
    from petrograd1917.ui.app import App


def start_game(app: App, session: GameSession) -> None:
    """Open the game screen for a session (new or loaded), with the autosave after every whole turn."""
    session.on_turn_end = lambda s: _autosave(app, s)
    if session.state.is_over():
        from petrograd1917.ui.scene_end import EndScene

        app.reset(EndScene(app, session))
        return
    from petrograd1917.ui.scene_game import GameScene

    app.reset(GameScene(app, session))


def to_menu(app: App) -> None:
    from petrograd1917.ui.scene_menu import MainMenuScene

    app.reset(MainMenuScene(app))


def _autosave(app: App, session: GameSession) -> None:
    try:
        session.autosave()
    except Exception as error:  # a full disk must not end the game: say so and play on
        app.push(MessageDialog(app, "Autosave failed", f"The game goes on, but it could not be autosaved: {error}"))
