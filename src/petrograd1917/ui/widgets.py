"""Small layout helpers shared by the menu screens, so spacing and type stay the same everywhere."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from petrograd1917.ui.scene import Scene

MARGIN = 32  # screen edge to content, at UI scale 1
GAP = 12  # between widgets
BUTTON_H = 44
ROW_H = 34


def items(texts: Sequence[str]) -> list[str | tuple[str, str]]:
    """Texts as the item list pygame_gui's lists and drop-downs take (which also accept (text, id) pairs)."""
    return list(texts)


def label(scene: Scene, rect: pygame.Rect, text: str, style: str = "") -> pygame_gui.elements.UILabel:
    """One line of text. Text wider than `rect` (a long name, a large UI scale) is cut short with an ellipsis
    rather than overflowing: a label never wraps."""
    font = scene.manager.get_theme().get_font([f"#{style}", "label"] if style else ["label"])
    return pygame_gui.elements.UILabel(
        rect,
        fit(text, lambda t: int(font.get_rect(t).width), rect.width),
        manager=scene.manager,
        object_id=ObjectID(object_id=f"#{style}") if style else None,
    )


def fit(text: str, width_of: Callable[[str], int], width: int) -> str:
    """`text`, or as many of its words as fit in `width` pixels followed by an ellipsis."""
    if width_of(text) <= width:
        return text
    words = text.split()
    while words:
        words.pop()
        short = " ".join(words).rstrip(",;:.-") + "\u2026"
        if width_of(short) <= width:
            return short
    return ""


class Hints:
    """What a button does, written in one fixed box while the mouse is over it. Used where buttons stand one
    under another: a tool tip opens below the mouse and would cover the next button. Without a box (no room at
    a large UI scale), each text falls back to the button's tool tip."""

    def __init__(self, scene: Scene, rect: pygame.Rect | None, default: str = "", style: str = "hint") -> None:
        self.default = default
        self.texts: dict[pygame_gui.core.UIElement, str] = {}
        self.over: pygame_gui.core.UIElement | None = None
        self.box = None if rect is None else text_box(scene, rect, esc(default), style)
        self.shown = default

    def attach(self, element: pygame_gui.core.UIElement, text: str) -> None:
        if self.box is None:
            element.set_tooltip(text)
        else:
            self.texts[element] = text

    def show(self, text: str) -> None:
        if self.box is not None and text != self.shown:
            self.shown = text
            self.box.set_text(esc(text))

    def handle(self, event: pygame.event.Event) -> bool:
        """Follow the mouse over the buttons; true if the event was a hover over one of them."""
        if event.type == pygame_gui.UI_BUTTON_ON_HOVERED and event.ui_element in self.texts:
            self.over = event.ui_element
            self.show(self.texts[event.ui_element])
            return True
        if event.type == pygame_gui.UI_BUTTON_ON_UNHOVERED and event.ui_element in self.texts:
            if event.ui_element is self.over:  # leaving one button for the next may be reported after entering it
                self.over = None
                self.show(self.default)
            return True
        return False


def stat(scene: Scene, rect: pygame.Rect, text: str, tooltip: str | None = None) -> pygame_gui.elements.UIButton:
    """A piece of text that explains itself on hover (pygame_gui labels have no tool tips; a flat button does)."""
    return pygame_gui.elements.UIButton(
        rect, text, manager=scene.manager, object_id=ObjectID(object_id="#stat"), tool_tip_text=tooltip
    )


def button(
    scene: Scene, rect: pygame.Rect, text: str, *, style: str = "", tooltip: str | None = None
) -> pygame_gui.elements.UIButton:
    return pygame_gui.elements.UIButton(
        rect,
        text,
        manager=scene.manager,
        object_id=ObjectID(object_id=f"#{style}") if style else None,
        tool_tip_text=tooltip,
    )


def text_box(scene: Scene, rect: pygame.Rect, html_text: str, style: str = "") -> pygame_gui.elements.UITextBox:
    return pygame_gui.elements.UITextBox(
        html_text, rect, manager=scene.manager, object_id=ObjectID(object_id=f"#{style}") if style else None
    )


def esc(text: str) -> str:
    """Plain text made safe for pygame_gui's HTML-like text boxes (which also read <, > and &)."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def big(text: str, scale: float) -> str:
    """A heading inside a text box: bold, at the UI scale (pygame_gui's own HTML sizes do not scale)."""
    return f"<font pixel_size={round(20 * scale)}><b>{esc(text)}</b></font>"


def paragraphs(text: str) -> str:
    """Blank-line separated paragraphs as text-box HTML."""
    parts = [esc(" ".join(p.split())) for p in text.strip().split("\n\n") if p.strip()]
    return "<br><br>".join(parts)


def header(scene: Scene, title: str, subtitle: str = "") -> int:
    """The title line every menu screen starts with; returns the y where content may begin."""
    w, _ = scene.size
    m = scene.s(MARGIN)
    label(scene, pygame.Rect(m, scene.s(20), w - 2 * m, scene.s(56)), title, "title")
    y = scene.s(20 + 56)
    if subtitle:
        label(scene, pygame.Rect(m, y, w - 2 * m, scene.s(24)), subtitle, "muted")
        y += scene.s(28)
    return y + scene.s(GAP)
