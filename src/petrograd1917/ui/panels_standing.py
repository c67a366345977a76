"""The standing panel of the game screen: each side's score against its own target, drawn as a bar, with the
score taken apart into its terms on hover (from `engine.standing`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from petrograd1917.engine.standing import standings
from petrograd1917.engine.words import points
from petrograd1917.ui import theme
from petrograd1917.ui.factions import display_name
from petrograd1917.ui.rules_text import standing_html

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState

BAR_TOP = 1.25  # the bar's right end, as a share of the target (the target's tick sits at 1/BAR_TOP)
HEADING = "Standing · score of target · the side furthest to its target wins"


@dataclass(frozen=True)
class StandingRow:
    faction: str
    label: str  # the short name, "(you)" for the viewer
    figure: str  # "4.0 / 15"
    ratio: float  # score over target
    in_race: bool
    tip: str  # the whole breakdown, for the row's hover


WATCHED_TIP = "<br><i>The map shows what this side can see: others' strength and loyalty are its estimates.</i>"


def standing_rows(state: GameState, viewer: str, viewer_is_human: bool) -> tuple[StandingRow, ...]:
    """One row a side; the viewer's row says "(you)" when a human plays it, "(view)" when the screen only
    watches a computer side through its eyes."""
    rows = []
    for standing, faction in zip(standings(state), state.scenario.factions, strict=True):
        seen_by = faction.id == viewer
        watched = seen_by and not viewer_is_human
        mark = " (view)" if watched else " (you)" if seen_by else ""
        out = "" if standing.in_race else " · out"
        tip = standing_html(standing, display_name(faction))
        rows.append(
            StandingRow(
                faction=faction.id,
                label=faction.short_name + mark,
                figure=f"{points(standing.score, 1)} / {standing.target:g}{out}",
                ratio=standing.ratio,
                in_race=standing.in_race,
                tip=tip + WATCHED_TIP if watched else tip,
            )
        )
    return tuple(rows)


def row_rects(area: pygame.Rect, n: int, row_h: int, heading_h: int) -> list[pygame.Rect]:
    return [pygame.Rect(area.x, area.y + heading_h + i * row_h, area.w, row_h) for i in range(n)]


def render_standing(
    size: tuple[int, int],
    rows: tuple[StandingRow, ...],
    colours: dict[str, tuple[int, int, int]],
    scale: float,
) -> pygame.Surface:
    """The panel as a picture (the screen draws it each frame and renders it anew only when a figure changes):
    the heading, then a row a side with its colour, name, a bar to its target (the tick) and the figures."""
    surface = pygame.Surface(size, pygame.SRCALPHA)
    area = surface.get_rect()

    def s(px: float) -> int:
        return round(px * scale)

    head, body = theme.font(s(13), True), theme.font(s(13))
    pygame.draw.rect(surface, theme.PANEL, area, border_radius=6)
    heading = head.render(HEADING, True, theme.ACCENT)
    if heading.get_width() > area.w - s(12):
        heading = head.render("Standing · score of target", True, theme.ACCENT)
    surface.blit(heading, (area.x + s(6), area.y + s(3)))
    row_h = s(19)
    name_w = max((body.size(r.label)[0] for r in rows), default=0) + s(10)
    figure_w = max((body.size(r.figure)[0] for r in rows), default=0) + s(8)
    for row, rect in zip(rows, row_rects(area, len(rows), row_h, s(22)), strict=True):
        colour = colours[row.faction]
        pygame.draw.rect(surface, colour, (rect.x + s(6), rect.y + s(5), s(10), s(10)), border_radius=2)
        text = theme.TEXT if row.in_race else theme.MUTED
        surface.blit(body.render(row.label, True, text), (rect.x + s(20), rect.y + s(1)))
        bar = pygame.Rect(rect.x + s(20) + name_w, rect.y + s(5), rect.w - s(26) - name_w - figure_w, s(9))
        if bar.w > s(20):
            pygame.draw.rect(surface, theme.PANEL_BORDER, bar, border_radius=3)
            filled = bar.copy()
            filled.w = round(bar.w * min(max(row.ratio, 0.0), BAR_TOP) / BAR_TOP)
            if filled.w > 0:
                pygame.draw.rect(surface, colour if row.in_race else theme.MUTED, filled, border_radius=3)
            tick = bar.x + round(bar.w / BAR_TOP)
            pygame.draw.line(surface, theme.TEXT, (tick, bar.y - s(3)), (tick, bar.bottom + s(2)), max(1, s(2)))
        figure = body.render(row.figure, True, text)
        surface.blit(figure, figure.get_rect(topright=(rect.right - s(6), rect.y + s(1))))
    return surface
