"""Map geometry without pygame: fitting the scenario's map units into a screen rectangle, and hit testing.

Kept apart from drawing so that clicks, hovers and tests use exactly the same numbers the painter used, and so the
geometry can be checked without a window.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from petrograd1917.scenario.model import District, Link, Scenario

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class MapTransform:
    """Map units → pixels: a uniform scale (the city keeps its shape) and an offset that centres it in the view."""

    scale: float
    offset_x: float
    offset_y: float

    @classmethod
    def fit(
        cls, bounds: tuple[float, float, float, float], view: tuple[int, int, int, int], margin: int = 16
    ) -> MapTransform:
        """Fit `bounds` (min_x, min_y, max_x, max_y in map units) into `view` (x, y, width, height in pixels)."""
        min_x, min_y, max_x, max_y = bounds
        vx, vy, vw, vh = view
        span_x = max(max_x - min_x, 1e-6)
        span_y = max(max_y - min_y, 1e-6)
        scale = max(min((vw - 2 * margin) / span_x, (vh - 2 * margin) / span_y), 1e-6)
        offset_x = vx + (vw - span_x * scale) / 2 - min_x * scale
        offset_y = vy + (vh - span_y * scale) / 2 - min_y * scale
        return cls(scale, offset_x, offset_y)

    def to_screen(self, point: Point) -> tuple[int, int]:
        return (round(point[0] * self.scale + self.offset_x), round(point[1] * self.scale + self.offset_y))

    def to_map(self, pixel: Sequence[float]) -> Point:
        return ((pixel[0] - self.offset_x) / self.scale, (pixel[1] - self.offset_y) / self.scale)

    def polygon(self, points: Sequence[Point]) -> list[tuple[int, int]]:
        return [self.to_screen(p) for p in points]


def map_bounds(scenario: Scenario) -> tuple[float, float, float, float]:
    xs = [x for d in scenario.districts for x, _ in d.polygon] or [0.0, 1000.0]
    ys = [y for d in scenario.districts for _, y in d.polygon] or [0.0, 1000.0]
    return (min(xs), min(ys), max(xs), max(ys))


def centroid(polygon: Sequence[Point]) -> Point:
    """Area centroid (falls back to the vertex mean for degenerate polygons): where a district's label sits."""
    area2 = 0.0
    cx = cy = 0.0
    n = len(polygon)
    for i in range(n):
        x0, y0 = polygon[i]
        x1, y1 = polygon[(i + 1) % n]
        cross = x0 * y1 - x1 * y0
        area2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area2) < 1e-9:
        return (sum(p[0] for p in polygon) / n, sum(p[1] for p in polygon) / n)
    return (cx / (3 * area2), cy / (3 * area2))


def contains(polygon: Sequence[Point], point: Point) -> bool:
    """Even-odd ray casting: true when `point` lies inside `polygon`."""
    x, y = point
    inside = False
    n = len(polygon)
    for i in range(n):
        x0, y0 = polygon[i]
        x1, y1 = polygon[(i + 1) % n]
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def district_at(districts: Sequence[District], point: Point) -> District | None:
    """The district under a map point; the smallest one wins where polygons overlap (an island inside a bay)."""
    hits = [d for d in districts if contains(d.polygon, point)]
    return min(hits, key=lambda d: abs(polygon_area(d.polygon)), default=None)


def polygon_area(polygon: Sequence[Point]) -> float:
    n = len(polygon)
    return sum(polygon[i][0] * polygon[(i + 1) % n][1] - polygon[(i + 1) % n][0] * polygon[i][1] for i in range(n)) / 2


def nearest_points(a: Sequence[Point], b: Sequence[Point]) -> tuple[Point, Point]:
    """The closest pair of vertices of two polygons: where a bridge or a street between them is drawn."""
    return min(((p, q) for p in a for q in b), key=lambda pq: math.dist(pq[0], pq[1]))


@dataclass(frozen=True, slots=True)
class LinkGeometry:
    """Where a link is drawn, in map units: a crossing from `start` to `end` (a bridge spans the water between
    the two banks; a water or rail link runs from centre to centre)."""

    link: Link
    start: Point
    end: Point

    @property
    def middle(self) -> Point:
        return ((self.start[0] + self.end[0]) / 2, (self.start[1] + self.end[1]) / 2)


def link_geometry(scenario: Scenario, bridge_positions: dict[str, Point]) -> list[LinkGeometry]:
    """Lay out every link. A bridge with a bridgehead site is centred on that site, pointing across the river."""
    by_id = {d.id: d for d in scenario.districts}
    out: list[LinkGeometry] = []
    for link in scenario.links:
        a, b = by_id.get(link.a), by_id.get(link.b)
        if a is None or b is None:
            continue
        ca, cb = centroid(a.polygon), centroid(b.polygon)
        if link.kind in ("bridge", "street"):
            pa, pb = nearest_points(a.polygon, b.polygon)
            mid = bridge_positions.get(link.id, ((pa[0] + pb[0]) / 2, (pa[1] + pb[1]) / 2))
            dx, dy = cb[0] - ca[0], cb[1] - ca[1]
            norm = math.hypot(dx, dy) or 1.0
            half = max(math.dist(pa, pb) / 2 + 6.0, 9.0)
            ux, uy = dx / norm * half, dy / norm * half
            out.append(LinkGeometry(link, (mid[0] - ux, mid[1] - uy), (mid[0] + ux, mid[1] + uy)))
        else:
            out.append(LinkGeometry(link, ca, cb))
    return out


def distance_to_segment(point: Point, start: Point, end: Point) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def interior_point(polygon: Sequence[Point]) -> Point:
    """The point inside farthest from every edge (the "pole of inaccessibility"), found on finer and finer grids:
    where a district's label and counters gather. Unlike the centroid or the box centre, it is inside even a
    strongly concave district, and as far from its neighbours as the district allows."""
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-6)
    centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    best = (-1.0, centroid(polygon))
    cell, reach = span / 16, 8
    for _ in range(4):
        for gx in range(-reach, reach + 1):
            for gy in range(-reach, reach + 1):
                point = (centre[0] + gx * cell, centre[1] + gy * cell)
                if contains(polygon, point):
                    room = edge_distance(polygon, point)
                    if room > best[0]:
                        best = (room, point)
        centre, cell, reach = best[1], cell / 4, 4
    return best[1]


def edge_distance(polygon: Sequence[Point], point: Point) -> float:
    """Distance from `point` to the nearest edge of `polygon`."""
    n = len(polygon)
    return min(distance_to_segment(point, polygon[i], polygon[(i + 1) % n]) for i in range(n))
