"""The end screen: who won and why in one sentence, each side's score taken apart into its terms, the game over
time, and its key dates beside history's."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from petrograd1917.engine.calendar import turn_dates
from petrograd1917.engine.standing import standings, title, verdict, won_at_once
from petrograd1917.engine.words import points, the
from petrograd1917.ui import charts, flow, theme, widgets
from petrograd1917.ui.rules_text import standing_html
from petrograd1917.ui.scene import Scene

if TYPE_CHECKING:
    from petrograd1917.scenario.model import Calendar
    from petrograd1917.ui.app import App
    from petrograd1917.ui.session import GameSession


def turn_date(calendar: Calendar, turn: int) -> datetime:
    dates = turn_dates(calendar)
    return dates[min(max(turn, 0), len(dates) - 1)]


def short_date(when: datetime) -> str:
    return f"{when.day} {when:%b}" + (f" {when:%H:%M}" if when.hour or when.minute else "")


def compare(history: datetime | None, game: datetime | None) -> str:
    """'3 days earlier than history' / 'the same day' / 'never happened' — the gap in words."""
    if game is None:
        return "did not happen in your game"
    if history is None:
        return ""
    days = (game.date() - history.date()).days
    if days == 0:
        return "the same day as history"
    word = "day" if abs(days) == 1 else "days"
    return f"{abs(days)} {word} {'earlier' if days < 0 else 'later'} than history"


def key_events_html(rows: list[tuple[str, datetime | None, datetime | None, str]]) -> str:
    if not rows:
        return "<i>This scenario names no key events to compare.</i>"
    out = []
    for label, history, game, gap in rows:
        colour = "#a9a090" if game is None else "#56b4e9"
        dates = f"history {short_date(history) if history else '—'}  ·  yours {short_date(game) if game else '—'}"
        out.append(f"<b>{widgets.esc(label)}</b><br>{dates}<br><font color={colour}>{widgets.esc(gap)}</font>")
    return "<br><br>".join(out)


DECIDED, CITY = "decided", "city"  # the charts' two pages: what the winner was judged by; the streets and bread
PAGE_TITLE = {DECIDED: "What decided it", CITY: "The city over time"}
SHOW_OTHER = {DECIDED: "Show the city", CITY: "Show what decided it"}
SECOND_LINE = theme.OKABE_ITO[5]  # reddish purple: told apart from the orange of `theme.BAD` by every eye


class EndScene(Scene):
    def __init__(self, app: App, session: GameSession) -> None:
        super().__init__(app)
        self.session = session
        self.outcome: Any = session.state.outcome()
        self.standings = standings(session.state)
        self.verdict = verdict(session.state)
        self.at_once = won_at_once(session.state)  # the winner's points race did not matter
        self.chart_cache: pygame.Surface | None = None
        self.page = DECIDED

    # -- what to show ----------------------------------------------------------------------------------------
    def headline(self, short: bool = False) -> tuple[str, pygame.Color]:
        """ "The Bolsheviks won — you win!" in the winner's colour (`short`: the short name, for a narrow window)."""
        scenario = self.session.scenario
        winner = self.outcome.winner
        if winner is None:
            return title(self.session.state) or "A draw", theme.TEXT
        faction = scenario.faction(winner)
        text = title(self.session.state)
        if short:
            text = f"{the(faction.short_name)} won"
        humans = self.session.humans
        if len(humans) == 1:
            text += " — you win!" if self.session.is_human(winner) else " — you lose"
        colour = theme.faction_text_colours(scenario.factions, self.app.settings.palette)[winner]
        return text, colour

    def breakdown_html(self) -> str:
        """Each side's score in its terms, the winner first (the sentence above says why it won)."""
        winner = self.outcome.winner
        ordered = sorted(self.standings, key=lambda st: st.faction != winner)
        blocks = []
        for st in ordered:
            met = "met" if st.score >= st.target else "not met"
            head = f"<b>{widgets.esc(st.name)}</b>: {points(st.score, 2)} of {st.target:g} ({met})"
            if self.at_once and st.faction == winner:
                head += " — it won at once, whatever the points"
            elif not st.in_race:
                head += f" — out of the race: {widgets.esc(st.out_reason)}"
            terms = [f"• {widgets.esc(t.label)}: {widgets.esc(t.shown)} = {t.points:+.2f}" for t in st.terms]
            blocks.append("<br>".join([head, *terms]))
        return "<br><br>".join(blocks)

    def key_event_rows(self) -> list[tuple[str, datetime | None, datetime | None, str]]:
        """(what, history's date, your game's date, the gap in words) for each key event of the scenario."""
        scenario = self.session.scenario
        cal = scenario.calendar
        happened: dict[str, int] = dict(self.outcome.key_events)
        rows = []
        for key in scenario.victory.key_events:
            history = key.historical_date
            turn = happened.get(key.id)
            game = turn_date(cal, turn) if turn is not None else None
            rows.append((key.label, history, game, compare(history, game)))
        return rows

    def chart_specs(self) -> list[dict[str, Any]]:
        """The charts of the page shown: what the winner was judged by, or the city's streets and bread."""
        series = self.session.state.series
        scenario = self.session.scenario
        # lines in the colours the faction's name is written in: a dark one (the government's navy) reads on the panel
        colours = theme.faction_text_colours(scenario.factions, self.app.settings.palette)
        specs: list[dict[str, Any]] = []

        def per_faction(key: str, scale: float = 1.0) -> list[charts.Line]:
            return [
                charts.Line(f.short_name, [scale * row[i] for row in series[key]], colours[f.id])
                for i, f in enumerate(scenario.factions)
            ]

        def add(title: str, hint: str, lines: list[charts.Line], fmt: Any, y_max: float | None = None) -> None:
            specs.append(dict(title=title, hint=hint, lines=lines, fmt=fmt, y_max=y_max))

        def share(v: float) -> str:
            return f"{v:.0f}%"

        def number(v: float) -> str:
            return f"{v:g}"

        def thousands(v: float) -> str:
            return f"{v:g}k"

        if self.page == DECIDED:
            if "seats" in series:
                hint = "Points for the palaces and ministries held; more is stronger."
                add("Seats of power", hint, per_faction("seats"), number)
            if "following" in series:
                hint = "Influence, weighted by the districts' people, %; more is better."
                add("Following in the city", hint, per_faction("following", 100.0), share)
            if "legitimacy" in series:
                hint = "How far the country accepts each side's rule, %; more is better."
                add("Legitimacy", hint, per_faction("legitimacy", 100.0), share, 100.0)
            if "armed_men" in series:
                hint = "Armed men obeying each side, in thousands; more is stronger."
                add("Loyal troops", hint, per_faction("armed_men", 0.001), thousands)
            return specs
        if "control" in series:
            add("Districts held", "Districts each side controls; more is stronger.", per_faction("control"), number)
        if "unrest" in series:
            figures = (
                ("unrest", "unrest", theme.BAD),
                ("queues", "bread queues", SECOND_LINE),
                ("fear", "fear of hunger", theme.TEXT),
            )
            lines = [
                charts.Line(label, [100 * v for v in series[key]], colour)
                for key, label, colour in figures
                if key in series
            ]
            hint = "City averages, %: unrest on the way to insurrection, the queues and the fear; lower is calmer."
            add("Unrest and hunger", hint, lines, share, 100.0)
        if "bread_days" in series:
            line = charts.Line("bread", list(series["bread_days"]), theme.GOOD)
            add(
                "Bread in the shops",
                "Days of bread left, city average; more is calmer.",
                [line],
                lambda v: f"{v:.1f} d",
            )
        if "strikers" in series and "crowd" in series:
            lines = [
                charts.Line("strikers", [v / 1000 for v in series["strikers"]], theme.BAD),
                charts.Line("crowds", [v / 1000 for v in series["crowd"]], SECOND_LINE),
            ]
            add("On the streets", "Workers on strike and people in the crowds, in thousands.", lines, thousands)
        return specs

    # -- layout ----------------------------------------------------------------------------------------------
    def build(self) -> None:
        w, h = self.size
        m, gap, rh = self.s(widgets.MARGIN), self.s(widgets.GAP), self.s(widgets.BUTTON_H)
        self.reason_lines = charts.wrap(self.verdict or self.outcome.reason or "", self.font(15), w - 2 * m)
        top = self.s(24) + self.font(36, bold=True).get_height() + len(self.reason_lines) * self.font(15).get_height()
        top += self.s(18)
        self.left = pygame.Rect(m, top, min(self.s(500), int(w * 0.4)), h - top - rh - 2 * m)
        self.right = pygame.Rect(self.left.right + 2 * gap, self.left.y, w - self.left.right - 2 * gap - m, self.left.h)
        # a hover on each score explains what it counts
        scenario = self.session.scenario
        row_h = self.s(30)
        self.score_rows: list[pygame.Rect] = []
        y = self.left.y + self.s(34)
        for f, st in zip(scenario.factions, self.standings, strict=True):
            rect = pygame.Rect(self.left.x, y, self.left.w, row_h)
            widgets.stat(self, rect, "", f"{widgets.esc(f.objective.description)}<br>{standing_html(st, f.name)}")
            self.score_rows.append(rect)
            y += row_h
        y += self.s(8)
        room = self.left.bottom - y - 2 * self.s(32)
        widgets.label(self, pygame.Rect(self.left.x, y, self.left.w, self.s(28)), "How each side scored", "heading")
        y += self.s(30)
        widgets.text_box(self, pygame.Rect(self.left.x, y, self.left.w, room // 2), self.breakdown_html(), "compact")
        y += room // 2 + self.s(4)
        widgets.label(self, pygame.Rect(self.left.x, y, self.left.w, self.s(28)), "Your game and history", "heading")
        y += self.s(30)
        events = pygame.Rect(self.left.x, y, self.left.w, self.left.bottom - y)
        widgets.text_box(self, events, key_events_html(self.key_event_rows()), "compact")
        by = h - m - rh
        self.menu = widgets.button(
            self, pygame.Rect(w - m - self.s(220), by, self.s(220), rh), "Main menu", style="primary"
        )
        self.save = widgets.button(
            self, pygame.Rect(w - m - self.s(450), by, self.s(220), rh), "Save this game",
            tooltip="Keep the whole game (it can be replayed move by move with 'petrograd1917 replay').",
        )  # fmt: skip
        self.whoswho = widgets.button(self, pygame.Rect(m, by, self.s(180), rh), "Who's who")
        self.again = widgets.button(
            self, pygame.Rect(m + self.s(180) + gap, by, self.s(200), rh), "Play again",
            tooltip="The same scenario and sides, with a new seed (you can change both first).",
        )  # fmt: skip
        head = self.s(34)  # the charts' heading row: what the page shows, and the switch to the other page
        self.plots = pygame.Rect(self.right.x, self.right.y + head, self.right.w, self.right.h - head)
        self.charts = widgets.button(
            self, pygame.Rect(self.right.right - self.s(210), self.right.y - self.s(3), self.s(210), self.s(30)),
            SHOW_OTHER[self.page],
            tooltip="Switch the charts between what the sides were judged by (seats of power, following, legitimacy,"
            " troops) and the city itself (districts, unrest, bread, the streets).",
        )  # fmt: skip
        self.chart_cache = None

    def show_charts(self, page: str) -> None:
        self.page = page
        self.charts.set_text(SHOW_OTHER[page])
        self.chart_cache = None

    # -- drawing ---------------------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        text, colour = self.headline()
        big = self.font(36, bold=True)
        if big.size(text)[0] > surface.get_width() - 2 * self.s(widgets.MARGIN):
            text, colour = self.headline(short=True)
        heading = big.render(text, True, colour)
        surface.blit(heading, (self.s(widgets.MARGIN), self.s(24)))
        face = self.font(15)
        y = self.s(24) + heading.get_height()
        for line in self.reason_lines:  # why, in one sentence, wrapped to the window
            surface.blit(face.render(line, True, theme.TEXT), (self.s(widgets.MARGIN), y))
            y += face.get_height()
        self.draw_scores(surface)
        page = self.font(17, bold=True).render(PAGE_TITLE[self.page], True, theme.ACCENT)
        surface.blit(page, self.right.topleft)
        if self.chart_cache is None or self.chart_cache.get_size() != self.plots.size:
            self.chart_cache = self.render_charts(self.plots.size)
        surface.blit(self.chart_cache, self.plots.topleft)

    def draw_scores(self, surface: pygame.Surface) -> None:
        scenario = self.session.scenario
        colours = theme.faction_colours(scenario.factions, self.app.settings.palette)
        head = self.font(17, bold=True)
        body, small = self.font(15), self.font(13)
        surface.blit(head.render("Objectives", True, theme.ACCENT), (self.left.x, self.left.y))
        for f, st, rect in zip(scenario.factions, self.standings, self.score_rows, strict=True):
            score = st.score
            met = score >= st.target
            pygame.draw.rect(
                surface, colours[f.id], (rect.x, rect.y + self.s(8), self.s(14), self.s(14)), border_radius=3
            )
            who = "  (you)" if self.session.is_human(f.id) and len(self.session.humans) == 1 else ""
            figure = f"{points(score, 2)} of {st.target:g}"
            won_here = self.at_once and f.id == self.outcome.winner
            mark = "won at once" if won_here else ("met" if met else "not met") if st.in_race else "out of the race"
            # blue only for a win at once or an objective met: a side out of the race is grey whatever its figure
            good = won_here or (met and st.in_race)
            value = small.render(f"{figure}  {mark}", True, theme.GOOD if good else theme.MUTED)
            room = rect.w - self.s(22) - value.get_width() - self.s(12)
            name = f.name + who
            if body.size(name)[0] > room:  # a long name gives way to the short one (the hover has it all)
                name = f.short_name + who
            surface.blit(body.render(name, True, theme.TEXT), (rect.x + self.s(22), rect.y + self.s(4)))
            surface.blit(value, value.get_rect(topright=(rect.right, rect.y + self.s(7))))

    def render_charts(self, size: tuple[int, int]) -> pygame.Surface:
        canvas = pygame.Surface(size, pygame.SRCALPHA)
        specs = self.chart_specs()
        cal = self.session.scenario.calendar
        n = max((len(line.values) for spec in specs for line in spec["lines"]), default=0)
        labels = [short_date(turn_date(cal, t)) for t in range(n)]
        gap = self.s(widgets.GAP)
        cw, ch = (size[0] - gap) // 2, (size[1] - gap) // 2
        for i, spec in enumerate(specs):
            rect = pygame.Rect((i % 2) * (cw + gap), (i // 2) * (ch + gap), cw, ch)
            charts.draw_chart(
                canvas, rect, spec["title"], spec["hint"], spec["lines"], labels, spec["fmt"],
                scale=self.app.settings.ui_scale, y_max=spec.get("y_max"),
            )  # fmt: skip
        return canvas

    # -- input -----------------------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.menu:
                flow.to_menu(self.app)
            elif event.ui_element is self.save:
                self.save_game()
            elif event.ui_element is self.again:
                flow.play_again(self.app, self.session.scenario, dict(self.session.controllers))
            elif event.ui_element is self.whoswho:
                flow.open_whoswho(self.app, self.session.scenario)
            elif event.ui_element is self.charts:
                self.show_charts(CITY if self.page == DECIDED else DECIDED)
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_RETURN):
            flow.to_menu(self.app)
            return True
        return False

    def save_game(self) -> None:
        try:
            path = self.session.save()
        except Exception as error:  # a failed write is reported; the screen stays
            flow.message(self.app, "Could not save", str(error))
            return
        self.app.notify(f"Saved as {path.name}")
