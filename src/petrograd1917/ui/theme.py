"""Colours, fonts and the pygame_gui theme, scaled to the player's UI scale.

The widget theme lives in `assets/theme.json` (pygame_gui's format); this module scales its font sizes and hands
custom-drawn screens (map, charts) the same fonts and colours, so everything drawn by hand matches the widgets.
Faction colours come either from the scenario or from the Okabe–Ito palette, which stays distinct for the common
kinds of colour blindness. Either way two factions are kept clearly apart (`FACTIONS_APART`), and a faction's name
written in its colour on a dark panel uses `faction_text_colours`, lightened until it reads (`TEXT_CONTRAST`).
"""

from __future__ import annotations

import colorsys
import copy
import json
import math
from functools import lru_cache
from importlib import resources
from itertools import permutations
from typing import Any

import pygame

from petrograd1917 import paths

# The window's own colours (not data colours): a dark ground, parchment text, brass and red accents.
BACKGROUND = pygame.Color("#17161b")
PANEL = pygame.Color("#23222a")
PANEL_BORDER = pygame.Color("#46424f")
TEXT = pygame.Color("#ece4d0")
MUTED = pygame.Color("#a9a090")
ACCENT = pygame.Color("#d9b45f")  # brass: headings, selection
RED = pygame.Color("#9b3327")  # the revolution's red, for the primary action only
GOOD = pygame.Color("#56b4e9")  # "better" in charts and deltas: sky blue, not green, to stay colour-blind safe
BAD = pygame.Color("#e69f00")  # "worse": orange
NEUTRAL = pygame.Color("#7f7a86")  # no one / contested

# Okabe & Ito (2008): eight colours distinguishable with deuteranopia, protanopia and tritanopia. Ordered so that
# any first four are far apart for normal sight and under simulated deutan and protan vision (vermillion beside
# orange, or blue beside sky blue, would not be): tests/ui/test_theme.py measures it.
OKABE_ITO = (
    pygame.Color("#d55e00"),  # vermillion
    pygame.Color("#0072b2"),  # blue
    pygame.Color("#009e73"),  # bluish green
    pygame.Color("#f0e442"),  # yellow
    pygame.Color("#56b4e9"),  # sky blue
    pygame.Color("#cc79a7"),  # reddish purple
    pygame.Color("#e69f00"),  # orange
    pygame.Color("#bbbbbb"),  # grey, in place of black on a dark ground
)


TEXT_CONTRAST = 4.5  # WCAG 2 contrast ratio for normal text (level AA)
FACTIONS_APART = 30.0  # CIE76 ΔE between any two factions' colours: clearly different colours at a glance
_HUE_STEPS = tuple(sign * step for step in range(3, 181, 3) for sign in (-1, 1))  # degrees, nearest first


def faction_colours(factions: Any, palette: str) -> dict[str, pygame.Color]:
    """Colour per faction id. `factions` is the scenario's tuple of factions (each with `.id` and `.colour`).

    The colour-blind palette takes the first Okabe–Ito colours (as many as there are factions) and gives each
    faction the one nearest its own colour, so a scenario's reds stay reddish and its blues bluish. A scenario's
    own colours are kept, except that of two colours too near each other the first is turned round the colour
    wheel just far enough, so two sides never look alike."""
    own: list[pygame.Color] = []
    for i, faction in enumerate(factions):
        try:
            own.append(pygame.Color(faction.colour))
        except (ValueError, TypeError):
            own.append(pygame.Color(OKABE_ITO[i % len(OKABE_ITO)]))
    if palette != "colour-blind":
        return {f.id: c for f, c in zip(factions, _kept_apart(own), strict=True)}
    chosen = [pygame.Color(OKABE_ITO[i % len(OKABE_ITO)]) for i in range(len(own))]
    if len(own) <= 6:  # the best of the n! ways (720 at most)
        best = min(permutations(chosen), key=lambda p: sum(delta_e(a, b) for a, b in zip(own, p, strict=True)))
        chosen = list(best)
    return {f.id: c for f, c in zip(factions, chosen, strict=True)}


