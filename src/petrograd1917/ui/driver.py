"""Drive the real window loop as a player would: post genuine pygame events and step frames.

Used by the UI tests and the frame-time benchmark. Nothing here reaches into a scene's internals to trigger
things: a click is a mouse-motion, a button-down and a button-up at the widget's centre, posted to pygame's queue
and handled by the same `App.step` the game runs.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.core import UIElement

from petrograd1917.ui.app import App
from petrograd1917.ui.scene import Scene

if TYPE_CHECKING:
    from petrograd1917.ui.map_view import MapView
    from petrograd1917.ui.session import GameSession


class UIDriver:
    def __init__(self, app: App) -> None:
        self.app = app

    @property
    def scene(self) -> Scene:
        assert self.app.top is not None, "no scene on screen"
        return self.app.top

    def frames(self, n: int = 2) -> None:
        self.app.run_frames(n)

    # -- finding widgets -------------------------------------------------------------------------------------
    def elements(self) -> list[UIElement]:
        return [e for e in self.scene.manager.get_sprite_group().sprites() if isinstance(e, UIElement) and e.alive()]

    def button(self, text: str) -> pygame_gui.elements.UIButton:
        """The visible button whose label is `text` (exactly, or else the only one that starts with it)."""
        buttons = [e for e in self.elements() if isinstance(e, pygame_gui.elements.UIButton) and e.visible]
        exact = [b for b in buttons if b.text == text]
        if exact:
            return exact[0]
        starts = [b for b in buttons if b.text.startswith(text)]
        if len(starts) == 1:
            return starts[0]
        labels = sorted(b.text for b in buttons)
        raise LookupError(f"no button {text!r} on {type(self.scene).__name__}; buttons: {labels}")

    def has_button(self, text: str) -> bool:
        try:
            self.button(text)
        except LookupError:
            return False
        return True

    def texts(self) -> str:
        """All text shown by labels and text boxes of the top scene, joined (for assertions)."""
        out = []
        for e in self.elements():
            text = getattr(e, "html_text", None) or getattr(e, "text", None)
            if isinstance(text, str) and e.visible:
                out.append(text)
        return "\n".join(out)

    # -- acting ----------------------------------------------------------------------------------------------
    def click_at(self, pos: tuple[int, int], button: int = 1, frames: int = 2) -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        self.frames(frames)

    def click(self, target: str | UIElement, frames: int = 3) -> None:
        """Click a widget, or the button labelled `target`; frames let pygame_gui's own events arrive."""
        element = self.button(target) if isinstance(target, str) else target
        self.click_at(element.rect.center, frames=frames)

    def choose(self, menu: pygame_gui.elements.UIDropDownMenu, option: str) -> None:
        """Open a drop-down with a click, then click one of its options."""
        self.click(menu)
        listing = getattr(menu.current_state, "options_selection_list", None)
        items = [] if listing is None else [i for i in listing.item_list if i["text"] == option]
        if not items or items[0].get("button_element") is None:
            raise LookupError(f"the drop-down has no option {option!r} on screen")
        self.click(items[0]["button_element"], frames=5)  # the list, then the drop-down, report a frame apart

    def key(self, key: int, mod: int = 0, unicode: str = "", frames: int = 2) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0))
        self.frames(frames)

    def type_text(self, text: str) -> None:
        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        self.frames(2)

    def resize(self, width: int, height: int, frames: int = 2) -> None:
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=width, h=height, size=(width, height)))
        self.frames(frames)

    def close_window(self, frames: int = 2) -> None:
        pygame.event.post(pygame.event.Event(pygame.QUIT))
        self.frames(frames)

    def until(self, predicate: object, max_frames: int = 600) -> int:
        """Step frames until `predicate()` is true; returns the frames it took (raises if it never is)."""
        assert callable(predicate)
        for n in range(max_frames):
            if predicate():
                return n
            self.app.run_frames(1)
        raise TimeoutError(f"condition not met after {max_frames} frames on {type(self.scene).__name__}")

    def wait_for_computer(self, session: GameSession, max_seconds: float = 120.0) -> int:
        """While a computer player thinks in the background, step frames of the real loop (waiting up to a frame's
        time on the thinker between them, as the 60 fps clock would) until its move is ready to be played.
        Returns the frames stepped. Frame counts depend on the machine's speed; the moves played do not."""
        deadline = time.monotonic() + max_seconds
        n = 0
        while session.thinking and not session.computer_move_ready:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the computer player still thinks after {max_seconds} s")
            session.wait_computer_move(1 / 60)
            self.app.run_frames(1)
            n += 1
        return n

    def map_point(self, view: MapView, kind: str, item: str) -> tuple[int, int]:
        """A point of the map where a click finds this item itself (a district's ground, not a counter on it)."""
        area = view.rect
        for x in range(area.x + 4, area.right, 6):
            for y in range(area.y + 4, area.bottom, 6):
                hit = view.hit_test((x, y))
                if hit is not None and hit.kind == kind and hit.id == item:
                    return (x, y)
        raise LookupError(f"no {kind} {item!r} to click on the map")

    def screenshot(self, folder: Path, name: str) -> Path:
        path = folder / f"{name}.png"
        self.app.screenshot(path)
        return path
