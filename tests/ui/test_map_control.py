"""What the mouse means on the map, without a window: hover timing, selection, picking a destination, drag."""

from __future__ import annotations

from dataclasses import dataclass, field

from petrograd1917.engine.actions import Action
from petrograd1917.scenario.model import ActionKind
from petrograd1917.ui.map_control import HOVER_DELAY, Cancel, MapController, Order, Select
from petrograd1917.ui.map_view import Hit
from petrograd1917.ui.panels_actions import Selection


@dataclass
class FakeMap:
    """A map of fixed hits by x coordinate: 0-99 north, 100-199 a stack of two units, 200+ water."""

    dragged: tuple[int, int] = (0, 0)
    drags_ended: int = 0
    zooms: list[float] = field(default_factory=list)

    def hit_test(self, pos: tuple[int, int]) -> Hit | None:
        if pos[0] < 100:
            return Hit("district", "north")
        if pos[0] < 200:
            return Hit("unit", "guards")
        return None

    def stack_of(self, unit_id: str) -> list[str]:
        return ["guards", "police"]

    def drag_to(self, dx: int, dy: int) -> None:
        self.dragged = (dx, dy)

    def end_drag(self) -> None:
        self.drags_ended += 1

    def zoom_at(self, pos: tuple[int, int], factor: float) -> None:
        self.zooms.append(factor)


def controller() -> tuple[MapController, FakeMap]:
    view = FakeMap()
    return MapController(view, lambda hit: "east" if hit.kind == "unit" else None), view  # type: ignore[arg-type]


def test_a_tooltip_is_due_once_after_the_delay_and_a_new_hover_starts_over() -> None:
    mouse, _ = controller()
    assert mouse.motion((10, 10), on_map=True)
    assert mouse.tick(HOVER_DELAY / 2) is None
    assert mouse.tick(HOVER_DELAY) == Hit("district", "north")
    assert mouse.tick(1.0) is None  # once
    assert not mouse.motion((20, 10), on_map=True)  # still the same district
    assert mouse.motion((150, 10), on_map=True) and mouse.tick(HOVER_DELAY / 2) is None
    assert mouse.motion((150, 10), on_map=False) and mouse.hover is None  # off the map (or under a card)


def test_clicks_select_and_cycle_through_a_stack() -> None:
    mouse, _ = controller()
    assert mouse.press((10, 10), 1, {}, None) == Select(Selection("district", "north"))
    first = mouse.press((150, 10), 1, {}, None)
    assert first == Select(Selection("unit", "guards"))
    assert mouse.press((150, 10), 1, {}, Selection("unit", "guards")) == Select(Selection("unit", "police"))
    assert mouse.press((250, 10), 1, {}, Selection("unit", "guards")) == Select(None)  # water clears


def test_while_picking_a_click_gives_the_order_for_that_district_or_nothing() -> None:
    mouse, _ = controller()
    to_north = Action(ActionKind.MOVE, "government", unit="guards", target="north")
    to_east = Action(ActionKind.MOVE, "government", unit="guards", target="east")
    assert mouse.press((10, 10), 1, {"north": to_north}, None) == Order(to_north)
    assert mouse.press((150, 10), 1, {"east": to_east}, None) == Order(to_east)  # a unit stands for its district
    assert mouse.press((250, 10), 1, {"north": to_north}, None) is None


def test_a_right_drag_pans_and_a_right_click_cancels() -> None:
    mouse, view = controller()
    assert mouse.press((50, 50), 3, {}, None) is None and mouse.dragging
    assert mouse.motion((90, 70), on_map=True) and view.dragged == (40, 20)
    assert mouse.release((90, 70), 3) is None and view.drags_ended == 1 and not mouse.dragging
    mouse.press((50, 50), 3, {}, None)
    assert mouse.release((52, 51), 3) == Cancel()
    mouse.press((50, 50), 3, {}, None)  # dragged away and back: still a drag, not a click
    mouse.motion((120, 50), on_map=True)
    assert mouse.release((51, 50), 3) is None
    mouse.wheel(up=True)
    mouse.wheel(up=False)
    assert view.zooms[0] > 1 > view.zooms[1]
