"""Who plays each faction: a human at this screen or the computer at a level. One human is a solo game, several
take turns at the same screen (hotseat), none is a game to watch."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from petrograd1917 import new_game
from petrograd1917.ui import theme, widgets
from petrograd1917.ui.factions import display_name, turn_points
from petrograd1917.ui.scene import Scene
from petrograd1917.ui.session import AI_LEVELS, HUMAN, GameSession, random_seed

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Faction, Scenario
    from petrograd1917.ui.app import App

OPTIONS = {"Human": HUMAN, **{f"Computer: {level}": spec for level, spec in AI_LEVELS.items()}}
LEVEL_HELP = (
    "Human: you give this faction's orders.  Computer easy: follows simple priorities.  "
    "Normal: searches ahead.  Hard: searches deeper (slower turns)."
)


class SetupScene(Scene):
    def __init__(
        self, app: App, scenario: Scenario, seed: int | None = None, controllers: dict[str, str] | None = None
    ) -> None:
        super().__init__(app)
        self.scenario = scenario
        self.opening = new_game(scenario, 0)  # the opening, as every seed begins it: what the briefing counts from
        self.seed_text = str(random_seed() if seed is None else seed)
        first = next((f.id for f in scenario.factions if f.playable), scenario.factions[0].id)
        self.controllers = {f.id: HUMAN if f.id == first else AI_LEVELS["normal"] for f in scenario.factions}
        self.controllers.update({f: c for f, c in (controllers or {}).items() if f in self.controllers})
        humans = [f for f, c in self.controllers.items() if c == HUMAN]
        self.focus = humans[0] if humans else first  # whose briefing is shown

    def build(self) -> None:
        w, h = self.size
        m, gap, rh = self.s(widgets.MARGIN), self.s(widgets.GAP), self.s(widgets.BUTTON_H)
        y = top = widgets.header(self, "Who plays each side", self.scenario.title)
        left_w = min(self.s(600), w // 2)
        # presets
        pw = (left_w - 2 * gap) // 3
        presets = (
            ("Solo", "solo", "You play the faction whose briefing is shown; the computer the rest."),
            ("Hotseat", "hotseat", "Everyone human, taking turns here."),
            ("Watch", "watch", "Computer against computer."),
        )
        self.presets = {
            widgets.button(self, pygame.Rect(m + i * (pw + gap), y, pw, rh), text): kind
            for i, (text, kind, _) in enumerate(presets)
        }
        y += rh + gap * 2
        # the buttons' explanations go in one box below the rows (tool tips would cover the rows and buttons below)
        hint_y = y + len(self.scenario.factions) * (rh + gap)
        room = hint_y + self.s(70) < h - m - rh - gap
        self.hints = widgets.Hints(
            self, pygame.Rect(m, hint_y, left_w, self.s(70)) if room else None, LEVEL_HELP, "muted"
        )
        for button, (_, _, tip) in zip(self.presets, presets, strict=True):
            self.hints.attach(button, tip)
        # one row per faction
        self.rows: dict[str, tuple[pygame_gui.elements.UIButton, pygame_gui.elements.UIDropDownMenu]] = {}
        self.swatches: dict[str, pygame.Rect] = {}
        name_w = left_w - self.s(250) - self.s(28)
        for faction in self.scenario.factions:
            self.swatches[faction.id] = pygame.Rect(m, y + rh // 4, self.s(18), rh // 2)
            # too long for the row: the short name, the one the game screen uses
            full = display_name(faction)
            shown = full if self.font(16).size(full)[0] <= name_w - self.s(12) else faction.short_name
            name = widgets.stat(self, pygame.Rect(m + self.s(28), y, name_w, rh), shown)
            self.hints.attach(name, f"{full}: {faction.description} Click to read its briefing.")
            options = list(OPTIONS) if faction.playable else [k for k in OPTIONS if OPTIONS[k] != HUMAN]
            current = next((k for k, v in OPTIONS.items() if v == self.controllers[faction.id]), options[-1])
            menu = pygame_gui.elements.UIDropDownMenu(
                widgets.items(options),
                current,
                pygame.Rect(m + left_w - self.s(250), y, self.s(250), rh),
                manager=self.manager,
            )
            self.rows[faction.id] = (name, menu)
            y += rh + gap
        rows_bottom = y
        # the briefing of the faction in focus
        bx = m + left_w + gap * 2
        self.briefing_rect = pygame.Rect(bx, top, w - bx - m, h - top - 2 * rh - 2 * m - gap)
        self.briefing: pygame_gui.elements.UITextBox | None = None
        self.play_this = widgets.button(
            self, pygame.Rect(bx, self.briefing_rect.bottom + gap, self.briefing_rect.w, rh), ""
        )
        self.hints.attach(self.play_this, "You play this faction alone; the computer (normal) plays every other one.")
        self.show_briefing()
        self.mode_y = h - m - rh - gap - self.s(22)
        self.show_mode = rows_bottom <= self.mode_y  # the line saying what kind of game, where there is room
        # seed and the way on
        by = h - m - rh
        self.back = widgets.button(self, pygame.Rect(m, by, self.s(160), rh), "Back")
        widgets.label(self, pygame.Rect(m + self.s(180), by, self.s(60), rh), "Seed")
        self.seed_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(m + self.s(240), by + self.s(4), self.s(120), rh - self.s(8)), manager=self.manager
        )
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text_length_limit(9)
        self.seed_entry.set_text(self.seed_text)
        self.reseed = widgets.button(
            self,
            pygame.Rect(m + self.s(370), by, self.s(120), rh),
            "New seed",
        )
        self.hints.attach(
            self.reseed,
            "The seed fixes every roll of the dice: the same seed and the same orders replay the same game.",
        )
        self.start = widgets.button(
            self, pygame.Rect(w - m - self.s(240), by, self.s(240), rh), "Start the game", style="primary"
        )

    def show_briefing(self) -> None:
        faction = self.scenario.faction(self.focus)
        self.play_this.set_text(f"Play {faction.short_name} against the computer")
        if faction.playable:
            self.play_this.enable()
        else:
            self.play_this.disable()
        if self.briefing is not None:
            self.briefing.kill()
        self.briefing = widgets.text_box(
            self,
            self.briefing_rect,
            faction_briefing(self.opening, self.scenario.faction(self.focus), self.app.settings.ui_scale),
        )

    def mode(self) -> str:
        """What kind of game the sides make, in words."""
        humans = [self.scenario.faction(f).short_name for f, c in self.controllers.items() if c == HUMAN]
        if not humans:
            return "Watch: the computer plays every side."
        if len(humans) == 1:
            return f"Solo: you play {humans[0]} against the computer."
        return f"Hotseat: {', '.join(humans)} take turns at this screen."

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        if self.show_mode:
            text = self.font(15, bold=True).render(self.mode(), True, theme.ACCENT)
            surface.blit(text, (self.s(widgets.MARGIN), self.mode_y))
        colours = theme.faction_colours(self.scenario.factions, self.app.settings.palette)
        for faction_id, rect in self.swatches.items():
            pygame.draw.rect(surface, colours[faction_id], rect, border_radius=3)
            if faction_id == self.focus:
                pygame.draw.rect(surface, theme.ACCENT, rect.inflate(6, 6), 2, border_radius=4)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.hints.handle(event):
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            for faction_id, (_, menu) in self.rows.items():
                if event.ui_element is menu:
                    self.controllers[faction_id] = OPTIONS[event.text]
                    self.focus = faction_id
                    self.show_briefing()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.seed_entry:
            self.seed_text = self.seed_entry.get_text()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            element = event.ui_element
            if element is self.back:
                self.app.pop()
            elif element is self.start:
                self.begin()
            elif element is self.reseed:
                self.seed_text = str(random_seed())
                self.seed_entry.set_text(self.seed_text)
            elif element in self.presets:
                self.preset(self.presets[element])
            elif element is self.play_this:
                self.preset("solo")
            else:
                for faction_id, (name, _) in self.rows.items():
                    if element is name:
                        self.focus = faction_id
                        self.show_briefing()
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        return False

    def preset(self, kind: str) -> None:
        for f in self.scenario.factions:
            if kind == "hotseat" and f.playable:
                self.controllers[f.id] = HUMAN
            elif kind == "watch" or (kind == "solo" and f.id != self.focus) or not f.playable:
                self.controllers[f.id] = AI_LEVELS["normal"]
            else:
                self.controllers[f.id] = HUMAN
        self.rebuild()

    def begin(self) -> None:
        from petrograd1917.ui.flow import start_game

        seed = int(self.seed_text) if self.seed_text.isdigit() else random_seed()
        session = GameSession.new(self.scenario, seed, self.controllers)
        start_game(self.app, session)


def faction_briefing(start: GameState, faction: Faction, scale: float = 1.0) -> str:
    """Who the faction is, how it wins and the points it gets each turn (counted on `start`, the opening)."""
    leaders = "".join(
        f"<br>• <b>{widgets.esc(leader.name)}</b> — {widgets.esc(leader.role)}" for leader in faction.leaders
    )
    points = turn_points(start, faction.id)
    return (
        f"{widgets.big(display_name(faction), scale)}<br>"
        f"<i>{widgets.esc(faction.description)}</i><br><br>"
        f"{widgets.paragraphs(faction.briefing)}<br><br>"
        f"<b>How you win:</b> {widgets.esc(faction.objective.description)}<br>"
        f"<b>Action points each turn:</b> {widgets.esc(points.describe())}"
        + (
            " (the sites you hold at the time count: taking one adds its points, losing it takes them away)"
            if points.from_sites
            else " (more for each site held that gives points)"
        )
        + (f"<br><br><b>Leaders</b>{leaders}" if leaders else "")
    )
