"""What the mouse means on the game screen's map: hover (and when its tooltip is due), a click that selects or
picks a destination, a right-drag that pans, and the wheel that zooms. The scene hands it mouse positions and
acts on the `Intent` it returns; the controller draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from petrograd1917.ui.panels_actions import Selection

if TYPE_CHECKING:
    from petrograd1917.engine.actions import Action
    from petrograd1917.ui.map_view import Hit, MapView

HOVER_DELAY = 0.35  # seconds over a map item before its tooltip shows
CLICK_SLOP = 4  # pixels a right button may move and still count as a click (which cancels), not a drag
ZOOM_STEP = 1.2
# hit kinds that stand for their own district when a destination is picked
DISTRICT_KINDS = frozenset({"district", "unrest", "bread", "crowd", "strikers"})


@dataclass(frozen=True)
class Select:
    """Show this in the details panel (None: nothing selected)."""

    selection: Selection | None


@dataclass(frozen=True)
class Order:
    """The player picked a highlighted destination: give this order."""

    action: Action


@dataclass(frozen=True)
class Cancel:
    """A right click without dragging: back out of picking, or clear the selection."""


Intent = Select | Order | Cancel


@dataclass
class MapController:
    view: MapView
    district_of: Callable[[Hit], str | None]  # the district a unit or site stands in
    hover: Hit | None = None
    hover_pos: tuple[int, int] = (0, 0)
    hover_time: float = 0.0
    tooltip_due: bool = False  # the hovered item's tooltip has been asked for
    drag_from: tuple[int, int] | None = None
    _moved: int = field(default=0, repr=False)

    # -- hover -------------------------------------------------------------------------------------------------
    def motion(self, pos: tuple[int, int], on_map: bool) -> bool:
        """The mouse moved. True when it was a drag (the map pans) or the hovered item changed (an old tooltip
        must go)."""
        if self.drag_from is not None:
            dx, dy = pos[0] - self.drag_from[0], pos[1] - self.drag_from[1]
            self._moved = max(self._moved, abs(dx) + abs(dy))
            self.view.drag_to(dx, dy)
            self.hover_pos = pos
            return True
        hit = self.view.hit_test(pos) if on_map else None
        self.hover_pos = pos
        if hit == self.hover:
            return False
        self.forget_hover(hit)
        return True

    def forget_hover(self, hit: Hit | None = None) -> None:
        """Start over with `hit` under the mouse (None: after a dialog, where the mouse was is unknown)."""
        self.hover = hit
        self.hover_time = 0.0
        self.tooltip_due = False

    def tick(self, dt: float) -> Hit | None:
        """Time passes; the hovered item, once, when it has been under the mouse long enough for its tooltip."""
        if self.hover is None or self.tooltip_due:
            return None
        self.hover_time += dt
        if self.hover_time < HOVER_DELAY:
            return None
        self.tooltip_due = True
        return self.hover

    # -- clicks and drags --------------------------------------------------------------------------------------
    def press(
        self,
        pos: tuple[int, int],
        button: int,
        picking: Mapping[str, Action],
        selection: Selection | None,
    ) -> Intent | None:
        """A mouse button went down over the map."""
        if button in (2, 3):
            self.drag_from = pos
            self._moved = 0
            return None
        if button != 1:
            return None
        hit = self.view.hit_test(pos)
        if picking:
            district = self.district_under(hit)
            return Order(picking[district]) if district is not None and district in picking else None
        if hit is None or hit.kind == "faction":  # water, or the legend (which explains itself on hover)
            return Select(None)
        if hit.kind == "unit":
            stack = self.view.stack_of(hit.id)
            current = selection.id if selection and selection.kind == "unit" else None
            nxt = stack[(stack.index(current) + 1) % len(stack)] if current in stack else stack[0]
            return Select(Selection("unit", nxt))
        if hit.kind in ("site", "link"):
            return Select(Selection(hit.kind, hit.id))
        return Select(Selection("district", hit.id))

    def release(self, pos: tuple[int, int], button: int) -> Intent | None:
        """A mouse button came up: the end of a drag, or a right click that cancels."""
        if button not in (2, 3) or self.drag_from is None:
            return None
        moved = max(self._moved, abs(pos[0] - self.drag_from[0]) + abs(pos[1] - self.drag_from[1]))
        self.drag_from = None
        self.view.end_drag()
        return Cancel() if moved < CLICK_SLOP else None

    @property
    def dragging(self) -> bool:
        return self.drag_from is not None

    def wheel(self, up: bool) -> None:
        """Zoom in (up) or out about the mouse, which wheel events do not carry."""
        self.view.zoom_at(self.hover_pos, ZOOM_STEP if up else 1 / ZOOM_STEP)

    def district_under(self, hit: Hit | None) -> str | None:
        """The district a hit stands for when picking a destination: itself, or where its unit or site is."""
        if hit is None:
            return None
        return hit.id if hit.kind in DISTRICT_KINDS else self.district_of(hit)
