"""The map of Petrograd: districts coloured by who controls them, unrest, bridges, sites, units — and what is under
the mouse.

Painting is split in two cached layers so a frame costs two blits and a few outlines (60 frames per second):
- the district layer (water, land coloured by control, unrest hatching, links, names) changes only when control,
  unrest or a bridge changes;
- the token layer (plates with gauges and badges, sites, unit counters) changes with each new snapshot.
Every token drawn records its rectangle with what it stands for, so hit testing uses exactly what was painted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from petrograd1917.scenario.model import LinkKind, Scenario
from petrograd1917.ui import map_icons
from petrograd1917.ui.map_geometry import (
    LinkGeometry,
    MapTransform,
    distance_to_segment,
    district_at,
    interior_point,
    link_geometry,
    map_bounds,
)
from petrograd1917.ui.map_layout import Box, DistrictLayout, layout_districts, leader_start
from petrograd1917.ui.map_state import MapSnapshot, UnitView

Colour = tuple[int, int, int]
FontSource = Callable[[int, bool], pygame.font.Font]  # (pixel size, bold) -> font

WATER = (36, 52, 70)  # dark: a blue faction's districts must not melt into the river (tests/ui/test_theme.py)
WATER_LINE = (52, 72, 94)
CONTESTED = (196, 190, 176)
BORDER = (40, 40, 46)
PLATE = (18, 20, 26, 232)  # nearly opaque: a river link or a road beneath must not run through the text
TEXT = (242, 240, 232)
UNREST = (214, 60, 40)
HATCH = (60, 16, 10)  # dark strokes read on every faction colour, red included
HATCH_FROM = 0.3  # unrest from which a district is hatched
SELECT = (255, 255, 255)
TARGET = (80, 240, 120)
LAST_MOVE = (217, 180, 95)  # brass: where the computer just acted
NEUTRAL_UNIT = (150, 150, 150)
MAX_SLOTS = 3  # counter places kept in each district (a stack per side there); more sides share the last place
CARD_SLOTS = 4  # counter places on a card beside a district too small for them (the palace draws every side)
RAISED = (230, 70, 50)


@dataclass(frozen=True, slots=True)
class Hit:
    """What is under a point: `kind` is district, unit, site, link, or one of a district's numbers (unrest, bread,
    crowd, strikers, more) with `id` the district."""

    kind: str
    id: str


@dataclass(slots=True)
class _Tokens:
    surface: pygame.Surface
    hits: list[tuple[pygame.Rect, Hit]] = field(default_factory=list)  # screen rects, in drawing order
    unit_rects: dict[str, pygame.Rect] = field(default_factory=dict)
    stacks: dict[str, list[str]] = field(default_factory=dict)  # first unit id -> the ids under that counter


@dataclass(slots=True)
class _Plate:
    """One district's plate as it reads now: its name and numbers, measured."""

    district: str
    name_img: pygame.Surface
    items: list[tuple[str, pygame.Surface | None, int]]  # (kind, rendered number, width)
    row_w: int
    width: int


def unit_stacks(units: list[UnitView], faction_order: list[str]) -> list[list[UnitView]]:
    """Group a district's units by commander (in turn order, unled last), strongest first within a stack."""
    order = {f: i for i, f in enumerate(faction_order)}
    groups: dict[str | None, list[UnitView]] = {}
    for unit in units:
        groups.setdefault(unit.commander, []).append(unit)
    return [
        sorted(groups[c], key=lambda u: -u.strength)
        for c in sorted(groups, key=lambda c: order.get(c, len(order)) if c else len(order))
    ]


def _box(rect: pygame.Rect) -> Box:
    return (rect.x, rect.y, rect.w, rect.h)


def _moved(point: tuple[int, int], by: tuple[int, int]) -> tuple[int, int]:
    return (point[0] + by[0], point[1] + by[1])


def district_fill(colour: Colour) -> Colour:
    """How a district held by a faction of this colour is painted: the colour paled a little towards parchment,
    so labels and counters stay readable on it."""
    return mix(colour, (236, 230, 214), 0.35)


