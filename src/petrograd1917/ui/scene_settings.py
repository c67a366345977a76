"""Settings: each change applies at once and is saved, so what the player sees is what they chose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
import pygame_gui

from petrograd1917.ui import theme, widgets
from petrograd1917.ui.scene import Scene
from petrograd1917.ui.settings import AI_SPEEDS, UI_SCALES, WINDOW_SIZES, Settings

PALETTE_NAMES = {"scenario": "As the scenario gives them", "colour-blind": "Colour-blind safe (Okabe–Ito)"}
SPEED_NAMES = {"slow": "Slow (1.5 s a move)", "normal": "Normal (0.6 s a move)", "fast": "Fast", "instant": "Instant"}


class SettingsScene(Scene):
    def rows(self) -> list[tuple[str, str, dict[str, Any], Any, Callable[[Settings, Any], Settings]]]:
        """(label, tool tip, {option text: value}, current value, how to apply a value)."""
        s = self.app.settings
        sizes = {f"{w} × {h}": (w, h) for w, h in WINDOW_SIZES}
        if s.size not in sizes.values():
            sizes[f"{s.width} × {s.height}"] = s.size
        on_off = {"On": True, "Off": False}
        return [
            ("Window size", "The window's size when not full screen; drag its edges to resize it freely.",
             sizes, s.size, lambda st, v: st.with_(width=v[0], height=v[1])),
            ("Full screen", "Fill the screen (F11 switches at any time).",
             on_off, s.fullscreen, lambda st, v: st.with_(fullscreen=v)),
            ("UI scale", "Size of text and controls. Larger is easier to read; smaller shows more of the map.",
             {f"{round(x * 100)} %": x for x in UI_SCALES}, s.ui_scale, lambda st, v: st.with_(ui_scale=v)),
            ("Faction colours", "Colour-blind safe colours stay distinct with every common kind of colour blindness.",
             {PALETTE_NAMES[k]: k for k in PALETTE_NAMES}, s.palette, lambda st, v: st.with_(palette=v)),
            ("Computer players", "How long each computer move stays on screen (Space skips to your turn).",
             {SPEED_NAMES[k]: k for k in AI_SPEEDS}, s.ai_speed, lambda st, v: st.with_(ai_speed=v)),
            ("Guided first turn", "Hints that walk you through your first turn.",
             on_off, s.show_tutorial, lambda st, v: st.with_(show_tutorial=v)),
        ]  # fmt: skip

    def build(self) -> None:
        w, h = self.size
        m, gap, rh = self.s(widgets.MARGIN), self.s(widgets.GAP), self.s(widgets.BUTTON_H)
        y = widgets.header(self, "Settings", "Changes apply at once and are kept for next time.")
        col = min(self.s(760), w - 2 * m)
        x = (w - col) // 2
        lw = self.s(260)
        self.menus: dict[pygame_gui.elements.UIDropDownMenu, tuple[dict[str, Any], Callable[..., Settings]]] = {}
        self.palette_y = 0
        for text, tip, options, current, apply in self.rows():
            widgets.stat(self, pygame.Rect(x, y, lw, rh), text, tip)
            chosen = next((k for k, v in options.items() if v == current), next(iter(options)))
            menu = pygame_gui.elements.UIDropDownMenu(
                list(options), chosen, pygame.Rect(x + lw + gap, y, col - lw - gap, rh), manager=self.manager
            )
            self.menus[menu] = (options, apply)
            if text == "Faction colours":
                self.palette_y = y + rh + self.s(4)
                y += self.s(22)
            y += rh + gap
        self.swatch_x = x + lw + gap
        by = h - m - rh
        self.back = widgets.button(self, pygame.Rect(m, by, self.s(160), rh), "Back")
        self.defaults = widgets.button(self, pygame.Rect(w - m - self.s(220), by, self.s(220), rh), "Restore defaults")

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        # a strip of the colour-blind palette under its setting, so the choice can be seen
        size = self.s(16)
        note = self.font(13).render("Colour-blind safe set:", True, theme.MUTED)
        surface.blit(note, (self.swatch_x, self.palette_y))
        x0 = self.swatch_x + note.get_width() + self.s(10)
        for i, colour in enumerate(theme.OKABE_ITO[:7]):
            rect = pygame.Rect(x0 + i * (size + self.s(6)), self.palette_y, size, size)
            pygame.draw.rect(surface, colour, rect, border_radius=3)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element in self.menus:
            options, apply = self.menus[event.ui_element]
            self.app.apply_settings(apply(self.app.settings, options[event.text]))
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back:
                self.app.pop()
            elif event.ui_element is self.defaults:
                self.app.apply_settings(Settings())
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        return False
