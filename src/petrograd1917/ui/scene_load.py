"""Loading a saved game: the saves folder, newest first, each with what it holds. A corrupt or foreign file is
listed with the reason it cannot be read, and picking it shows that reason: the player stays here to pick another."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from petrograd1917 import paths, saves
from petrograd1917.printable import printable
from petrograd1917.ui import widgets
from petrograd1917.ui.dialogs import MessageDialog
from petrograd1917.ui.scene import Scene
from petrograd1917.ui.session import GameSession, controller_label

if TYPE_CHECKING:
    from petrograd1917.ui.app import App


def save_label(path: Path, record: saves.SaveRecord | saves.SaveError) -> str:
    """One line of the list; every text from the file or its name escaped (a name may not even be Unicode)."""
    if isinstance(record, saves.SaveError):
        return f"{printable(path.name)}  —  cannot be read"
    kind = "Autosave" if path.name.startswith(saves.AUTOSAVE_PREFIX) else printable(path.stem)
    title = printable(record.scenario_title or record.scenario_id)
    over = "  (finished)" if record.is_over else ""
    return f"{kind}  ·  {title}, turn {record.turn + 1}{over}"


def save_details(path: Path, record: saves.SaveRecord | saves.SaveError, scale: float = 1.0) -> str:
    if isinstance(record, saves.SaveError):
        why = widgets.esc(printable(str(record)))
        return f"{widgets.esc(printable(path.name))}<br><br>This file cannot be loaded:<br>{why}"
    lines = [
        widgets.big(printable(record.scenario_title or record.scenario_id), scale),
        f"<b>File:</b> {widgets.esc(printable(path.name))}",
        f"<b>Turn:</b> {record.turn + 1}, {widgets.esc(_date(record.date))}",
        f"<b>Orders given so far:</b> {len(record.actions)}",
        f"<b>Seed:</b> {record.seed}",
    ]
    if record.saved_at:
        lines.append(f"<b>Saved:</b> {widgets.esc(_date(record.saved_at, with_time=True))} (UTC)")
    if record.controllers:
        sides = ", ".join(
            f"{f.replace('_', ' ').capitalize()}: {controller_label(c)}" for f, c in record.controllers.items()
        )
        lines.append(f"<b>Sides:</b> {widgets.esc(printable(sides))}")
    if record.is_over:
        lines.append(f"<b>Finished:</b> {widgets.esc(printable(record.reason or 'the game is over'))}")
    return "<br>".join(lines)


def _date(iso: str, with_time: bool = False) -> str:
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{when.day} {when:%b %Y}" + (f" {when:%H:%M}" if with_time else "")


class LoadScene(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.saves = saves.saves_in()
        self.labels = [save_label(p, r) for p, r in self.saves]
        self.selected = 0 if self.saves else -1
        self.path_text = ""

    def build(self) -> None:
        w, h = self.size
        m, gap, rh = self.s(widgets.MARGIN), self.s(widgets.GAP), self.s(widgets.BUTTON_H)
        y = widgets.header(self, "Load a game", f"Saves are kept in {paths.saves_dir()}")
        list_w = min(self.s(560), w // 2)
        body_h = h - y - 2 * rh - 2 * m - gap
        self.list = pygame_gui.elements.UISelectionList(
            pygame.Rect(m, y, list_w, body_h),
            widgets.items(self.labels or ["(no saved games yet)"]),
            manager=self.manager,
            default_selection=self.labels[self.selected] if self.labels else None,
        )
        self.detail_rect = pygame.Rect(m + list_w + 2 * gap, y, w - list_w - 2 * m - 2 * gap, body_h)
        self.detail: pygame_gui.elements.UITextBox | None = None
        self.show_detail()
        y += body_h + gap
        widgets.label(self, pygame.Rect(m, y, self.s(190), rh), "Or a file anywhere:")
        self.path_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(m + self.s(190), y + self.s(4), w - 2 * m - self.s(190), rh - self.s(8)),
            manager=self.manager,
            placeholder_text="path to a .json save, then Enter",
        )
        self.path_entry.set_text(self.path_text)
        by = h - m - rh
        self.back = widgets.button(self, pygame.Rect(m, by, self.s(160), rh), "Back")
        self.load = widgets.button(self, pygame.Rect(w - m - self.s(240), by, self.s(240), rh), "Load", style="primary")
        if not self.saves and not self.path_text:
            self.load.disable()

    def show_detail(self) -> None:
        if self.detail is not None:
            self.detail.kill()
        if 0 <= self.selected < len(self.saves):
            path, record = self.saves[self.selected]
            text = save_details(path, record, self.app.settings.ui_scale)
            style = "error_box" if isinstance(record, saves.SaveError) else ""
        else:
            text, style = "Saved games appear here. The game also autosaves after every full turn.", ""
        self.detail = widgets.text_box(self, self.detail_rect, text, style)

    def chosen_path(self) -> Path | None:
        if self.path_text.strip():
            return Path(self.path_text.strip()).expanduser()
        if 0 <= self.selected < len(self.saves):
            return self.saves[self.selected][0]
        return None

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            if event.text in self.labels:
                self.selected = self.labels.index(event.text)
                self.path_text = ""
                self.path_entry.set_text("")
                self.show_detail()
            return True
        if event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION and event.ui_element is self.list:
            self.open()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.path_entry:
            self.path_text = self.path_entry.get_text()
            self.load.enable()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.path_entry:
            self.open()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back:
                self.app.pop()
            elif event.ui_element is self.load:
                self.open()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        return False

    def open(self) -> None:
        path = self.chosen_path()
        if path is not None:
            open_save(self.app, path)


def open_save(app: App, path: Path) -> None:
    """Resume a saved game; a file that cannot be loaded is explained and the current screen stays."""
    try:
        session = GameSession.load(path)
    except Exception as error:  # corrupt, truncated, foreign or unreadable: say why, stay here
        message = f"{printable(path.name)} cannot be loaded.\n\n{printable(str(error), keep_newlines=True)}"
        app.push(MessageDialog(app, "This save cannot be loaded", message))
        return
    from petrograd1917.ui.flow import start_game

    start_game(app, session)
