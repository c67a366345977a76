"""The one place that opens screens: starting (or resuming) a game, the end screen, the menu, the set-up for another
game, the who's who, and the dialogs every screen shares (a message, a question, leaving, the hand-over).

Screens ask this module rather than importing each other, so no screen module imports another; the screens are
imported here only when opened (each of them imports this module).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from petrograd1917.scenario.model import Scenario
    from petrograd1917.ui.app import App
    from petrograd1917.ui.session import GameSession


def start_game(app: App, session: GameSession) -> None:
    """Open the game screen for a session (new or loaded), with the autosave after every whole turn; a game that
    is already over opens on its end screen."""
    session.on_turn_end = lambda s: _autosave(app, s)
    if session.state.is_over():
        from petrograd1917.ui.scene_end import EndScene

        app.reset(EndScene(app, session))
        return
    from petrograd1917.ui.scene_game import GameScene

    app.reset(GameScene(app, session))


def open_end(app: App, session: GameSession) -> None:
    """The game has ended: its end screen takes the place of the game screen."""
    from petrograd1917.ui.scene_end import EndScene

    app.replace(EndScene(app, session))


def to_menu(app: App) -> None:
    from petrograd1917.ui.scene_menu import MainMenuScene

    app.reset(MainMenuScene(app))


def play_again(app: App, scenario: Scenario, controllers: dict[str, str]) -> None:
    """The set-up of a new game with the same scenario and sides, over the menu (so Back leads there)."""
    from petrograd1917.ui.scene_setup import SetupScene

    to_menu(app)
    app.push(SetupScene(app, scenario, controllers=controllers))


def open_whoswho(app: App, scenario: Scenario) -> None:
    from petrograd1917.ui.scene_whoswho import WhosWhoScene

    app.push(WhosWhoScene(app, scenario))


def message(app: App, title: str, text: str, on_close: Callable[[], None] | None = None) -> None:
    """A message with one OK button over the current screen."""
    from petrograd1917.ui.dialogs import MessageDialog

    app.push(MessageDialog(app, title, text, on_close))


def ask(app: App, title: str, text: str, yes: str, on_yes: Callable[[], None]) -> None:
    """A question with Cancel and `yes`; `on_yes` runs after the dialog has closed."""
    from petrograd1917.ui.dialogs import ConfirmDialog

    app.push(ConfirmDialog(app, title, text, yes, on_yes))


def leave_game(app: App, session: GameSession, *, to_menu: bool = False) -> None:
    """Offer to save before leaving a game (to the menu, or closing the window)."""
    from petrograd1917.ui.dialogs import QuitDialog

    app.push(QuitDialog(app, session, to_menu=to_menu))


def hand_over(app: App, session: GameSession) -> None:
    """Hotseat: hide the map until the next human is at the screen."""
    from petrograd1917.ui.dialogs import HandoverScene

    app.push(HandoverScene(app, session))


def _autosave(app: App, session: GameSession) -> None:
    try:
        session.autosave()
    except Exception as error:  # a full disk must not end the game: say so and play on
        message(app, "Autosave failed", f"The game goes on, but it could not be autosaved: {error}")
