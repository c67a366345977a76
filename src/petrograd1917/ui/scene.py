"""The base of every screen: a `Scene` owns its widgets and reacts to events, time and resizing.

Each scene has its own pygame_gui `UIManager`, so switching screens never leaves stray widgets behind, and a
dialog (a scene that is not `opaque`) can sit on top of the screen below it, which stays drawn but frozen.
Scenes lay their widgets out in `build()`, which runs on entering and again after every resize or change of UI
scale: a scene keeps what the player typed or picked in its own attributes, never only in its widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from petrograd1917.ui import theme

if TYPE_CHECKING:
    from petrograd1917.ui.app import App


class Scene:
    opaque = True  # False: a dialog drawn over the scene below it

    def __init__(self, app: App) -> None:
        self.app = app
        self.manager: pygame_gui.UIManager = app.new_manager()

    # -- life cycle ------------------------------------------------------------------------------------------
    def on_enter(self) -> None:
        """Called when the scene is pushed (or becomes the only scene)."""
        self.rebuild()

    def on_exit(self) -> None:
        """Called when the scene is popped or replaced; release what it holds."""
        self.manager.clear_and_reset()

    def on_resume(self) -> None:
        """Called when the scene above this one is popped and this one is on top again."""

    def on_resize(self, size: tuple[int, int]) -> None:
        self.manager.set_window_resolution(size)
        self.rebuild()

    def on_quit_request(self) -> None:
        """The window's close button; the game screen overrides this to offer to save first."""
        self.app.quit()

    # -- layout ----------------------------------------------------------------------------------------------
    def build(self) -> None:
        """Create the widgets for the current window size and UI scale."""

    def rebuild(self) -> None:
        self.manager.clear_and_reset()
        self.build()

    # -- per frame -------------------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        """React to one event that no widget consumed (pygame_gui's own events arrive here). True if used."""
        return False

    def update(self, dt: float) -> None:
        """Advance animations and timers by `dt` seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw what is not a widget (background, map, charts). Widgets are drawn by the app afterwards."""
        if self.opaque:
            self.app.draw_background(surface)

    # -- helpers ---------------------------------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self.app.size

    def s(self, px: float) -> int:
        """A length in pixels at UI scale 1, scaled to the player's setting."""
        return round(px * self.app.settings.ui_scale)

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        return theme.scaled_font(size, self.app.settings.ui_scale, bold)