def _kept_apart(colours: list[pygame.Color]) -> list[pygame.Color]:
    """Each colour in turn, if nearer than `FACTIONS_APART` to any other, replaced by the smallest turn of its hue
    that clears them all (unchanged if none does)."""
    out = list(colours)
    for i, colour in enumerate(out):
        others = out[:i] + out[i + 1 :]
        if all(delta_e(colour, other) >= FACTIONS_APART for other in others):
            continue
        hue, light, sat = colorsys.rgb_to_hls(colour.r / 255, colour.g / 255, colour.b / 255)
        for step in _HUE_STEPS:
            r, g, b = colorsys.hls_to_rgb((hue + step / 360) % 1.0, light, sat)
            turned = pygame.Color(round(r * 255), round(g * 255), round(b * 255))
            if all(delta_e(turned, other) >= FACTIONS_APART for other in others):
                out[i] = turned
                break
    return out


def faction_text_colours(factions: Any, palette: str) -> dict[str, pygame.Color]:
    """Colour per faction id for its name written on the dark panels (log, titles, captions): the faction's colour
    lightened, hue kept, until it reads against `PANEL` (and so against the darker `BACKGROUND`)."""
    return {key: readable(colour, PANEL) for key, colour in faction_colours(factions, palette).items()}


def readable(colour: pygame.Color, ground: pygame.Color) -> pygame.Color:
    """`colour` mixed towards white in small steps until its contrast with `ground` reaches `TEXT_CONTRAST`."""
    white = pygame.Color(255, 255, 255)
    for step in range(21):
        shade = pygame.Color(colour).lerp(white, step / 20)
        if contrast(shade, ground) >= TEXT_CONTRAST:
            return shade
    return white


def luminance(colour: pygame.Color) -> float:
    """WCAG relative luminance: 0 for black, 1 for white."""
    r, g, b = (_linear(c / 255) for c in (colour.r, colour.g, colour.b))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: pygame.Color, b: pygame.Color) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white); 4.5 is the least for normal text."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def lab(colour: pygame.Color) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour: the space where distance approximates how different colours look."""
    r, g, b = (_linear(c / 255) for c in (colour.r, colour.g, colour.b))
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def _linear(c: float) -> float:
    """sRGB component (0..1) to linear light."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def delta_e(a: pygame.Color, b: pygame.Color) -> float:
    """CIE76 colour difference: about 2.3 is just noticeable; above 20 or so, clearly different colours."""
    return math.dist(lab(a), lab(b))


@lru_cache(maxsize=1)
def _base_theme() -> dict[str, Any]:
    with open(paths.assets_dir() / "theme.json", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def theme_dict(scale: float) -> dict[str, Any]:
    """The widget theme with every font size multiplied by `scale` (pygame_gui has no scaling of its own)."""
    theme = copy.deepcopy(_base_theme())
    for block in theme.values():
        font = block.get("font") if isinstance(block, dict) else None
        if font and "size" in font:
            font["size"] = str(max(8, round(int(font["size"]) * scale)))
        misc = block.get("misc") if isinstance(block, dict) else None
        if misc:
            for key in ("list_item_height", "title_bar_height", "rect_width"):
                if key in misc:
                    misc[key] = str(round(int(misc[key]) * scale))
    return theme


_FONT_FILES = {False: "NotoSans-Regular.ttf", True: "NotoSans-Bold.ttf"}


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """The widgets' typeface (Noto Sans, shipped with pygame_gui) at a pixel size, for hand-drawn text."""
    ref = resources.files("pygame_gui.data").joinpath(_FONT_FILES[bold])
    with resources.as_file(ref) as path:
        return pygame.font.Font(str(path), max(6, size))


def scaled_font(size: int, scale: float, bold: bool = False) -> pygame.font.Font:
    return font(round(size * scale), bold)
