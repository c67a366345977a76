"""The who's-who browser: search every person, party, regiment and place of the scenario, and read about it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from petrograd1917.ui import widgets
from petrograd1917.ui.scenario_list import available
from petrograd1917.ui.scene import Scene
from petrograd1917.ui.whoswho import CATEGORIES, Entry, entries

if TYPE_CHECKING:
    from petrograd1917.scenario.model import Scenario
    from petrograd1917.ui.app import App


class WhosWhoScene(Scene):
    """Shows `scenario`'s names; from the main menu (no scenario given) the player picks among the scenarios."""

    def __init__(self, app: App, scenario: Scenario | None = None, query: str = "") -> None:
        super().__init__(app)
        self.scenarios = [scenario] if scenario is not None else [c.scenario for c in available() if c.scenario]
        self.current = 0
        self.query = query
        self.category = "All"
        self.selected: str | None = None

    @property
    def entries(self) -> list[Entry]:
        if not self.scenarios:
            return []
        found = [e for e in entries(self.scenarios[self.current]) if e.matches(self.query)]
        return [e for e in found if self.category in ("All", e.category)]

    def build(self) -> None:
        w, h = self.size
        m, gap, rh = self.s(widgets.MARGIN), self.s(widgets.GAP), self.s(widgets.BUTTON_H)
        y = top = widgets.header(self, "Who's who", "The people, parties, regiments and places you will meet.")
        left_w = min(self.s(440), w // 2 - m)
        self.scenario_menu: pygame_gui.elements.UIDropDownMenu | None = None
        if len(self.scenarios) > 1:
            titles = [s.title for s in self.scenarios]
            place = pygame.Rect(w - m - self.s(360), self.s(30), self.s(360), rh)
            self.scenario_menu = pygame_gui.elements.UIDropDownMenu(
                widgets.items(titles), titles[self.current], place, manager=self.manager
            )
        self.search = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(m, y, left_w, rh), manager=self.manager, placeholder_text="Search: a name, a kind, a word..."
        )
        self.search.set_text(self.query)
        self.search.focus()  # typing searches at once
        y += rh + gap
        cw = (left_w - (len(CATEGORIES) - 1) * self.s(4)) // len(CATEGORIES)
        self.category_buttons: dict[pygame_gui.elements.UIButton, str] = {}
        for i, cat in enumerate(CATEGORIES):
            b = widgets.button(self, pygame.Rect(m + i * (cw + self.s(4)), y, cw, self.s(34)), cat)
            if cat == self.category:
                b.select()
            self.category_buttons[b] = cat
        y += self.s(34) + gap
        shown = self.entries
        labels = [f"{e.name}   ·  {e.kind}" for e in shown]
        self.shown = dict(zip(labels, shown, strict=True))
        if self.selected not in self.shown:
            self.selected = labels[0] if labels else None
        self.list = pygame_gui.elements.UISelectionList(
            pygame.Rect(m, y, left_w, h - y - rh - 2 * m),
            widgets.items(labels or ["(nothing matches)"]),
            manager=self.manager,
            default_selection=self.selected,
        )
        dx = m + left_w + 2 * gap
        self.detail_rect = pygame.Rect(dx, top, w - dx - m, h - top - rh - 2 * m)
        self.detail: pygame_gui.elements.UITextBox | None = None
        self.show_detail()
        self.back = widgets.button(self, pygame.Rect(m, h - m - rh, self.s(160), rh), "Back")

    def show_detail(self) -> None:
        if self.detail is not None:
            self.detail.kill()
        entry = self.shown.get(self.selected or "")
        if entry is None:
            text = "Nothing matches the search." if self.scenarios else "No scenario could be loaded."
        else:
            text = (
                f"{widgets.big(entry.name, self.app.settings.ui_scale)}<br><i>{widgets.esc(entry.kind)}</i><br><br>"
                f"{widgets.paragraphs(entry.text) or '<i>No description yet.</i>'}"
                + (f"<br><br>{widgets.esc(entry.detail)}" if entry.detail else "")
                + (f"<br><br><i>Also called:</i> {widgets.esc(', '.join(entry.aliases))}" if entry.aliases else "")
            )
        self.detail = widgets.text_box(self, self.detail_rect, text)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.search:
            self.query = self.search.get_text()
            self.refresh_list()
            return True
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            self.selected = event.text
            self.show_detail()
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.scenario_menu:
            self.current = [s.title for s in self.scenarios].index(event.text)
            self.selected = None
            self.rebuild()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back:
                self.app.pop()
            elif event.ui_element in self.category_buttons:
                self.category = self.category_buttons[event.ui_element]
                self.selected = None
                self.rebuild()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        return False

    def refresh_list(self) -> None:
        """Refill the list while the player types, without rebuilding the screen (which would drop the focus)."""
        shown = self.entries
        labels = [f"{e.name}   ·  {e.kind}" for e in shown]
        self.shown = dict(zip(labels, shown, strict=True))
        self.selected = labels[0] if labels else None
        self.list.set_item_list(widgets.items(labels or ["(nothing matches)"]))
        self.show_detail()
