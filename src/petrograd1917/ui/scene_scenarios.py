"""Choosing a scenario: the list on the left, its briefing (or its errors) on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from petrograd1917 import paths
from petrograd1917.engine.calendar import format_date, turn_dates
from petrograd1917.ui import theme, widgets
from petrograd1917.ui.factions import display_name
from petrograd1917.ui.scenario_list import ScenarioChoice, available
from petrograd1917.ui.scene import Scene

if TYPE_CHECKING:
    from petrograd1917.scenario.model import Scenario
    from petrograd1917.ui.app import App
    from petrograd1917.ui.settings import Settings


class ScenarioChoiceScene(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.choices: list[ScenarioChoice] = available()
        self.labels = unique_labels(self.choices)
        self.selected = next((i for i, c in enumerate(self.choices) if not c.entry.broken), 0)

    @property
    def choice(self) -> ScenarioChoice | None:
        return self.choices[self.selected] if self.choices else None

    def build(self) -> None:
        w, h = self.size
        m, gap = self.s(widgets.MARGIN), self.s(widgets.GAP)
        y = widgets.header(self, "Choose a scenario", f"Your own scenarios go in {paths.user_scenarios_dir()}")
        bh = self.s(widgets.BUTTON_H)
        list_w = min(self.s(380), w // 3)
        body_h = h - y - bh - 2 * m
        list_h = min(body_h // 3, self.s(34) * max(3, len(self.labels)) + self.s(8))
        # below the list, the city as the scenario starts (who holds which district)
        self.preview_rect = pygame.Rect(m, y + list_h + gap, list_w, body_h - list_h - gap)
        self.list = pygame_gui.elements.UISelectionList(
            pygame.Rect(m, y, list_w, list_h),
            widgets.items(self.labels or ["(no scenarios found)"]),
            manager=self.manager,
            default_selection=self.labels[self.selected] if self.labels else None,
        )
        dx = m + list_w + gap * 2
        self.detail_rect = pygame.Rect(dx, y, w - dx - m, body_h)
        self.detail: pygame_gui.elements.UITextBox | None = None
        self.preview: Preview | None = None
        self.back = widgets.button(self, pygame.Rect(m, h - m - bh, self.s(160), bh), "Back")
        self.go = widgets.button(
            self,
            pygame.Rect(w - m - self.s(240), h - m - bh, self.s(240), bh),
            "Choose sides",
            style="primary",
            tooltip="Next: who plays each faction, human or computer.",
        )
        self.show_detail()

    def show_detail(self) -> None:
        if self.detail is not None:
            self.detail.kill()
        choice = self.choice
        if choice is None:
            text = "No scenario files were found."
            style = "error_box"
        elif choice.errors:
            lines = "<br>".join(widgets.esc(e) for e in choice.errors)
            text = (
                f"{widgets.esc(choice.path.name)} cannot be played: "
                f"{len(choice.errors)} error{'s' if len(choice.errors) != 1 else ''}.<br>"
                f"Fix them (each names file:line:column) and come back; 'petrograd1917 validate' "
                f"shows the same list.<br><br>{lines}"
            )
            style = "error_box"
        else:
            text = describe(choice, self.app.settings.ui_scale)
            style = ""
        self.detail = widgets.text_box(self, self.detail_rect, text, style)
        self.preview = None
        if choice is not None and choice.scenario is not None:
            self.preview = Preview(choice.scenario, self.preview_rect, self.app.settings)
        if choice is None or choice.errors:
            self.go.disable()
        else:
            self.go.enable()

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        if self.preview is not None:
            self.preview.draw(surface)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            if event.text in self.labels:
                self.selected = self.labels.index(event.text)
                self.show_detail()
            return True
        if event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION and event.ui_element is self.list:
            self.next()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back:
                self.app.pop()
            elif event.ui_element is self.go:
                self.next()
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.app.pop()
                return True
            if event.key in (pygame.K_UP, pygame.K_DOWN) and self.choices:
                step = 1 if event.key == pygame.K_DOWN else -1
                self.selected = (self.selected + step) % len(self.choices)
                self.rebuild()
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.next()
                return True
        return False

    def next(self) -> None:
        choice = self.choice
        if choice is None or choice.scenario is None:
            return
        from petrograd1917.ui.scene_setup import SetupScene

        self.app.push(SetupScene(self.app, choice.scenario))


class Preview:
    """The map at the scenario's start, drawn by the game screen's own map view as a thumbnail: who holds what,
    with each district's name inside it."""

    def __init__(self, scenario: Scenario, rect: pygame.Rect, settings: Settings) -> None:
        from petrograd1917 import new_game
        from petrograd1917.engine.observation import observe
        from petrograd1917.ui.map_state import snapshot
        from petrograd1917.ui.map_view import MapView

        palette = theme.faction_colours(scenario.factions, settings.palette)
        colours = {k: (c.r, c.g, c.b) for k, c in palette.items()}
        self.rect = rect
        self.view = MapView(scenario, colours, theme.font, settings.ui_scale * 0.6, overview=True)
        self.view.resize(rect)
        start = new_game(scenario, 0)
        self.snap = snapshot(observe(start, start.current_faction))  # as the first side sees it

    def draw(self, surface: pygame.Surface) -> None:
        if self.rect.w > 40 and self.rect.h > 40:
            self.view.draw(surface, self.snap, 0.0)
            pygame.draw.rect(surface, theme.PANEL_BORDER, self.rect, 1)


def unique_labels(choices: list[ScenarioChoice]) -> list[str]:
    """List labels, with the file name added where two scenarios share a title."""
    labels = [c.label for c in choices]
    pairs = zip(labels, choices, strict=True)
    return [f"{label}  [{c.path.name}]" if labels.count(label) > 1 else label for label, c in pairs]


def describe(choice: ScenarioChoice, scale: float = 1.0) -> str:
    s = choice.scenario
    assert s is not None
    days = turn_dates(s.calendar)
    dates = f"{format_date(s.calendar.start, s.calendar)} to {format_date(s.calendar.end, s.calendar)}"
    factions = ", ".join(widgets.esc(display_name(f)) for f in s.factions)
    return (
        f"{widgets.big(s.title, scale)}<br>"
        f"<i>{widgets.esc(s.summary)}</i><br><br>"
        f"<b>When:</b> {dates} — {len(days)} turns<br>"
        f"<b>Factions, in order of play:</b> {factions}<br>"
        f"<b>The city:</b> {len(s.districts)} districts, {len(s.sites)} key sites, {len(s.units)} armed units<br><br>"
        f"{widgets.paragraphs(s.briefing)}"
    )
