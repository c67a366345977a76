"""Watching a recorded game: the map and the log follow the moves of a batch game or a save, with pause, step and
speed. The map shows what the side to move sees, as in a game of computer players. Keys: Space pause or go on,
Right (or N) one move, + and - speed, Esc back."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from petrograd1917.engine.observation import observe
from petrograd1917.ui import theme, widgets
from petrograd1917.ui.factions import display_name
from petrograd1917.ui.log_view import LogView
from petrograd1917.ui.map_state import MapSnapshot, snapshot
from petrograd1917.ui.map_view import MapView
from petrograd1917.ui.panels_status import dates
from petrograd1917.ui.replay import Playback, Recording
from petrograd1917.ui.scene import Scene

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState
    from petrograd1917.ui.app import App

STEP_KEYS = (pygame.K_RIGHT, pygame.K_n)
FASTER_KEYS = (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS)
SLOWER_KEYS = (pygame.K_MINUS, pygame.K_KP_MINUS)


class ReplayScene(Scene):
    def __init__(self, app: App, recording: Recording) -> None:
        super().__init__(app)
        self.playback = Playback(recording)
        scenario = recording.scenario
        fills = theme.faction_colours(scenario.factions, app.settings.palette)
        texts = theme.faction_text_colours(scenario.factions, app.settings.palette)
        self.map = MapView(scenario, {k: (c.r, c.g, c.b) for k, c in fills.items()}, theme.font, app.settings.ui_scale)
        names = {f.id: f.short_name for f in scenario.factions}
        self.log = LogView(names, {k: (c.r, c.g, c.b) for k, c in texts.items()}, theme.font, 14)
        self.snap: MapSnapshot = seen(self.playback.state)
        self.shown_moves = 0
        self.status = ""

    def build(self) -> None:
        w, h = self.size
        s = self.s
        top, bar = s(44), s(50)
        right_w = max(s(320), round(w * 0.28))
        self.map.ui = self.app.settings.ui_scale
        self.map.resize(pygame.Rect(0, top, w - right_w, h - top - bar))
        self.log.resize(pygame.Rect(w - right_w + s(6), top + s(4), right_w - s(12), h - top - bar - s(8)), s(14))
        self.log.show(self.playback.state.log)
        by, bh, gap = h - bar + s(6), bar - s(12), s(6)
        controls = (
            ("pause", "Pause (Space)" if not self.playback.paused else "Play (Space)", self.playback.toggle),
            ("step", "Next move (Right)", self.step),
            ("slower", "Slower (-)", lambda: self.playback.faster(-1)),
            ("faster", "Faster (+)", lambda: self.playback.faster(1)),
            ("back", "Back (Esc)", self.leave),
        )
        bw = min(s(170), (w - 2 * gap - (len(controls) - 1) * gap) // len(controls))
        self.buttons: dict[pygame_gui.elements.UIButton, object] = {}
        self.pause_button: pygame_gui.elements.UIButton | None = None
        for i, (name, text, action) in enumerate(controls):
            button = widgets.button(self, pygame.Rect(gap + i * (bw + gap), by, bw, bh), text)
            self.buttons[button] = action
            if name == "pause":
                self.pause_button = button

    def step(self) -> None:
        self.playback.paused = True
        self.playback.step()

    def leave(self) -> None:
        from petrograd1917.ui.flow import to_menu

        if len(self.app.scenes) > 1:
            self.app.pop()
        else:
            to_menu(self.app)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            action = self.buttons[event.ui_element]
            assert callable(action)
            action()
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_SPACE:
                self.playback.toggle()
            elif event.key in STEP_KEYS:
                self.step()
            elif event.key in FASTER_KEYS:
                self.playback.faster(1)
            elif event.key in SLOWER_KEYS:
                self.playback.faster(-1)
            elif event.key == pygame.K_ESCAPE:
                self.leave()
            else:
                return False
            return True
        if event.type == pygame.MOUSEWHEEL and self.map.rect.collidepoint(pygame.mouse.get_pos()):
            self.map.zoom_at(pygame.mouse.get_pos(), 1.2 if event.y > 0 else 1 / 1.2)
            return True
        return False

    def update(self, dt: float) -> None:
        playback = self.playback
        playback.update(dt)
        if playback.played != self.shown_moves:
            self.shown_moves = playback.played
            self.snap = seen(playback.state)
            self.log.show(playback.state.log)
        if self.pause_button is not None:
            label = "Play (Space)" if playback.paused or playback.finished else "Pause (Space)"
            if self.pause_button.text != label:
                self.pause_button.set_text(label)
        self.status = self._status()

    def _status(self) -> str:
        playback = self.playback
        recording = playback.recording
        state = playback.state
        n_turns = int(state.index.n_turns)
        cal = recording.scenario.calendar
        pace = "paused" if playback.paused else f"{playback.speed:g} moves a second"
        where = f"move {playback.played} of {len(recording.moves)}"
        return (
            f"{recording.title}  ·  turn {min(state.turn + 1, n_turns)}/{n_turns}  ·  "
            f"{dates(state.date, cal.gregorian_offset_days)}  ·  {where}  ·  {pace}"
        )

    def ending(self) -> str:
        """What the bottom of the log says once the playback stops: the winner, or why it stopped."""
        playback = self.playback
        if playback.problem:
            return f"The playback stopped: {playback.problem}"
        if not playback.finished:
            return ""
        state = playback.state
        if not state.is_over():
            return "The recording ends here (the game was saved before its end)."
        outcome = state.outcome()
        winner = outcome.winner
        name = recording_name(playback.recording, winner)
        text = f"The end: {name} — {outcome.reason}." if winner else f"The end: no winner — {outcome.reason}."
        recorded = playback.recording.winner
        if recorded is not None and recorded != winner:
            text += f" (The recording says {recording_name(playback.recording, recorded)} won.)"
        return text

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.map.draw(surface, self.snap, pygame.time.get_ticks() / 1000)
        pygame.draw.rect(surface, theme.PANEL_BORDER, self.map.rect, 1)
        face = self.font(16)
        line = widgets.fit(self.status, lambda t: face.size(t)[0], self.size[0] - self.s(12))
        surface.blit(face.render(line, True, theme.TEXT), (self.s(8), self.s(12)))
        self.log.draw(surface, self.s(6))
        end = self.ending()
        if end:
            image = self.font(15, bold=True).render(
                widgets.fit(end, lambda t: self.font(15, bold=True).size(t)[0], self.map.rect.w - self.s(16)),
                True,
                theme.ACCENT,
            )
            box = image.get_rect(midbottom=(self.map.rect.centerx, self.map.rect.bottom - self.s(8)))
            pygame.draw.rect(surface, theme.PANEL, box.inflate(self.s(16), self.s(10)), border_radius=6)
            surface.blit(image, box)


def recording_name(recording: Recording, faction_id: str) -> str:
    faction = next((f for f in recording.scenario.factions if f.id == faction_id), None)
    return display_name(faction) if faction is not None else faction_id


def seen(state: GameState) -> MapSnapshot:
    """The map of a recorded game as the side to move sees it (the rule of a game with only computer players)."""
    return snapshot(observe(state, state.current_faction))
