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

    def px(n: float) -> int:
        return round(n * scale)

    pygame.draw.rect(surface, theme.PANEL, rect, border_radius=px(6))
    pygame.draw.rect(surface, theme.PANEL_BORDER, rect, 1, border_radius=px(6))
    title_font, small = theme.scaled_font(15, scale, True), theme.scaled_font(12, scale)
    surface.blit(title_font.render(title, True, theme.ACCENT), (rect.x + px(10), rect.y + px(6)))
    y = rect.y + px(6) + title_font.get_height()
    for caption in wrap(hint, small, rect.w - px(20)):  # the whole caption, on as many lines as it takes
        surface.blit(small.render(caption, True, theme.MUTED), (rect.x + px(10), y))
        y += small.get_height()
    rows = legend_rows([line.label for line in lines], small, rect.w - px(20), px(28)) if len(lines) > 1 else []
    legend_h = len(rows) * (small.get_height() + px(2)) + px(4) if rows else 0
    top = y + px(6)
    axis_w = px(44)
    plot = pygame.Rect(
        rect.x + axis_w, top, rect.w - axis_w - px(14), rect.bottom - top - small.get_height() - px(16) - legend_h
    )
    n = max((len(line.values) for line in lines), default=0)
    if n == 0 or plot.h < px(20):
        words = "No turn finished yet." if n == 0 else "Too small to draw: widen the window."
        text = small.render(words, True, theme.MUTED)
        surface.blit(text, text.get_rect(center=plot.center))
        return
    high = y_max if y_max is not None else nice_max(max((max(line.values, default=0) for line in lines), default=1))
    steps = 4 if plot.h >= 4 * 2 * small.get_height() else 2  # a short chart: fewer lines, labels apart
    for k in range(steps + 1):  # grid and axis labels
        y = plot.bottom - round(plot.h * k / steps)
        pygame.draw.line(surface, (54, 51, 61), (plot.x, y), (plot.right, y))
        label = small.render(y_format(high * k / steps), True, theme.MUTED)
        surface.blit(label, label.get_rect(midright=(plot.x - px(6), y)))
    placed: list[pygame.Rect] = []
    for i in sorted({0, n - 1, (n - 1) // 2}, key=lambda i: (0 < i < n - 1, i)):  # the ends first, then the middle
        if i < len(x_labels):
            x = plot.x + (plot.w * i // max(1, n - 1))
            label = small.render(x_labels[i], True, theme.MUTED)
            anchor = "midtop" if 0 < i < n - 1 else ("topleft" if i == 0 else "topright")
            at = label.get_rect(**{anchor: (x, plot.bottom + px(9))})
            if not any(at.inflate(px(8), 0).colliderect(other) for other in placed):  # dates never overlap
                surface.blit(label, at)
                placed.append(at)
    for line in lines:
        points = [
            (plot.x + (plot.w * i / max(1, n - 1)), plot.bottom - plot.h * min(1.0, max(0.0, v / high)))
            for i, v in enumerate(line.values)
        ]
        if len(points) > 1:
            pygame.draw.lines(surface, line.colour, False, points, max(2, px(2)))
        for point in points[-1:]:
            pygame.draw.circle(surface, line.colour, point, max(3, px(4)))
    y = rect.bottom - legend_h
    for row in rows:  # the legend, wrapped onto a new row where the chart is narrow
        x = rect.x + px(10)
        for i in row:
            line = lines[i]
            pygame.draw.rect(surface, line.colour, (x, y + px(3), px(10), px(10)))
            text = small.render(line.label, True, theme.TEXT)
            surface.blit(text, (x + px(14), y))
            x += text.get_width() + px(28)
        y += small.get_height() + px(2)


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Words on lines no wider than `width` (a single word wider than that gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.size(f"{lines[-1]} {word}")[0] <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def legend_rows(labels: Sequence[str], font: pygame.font.Font, width: int, gap: int) -> list[list[int]]:
    """The legend's entries (by index) in rows that fit `width`: a swatch, the label and a gap each."""
    rows: list[list[int]] = []
    x = width
    for i, label in enumerate(labels):
        w = font.size(label)[0] + gap
        if x + w > width and x > 0:
            rows.append([])
            x = 0
        rows[-1].append(i)
        x += w
    return rows
