"""The main menu: the first screen, and where every game returns when it is over."""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui

from petrograd1917 import __version__
from petrograd1917.ui import images, theme, widgets
from petrograd1917.ui.scene import Scene

ENTRIES = (
    ("Continue", "Go on with your most recent saved or autosaved game. Key: C"),
    ("New game", "Pick a scenario and who plays each faction. Key: N"),
    ("Load game", "Continue a saved game (the autosave is kept after every turn). Key: L"),
    ("Who's who", "The people, parties, regiments and places of 1917, searchable. Key: W"),
    ("Settings", "Window size, UI scale, colour-blind palette, speed of computer players. Key: S"),
    ("Quit", "Close the game. Key: Q or Esc"),
)
KEYS = {pygame.K_c: "Continue", pygame.K_n: "New game", pygame.K_l: "Load game", pygame.K_w: "Who's who",
        pygame.K_s: "Settings", pygame.K_q: "Quit", pygame.K_ESCAPE: "Quit"}  # fmt: skip


def latest_save() -> Path | None:
    """The newest readable save or autosave, if any."""
    from petrograd1917 import saves

    return next((path for path, record in saves.saves_in() if not isinstance(record, saves.SaveError)), None)


class MainMenuScene(Scene):
    def build(self) -> None:
        w, h = self.size
        self.latest = latest_save()
        entries = [e for e in ENTRIES if e[0] != "Continue" or self.latest is not None]
        # the title block, then the buttons, which shrink a little if a large UI scale leaves too little room
        self.title_y = min(self.s(70), h // 12)
        top = self.title_y + self.font(64, bold=True).get_height() + self.font(22).get_height() + self.s(30)
        room = h - self.s(44) - top
        bw, gap = self.s(320), self.s(widgets.GAP - 2)
        bh = min(self.s(widgets.BUTTON_H + 2), room // len(entries) - gap)
        top += max(0, (room - len(entries) * (bh + gap)) // 3)
        x = (w - bw) // 2
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        bottom = top + len(entries) * (bh + gap)
        hint_h = self.s(30)
        room = h - self.s(40) - bottom >= hint_h
        hint_rect = pygame.Rect(self.s(widgets.MARGIN), h - self.s(40) - hint_h, w - 2 * self.s(widgets.MARGIN), hint_h)
        self.hints = widgets.Hints(self, hint_rect if room else None)
        for i, (text, tip) in enumerate(entries):
            rect = pygame.Rect(x, top + i * (bh + gap), bw, bh)
            style = "primary" if i == 0 else "menu_button"
            if text == "Continue" and self.latest is not None:
                tip = f"{tip} ({self.latest.name})"
            self.buttons[text] = widgets.button(self, rect, text, style=style)
            self.hints.attach(self.buttons[text], tip)
        foot = f"version {__version__}  ·  F11 full screen  ·  all dates Julian (Old Style), Gregorian in brackets"
        widgets.label(self, pygame.Rect(0, h - self.s(34), w, self.s(24)), foot, "muted")

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        w, h = surface.get_size()
        art = images.image("art/skyline.png")
        scale = w / art.get_width()
        art_h = round(art.get_height() * scale)
        if art_h > 0:
            surface.blit(pygame.transform.smoothscale(art, (w, art_h)), (0, h - art_h))
        title = self.font(64, bold=True).render("PETROGRAD 1917", True, theme.TEXT)
        sub = self.font(22).render("Bread, bayonets and ballots", True, theme.ACCENT)
        y = self.title_y
        surface.blit(title, title.get_rect(midtop=(w // 2, y)))
        surface.blit(sub, sub.get_rect(midtop=(w // 2, y + title.get_height() + self.s(4))))

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.hints.handle(event):
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for text, element in self.buttons.items():
                if event.ui_element is element:
                    self.choose(text)
                    return True
        if event.type == pygame.KEYDOWN and KEYS.get(event.key) in self.buttons:
            self.choose(KEYS[event.key])
            return True
        return False

    def choose(self, entry: str) -> None:
        if entry == "Quit":
            self.app.quit()
        elif entry == "Continue" and self.latest is not None:
            from petrograd1917.ui.scene_load import open_save

            open_save(self.app, self.latest)
        elif entry == "New game":
            from petrograd1917.ui.scene_scenarios import ScenarioChoiceScene

            self.app.push(ScenarioChoiceScene(self.app))
        elif entry == "Load game":
            from petrograd1917.ui.scene_load import LoadScene

            self.app.push(LoadScene(self.app))
        elif entry == "Settings":
            from petrograd1917.ui.scene_settings import SettingsScene

            self.app.push(SettingsScene(self.app))
        elif entry == "Who's who":
            from petrograd1917.ui.scene_whoswho import WhosWhoScene

            self.app.push(WhosWhoScene(self.app))
