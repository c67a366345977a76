"""The action bar's logic, without widgets: which legal orders concern the selection, how they read, and what
their preview says (cost, odds, expected effects) before the player commits.

Orders that differ only by where they go (move a unit to one of several districts) form one group: the player
picks the group, then clicks the destination on the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from petrograd1917.engine.actions import Action
from petrograd1917.engine.orders import ORDERS
from petrograd1917.scenario.model import ActionKind, Scenario
from petrograd1917.ui.widgets import esc


@dataclass(frozen=True, slots=True)
class Selection:
    kind: str  # "district" | "unit" | "site" | "link"
    id: str


@dataclass(frozen=True, slots=True)
class ActionGroup:
    """One button: a single order, or several alike that differ by destination or amount."""

    kind: ActionKind
    actions: tuple[Action, ...]

    @property
    def single(self) -> bool:
        return len(self.actions) == 1


class Namer:
    """Ids to names for any field of an action (districts, units, sites, links, factions)."""

    def __init__(self, scenario: Scenario, unit_names: dict[str, str]) -> None:
        self.names: dict[str, str] = {}
        for group in (scenario.districts, scenario.sites, scenario.links, scenario.factions):
            for item in group:
                self.names[item.id] = getattr(item, "name", "") or item.id
        self.names.update(unit_names)
        self.districts = {d.id for d in scenario.districts}
        self.scenario = scenario

    def __call__(self, item_id: str | None) -> str:
        return self.names.get(item_id or "", item_id or "")

    def describe(self, action: Action, selected: str | None = None) -> str:
        """A short readable order: "Move: Volynsky reserve battalion to Liteiny", "Seize: Winter Palace". The
        `selected` unit or district goes unnamed (the details panel above the button already names it)."""
        if action.kind is ActionKind.CHOOSE:
            return self.choice_label(action)
        parts = [
            self(action.unit) if action.unit and action.unit != selected else "",
            f"in {self(action.district)}" if action.district and action.district != selected else "",
        ]
        text = ORDERS[action.kind].label
        subject = " ".join(p for p in parts if p)
        if subject:
            text += f": {subject}"
        if action.target:
            joiner = (
                " to " if action.kind in (ActionKind.MOVE, ActionKind.DEMONSTRATE) else (" · " if subject else ": ")
            )
            text += f"{joiner}{self(action.target)}"
        if action.amount is not None:
            unit = " g" if action.kind is ActionKind.SET_RATION else " t"
            text += f" ({action.amount:g}{unit})"
        return text

    def choice_label(self, action: Action) -> str:
        for event in self.scenario.events:
            for choice in event.choices:
                if choice.id == action.choice:
                    return choice.label
        return action.choice or "Choose"

    def option_label(self, action: Action) -> str:
        """What tells apart the orders of one group: the destination or the amount."""
        if action.target:
            return self(action.target)
        if action.amount is not None:
            return f"{action.amount:g}{' g' if action.kind is ActionKind.SET_RATION else ' t'}"
        return self.describe(action)


def relevant(actions: list[Action], selection: Selection | None, places: dict[str, tuple[str, ...]]) -> list[Action]:
    """The legal orders that concern what is selected. `places` maps site ids to their district and bridge ids
    to both banks, so a district also offers the orders aimed at its sites and bridges. Nothing selected: the
    city-wide orders, those aimed at no district, unit, site or bridge."""
    out = []
    for a in actions:
        if a.kind in (ActionKind.PASS, ActionKind.CHOOSE):
            continue
        if selection is None:
            ok = a.unit is None and a.district is None and a.target not in places
        elif selection.kind == "unit":
            ok = a.unit == selection.id
        elif selection.kind == "district":
            aimed_here = a.district is None and selection.id in places.get(a.target or "", ())
            ok = a.unit is None and (a.district == selection.id or aimed_here)
        else:
            ok = a.target == selection.id
        if ok:
            out.append(a)
    return out


def group(actions: list[Action]) -> list[ActionGroup]:
    """Orders alike but for target or amount share a button, in the order the engine listed them."""
    groups: dict[tuple[Any, ...], list[Action]] = {}
    for a in actions:
        groups.setdefault((a.kind, a.unit, a.district), []).append(a)
    return [ActionGroup(key[0], tuple(v)) for key, v in groups.items()]


def map_targets(group_: ActionGroup, districts: set[str]) -> dict[str, Action]:
    """District id -> order, when a group's orders are told apart by a destination district (pick on the map)."""
    if group_.single or not all(a.target in districts for a in group_.actions):
        return {}
    return {a.target: a for a in group_.actions if a.target}


def pct(x: float) -> str:
    return f"{round(100 * x)}%"


def preview_line(preview: Any) -> str:
    """ "1 AP · 70%" for a button label."""
    return f"{preview.cost} AP · {pct(float(preview.odds))}"


def preview_html(namer: Namer, action: Action, preview: Any) -> str:
    """The full preview for a tooltip: what it does, its cost and odds, and what is expected to happen."""
    lines = [f"<b>{esc(namer.describe(action))}</b>", esc(ORDERS[action.kind].hint)]
    points = "point" if preview.cost == 1 else "points"
    lines.append(f"Costs <b>{preview.cost}</b> action {points} · chance of success <b>{pct(float(preview.odds))}</b>")
    effects = list(getattr(preview, "effects", ()) or ())
    if effects:
        lines.append("Expected: " + esc("; ".join(str(e) for e in effects)))
    return "<br>".join(lines)