def mix(a: Colour, b: Colour, t: float) -> Colour:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def short_number(n: float, tight: bool = False) -> str:
    """12 400 -> "12k", 1 250 -> "1.2k" ("1k" when `tight`: a plate's badge keeps to three characters), 950 ->
    "950": counters and plates are small."""
    n = abs(n)
    if n >= 10_000 or (tight and n >= 1000):
        return f"{n / 1000:.0f}k"
    if n >= 1000:
        return f"{n / 1000:.1f}k"
    return f"{n:.0f}"


class MapView:
    def __init__(
        self,
        scenario: Scenario,
        colours: dict[str, Colour],
        font: FontSource,
        scale: float = 1.0,
        overview: bool = False,
    ) -> None:
        self.scenario = scenario
        self.overview = overview  # a thumbnail: names only (see `_paint_overview`)
        self.colours = colours  # faction id -> colour (from the theme's palette)
        self.font = font
        self.ui = scale
        self.rect = pygame.Rect(0, 0, 1, 1)
        self.transform = MapTransform(1.0, 0.0, 0.0)
        self._fit = self.transform
        self.zoom = 1.0
        self.pan = (0.0, 0.0)
        self.dragged = (0, 0)  # pixels the map is being dragged by, not yet applied
        self._bounds = map_bounds(scenario)
        bridge_sites = {s.link: s.position for s in scenario.sites if s.link}
        self._links = link_geometry(scenario, bridge_sites)
        self._anchors = {d.id: interior_point(d.polygon) for d in scenario.districts}
        self._layer: pygame.Surface | None = None
        self._layer_key: object = None
        self._tokens: _Tokens | None = None
        self._tokens_for: MapSnapshot | None = None
        self._layout: dict[str, DistrictLayout] | None = None  # where labels and counters go, for this view

    # -- layout -------------------------------------------------------------------------------------------------

    def resize(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)
        self._fit = MapTransform.fit(self._bounds, _box(self.rect), margin=round(18 * self.ui))
        self._set_view(self.zoom, self.pan)

    def _set_view(self, zoom: float, pan: tuple[float, float]) -> None:
        """Zoom about the view's centre, then pan (pixels); cached layers are painted again."""
        self.zoom = min(max(zoom, 1.0), 4.0)
        limit_x, limit_y = self.rect.width * (self.zoom - 1) / 2, self.rect.height * (self.zoom - 1) / 2
        self.pan = (min(max(pan[0], -limit_x), limit_x), min(max(pan[1], -limit_y), limit_y))
        cx, cy = self.rect.center
        fit = self._fit
        self.transform = MapTransform(
            fit.scale * self.zoom,
            cx + (fit.offset_x - cx) * self.zoom + self.pan[0],
            cy + (fit.offset_y - cy) * self.zoom + self.pan[1],
        )
        self._layer = None
        self._tokens = None
        self._layout = None

    def zoom_at(self, pos: tuple[int, int], factor: float) -> None:
        """Mouse-wheel zoom that keeps the map point under the cursor where it is."""
        old = self.zoom
        new = min(max(old * factor, 1.0), 4.0)
        cx, cy = self.rect.center
        k = new / old
        pan = ((pos[0] - cx) * (1 - k) + self.pan[0] * k, (pos[1] - cy) * (1 - k) + self.pan[1] * k)
        self._set_view(new, pan)

    def pan_by(self, dx: float, dy: float) -> None:
        self._set_view(self.zoom, (self.pan[0] + dx, self.pan[1] + dy))

    def drag_to(self, dx: int, dy: int) -> None:
        """While the mouse drags the map, only shift the painted layers (cheap); `end_drag` repaints."""
        self.dragged = (dx, dy)

    def end_drag(self) -> None:
        dx, dy = self.dragged
        self.dragged = (0, 0)
        if dx or dy:
            self.pan_by(dx, dy)

    def px(self, n: float) -> int:
        return max(1, round(n * self.ui))

    def district_centre(self, district_id: str) -> tuple[int, int]:
        """A point inside the district that picks it when clicked: its plate's centre, or the end of the leader
        line from a plate standing outside."""
        return self.layout()[district_id].anchor

    def layout(self) -> dict[str, DistrictLayout]:
        """Where each district's plate and counter slots go in this view (`map_layout`): worked out from the
        view and the scenario alone, so it stays the same from turn to turn."""
        if self._layout is None:
            districts = self.scenario.districts
            polygons = [self.transform.polygon(d.polygon) for d in districts]
            anchors = [self.transform.to_screen(self._anchors[d.id]) for d in districts]
            marks = [_box(r.inflate(self.px(2), self.px(2))) for r, _ in self._marks()]
            area = _box(self.rect.inflate(-self.px(4), -self.px(4)))
            placed = layout_districts(
                polygons,
                [(float(x), float(y)) for x, y in anchors],
                [self._plate_size(d.name) for d in districts],
                self.counter_size,
                min(len(self.scenario.factions) + 1, MAX_SLOTS),
                min(len(self.scenario.factions) + 1, CARD_SLOTS),
                [_box(self._legend_box())],
                marks,
                area,
                self.px(3),
            )
            self._layout = {d.id: p for d, p in zip(districts, placed, strict=True)}
        return self._layout

    def unit_rect(self, unit_id: str) -> pygame.Rect | None:
        """Where a unit's counter was last drawn (None if it is folded into "+N" or not drawn yet)."""
        return self._tokens.unit_rects.get(unit_id) if self._tokens else None

    def link_middle(self, link_id: str) -> tuple[int, int]:
        geom = next(g for g in self._links if g.link.id == link_id)
        return self.transform.to_screen(geom.middle)

    # -- painting -----------------------------------------------------------------------------------------------

    def draw(
        self,
        surface: pygame.Surface,
        snap: MapSnapshot,
        now: float,
        selected: Hit | None = None,
        hover: Hit | None = None,
        targets: frozenset[str] = frozenset(),
        last_move: str | None = None,
    ) -> None:
        """One frame: the cached layers, then outlines for selection, hover, action targets, the district of the
        computer's last move, and high unrest."""
        if self._layer is None or self._layer_key != snap.layer_key():
            self._layer = self._paint_districts(snap)
            self._layer_key = snap.layer_key()
            self._tokens = None
        if self._tokens is None or self._tokens_for is not snap:
            self._tokens = self._paint_tokens(snap)
            self._tokens_for = snap
        if self.dragged != (0, 0):
            surface.fill(WATER, self.rect)
            at = (self.rect.x + self.dragged[0], self.rect.y + self.dragged[1])
            surface.blit(self._layer, at)
            surface.blit(self._tokens.surface, at)
            return
        surface.blit(self._layer, self.rect.topleft)
        surface.blit(self._tokens.surface, self.rect.topleft)
        pulse = 0.5 + 0.5 * math.sin(now * 4.0)
        for d in self.scenario.districts:
            view = snap.districts[d.id]
            points = self.transform.polygon(d.polygon)
            if d.id in targets:
                pygame.draw.polygon(surface, mix(TARGET, SELECT, pulse * 0.5), points, self.px(4))
            elif d.id == last_move:
                pygame.draw.polygon(surface, mix(LAST_MOVE, SELECT, pulse * 0.4), points, self.px(4))
            elif view.unrest >= 0.6:
                pygame.draw.polygon(surface, mix((120, 20, 10), UNREST, pulse), points, self.px(2))
        if hover and hover.kind == "district" and hover.id not in targets:
            d = next(d for d in self.scenario.districts if d.id == hover.id)
            pygame.draw.polygon(surface, (235, 235, 210), self.transform.polygon(d.polygon), self.px(2))
        if selected and selected.kind == "district":
            d = next(d for d in self.scenario.districts if d.id == selected.id)
            pygame.draw.polygon(surface, SELECT, self.transform.polygon(d.polygon), self.px(3))
        for hit in (hover, selected):
            if hit and hit.kind in ("unit", "site", "link"):
                rect = self._hit_rect(hit)
                if rect is not None:
                    pygame.draw.rect(surface, SELECT, rect.inflate(self.px(4), self.px(4)), self.px(2), self.px(3))

    def _hit_rect(self, hit: Hit) -> pygame.Rect | None:
        assert self._tokens is not None
        return next((r for r, h in self._tokens.hits if h == hit), None)

    def _paint_districts(self, snap: MapSnapshot) -> pygame.Surface:
        layer = pygame.Surface(self.rect.size).convert()
        layer.fill(WATER)
        origin = (-self.rect.left, -self.rect.top)
        step = self.px(14)
        for y in range(step // 2, self.rect.height, step):  # a light ripple so the water reads as water
            for x in range((y // step % 2) * step, self.rect.width, 2 * step):
                pygame.draw.line(layer, WATER_LINE, (x, y), (x + step // 2, y))
        for d in self.scenario.districts:
            view = snap.districts[d.id]
            points = [(x + origin[0], y + origin[1]) for x, y in self.transform.polygon(d.polygon)]
            base = self.colours.get(view.controller or "", CONTESTED)
            fill = district_fill(base) if view.controller else CONTESTED
            pygame.draw.polygon(layer, fill, points)
            if view.unrest >= HATCH_FROM:  # below that the city is quiet: no strokes to clutter the map
                self._hatch(layer, points, view.unrest)
            pygame.draw.polygon(layer, BORDER, points, self.px(2))
        for geom in self._links:
            if geom.link.kind is not LinkKind.BRIDGE:  # bridges go on the token layer, above the labels
                self._paint_link(layer, geom, snap.raised.get(geom.link.id, False), origin)
        return layer

    def _hatch(self, layer: pygame.Surface, points: list[tuple[int, int]], unrest: float) -> None:
        """Diagonal red strokes clipped to the district: denser and stronger as unrest rises."""
        box = pygame.Rect(pygame.draw.polygon(layer, (0, 0, 0), points, 1))
        if box.width < 2 or box.height < 2:
            return
        hatch = pygame.Surface(box.size, pygame.SRCALPHA)
        strength = (unrest - HATCH_FROM) / (1 - HATCH_FROM)
        spacing = self.px(16 - 9 * strength)
        alpha = round(45 + 135 * strength)
        for k in range(-box.height, box.width, spacing):
            pygame.draw.line(hatch, (*HATCH, alpha), (k, box.height), (k + box.height, 0), self.px(2))
        mask = pygame.Surface(box.size, pygame.SRCALPHA)
        pygame.draw.polygon(mask, (255, 255, 255, 255), [(x - box.left, y - box.top) for x, y in points])
        hatch.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        layer.blit(hatch, box.topleft)

    def _paint_link(self, layer: pygame.Surface, geom: LinkGeometry, raised: bool, origin: tuple[int, int]) -> None:
        sa, sb = self.transform.to_screen(geom.start), self.transform.to_screen(geom.end)
        a: tuple[float, float] = (sa[0] + origin[0], sa[1] + origin[1])
        b: tuple[float, float] = (sb[0] + origin[0], sb[1] + origin[1])
        kind = geom.link.kind
        if kind is LinkKind.STREET:
            return  # neighbours share a border: the street needs no drawing
        if kind in (LinkKind.WATER, LinkKind.RAIL):
            colour = (210, 230, 250) if kind is LinkKind.WATER else (60, 55, 50)
            length = max(1.0, math.dist(a, b))
            dash = self.px(8)
            for s in range(0, int(length), 2 * dash):
                t0, t1 = s / length, min(1.0, (s + dash) / length)
                p = (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0)
                q = (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1)
                pygame.draw.line(layer, colour, p, q, self.px(2))
            return
        # a bridge: a deck across the river; raised, its two leaves open and a red gap shows in the middle
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy) or 1.0
        min_len = self.px(22)
        if length < min_len:
            mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            a = (mx - dx / length * min_len / 2, my - dy / length * min_len / 2)
            b = (mx + dx / length * min_len / 2, my + dy / length * min_len / 2)
            dx, dy, length = b[0] - a[0], b[1] - a[1], float(min_len)
        nx, ny = -dy / length, dx / length
        half_w = self.px(4)
        if not raised:
            deck = [
                (a[0] + nx * half_w, a[1] + ny * half_w),
                (b[0] + nx * half_w, b[1] + ny * half_w),
                (b[0] - nx * half_w, b[1] - ny * half_w),
                (a[0] - nx * half_w, a[1] - ny * half_w),
            ]
            pygame.draw.polygon(layer, (110, 100, 88), deck)
            pygame.draw.polygon(layer, (30, 28, 26), deck, 1)
            return
        gap = 0.18
        for t0, t1 in ((0.0, 0.5 - gap), (0.5 + gap, 1.0)):
            p = (a[0] + dx * t0, a[1] + dy * t0)
            q = (a[0] + dx * t1, a[1] + dy * t1)
            lift = self.px(5)
            leaf = [
                (p[0] + nx * half_w, p[1] + ny * half_w - (lift if t0 else 0)),
                (q[0] + nx * half_w, q[1] + ny * half_w - (0 if t0 else lift)),
                (q[0] - nx * half_w, q[1] - ny * half_w - (0 if t0 else lift)),
                (p[0] - nx * half_w, p[1] - ny * half_w - (lift if t0 else 0)),
            ]
            pygame.draw.polygon(layer, (150, 140, 126), leaf)
            pygame.draw.polygon(layer, RAISED, leaf, self.px(2))
        mid = (round(a[0] + dx / 2), round(a[1] + dy / 2))
        pygame.draw.circle(layer, RAISED, mid, self.px(3))

    def _marks(self) -> list[tuple[pygame.Rect, Hit]]:
        """Bridges, river and rail crossings and sites, as the boxes their icons take: labels keep off them."""
        marks: list[tuple[pygame.Rect, Hit]] = []
        for geom in self._links:
            if geom.link.kind is not LinkKind.STREET:
                box = pygame.Rect(0, 0, self.px(18), self.px(18))
                box.center = self.transform.to_screen(geom.middle)
                marks.append((box, Hit("link", geom.link.id)))
        for site in self.scenario.sites:
            box = pygame.Rect(0, 0, self.px(16), self.px(16))
            box.center = self.transform.to_screen(site.position)
            marks.append((box, Hit("site", site.id)))
        return marks

    def _paint_tokens(self, snap: MapSnapshot) -> _Tokens:
        """Leader lines, then plates and counters where the layout puts them, then bridges and sites on top."""
        if self.overview:
            return self._paint_overview()
        tokens = _Tokens(pygame.Surface(self.rect.size, pygame.SRCALPHA))
        surface = tokens.surface
        origin = (-self.rect.left, -self.rect.top)
        marks = self._marks()
        self._paint_legend(tokens)
        layout = self.layout()
        plates = {d.id: self._plate(snap, d.id, d.name) for d in self.scenario.districts}
        shown: dict[str, pygame.Rect] = {}
        for district_id, place in layout.items():
            box = pygame.Rect(place.plate)
            rect = pygame.Rect(0, 0, plates[district_id].width, box.height)
            rect.center = box.center
            shown[district_id] = rect
            if place.leader_end is not None:  # under every plate: no line crosses a label's text
                end = place.leader_end
                start = leader_start(end, place.card or _box(rect))
                pygame.draw.line(surface, PLATE, _moved(start, origin), _moved(end, origin), self.px(2))
                pygame.draw.circle(surface, PLATE, _moved(end, origin), self.px(3))
        faction_order = [f.id for f in self.scenario.factions]
        for district_id, place in layout.items():
            if place.card is not None:  # a district too small for its counters: plate and counters on a card
                card = pygame.Rect(place.card)
                pygame.draw.rect(surface, PLATE, card.move(origin), border_radius=self.px(5))
                pygame.draw.rect(surface, BORDER, card.move(origin), 1, border_radius=self.px(5))
                tokens.hits.append((card, Hit("district", district_id)))
            self._paint_plate(tokens, snap, plates[district_id], shown[district_id].move(origin))
            stacks = unit_stacks(snap.units_in(district_id), faction_order)
            self._paint_stacks(tokens, stacks, place.slots, origin)
        # bridges and sites over the labels, so none is ever hidden (and they are hit first)
        for geom in self._links:
            if geom.link.kind is LinkKind.BRIDGE:
                self._paint_link(surface, geom, snap.raised.get(geom.link.id, False), origin)
        site_font = self.font(self.px(11), True)
        for site in self.scenario.sites:
            holder = snap.site_holders.get(site.id)
            x, y = self.transform.to_screen(site.position)
            fill = self.colours.get(holder or "", (235, 235, 235))
            map_icons.draw_site(surface, site.kind, (x + origin[0], y + origin[1]), self.px(7), fill, site_font)
        tokens.hits.extend(marks)
        return tokens

    def _paint_overview(self) -> _Tokens:
        """A thumbnail's tokens: the legend and each district's name at its innermost point. Plates, counters and
        their leader lines need room a thumbnail lacks (squeezed in, they were drawn far from their districts)."""
        tokens = _Tokens(pygame.Surface(self.rect.size, pygame.SRCALPHA))
        self._paint_legend(tokens)
        font = self.font(self.px(11), True)
        anchors = self.name_anchors()
        for district in self.scenario.districts:
            x, y = anchors[district.id]
            img = font.render(district.name, True, TEXT)
            box = img.get_rect(center=(x - self.rect.left, y - self.rect.top)).inflate(self.px(6), self.px(2))
            pygame.draw.rect(tokens.surface, PLATE, box, border_radius=self.px(3))
            tokens.surface.blit(img, img.get_rect(center=box.center))
        return tokens

    def name_anchors(self) -> dict[str, tuple[int, int]]:
        """Where a thumbnail centres each district's name, in screen pixels: the point farthest inside it."""
        return {d.id: self.transform.to_screen(self._anchors[d.id]) for d in self.scenario.districts}

    def _legend_rows(self) -> list[tuple[str, Colour, str]]:
        rows = [(f.short_name, self.colours.get(f.id, NEUTRAL_UNIT), f.id) for f in self.scenario.factions]
        rows.append(("Contested", CONTESTED, ""))
        return rows

    def _legend_box(self) -> pygame.Rect:
        """Where the legend stands (bottom left), in screen pixels."""
        font = self.font(self.px(11), True)
        rows = self._legend_rows()
        row_h, chip, pad = self.px(16), self.px(10), self.px(5)
        width = chip + 3 * pad + max(font.size(name)[0] for name, _, _ in rows)
        height = len(rows) * row_h + 2 * pad
        return pygame.Rect(self.px(6), self.rect.height - self.px(6) - height, width, height).move(self.rect.topleft)

    def _paint_legend(self, tokens: _Tokens) -> None:
        """Bottom left: each faction's colour and name (hover: who they are), and the grey of contested ground."""
        font = self.font(self.px(11), True)
        row_h, chip, pad = self.px(16), self.px(10), self.px(5)
        box = self._legend_box().move(-self.rect.left, -self.rect.top)
        pygame.draw.rect(tokens.surface, PLATE, box, border_radius=self.px(4))
        for i, (name, colour, faction) in enumerate(self._legend_rows()):
            img = font.render(name, True, TEXT)
            row = pygame.Rect(box.x, box.y + pad + i * row_h, box.w, row_h)
            swatch = pygame.Rect(row.x + pad, row.centery - chip // 2, chip, chip)
            pygame.draw.rect(tokens.surface, colour, swatch)
            pygame.draw.rect(tokens.surface, BORDER, swatch, 1)
            tokens.surface.blit(img, (swatch.right + pad, row.centery - img.get_height() // 2))
            tokens.hits.append((row.move(self.rect.topleft), Hit("faction", faction)))

    def _plate_size(self, name: str) -> tuple[int, int]:
        """The room a district's plate is given whatever its numbers read: the name, or a row with the gauge and two
        badges, so the layout need not change when a number grows or a crowd gathers (a third badge shows where the
        room allows; the district's hover and details give every number)."""
        name_w, name_h = self.font(self.px(13), True).size(name)
        small = self.font(self.px(11), False)
        icon, gap, pad = self.px(13), self.px(5), self.px(3)
        widest = [small.size("0.0d")[0], small.size("00k")[0]]  # bread, and a crowd
        row_w = self.px(30) + sum(icon + self.px(2) + w + gap for w in widest)
        return max(name_w, row_w) + 2 * pad, name_h + icon + 2 * pad

    def _plate(self, snap: MapSnapshot, district_id: str, name: str) -> _Plate:
        """Measure one district's plate as it reads now: name, unrest gauge, bread, crowd, strikers; the last badges
        give way where the row would outgrow the plate's room (a wider plate would run over its neighbours)."""
        view = snap.districts[district_id]
        name_img = self.font(self.px(13), True).render(name, True, TEXT)
        small = self.font(self.px(11), False)
        icon = self.px(13)
        items: list[tuple[str, pygame.Surface | None, int]] = [("unrest", None, self.px(30))]
        badges = [("bread", f"{view.bread_days:.1f}d")]
        if view.crowd >= 50:
            badges.append(("crowd", short_number(view.crowd, tight=True)))
        if view.strikers >= 50:
            badges.append(("strikers", short_number(view.strikers, tight=True)))
        gap, pad = self.px(5), self.px(3)
        room = self._plate_size(name)[0] - 2 * pad
        for kind, label in badges:
            colour = (255, 150, 130) if kind == "bread" and view.bread_days < 1.0 else TEXT
            img = small.render(label, True, colour)
            width = icon + self.px(2) + img.get_width()
            if kind != "bread" and sum(w for _, _, w in items) + gap * len(items) + width > room:
                break
            items.append((kind, img, width))
        row_w = sum(w for _, _, w in items) + gap * (len(items) - 1)
        return _Plate(district_id, name_img, items, row_w, max(name_img.get_width(), row_w) + 2 * pad)

    @property
    def counter_size(self) -> tuple[int, int]:
        return self.px(44), self.px(30)  # a counter and its loyalty bar

    def _paint_plate(self, tokens: _Tokens, snap: MapSnapshot, block: _Plate, plate: pygame.Rect) -> None:
        surface = tokens.surface
        view = snap.districts[block.district]
        pygame.draw.rect(surface, PLATE, plate, border_radius=self.px(4))
        pad, gap, icon = self.px(3), self.px(5), self.px(13)
        surface.blit(block.name_img, (plate.centerx - block.name_img.get_width() // 2, plate.top + pad - self.px(1)))
        tokens.hits.append((plate.move(self.rect.topleft), Hit("district", block.district)))
        x = plate.centerx - block.row_w // 2
        y = plate.bottom - pad - icon
        for kind, img, w in block.items:
            box = pygame.Rect(x, y, w, icon)
            if kind == "unrest":
                bar = pygame.Rect(x, y + icon // 2 - self.px(3), w, self.px(6))
                pygame.draw.rect(surface, (60, 60, 60), bar)
                filled = bar.copy()
                filled.width = round(bar.width * max(0.0, min(1.0, view.unrest)))
                pygame.draw.rect(surface, mix((240, 200, 60), UNREST, view.unrest), filled)
                pygame.draw.rect(surface, TEXT, bar, 1)
            else:
                draw = {
                    "bread": map_icons.draw_bread,
                    "crowd": map_icons.draw_crowd,
                    "strikers": map_icons.draw_strike,
                }[kind]
                draw(surface, pygame.Rect(x, y, icon, icon), (235, 200, 140) if kind == "bread" else TEXT)
                assert img is not None
                surface.blit(img, (x + icon + self.px(2), y + (icon - img.get_height()) // 2))
            tokens.hits.append((box.move(self.rect.topleft), Hit(kind, block.district)))
            x += w + gap

    def _paint_stacks(
        self, tokens: _Tokens, stacks: list[list[UnitView]], slots: tuple[Box, ...], origin: tuple[int, int]
    ) -> None:
        """Each stack in the next of its district's slots. Where a small district has fewer places than stacks,
        the last place holds the rest together (grey, "+N" sides); clicking it goes through all their units."""
        places = list(dict.fromkeys(slots))
        if len(stacks) > len(places):
            stacks = [*stacks[: len(places) - 1], [u for stack in stacks[len(places) - 1 :] for u in stack]]
        bar = self.px(4)
        for stack, place in zip(stacks, places, strict=False):
            screen_rect = pygame.Rect(place)
            rect = pygame.Rect(
                screen_rect.x + origin[0], screen_rect.y + origin[1], screen_rect.w, screen_rect.h - bar - 1
            )
            self._paint_counter(tokens.surface, stack, rect, bar)
            for unit in stack:
                tokens.unit_rects[unit.id] = screen_rect
            tokens.hits.append((screen_rect, Hit("unit", stack[0].id)))
            tokens.stacks[stack[0].id] = [u.id for u in stack]

    def _paint_counter(self, surface: pygame.Surface, stack: list[UnitView], rect: pygame.Rect, bar: int) -> None:
        """One counter per commander in a district: the main unit's kind, the stack's men and its loyalty bar."""
        lead = stack[0]
        mixed = len({u.commander for u in stack}) > 1  # several sides sharing a small district's last place
        fill = NEUTRAL_UNIT if mixed else self.colours.get(lead.commander or "", NEUTRAL_UNIT)
        ink = map_icons.text_colour_on(fill)
        moved = all(u.moved for u in stack)
        pygame.draw.rect(surface, fill, rect, border_radius=self.px(3))
        pygame.draw.rect(surface, (15, 15, 15), rect, 1, self.px(3))
        mark = pygame.Rect(rect.left + self.px(3), rect.top + self.px(3), self.px(16), self.px(11))
        map_icons.draw_unit_mark(surface, lead.kind, mark, ink)
        tag = "mix" if mixed else f"x{len(stack)}" if len(stack) > 1 else map_icons.UNIT_ABBREVIATIONS[lead.kind]
        abbr = self.font(self.px(10), True).render(tag, True, ink)
        surface.blit(abbr, (mark.right + self.px(2), mark.top + (mark.height - abbr.get_height()) // 2))
        strength = self.font(self.px(11), True).render(short_number(sum(u.strength for u in stack)), True, ink)
        surface.blit(strength, strength.get_rect(midbottom=(rect.centerx, rect.bottom + self.px(1))))
        # loyalty bar: the stack's loyalty (weighted by men) as the viewer sees it; grey is "no one"
        men = sum(u.strength for u in stack) or 1.0
        bar_rect = pygame.Rect(rect.left, rect.bottom + 1, rect.width, bar)
        pygame.draw.rect(surface, (90, 90, 90), bar_rect)
        x = float(bar_rect.left)
        for faction in self.scenario.factions:
            share = sum(u.loyalty.get(faction.id, 0.0) * u.strength for u in stack) / men
            if share <= 0.005:
                continue
            seg = pygame.Rect(round(x), bar_rect.top, max(1, round(share * bar_rect.width)), bar)
            pygame.draw.rect(surface, self.colours.get(faction.id, NEUTRAL_UNIT), seg)
            x += share * bar_rect.width
        if moved:
            dim = pygame.Surface(rect.size, pygame.SRCALPHA)
            dim.fill((0, 0, 0, 90))
            surface.blit(dim, rect.topleft)

    def stack_of(self, unit_id: str) -> list[str]:
        """The units drawn under the same counter as `unit_id` (clicking a stack again cycles through them)."""
        if self._tokens is None:
            return [unit_id]
        return next((ids for ids in self._tokens.stacks.values() if unit_id in ids), [unit_id])

    # -- hit testing --------------------------------------------------------------------------------------------

    def hit_test(self, pos: tuple[int, int]) -> Hit | None:
        """Tokens first (topmost last drawn), then bridges and other links, then the district under the point."""
        if not self.rect.collidepoint(pos):
            return None
        if self._tokens is not None:
            for rect, hit in reversed(self._tokens.hits):
                if rect.collidepoint(pos):
                    return hit
        point = self.transform.to_map(pos)
        tolerance = self.px(8) / self.transform.scale
        for geom in self._links:
            if geom.link.kind is LinkKind.BRIDGE and distance_to_segment(point, geom.start, geom.end) < tolerance:
                return Hit("link", geom.link.id)
        district = district_at(self.scenario.districts, point)
        return Hit("district", district.id) if district else None
