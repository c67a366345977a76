"""Small symbols drawn with pygame primitives: unit-kind marks (after military map symbols), site shapes and the
badges for crowds, strikes and bread. Drawn, not loaded, so they scale with the window and need no asset files."""

from __future__ import annotations

import pygame

from petrograd1917.scenario.model import SiteKind, UnitKind

Colour = tuple[int, int, int]

UNIT_ABBREVIATIONS: dict[UnitKind, str] = {
    UnitKind.INFANTRY: "INF",
    UnitKind.COSSACKS: "COS",
    UnitKind.POLICE: "POL",
    UnitKind.CADETS: "CAD",
    UnitKind.SAILORS: "SLR",
    UnitKind.RED_GUARDS: "RG",
    UnitKind.ARMOURED_CARS: "ARM",
    UnitKind.SHIP: "SHIP",
    UnitKind.ARTILLERY: "ART",
    UnitKind.WOMENS_BATTALION: "WBN",
    UnitKind.CYCLISTS: "CYC",
    UnitKind.MACHINE_GUNNERS: "MG",
}

UNIT_KIND_NAMES: dict[UnitKind, str] = {
    UnitKind.INFANTRY: "infantry, a reserve or training battalion",
    UnitKind.COSSACKS: "Cossack cavalry",
    UnitKind.POLICE: "police",
    UnitKind.CADETS: "officer cadets, the junkers",
    UnitKind.SAILORS: "sailors of the Baltic Fleet",
    UnitKind.RED_GUARDS: "Red Guards, armed workers",
    UnitKind.ARMOURED_CARS: "armoured cars",
    UnitKind.SHIP: "warship, moves only by water",
    UnitKind.ARTILLERY: "artillery",
    UnitKind.WOMENS_BATTALION: "women's battalion",
    UnitKind.CYCLISTS: "cyclist battalion",
    UnitKind.MACHINE_GUNNERS: "machine-gun regiment",
}

SITE_LETTERS: dict[SiteKind, str] = {
    SiteKind.PALACE: "P",
    SiteKind.HEADQUARTERS: "H",
    SiteKind.STATION: "S",
    SiteKind.TELEPHONE: "T",
    SiteKind.TELEGRAPH: "G",
    SiteKind.BANK: "B",
    SiteKind.ARSENAL: "A",
    SiteKind.PRISON: "J",
    SiteKind.FORTRESS: "F",
    SiteKind.BARRACKS: "K",
    SiteKind.WORKS: "W",
    SiteKind.BRIDGE: "=",
    SiteKind.PRESS: "N",
}

SITE_KIND_NAMES: dict[SiteKind, str] = {
    SiteKind.PALACE: "palace, seat of power",
    SiteKind.HEADQUARTERS: "headquarters",
    SiteKind.STATION: "railway station, where bread and troops arrive",
    SiteKind.TELEPHONE: "telephone exchange",
    SiteKind.TELEGRAPH: "telegraph office",
    SiteKind.BANK: "bank",
    SiteKind.ARSENAL: "arsenal, arms for whoever holds it",
    SiteKind.PRISON: "prison",
    SiteKind.FORTRESS: "fortress",
    SiteKind.BARRACKS: "barracks",
    SiteKind.WORKS: "great factory",
    SiteKind.BRIDGE: "bridgehead, controls a bridge",
    SiteKind.PRESS: "printing press / newspaper",
}


def text_colour_on(fill: Colour) -> Colour:
    """Black or white, whichever reads better on `fill` (relative luminance)."""
    r, g, b = fill
    return (20, 20, 20) if 0.299 * r + 0.587 * g + 0.114 * b > 140 else (250, 250, 250)


