"""Dialogs drawn over the screen below: a message, a question, "save before quitting?", and the hotseat hand-over.

Each is a non-opaque `Scene` pushed on the stack, so the screen below stays visible (dimmed) but gets no input
until the dialog is answered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from petrograd1917.ui import flow, theme, widgets
from petrograd1917.ui.scene import Scene

if TYPE_CHECKING:
    from petrograd1917.ui.app import App
    from petrograd1917.ui.session import GameSession


class Dialog(Scene):
    """A centred panel over a dimmed screen. Subclasses add buttons in `build_body` and answer in `answer`."""

    opaque = False
    width, height = 560, 260

    def __init__(self, app: App, title: str, text: str) -> None:
        super().__init__(app)
        self.title = title
        self.text = text
        self.actions: dict[pygame_gui.elements.UIButton, str] = {}

    @property
    def panel_rect(self) -> pygame.Rect:
        w, h = self.size
        pw, ph = min(self.s(self.width), w - 40), min(self.s(self.height), h - 40)
        return pygame.Rect((w - pw) // 2, (h - ph) // 2, pw, ph)

    def build(self) -> None:
        r = self.panel_rect
        pad = self.s(20)
        pygame_gui.elements.UIPanel(r, manager=self.manager, starting_height=1)
        widgets.label(self, pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, self.s(30)), self.title, "subtitle")
        body = pygame.Rect(r.x + pad, r.y + pad + self.s(40), r.w - 2 * pad, r.h - 2 * pad - self.s(100))
        widgets.text_box(self, body, widgets.paragraphs(self.text), "message_box")
        self.actions = {}
        choices = self.choices()
        bw, bh, gap = self.s(160), self.s(widgets.BUTTON_H), self.s(widgets.GAP)
        total = len(choices) * bw + (len(choices) - 1) * gap
        x = r.right - pad - total
        for i, (text, key, tip) in enumerate(choices):
            rect = pygame.Rect(x + i * (bw + gap), r.bottom - pad - bh, bw, bh)
            style = "primary" if i == len(choices) - 1 else ""
            self.actions[widgets.button(self, rect, text, style=style, tooltip=tip)] = key

    def choices(self) -> list[tuple[str, str, str | None]]:
        """(label, answer key, tool tip) from left to right; the last one is the default (Enter)."""
        return [("OK", "ok", None)]

    def answer(self, key: str) -> None:
        self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        surface.blit(shade, (0, 0))
        pygame.draw.rect(surface, theme.ACCENT, self.panel_rect.inflate(4, 4), 2, border_radius=6)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.actions:
            self.answer(self.actions[event.ui_element])
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.answer(self.choices()[-1][1])
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.answer(self.choices()[0][1])
            return True
        return False

    def on_quit_request(self) -> None:
        """The window's close button: leave the dialog and let the screen below decide (the game offers to save)."""
        self.app.pop()
        if self.app.top is not None:
            self.app.top.on_quit_request()
        else:
            self.app.quit()


class MessageDialog(Dialog):
    """A message with one OK button; `on_close` runs after it is dismissed."""

    def __init__(self, app: App, title: str, text: str, on_close: Callable[[], None] | None = None) -> None:
        super().__init__(app, title, text)
        self.on_close = on_close
        if len(text) > 160:  # room for a long reason (a save's error names its file) without scrolling
            self.width, self.height = 680, 400

    def answer(self, key: str) -> None:
        self.app.pop()
        if self.on_close is not None:
            self.on_close()


class ConfirmDialog(Dialog):
    """A question: Cancel (Esc) or `yes` (Enter); `on_yes` runs once the dialog has closed."""

    width, height = 620, 260

    def __init__(self, app: App, title: str, text: str, yes: str, on_yes: Callable[[], None]) -> None:
        super().__init__(app, title, text)
        self.yes = yes
        self.on_yes = on_yes

    def choices(self) -> list[tuple[str, str, str | None]]:
        return [("Cancel", "cancel", "Back, changing nothing."), (self.yes, "yes", None)]

    def answer(self, key: str) -> None:
        self.app.pop()
        if key == "yes":
            self.on_yes()


class QuitDialog(Dialog):
    """Leaving mid-game: save first, leave without saving, or go back to the game.

    `to_menu=True` (Esc → menu) returns to the main menu; otherwise (the window's close button) the game closes."""

    width, height = 620, 250

    def __init__(self, app: App, session: GameSession, *, to_menu: bool = False) -> None:
        where = "return to the main menu" if to_menu else "close the game"
        text = f"You are about to {where}. Anything since your last save will be lost unless you save now."
        super().__init__(app, "Leave this game?", text)
        self.session = session
        self.to_menu = to_menu

    def choices(self) -> list[tuple[str, str, str | None]]:
        return [
            ("Cancel", "cancel", "Back to the game."),
            ("Don't save", "discard", "Leave without saving (the autosave of the last full turn stays)."),
            ("Save and leave", "save", "Write a save into your saves folder, then leave."),
        ]

    def answer(self, key: str) -> None:
        if key == "cancel":
            self.app.pop()
            return
        if key == "save":
            try:
                path = self.session.save()
            except Exception as error:  # any failure to save is shown, and the game stays open
                self.app.pop()
                flow.message(self.app, "Could not save", f"The game was not saved: {error}")
                return
            self.app.notify(f"Saved as {path.name}")
        self.leave()

    def on_quit_request(self) -> None:
        self.answer("cancel")  # closing the window again while asked: stay

    def leave(self) -> None:
        if self.to_menu:
            flow.to_menu(self.app)
        else:
            self.app.quit()


class HandoverScene(Dialog):
    """Hotseat: hide the map while the screen passes to the next human player."""

    width, height = 560, 240

    def __init__(self, app: App, session: GameSession) -> None:
        faction = session.scenario.faction(session.state.current_faction)
        name = "the " + faction.name[4:] if faction.name.startswith("The ") else faction.name
        text = (
            f"Pass the screen to the player of {name}. "
            "The map stays hidden until they are ready, so nobody sees another side's secrets."
        )
        super().__init__(app, f"{faction.short_name} to play", text)  # the full name is in the text
        self.session = session
        self.faction_colour = theme.faction_colours(session.scenario.factions, app.settings.palette)[faction.id]

    def choices(self) -> list[tuple[str, str, str | None]]:
        return [("I am ready", "ready", "Show the map to the player of this faction.")]

    def draw(self, surface: pygame.Surface) -> None:
        self.app.draw_background(surface)  # hide the map completely
        pygame.draw.rect(surface, self.faction_colour, self.panel_rect.inflate(8, 8), 4, border_radius=8)
