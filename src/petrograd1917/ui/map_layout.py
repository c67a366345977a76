"""Where each district's label and unit counters go on the screen, worked out once per view (size, zoom, pan).

The layout depends on the districts' screen polygons and fixed sizes only, never on the game state, so nothing
moves from turn to turn: every district gets a plate (its name and numbers) and as many counter slots as there can
be stacks in it (one per side there, up to a few). Counters stand inside their district, clear of the site and
bridge icons drawn over them; a plate stands inside when it fits, else as near the district as it can stand (on it
where there is room), with a leader line from the nearest free point inside. A district too small for its counters
clear of the icons (the Admiralty, with its palace, ministries and bridges, in a small window) gets a card beside
it instead: its plate with its counter slots below, tied to the district by one leader line.

Insideness is measured on the pixel grid (pixel centres, even-odd rule, the same test as `map_geometry.contains`),
through a summed-area table per district, so "is this whole box inside?" is a handful of array reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

Point = tuple[float, float]
Box = tuple[int, int, int, int]  # x, y, width, height in pixels
Segment = tuple[tuple[int, int], tuple[int, int]]

_CENTRE_MARGIN = 3  # a counter's or a leader's end point stays this many pixels inside its district


@dataclass(frozen=True, slots=True)
class DistrictLayout:
    """One district's places: its plate, where the leader line from the plate (or the card) ends (inside the
    district; None when the plate itself stands inside), its counter slots in the order stacks fill them, and the
    card holding the plate and the slots when they stand together beside the district (else None)."""

    plate: Box
    leader_end: tuple[int, int] | None
    slots: tuple[Box, ...]
    card: Box | None = None

    @property
    def anchor(self) -> tuple[int, int]:
        """The point that ties the label to its district: the leader's end, else the plate's centre."""
        if self.leader_end is not None:
            return self.leader_end
        x, y, w, h = self.plate
        return (x + w // 2, y + h // 2)


class _Inside:
    """A district's pixels as a summed-area table over its bounding box (pixel centres inside the polygon)."""

    def __init__(self, polygon: Sequence[Point]) -> None:
        xs = [p[0] for p in polygon]
        ys = [p[1] for p in polygon]
        self.x0, self.y0 = int(np.floor(min(xs))), int(np.floor(min(ys)))
        w, h = int(np.ceil(max(xs))) - self.x0 + 1, int(np.ceil(max(ys))) - self.y0 + 1
        px = self.x0 + 0.5 + np.arange(w, dtype=np.float64)[None, :]
        py = self.y0 + 0.5 + np.arange(h, dtype=np.float64)[:, None]
        inside = np.zeros((h, w), dtype=np.bool_)
        n = len(polygon)
        for i in range(n):
            (ax, ay), (bx, by) = polygon[i], polygon[(i + 1) % n]
            if ay == by:
                continue
            crosses = (ay > py) != (by > py)
            x_at = ax + (py - ay) * (bx - ax) / (by - ay)
            inside ^= crosses & (px < x_at)
        self.mask = inside
        table = np.zeros((h + 1, w + 1), dtype=np.int64)
        table[1:, 1:] = inside.cumsum(0).cumsum(1)
        self.table = table
        self.area = int(inside.sum())

    def counts(self, x: npt.NDArray[np.int64], y: npt.NDArray[np.int64], w: int, h: int) -> npt.NDArray[np.int64]:
        """Pixels inside the district of each box (x, y, w, h), boxes given by arrays of their corners."""
        th, tw = self.table.shape
        x0 = np.clip(x - self.x0, 0, tw - 1)
        y0 = np.clip(y - self.y0, 0, th - 1)
        x1 = np.clip(x - self.x0 + w, 0, tw - 1)
        y1 = np.clip(y - self.y0 + h, 0, th - 1)
        t = self.table
        result: npt.NDArray[np.int64] = t[y1, x1] - t[y0, x1] - t[y1, x0] + t[y0, x0]
        return result

    def centre_inside(self, cx: npt.NDArray[np.int64], cy: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        m = _CENTRE_MARGIN
        side = 2 * m + 1
        ok: npt.NDArray[np.bool_] = self.counts(cx - m, cy - m, side, side) == side * side
        return ok


def _free(
    x: npt.NDArray[np.int64], y: npt.NDArray[np.int64], w: int, h: int, taken: list[Box]
) -> npt.NDArray[np.bool_]:
    """Which boxes (x, y, w, h) overlap none of `taken`."""
    if not taken:
        return np.ones(x.shape, dtype=np.bool_)
    t = np.array(taken, dtype=np.int64)
    tx0, ty0, tx1, ty1 = t[:, 0], t[:, 1], t[:, 0] + t[:, 2], t[:, 1] + t[:, 3]
    hit = (x[:, None] < tx1) & (x[:, None] + w > tx0) & (y[:, None] < ty1) & (y[:, None] + h > ty0)
    free: npt.NDArray[np.bool_] = np.logical_not(hit.any(axis=1))
    return free


def _within(x: npt.NDArray[np.int64], y: npt.NDArray[np.int64], w: int, h: int, area: Box) -> npt.NDArray[np.bool_]:
    ax, ay, aw, ah = area
    ok: npt.NDArray[np.bool_] = (x >= ax) & (y >= ay) & (x + w <= ax + aw) & (y + h <= ay + ah)
    return ok


def layout_districts(
    polygons: Sequence[Sequence[Point]],
    anchors: Sequence[Point],
    plates: Sequence[tuple[int, int]],
    counter: tuple[int, int],
    slots: int,
    card_slots: int,
    fixed: Sequence[Box],
    marks: Sequence[Box],
    area: Box,
    gap: int,
) -> list[DistrictLayout]:
    """Place every district's plate and `slots` counter slots (`card_slots` on a card) (screen pixels).

    `polygons` and `anchors` (an interior point, where the label would ideally sit) are in screen pixels, `plates`
    the plate sizes, `counter` a counter's size, `fixed` boxes nothing may cover (the legend), `marks` boxes no
    plate or counter covers (site and bridge icons, drawn over the counters), `area` the part of the screen that
    may be used. Small districts choose first: they have the least room."""
    insides = [_Inside(p) for p in polygons]
    order = sorted(range(len(polygons)), key=lambda i: (insides[i].area, i))
    taken: list[Box] = list(fixed)
    placed_plates: dict[int, Box] = {}
    labels: list[Box] = []  # plates placed so far: no leader line may pass under one
    placed_slots: dict[int, tuple[Box, ...]] = {}
    ch = counter[1]
    for i in order:  # districts with room for their plate and every counter inside: plate first, counters below
        plate = _place_inside(insides[i], anchors[i], plates[i], [*taken, *marks], area, step=2)
        if plate is None:
            continue
        px, py, pw, ph = plate
        start = (px + pw / 2, py + ph + gap + ch / 2)
        row = _place_slots(insides[i], start, counter, slots, [*taken, plate], marks, area, gap, require=True)
        if row is None:
            continue
        placed_plates[i], placed_slots[i] = plate, row
        taken.extend([plate, *row])
        labels.append(plate)
    # The rest: counters round the district's middle, clear of the icons. A district without room for them gets a
    # card beside it; cards go first (they are the largest and should stand near their district), so each round
    # places the cards known so far, then the counters, until no district is newly found without room.
    first_taken, first_labels, rest = taken, labels, [i for i in order if i not in placed_slots]
    crowded: list[int] = []
    while True:
        taken, labels = list(first_taken), list(first_labels)
        out: dict[int, DistrictLayout] = {}
        leaders: list[Segment] = []  # drawn so far: a later plate must not stand on one
        for i in crowded:
            card, plate, row, end = _card(
                insides[i], anchors[i], plates[i], counter, card_slots, gap, [*taken, *marks], area, leaders, labels
            )
            leaders.append((end, leader_start(end, card)))
            labels.append(card)
            out[i] = DistrictLayout(plate, end, row, card)
            taken.append(card)
        more = []
        for i in rest:
            if i in out:
                continue
            row = _place_slots(insides[i], anchors[i], counter, slots, taken, marks, area, gap, require=False)
            if row is None:
                more.append(i)
                continue
            placed_slots[i] = row
            taken.extend(row)
        if not more:
            break
        crowded = [i for i in order if i in crowded or i in more]
    for i in order:
        if i in out:
            continue
        if i in placed_plates:
            out[i] = DistrictLayout(placed_plates[i], None, placed_slots[i])
            continue
        plate = _place_inside(insides[i], anchors[i], plates[i], [*taken, *marks], area, 2, leaders)
        tied: tuple[int, int] | None = None  # where the plate's leader line ends, if it stands outside
        if plate is None:
            plate, tied = _place_beside(insides[i], anchors[i], plates[i], [*taken, *marks], area, leaders, labels)
            leaders.append((tied, leader_start(tied, plate)))
        taken.append(plate)
        labels.append(plate)
        out[i] = DistrictLayout(plate, tied, placed_slots[i])
    return [out[i] for i in range(len(polygons))]


def _grid(centre: Point, reach: int, step: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Points round `centre`, `reach` pixels sideways and half that up and down (labels are wide), nearest first."""
    dx, dy = _offsets(-(-reach // 32) * 32, step)  # reach rounded up: nearby sizes share one table
    return round(centre[0]) + dx, round(centre[1]) + dy


@lru_cache(maxsize=32)
def _offsets(reach: int, step: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    across = np.arange(-reach, reach + 1, step, dtype=np.int64)
    down = np.arange(-(reach // 2), reach // 2 + 1, step, dtype=np.int64)
    dx, dy = (a.ravel() for a in np.meshgrid(across, down))
    order = np.argsort(dx.astype(np.float64) ** 2 + (2.0 * dy) ** 2, kind="stable")
    return dx[order], dy[order]


def _place_inside(
    inside: _Inside,
    centre: Point,
    size: tuple[int, int],
    taken: list[Box],
    area: Box,
    step: int,
    leaders: Sequence[Segment] = (),
) -> Box | None:
    """The box of `size` wholly inside the district and off `taken`, nearest `centre`; None if there is none."""
    w, h = size
    rows, cols = inside.mask.shape
    xs = np.arange(inside.x0, inside.x0 + cols - w + 1, step, dtype=np.int64)
    ys = np.arange(inside.y0, inside.y0 + rows - h + 1, step, dtype=np.int64)
    if xs.size == 0 or ys.size == 0:
        return None
    x, y = (a.ravel() for a in np.meshgrid(xs, ys))
    ok = (inside.counts(x, y, w, h) == w * h) & _within(x, y, w, h, area)
    idx = np.flatnonzero(ok)
    if idx.size == 0:
        return None
    far = (x[idx] + w / 2 - centre[0]) ** 2 + (2.0 * (y[idx] + h / 2 - centre[1])) ** 2
    idx = idx[np.argsort(far, kind="stable")]
    for first in range(0, idx.size, 512):  # nearest first, a slice at a time: the first free one usually is near
        chunk = idx[first : first + 512]
        for k in chunk[_free(x[chunk], y[chunk], w, h, taken)]:
            box = (int(x[k]), int(y[k]), w, h)
            if not any(_crosses(a, b, box) for a, b in leaders):
                return box
    return None


def _place_slots(
    inside: _Inside,
    start: Point,
    counter: tuple[int, int],
    count: int,
    taken: list[Box],
    marks: Sequence[Box],
    area: Box,
    gap: int,
    *,
    require: bool,
) -> tuple[Box, ...] | None:
    """`count` counter boxes on a lattice round `start`, row by row, each with its centre inside the district,
    off `taken` and the others, with no icon of `marks` standing on it and clear of them where the district has
    room (None if there are not so many places). With `require`, every box must lie mostly inside and on the
    lattice; without, boxes mostly inside are preferred, steps between the lattice's are tried too, and where that
    is not enough a crowded district's counters may overlap each other by a quarter."""
    cw, ch = counter
    pitch_x, pitch_y = cw + gap, ch + gap
    # whole steps of a counter (tidy rows), then, for a crowded district, quarter steps between them
    n, fine = 9, 4
    steps = np.arange(-n * fine, n * fine + 1) / fine
    i, j = (a.ravel() for a in np.meshgrid(steps, steps))
    off_lattice = (i != np.round(i)) | (j != np.round(j))
    if require:
        i, j, off_lattice = i[~off_lattice], j[~off_lattice], off_lattice[~off_lattice]
    cx = np.round(start[0] + i * pitch_x).astype(np.int64)
    cy = np.round(start[1] + j * pitch_y).astype(np.int64)
    x, y = cx - cw // 2, cy - ch // 2
    share = inside.counts(x, y, cw, ch) / (cw * ch)
    ok = inside.centre_inside(cx, cy) & _within(x, y, cw, ch, area)
    if require:
        ok &= share >= 0.6
    # nearest the start, a row before a column, the wholly inside first, the lattice before the steps between
    cost = np.abs(i) + 1.6 * np.abs(j) + 4.0 * (1.0 - share) + 3.0 * off_lattice
    # an icon may touch a counter's rim where the district has no other room, never stand on it (its middle over
    # the counter hides the figures)
    ok &= _free(x, y, cw, ch, [(mx + mw // 2, my + mh // 2, 1, 1) for mx, my, mw, mh in marks])
    cost += 6.0 * ~_free(x, y, cw, ch, list(marks))
    idx = np.flatnonzero(ok)
    idx = idx[np.argsort(cost[idx], kind="stable")]
    chosen: list[Box] = []
    blocked = list(taken)
    for k in idx:
        box = (int(x[k]), int(y[k]), cw, ch)
        if _free(np.array([box[0]]), np.array([box[1]]), cw, ch, blocked)[0]:
            chosen.append(box)
            blocked.append(box)
            if len(chosen) == count:
                break
    if len(chosen) < count and not require:  # a crowded district: its own counters may overlap by a quarter
        for k in idx:
            box = (int(x[k]), int(y[k]), cw, ch)
            own = [(bx + cw // 4, by + ch // 4, cw // 2, ch // 2) for bx, by, _, _ in chosen]
            if box not in chosen and _free(np.array([box[0]]), np.array([box[1]]), cw, ch, [*taken, *own])[0]:
                chosen.append(box)
                if len(chosen) == count:
                    break
    return tuple(chosen) if len(chosen) == count else None


def _card(
    inside: _Inside,
    anchor: Point,
    plate: tuple[int, int],
    counter: tuple[int, int],
    count: int,
    gap: int,
    taken: list[Box],
    area: Box,
    leaders: Sequence[Segment],
    labels: Sequence[Box],
) -> tuple[Box, Box, tuple[Box, ...], tuple[int, int]]:
    """A card beside the district (covering at most a third of it) for its plate and, below it, its `count` counter
    slots in rows as wide as the plate allows: (the card, the plate, the slots, the leader line's end)."""
    (pw, ph), (cw, ch) = plate, counter
    cols = max(1, min(count, (pw + gap) // (cw + gap)))
    rows = -(-count // cols)
    grid_w = cols * cw + (cols - 1) * gap
    w, h = max(pw, grid_w) + 2 * gap, ph + rows * (ch + gap) + 2 * gap
    (x, y, _, _), end = _place_beside(inside, anchor, (w, h), taken, area, leaders, labels, covers_a_third=True)
    left = x + (w - grid_w) // 2
    top = y + gap + ph + gap
    slots = tuple((left + (k % cols) * (cw + gap), top + (k // cols) * (ch + gap), cw, ch) for k in range(count))
    return (x, y, w, h), (x + (w - pw) // 2, y + gap, pw, ph), slots, end


_FAR = 160  # pixels: a box further than this from its district counts as far, whatever the distance


def _gaps(inside: _Inside, x: npt.NDArray[np.int64], y: npt.NDArray[np.int64], w: int, h: int) -> npt.NDArray[np.int64]:
    """How far each box (x, y, w, h) stands from the district, in steps of 4 pixels (0: it touches or covers it;
    `_FAR` and more: far)."""
    gaps = np.full(x.shape, _FAR, dtype=np.int64)
    todo = np.ones(x.shape, dtype=np.bool_)
    for r in range(0, _FAR, 4):
        hit = todo & (inside.counts(x - r, y - r, w + 2 * r, h + 2 * r) > 0)
        gaps[hit] = r
        todo &= ~hit
        if not todo.any():
            break
    return gaps


def _leader_ends(inside: _Inside, taken: list[Box]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Points inside the district (every 2 pixels), off every counter and icon where there are any: where a leader
    line may end."""
    rows, cols = inside.mask.shape
    xs = np.arange(inside.x0, inside.x0 + cols, 2, dtype=np.int64)
    ys = np.arange(inside.y0, inside.y0 + rows, 2, dtype=np.int64)
    cx, cy = (a.ravel() for a in np.meshgrid(xs, ys))
    ok = inside.centre_inside(cx, cy)
    cx, cy = cx[ok], cy[ok]
    m = _CENTRE_MARGIN
    free = _free(cx - m, cy - m, 2 * m + 1, 2 * m + 1, taken)
    return (cx[free], cy[free]) if free.any() else (cx, cy)


def _nearest_end(ends: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]], box: Box) -> tuple[int, int]:
    """The point of `ends` nearest the box (the shortest leader line to it)."""
    ex, ey = ends
    x, y, w, h = box
    dx = np.maximum(np.maximum(x - ex, ex - (x + w - 1)), 0)
    dy = np.maximum(np.maximum(y - ey, ey - (y + h - 1)), 0)
    k = int(np.argmin(dx * dx + dy * dy))
    return (int(ex[k]), int(ey[k]))


def _place_beside(
    inside: _Inside,
    anchor: Point,
    size: tuple[int, int],
    taken: list[Box],
    area: Box,
    leaders: Sequence[Segment],
    labels: Sequence[Box],
    covers_a_third: bool = False,
) -> tuple[Box, tuple[int, int]]:
    """A plate as near the district as it can stand, and where its leader line ends inside the district: off
    everything placed, on as much of its own district as it can, its leader line from the nearest free point inside
    the district passing under no other plate (it may pass under a counter or an icon), and standing on no earlier
    leader line (or, failing that, the nearest free place; failing even that, the place nearest the middle). With
    `covers_a_third`, it covers at most a third of the district (a card must leave its district visible)."""
    w, h = size
    rows, cols = inside.mask.shape
    cx, cy = _grid(anchor, max(rows, cols) + 2 * w, 4)
    x, y = cx - w // 2, cy - h // 2
    fits = _within(x, y, w, h, area)
    covered = inside.counts(x, y, w, h)
    if covers_a_third:
        fits &= covered * 3 <= inside.area
    ends = _leader_ends(inside, taken)
    ok = np.flatnonzero(fits)
    if ok.size == 0:
        box = (int(x[0]), int(y[0]), w, h)
        return box, _nearest_end(ends, box)
    free = ok[_free(x[ok], y[ok], w, h, taken)]
    if free.size == 0:
        box = (int(x[ok[0]]), int(y[ok[0]]), w, h)
        return box, _nearest_end(ends, box)
    free = free[np.lexsort((-covered[free], _gaps(inside, x[free], y[free], w, h)))]  # nearest, then most on it
    for k in free[:600]:
        box = (int(x[k]), int(y[k]), w, h)
        end = _nearest_end(ends, box)
        start = leader_start(end, box)
        if not any(_crosses(end, start, other) for other in labels) and not any(
            _crosses(a, b, box) for a, b in leaders
        ):
            return box, end
    box = (int(x[free[0]]), int(y[free[0]]), w, h)
    return box, _nearest_end(ends, box)


def leader_start(end: tuple[int, int], plate: Box) -> tuple[int, int]:
    """Where a leader line from `end` meets its plate: the plate's point nearest `end`."""
    x, y, w, h = plate
    return (min(max(end[0], x), x + w - 1), min(max(end[1], y), y + h - 1))


def _crosses(a: tuple[int, int], b: tuple[int, int], box: Box) -> bool:
    """Whether the segment a-b passes through the inside of `box` (Liang-Barsky clipping)."""
    x, y, w, h = box
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - x), (dx, x + w - 1 - a[0]), (-dy, a[1] - y), (dy, y + h - 1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True
