"""The faction status bar, as texts computed from the game as the side sees it (the scene only lays them out)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from petrograd1917.engine.standing import standings
from petrograd1917.engine.words import points
from petrograd1917.ui.factions import display_name, turn_points
from petrograd1917.ui.rules_text import fire_policy_html, standing_html
from petrograd1917.ui.widgets import esc

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Scenario


def dates(date: datetime, offset_days: int) -> str:
    """Julian date with the Gregorian beside it: "25 Feb 1917 (10 Mar)"; hours shown on short turns."""
    greg = date + timedelta(days=offset_days)
    hour = f" {date:%H}:00" if date.hour else ""
    return f"{date.day} {date:%b %Y}{hour} ({greg.day} {greg:%b})"


def faction_html(scenario: Scenario, faction_id: str) -> str:
    """Who a faction is, who leads it and how it wins: its hover in the status bar."""
    f = scenario.faction(faction_id)
    lines = [f"<b>{esc(display_name(f))}</b>", esc(f.description)]
    for leader in f.leaders:
        lines.append(f"• <b>{esc(leader.name)}</b>: {esc(leader.role)}")
    lines.append(f"<i>To win:</i> {esc(f.objective.description)}")
    return "<br>".join(lines)


def status_items(state: GameState, faction_id: str, compact: bool = False) -> list[tuple[str, str]]:
    """(text, tooltip) pairs from left to right: faction, action points, score, the standing orders to fire while in
    force, bread, date, turn, read from the game as the side sees it. `compact`: shorter texts for a narrow window
    (the tooltips say it all)."""
    scenario = state.scenario
    fi = state.index.faction[faction_id]
    faction = scenario.faction(faction_id)
    orders_left = int(state.action_points[fi])
    standing = standings(state)[fi]
    n_turns = int(state.index.n_turns)
    when = dates(state.date, scenario.calendar.gregorian_offset_days)
    stock = f"Flour {state.city_stock:,.0f} t"
    policy = fire_policy_html(state)
    shooting = [("Firing", policy)] if policy else []  # short: at 1280 px the bar keeps its full texts
    return [
        (faction.short_name, faction_html(scenario, faction_id)),
        (
            f"Orders {orders_left}" if compact else f"Orders left {orders_left}",
            f"Action points left this turn: <b>{orders_left}</b>. Each turn brings"
            f" {esc(turn_points(state, faction_id).describe())}, counting the sites you hold now. Each order costs"
            " points; unspent points are lost when you end the turn.",
        ),
        (
            f"Score {points(standing.score, 1)}/{standing.target:g}",
            f"{esc(faction.objective.description)}<br>" + standing_html(standing, display_name(faction)),
        ),
        *shooting,
        (
            stock if compact else f"{stock} · {state.ration:.0f} g",
            f"The city's flour stock: <b>{state.city_stock:,.0f} tonnes</b> (more is better) and the daily ration:"
            f" <b>{state.ration:.0f} g</b> a person. A low ration stretches the stock but lengthens the queues.",
        ),
        (
            when.split(" (")[0].replace(f" {state.date:%Y}", "") if compact else when,
            "Russia still used the old Julian calendar in 1917, 13 days behind the Gregorian one used in the West:"
            " so the 'February' revolution began on 8 March and the 'October' one on 7 November by Western dates."
            f" By the Western calendar it is now {esc(when.split(' (')[-1].rstrip(')'))}.",
        ),
        (
            f"Turn {min(state.turn + 1, n_turns)}/{n_turns}",
            f"Turn <b>{state.turn + 1}</b> of {n_turns}. The game ends after the last turn (or earlier, if a faction"
            " meets an immediate victory condition).",
        ),
    ]
