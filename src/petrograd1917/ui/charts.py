"""Line charts drawn with pygame (no plotting library in the window): what changed over the game's turns."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from petrograd1917.ui import theme


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[float]
    colour: pygame.Color


NICE = (1.0, 1.2, 1.6, 2.0, 2.4, 3.2, 4.0, 4.8, 6.0, 8.0, 10.0)  # each splits into four tidy grid steps


def nice_max(value: float) -> float:
    """The smallest round axis top (NICE × 10^k) at or above `value`, so the four grid lines get tidy labels."""
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    return next(step * magnitude for step in NICE if step * magnitude >= value * (1 - 1e-9))


def draw_chart(
    surface: pygame.Surface,
    rect: pygame.Rect,
    title: str,
    hint: str,
    lines: Sequence[Line],
    x_labels: Sequence[str],
    y_format: Callable[[float], str],
    scale: float = 1.0,
    y_max: float | None = None,
) -> None:
    """A titled chart in `rect`: `hint` says in words what the figure means and which way is good."""
    px = lambda n: round(n * scale)  # noqa: E731 - a local unit conversion reads best as a one-liner
    pygame.draw.rect(surface, theme.PANEL, rect, border_radius=px(6))
    pygame.draw.rect(surface, theme.PANEL_BORDER, rect, 1, border_radius=px(6))
    title_font, small = theme.scaled_font(15, scale, True), theme.scaled_font(12, scale)
    surface.blit(title_font.render(title, True, theme.ACCENT), (rect.x + px(10), rect.y + px(6)))
    surface.blit(small.render(hint, True, theme.MUTED), (rect.x + px(10), rect.y + px(6) + title_font.get_height()))
    legend_h = small.get_height() + px(6) if len(lines) > 1 else 0
    top = rect.y + px(12) + title_font.get_height() + small.get_height()
    axis_w = px(44)
    plot = pygame.Rect(
        rect.x + axis_w, top, rect.w - axis_w - px(14), rect.bottom - top - small.get_height() - px(16) - legend_h
    )
    n = max((len(line.values) for line in lines), default=0)
    if n == 0 or plot.h < px(20):
        text = small.render("No turn finished yet.", True, theme.MUTED)
        surface.blit(text, text.get_rect(center=plot.center))
        return
    high = y_max if y_max is not None else nice_max(max((max(line.values, default=0) for line in lines), default=1))
    for k in range(5):  # grid and axis labels
        y = plot.bottom - round(plot.h * k / 4)
        pygame.draw.line(surface, (54, 51, 61), (plot.x, y), (plot.right, y))
        label = small.render(y_format(high * k / 4), True, theme.MUTED)
        surface.blit(label, label.get_rect(midright=(plot.x - px(6), y)))
    for i in sorted({0, (n - 1) // 2, n - 1}):  # first, middle and last date
        if i < len(x_labels):
            x = plot.x + (plot.w * i // max(1, n - 1))
            label = small.render(x_labels[i], True, theme.MUTED)
            anchor = "midtop" if 0 < i < n - 1 else ("topleft" if i == 0 else "topright")
            surface.blit(label, label.get_rect(**{anchor: (x, plot.bottom + px(9))}))
    for line in lines:
        points = [
            (plot.x + (plot.w * i / max(1, n - 1)), plot.bottom - plot.h * min(1.0, max(0.0, v / high)))
            for i, v in enumerate(line.values)
        ]
        if len(points) > 1:
            pygame.draw.lines(surface, line.colour, False, points, max(2, px(2)))
        for point in points[-1:]:
            pygame.draw.circle(surface, line.colour, point, max(3, px(4)))
    if legend_h:
        x = rect.x + px(10)
        y = rect.bottom - legend_h
        for line in lines:
            pygame.draw.rect(surface, line.colour, (x, y + px(3), px(10), px(10)))
            text = small.render(line.label, True, theme.TEXT)
            surface.blit(text, (x + px(14), y))
            x += text.get_width() + px(28)
