"""The game screen's order list, without widgets: which rows it shows for the selection (orders given at once,
groups to open, a destination's options), what each says and explains, and rows that keep their places while the
list stays the same (an order no longer possible stays greyed rather than letting the rows below slide up under
the mouse)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from petrograd1917.engine.orders import ORDERS
from petrograd1917.ui.panels_actions import (
    ActionGroup,
    Namer,
    Selection,
    group,
    map_targets,
    preview_html,
    preview_line,
    relevant,
)
from petrograd1917.ui.rules_text import cards_set_off, odds_explained
from petrograd1917.ui.widgets import esc

if TYPE_CHECKING:
    from petrograd1917.engine.actions import Action
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Scenario

GONE_TIP = "Not possible now: given already, or what it needs has changed."
CANCEL = "cancel"


@dataclass(frozen=True)
class OrderRow:
    """One row: an order given at once (`action`), a group to open (`group`, picked on the map when `targets`),
    Cancel (neither), or a greyed row for an order gone (`enabled` False)."""

    key: Any
    label: str
    tip: str
    action: Action | None = None
    group: ActionGroup | None = None
    targets: dict[str, Action] = field(default_factory=dict)
    enabled: bool = True


def order_tip(state: GameState, namer: Namer, action: Action) -> str:
    """An order's tooltip: what it does, its cost, odds and expected effects, why the odds are what they are, and a
    warning of any card it would set off."""
    lines = [preview_html(namer, action, state.preview(action)), odds_explained(state, action)]
    warning = "<font color='#e07b6a'><b>Sets off</b></font>"
    lines += [f"{warning} {esc(c.text())}" for c in cards_set_off(state, action)]
    return "<br>".join(lines)


class OrderList:
    def __init__(self, scenario: Scenario) -> None:
        self.places: dict[str, tuple[str, ...]] = {s.id: (s.district,) for s in scenario.sites}
        self.places.update({link.id: (link.a, link.b) for link in scenario.links})
        self.districts = {d.id for d in scenario.districts}
        self.shown: tuple[Any, list[OrderRow]] = (None, [])  # what the list was for, and its rows in order

    def forget(self) -> None:
        """A new layout: the next list starts afresh."""
        self.shown = (None, [])

    def rows(
        self,
        state: GameState,
        namer: Namer,
        selection: Selection | None,
        choosing: tuple[Action, ...],
    ) -> tuple[list[OrderRow], bool]:
        """The rows to show, and whether it is the same list as last time (so it may keep its scroll). `choosing`:
        the options of an opened group (a destination or an amount), listed instead of the orders."""
        if choosing:  # a choice between options: the orders' list is kept aside meanwhile
            options = [self._single(state, namer, a, namer.option_label(a)) for a in choosing]
            return [*options, OrderRow(CANCEL, "Cancel", "Back to the orders.")], False
        rows = self._orders(state, namer, selection)
        context = (selection, state.turn, state.current_faction)
        old_context, old_rows = self.shown
        if context != old_context:
            self.shown = (context, rows)
            return rows, False
        fresh = {row.key: row for row in rows}
        kept = [
            fresh.pop(row.key)
            if row.key in fresh
            else OrderRow(
                row.key, row.label.split(" · ")[0].rstrip(".") + " · not possible now", GONE_TIP, enabled=False
            )
            for row in old_rows
        ]
        kept += [row for row in rows if row.key in fresh]
        self.shown = (context, kept)
        return kept, True

    def _single(self, state: GameState, namer: Namer, action: Action, what: str) -> OrderRow:
        label = f"{what} · {preview_line(state.preview(action))}"
        return OrderRow(action, label, order_tip(state, namer, action), action=action)

    def _orders(self, state: GameState, namer: Namer, selection: Selection | None) -> list[OrderRow]:
        legal = state.legal_actions()
        selected = selection.id if selection else None
        groups = group(relevant(legal, selection, self.places))
        if selection is not None:
            groups += group(relevant(legal, None, self.places))
        rows = []
        for g in groups:
            first = g.actions[0]
            if g.single:
                rows.append(self._single(state, namer, first, namer.describe(first, selected)))
                continue
            costs = sorted({int(state.preview(a).cost) for a in g.actions})
            cost = f"{costs[0]} AP" if len(costs) == 1 else f"{costs[0]}-{costs[-1]} AP"
            targets = map_targets(g, self.districts)
            where = "pick on the map" if targets else "choose"
            subject = next((x for x in (first.unit, first.district) if x and x != selected), None)
            label = f"{ORDERS[g.kind].label}{': ' + namer(subject) if subject else ''}... · {cost} · {where}"
            tip = f"<b>{esc(ORDERS[g.kind].label)}</b><br>{esc(ORDERS[g.kind].hint)}"
            rows.append(OrderRow((g.kind, first.unit, first.district), label, tip, group=g, targets=targets))
        return rows
