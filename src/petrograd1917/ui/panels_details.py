"""The details panel's text, without widgets: what is selected, described, with the rule that decides its fate
(who holds a district, when a unit goes over) put before its who's who."""

from __future__ import annotations

from typing import TYPE_CHECKING

from petrograd1917.ui.factions import display_name
from petrograd1917.ui.rules_text import camp_html, control_html, going_over_html, sides_html
from petrograd1917.ui.widgets import esc

if TYPE_CHECKING:
    from petrograd1917.ui.map_tooltips import Explainer
    from petrograd1917.ui.panels_actions import Selection
    from petrograd1917.ui.side_view import SideView

WHOS_WHO = "<font color='#d9b45f'>Who's who</font>"


def with_rule(html: str, rule: str) -> str:
    """A description with the rule that decides its fate added before its who's who (which can run long)."""
    head, marker, names = html.partition(WHOS_WHO)
    return f"{head.rstrip()}<br><br>{rule}" + (f"<br><br>{marker}{names}" if marker else "")


def details_html(explainer: Explainer, view: SideView, selection: Selection | None) -> str:
    """The selection described, as the side sees it; with nothing selected, whose screen it is and how that side
    wins."""
    state, snap = view.world, view.snap
    if selection is None:
        if state.is_over():
            return "<b>The game is over.</b>"
        faction = state.scenario.faction(view.faction)
        return (
            f"<b>{esc(display_name(faction))}</b><br><i>Your aim:</i> {esc(faction.objective.description)}<br><br>"
            "<i>Click a district or a unit counter to see it here. Hover over anything on the map for an"
            " explanation.</i>"
        )
    kind, item = selection.kind, selection.id
    if kind == "district":
        return with_rule(explainer.district(item, snap), control_html(state, item))
    if kind == "unit":
        unit = snap.unit(item)
        if unit is None:
            return ""
        camp = camp_html(state, snap, item)
        rules = [going_over_html(state, snap, item), sides_html(state, item), *([camp] if camp else [])]
        return with_rule(explainer.unit(unit), "<br>".join(rules))
    if kind == "site":
        return explainer.site(next(s for s in state.scenario.sites if s.id == item), snap)
    return explainer.link(item, snap)
