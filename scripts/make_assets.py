"""Draw the window's pictures with pygame and write them into assets/ (run again after changing this file).

Everything the game shows is made here, by the project, from shapes: nothing is downloaded.

    python scripts/make_assets.py [--out assets]
"""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pygame

ROOT = Path(__file__).resolve().parents[1]
INK = (236, 228, 208)
BRASS = (217, 180, 95)
RED = (176, 52, 40)
DARK = (14, 13, 17)


def ground(size: int = 256) -> pygame.Surface:
    """A dark, faintly grained paper tile; seamless because the noise is periodic in both directions."""
    rng = np.random.default_rng(1917)
    base = np.array([23, 22, 27], dtype=float)
    noise = rng.normal(0, 1, (size, size))
    # smooth the noise by averaging with wrapped shifts, so it tiles
    smooth = sum(np.roll(np.roll(noise, dx, 0), dy, 1) for dx in (-1, 0, 1) for dy in (-1, 0, 1)) / 9
    grain = smooth * 2.2 + noise * 0.8
    pixels = np.clip(base[None, None, :] + grain[:, :, None], 0, 255).astype(np.uint8)
    return pygame.surfarray.make_surface(pixels)


def skyline(width: int = 1600, height: int = 300) -> pygame.Surface:
    """The river front at dusk: the Peter and Paul spire, the Admiralty needle, St Isaac's dome, a palace front."""
    s = pygame.Surface((width, height), pygame.SRCALPHA)
    sil = (40, 37, 47, 255)
    water_y = height - 46
    # embankment houses of varied height, a few windows lit
    rng_b = np.random.default_rng(1905)
    x = 0
    while x < width:
        bw = int(rng_b.integers(40, 110))
        hgt = int(rng_b.integers(60, 125))
        shade = (40 + int(rng_b.integers(-4, 5)), 37 + int(rng_b.integers(-4, 5)), 47 + int(rng_b.integers(-4, 5)), 255)
        pygame.draw.rect(s, shade, (x, water_y - hgt, bw + 1, hgt))
        if rng_b.random() < 0.3:  # a pitched roof
            roof = [(x, water_y - hgt), (x + bw // 2, water_y - hgt - 18), (x + bw, water_y - hgt)]
            pygame.draw.polygon(s, shade, roof)
        for wy in range(water_y - hgt + 14, water_y - 12, 20):
            for wx in range(x + 8, x + bw - 8, 14):
                if rng_b.random() < 0.07:
                    pygame.draw.rect(s, (128, 102, 56, 255), (wx, wy, 5, 8))
        x += bw
    # Winter Palace front with a row of windows
    pygame.draw.rect(s, sil, (600, water_y - 120, 260, 120))
    for wx in range(612, 850, 18):
        lit = (wx // 18) % 3 == 0
        pygame.draw.rect(s, (120, 96, 52, 255) if lit else (40, 38, 46, 255), (wx, water_y - 92, 7, 14))
        pygame.draw.rect(s, (40, 38, 46, 255), (wx, water_y - 54, 7, 14))
    # St Isaac's dome
    cx = 1010
    pygame.draw.rect(s, sil, (cx - 70, water_y - 150, 140, 150))
    pygame.draw.rect(s, sil, (cx - 44, water_y - 190, 88, 40))
    pygame.draw.ellipse(s, sil, (cx - 48, water_y - 250, 96, 120))
    pygame.draw.rect(s, sil, (cx - 6, water_y - 280, 12, 40))
    # Admiralty needle
    ax = 470
    pygame.draw.rect(s, sil, (ax - 40, water_y - 140, 80, 140))
    pygame.draw.rect(s, sil, (ax - 18, water_y - 190, 36, 50))
    pygame.draw.polygon(s, sil, [(ax - 8, water_y - 190), (ax + 8, water_y - 190), (ax, water_y - 292)])
    pygame.draw.circle(s, (*BRASS, 255), (ax, water_y - 292), 3)
    # Peter and Paul Cathedral spire (tallest, at the left, across the river)
    px = 190
    pygame.draw.rect(s, sil, (px - 36, water_y - 150, 72, 150))
    pygame.draw.rect(s, sil, (px - 16, water_y - 200, 32, 50))
    pygame.draw.polygon(s, sil, [(px - 10, water_y - 200), (px + 10, water_y - 200), (px, water_y - 298)])
    pygame.draw.line(s, (*BRASS, 255), (px, water_y - 298), (px, water_y - 286), 2)
    # factory chimneys to the right (Vyborg side), one smoking
    for fx, fh in ((1380, 170), (1420, 150), (1540, 180)):
        pygame.draw.rect(s, sil, (fx, water_y - fh, 14, fh))
    for k in range(9):
        r = 8 + k * 3
        pygame.draw.circle(s, (60, 56, 64, max(0, 90 - k * 10)), (1547 + k * 10, water_y - 186 - k * 9), r)
    # the Neva: a band with a few brass reflections
    pygame.draw.rect(s, (20, 24, 32, 255), (0, water_y, width, height - water_y))
    rng = np.random.default_rng(25)
    for _ in range(70):
        x = int(rng.integers(0, width))
        y = int(rng.integers(water_y + 6, height - 4))
        ln = int(rng.integers(6, 30))
        pygame.draw.line(s, (90, 78, 52, 160), (x, y), (x + ln, y), 1)
    # fade the top edge into the ground
    fade = pygame.Surface((width, height), pygame.SRCALPHA)
    for y in range(height):
        a = int(255 * min(1.0, 0.35 + 0.65 * y / (height * 0.3)))
        pygame.draw.line(fade, (255, 255, 255, a), (0, y), (width, y))
    s.blit(fade, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    return s


# -- icons: 64×64, drawn on a transparent ground, parchment ink, so they read on the dark panels ------------


def _icon() -> pygame.Surface:
    return pygame.Surface((64, 64), pygame.SRCALPHA)


def icon_app() -> pygame.Surface:
    s = _icon()
    pygame.draw.rect(s, RED, (0, 0, 64, 64), border_radius=12)
    pygame.draw.polygon(s, INK, [(14, 52), (50, 52), (46, 30), (32, 6), (18, 30)], 0)
    pygame.draw.polygon(s, RED, [(22, 52), (42, 52), (40, 36), (32, 22), (24, 36)], 0)
    return s


def icon_bread() -> pygame.Surface:
    s = _icon()
    pygame.draw.ellipse(s, BRASS, (6, 18, 52, 32))
    for x in (20, 32, 44):
        pygame.draw.line(s, DARK, (x - 4, 24), (x + 2, 42), 3)
    return s


def icon_action_points() -> pygame.Surface:
    s = _icon()
    pts = [(36, 4), (14, 36), (30, 36), (24, 60), (50, 24), (34, 24), (42, 4)]
    pygame.draw.polygon(s, BRASS, pts)
    return s


def icon_unrest() -> pygame.Surface:
    s = _icon()
    pygame.draw.polygon(s, (230, 120, 40), [(32, 4), (50, 34), (44, 60), (20, 60), (14, 34)])
    pygame.draw.polygon(s, (250, 200, 90), [(32, 26), (40, 44), (36, 58), (28, 58), (24, 44)])
    return s


def icon_loyalty() -> pygame.Surface:
    s = _icon()
    pygame.draw.polygon(s, INK, [(32, 4), (56, 14), (52, 40), (32, 60), (12, 40), (8, 14)], 4)
    pygame.draw.line(s, INK, (20, 32), (30, 42), 5)
    pygame.draw.line(s, INK, (30, 42), (46, 22), 5)
    return s


def icon_score() -> pygame.Surface:
    s = _icon()
    pts = []
    for k in range(10):
        r = 28 if k % 2 == 0 else 12
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((32 + r * math.cos(a), 34 + r * math.sin(a)))
    pygame.draw.polygon(s, BRASS, pts)
    return s


def icon_legitimacy() -> pygame.Surface:
    s = _icon()
    pygame.draw.rect(s, INK, (12, 6, 40, 52), 3, border_radius=3)
    for y in (18, 28, 38):
        pygame.draw.line(s, INK, (20, y), (44, y), 3)
    pygame.draw.circle(s, RED, (42, 48), 8)
    return s


def icon_clock() -> pygame.Surface:
    s = _icon()
    pygame.draw.circle(s, INK, (32, 32), 26, 4)
    pygame.draw.line(s, INK, (32, 32), (32, 14), 4)
    pygame.draw.line(s, INK, (32, 32), (45, 38), 4)
    return s


def icon_crowd() -> pygame.Surface:
    s = _icon()
    for cx, cy, r in ((18, 30, 8), (46, 30, 8), (32, 24, 10)):
        pygame.draw.circle(s, INK, (cx, cy), r)
        pygame.draw.ellipse(s, INK, (cx - r - 4, cy + r, 2 * r + 8, 22))
    return s


def icon_strike() -> pygame.Surface:
    s = _icon()
    pygame.draw.rect(s, INK, (10, 28, 44, 30))
    pygame.draw.rect(s, INK, (14, 10, 8, 20))
    pygame.draw.line(s, RED, (6, 6), (58, 58), 6)
    return s


def icon_undo() -> pygame.Surface:
    s = _icon()
    pygame.draw.arc(s, INK, (14, 14, 40, 40), -math.pi / 2, math.pi, 6)
    pygame.draw.polygon(s, INK, [(4, 34), (24, 34), (14, 20)])
    return s


def icon_save() -> pygame.Surface:
    s = _icon()
    pygame.draw.rect(s, INK, (8, 8, 48, 48), 4, border_radius=4)
    pygame.draw.rect(s, INK, (18, 8, 28, 16))
    pygame.draw.rect(s, INK, (16, 36, 32, 14), 3)
    return s


def icon_info() -> pygame.Surface:
    s = _icon()
    pygame.draw.circle(s, INK, (32, 32), 27, 4)
    pygame.draw.circle(s, INK, (32, 18), 4)
    pygame.draw.rect(s, INK, (28, 27, 8, 22))
    return s


ICONS = {
    "app": icon_app,
    "bread": icon_bread,
    "action_points": icon_action_points,
    "unrest": icon_unrest,
    "loyalty": icon_loyalty,
    "score": icon_score,
    "legitimacy": icon_legitimacy,
    "clock": icon_clock,
    "crowd": icon_crowd,
    "strike": icon_strike,
    "undo": icon_undo,
    "save": icon_save,
    "info": icon_info,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "assets")
    out: Path = parser.parse_args().out
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    (out / "icons").mkdir(parents=True, exist_ok=True)
    (out / "textures").mkdir(parents=True, exist_ok=True)
    (out / "art").mkdir(parents=True, exist_ok=True)
    pygame.image.save(ground(), str(out / "textures" / "ground.png"))
    pygame.image.save(skyline(), str(out / "art" / "skyline.png"))
    for name, draw in ICONS.items():
        pygame.image.save(draw(), str(out / "icons" / f"{name}.png"))
    print(f"wrote {len(ICONS) + 2} pictures into {out.name}/")


if __name__ == "__main__":
    main()
