"""The game log, drawn by hand: newest entry at the top, each entry rendered once and kept.

pygame_gui's text box parses and lays out its whole text again for every change (tens of milliseconds for a
screenful), which made every computer move a visible hitch. Log entries never change once written, so each is
word-wrapped and rendered to a surface once, the first time it shows; a frame only blits the cached surfaces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pygame

from petrograd1917.ui import theme

KEEP = 200  # entries reachable by scrolling back
CACHE = 400  # rendered entries kept (a few screens' worth; the oldest are dropped first)

Run = tuple[str, tuple[int, int, int], bool]  # text, colour, bold


class LogView:
    def __init__(self, names: dict[str, str], colours: dict[str, tuple[int, int, int]],
                 font: Callable[[int, bool], pygame.font.Font], size: int) -> None:  # fmt: skip
        self.names = names
        self.colours = colours
        self.font = font
        self.size = size  # text size in pixels
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.entries: list[Any] = []  # newest first
        self.scroll = 0  # how many of the newest entries are scrolled past
        self._cache: dict[tuple[int, str | None, str], pygame.Surface] = {}

    def resize(self, rect: pygame.Rect, size: int) -> None:
        if (rect.w, size) != (self.rect.w, self.size):
            self._cache.clear()
        self.rect = pygame.Rect(rect)
        self.size = size

    def show(self, log: Sequence[Any]) -> None:
        """Show the newest entries of the game's log (cheap: nothing is rendered until it is drawn)."""
        newest = list(log[-KEEP:])[::-1]
        if self.entries and newest and self.entries[0] is not newest[0]:
            self.scroll = 0  # something new happened (or was undone): back to the newest
        self.entries = newest

    def scroll_by(self, entries: int) -> None:
        self.scroll = max(0, min(len(self.entries) - 1, self.scroll + entries))

    def runs(self, entry: Any) -> list[Run]:
        """An entry as coloured pieces: its turn, who (in the faction's colour), what happened."""
        out: list[Run] = [(f"T{entry.turn + 1}", _rgb(theme.MUTED), False)]
        if entry.faction:
            colour = self.colours.get(entry.faction, _rgb(theme.TEXT))
            out.append((self.names.get(entry.faction, entry.faction), colour, True))
        out.append((entry.text, _rgb(theme.TEXT), False))
        return out

    def text(self) -> str:
        """The plain text of the entries on show, newest first (for tests and screen readers of the code)."""
        return "\n".join(" ".join(r[0] for r in self.runs(e)) for e in self.entries[self.scroll :])

    def _image(self, entry: Any, width: int) -> pygame.Surface:
        key = (entry.turn, entry.faction, entry.text)
        image = self._cache.get(key)
        if image is None:
            if len(self._cache) >= CACHE:
                for old in list(self._cache)[: CACHE // 2]:
                    del self._cache[old]
            image = self._cache[key] = render_wrapped(self.runs(entry), width, self.font, self.size)
        return image

    def draw(self, surface: pygame.Surface, pad: int) -> None:
        r = self.rect
        pygame.draw.rect(surface, theme.PANEL, r, border_radius=4)
        pygame.draw.rect(surface, theme.PANEL_BORDER, r, 1, border_radius=4)
        inner = r.inflate(-2 * pad, -2 * pad)
        if not self.entries:
            img = self.font(self.size, False).render("Nothing has happened yet.", True, theme.MUTED)
            surface.blit(img, inner.topleft)
            return
        clip = surface.get_clip()
        surface.set_clip(inner)
        y = inner.y
        for entry in self.entries[self.scroll :]:
            if y >= inner.bottom:
                break
            image = self._image(entry, inner.w - pad)
            surface.blit(image, (inner.x, y))
            y += image.get_height() + pad // 2
        surface.set_clip(clip)
        if self.scroll:  # a brass tick on the right edge: scrolled back in time (the wheel returns)
            pygame.draw.rect(surface, theme.ACCENT, (r.right - 4, r.y + 2, 2, r.h - 4))


def render_wrapped(runs: list[Run], width: int, font: Callable[[int, bool], pygame.font.Font], size: int
                   ) -> pygame.Surface:  # fmt: skip
    """Coloured runs of text word-wrapped to `width` pixels, on a transparent surface."""
    space = font(size, False).size(" ")[0]
    line_h = font(size, False).get_linesize()
    lines: list[list[tuple[int, pygame.Surface]]] = [[]]
    x = 0
    for text, colour, bold in runs:
        face = font(size, bold)
        for word in text.split():
            w = face.size(word)[0]
            if x and x + w > width:
                lines.append([])
                x = 0
            lines[-1].append((x, face.render(word, True, colour)))
            x += w + space
    image = pygame.Surface((max(1, width), line_h * len(lines)), pygame.SRCALPHA)
    for row, words in enumerate(lines):
        for wx, img in words:
            image.blit(img, (wx, row * line_h))
    return image


def _rgb(colour: pygame.Color) -> tuple[int, int, int]:
    return (colour.r, colour.g, colour.b)