def draw_unit_mark(surface: pygame.Surface, kind: UnitKind, rect: pygame.Rect, colour: Colour) -> None:
    """The kind's symbol inside `rect`, in the style of military map symbols: a frame with a sign inside."""
    pygame.draw.rect(surface, colour, rect, 1)
    r = rect.inflate(-2, -2)
    if kind in (UnitKind.INFANTRY, UnitKind.WOMENS_BATTALION, UnitKind.CADETS, UnitKind.RED_GUARDS):
        pygame.draw.line(surface, colour, r.topleft, r.bottomright)
        pygame.draw.line(surface, colour, r.bottomleft, r.topright)
    if kind is UnitKind.COSSACKS:
        pygame.draw.line(surface, colour, r.bottomleft, r.topright, 2)
    elif kind is UnitKind.ARMOURED_CARS:
        pygame.draw.ellipse(surface, colour, r.inflate(-4, -2), 1)
    elif kind is UnitKind.ARTILLERY:
        pygame.draw.circle(surface, colour, r.center, max(2, r.height // 4))
    elif kind is UnitKind.MACHINE_GUNNERS:
        pygame.draw.line(surface, colour, r.topleft, r.bottomright)
        pygame.draw.line(surface, colour, r.bottomleft, r.topright)
        pygame.draw.circle(surface, colour, r.center, max(2, r.height // 5))
    elif kind is UnitKind.CYCLISTS:
        pygame.draw.circle(surface, colour, (r.left + r.width // 4, r.centery), max(2, r.height // 3), 1)
        pygame.draw.circle(surface, colour, (r.right - r.width // 4, r.centery), max(2, r.height // 3), 1)
    elif kind in (UnitKind.SAILORS, UnitKind.SHIP):
        cx, top, bottom = r.centerx, r.top + 1, r.bottom - 1
        pygame.draw.line(surface, colour, (cx, top), (cx, bottom))
        pygame.draw.line(surface, colour, (cx - r.width // 5, top + 2), (cx + r.width // 5, top + 2))
        pygame.draw.arc(
            surface, colour, pygame.Rect(cx - r.width // 3, bottom - r.height, 2 * r.width // 3, r.height), 3.3, 6.1
        )
        if kind is UnitKind.SHIP:
            pygame.draw.line(surface, colour, (r.left + 1, bottom), (r.right - 1, bottom), 2)
    elif kind is UnitKind.POLICE:
        pygame.draw.polygon(
            surface,
            colour,
            [(r.centerx, r.top + 1), (r.right - 3, r.centery), (r.centerx, r.bottom - 1), (r.left + 3, r.centery)],
            1,
        )
    if kind is UnitKind.RED_GUARDS:
        pygame.draw.circle(surface, colour, r.center, 2)
    if kind is UnitKind.CADETS:
        pygame.draw.line(surface, colour, (r.left, r.top + 2), (r.right, r.top + 2))


def draw_site(
    surface: pygame.Surface, kind: SiteKind, centre: tuple[int, int], radius: int, fill: Colour, font: pygame.font.Font
) -> pygame.Rect:
    """A site token: a shape by family (round for seats of power, square for works and barracks, diamond for
    communications and stations) filled with the holder's colour and marked with a letter. Returns its rect."""
    x, y = centre
    outline = (25, 25, 30)
    if kind in (SiteKind.PALACE, SiteKind.HEADQUARTERS, SiteKind.FORTRESS, SiteKind.PRISON):
        rect = pygame.draw.circle(surface, fill, centre, radius)
        pygame.draw.circle(surface, outline, centre, radius, 2)
    elif kind in (SiteKind.STATION, SiteKind.TELEPHONE, SiteKind.TELEGRAPH, SiteKind.BANK, SiteKind.PRESS):
        points = [(x, y - radius - 1), (x + radius + 1, y), (x, y + radius + 1), (x - radius - 1, y)]
        rect = pygame.draw.polygon(surface, fill, points)
        pygame.draw.polygon(surface, outline, points, 2)
    else:
        rect = pygame.Rect(0, 0, 2 * radius, 2 * radius)
        rect.center = centre
        pygame.draw.rect(surface, fill, rect)
        pygame.draw.rect(surface, outline, rect, 2)
    letter = font.render(SITE_LETTERS[kind], True, text_colour_on(fill))
    surface.blit(letter, letter.get_rect(center=(x, y + 1)))
    return rect


def draw_crowd(surface: pygame.Surface, rect: pygame.Rect, colour: Colour) -> None:
    """Three heads and shoulders: people on the streets."""
    r = max(2, rect.height // 5)
    for i, dx in enumerate((-r * 2, 0, r * 2)):
        cx = rect.centerx + dx
        top = rect.top + (r if i == 1 else r + 2)
        pygame.draw.circle(surface, colour, (cx, top + r), r)
        pygame.draw.ellipse(surface, colour, pygame.Rect(cx - r - 1, top + 2 * r + 1, 2 * r + 2, 2 * r + 1))


def draw_strike(surface: pygame.Surface, rect: pygame.Rect, colour: Colour) -> None:
    """A factory with a crossed-out smoke stack: workers have walked out."""
    base = pygame.Rect(rect.left + 1, rect.centery, rect.width - 2, rect.height // 2 - 1)
    pygame.draw.rect(surface, colour, base)
    stack = pygame.Rect(rect.right - rect.width // 3, rect.top + 1, max(2, rect.width // 6), rect.height // 2)
    pygame.draw.rect(surface, colour, stack)
    pygame.draw.line(surface, (200, 30, 30), rect.topleft, rect.bottomright, 2)


def draw_bread(surface: pygame.Surface, rect: pygame.Rect, colour: Colour) -> None:
    """A loaf: bread left in the district's shops."""
    loaf = rect.inflate(-2, -rect.height // 3)
    pygame.draw.ellipse(surface, colour, loaf)
    for i in (1, 2, 3):
        x = loaf.left + i * loaf.width // 4
        pygame.draw.line(surface, (90, 55, 20), (x - 1, loaf.top + 2), (x + 1, loaf.bottom - 2))
