"""Propaganda: your papers and leaflets reach the whole city, adding `strength` to your influence in every
district and to your legitimacy, unless the print run is seized."""

from __future__ import annotations

from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.numeric import add_share_rows
from petrograd1917.engine.orders.base import Effects, Indexed, allowed, order_of
from petrograd1917.engine.orders.common import (
    acting,
    base_chance,
    base_odds_explained,
    bounded_change,
    raised,
    share_change,
    succeeds,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names
from petrograd1917.scenario.model import ActionKind, ActionRule


def gain(rule: ActionRule) -> float:
    """Influence in every district, and legitimacy, won on success."""
    return rule.strength


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    ok = succeeds(state, r, base_chance(state, r))
    if ok:
        add_share_rows(state.influence, 0, state.index.n_districts, r.faction, float(gain(rule)))  # in turn
        state.legitimacy[r.faction] = raised(state.legitimacy.item(r.faction), gain(rule))
    tell_order(state, r.faction, "propaganda", _words, ok)


def _words(named: Names, f: int, ok: bool) -> Said:
    if ok:
        return f"{acting(named, f)} papers and leaflets pass from hand to hand across the city.", {"ok": True}
    return f"{acting(named, f)} print run is seized before it leaves the press.", {"ok": False}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    texts = (f"+{gain(rule):.2f} influence everywhere", f"+{gain(rule):.2f} legitimacy")
    changes = (
        *(share_change(state, "influence", d, r.faction, gain(rule)) for d in range(state.index.n_districts)),
        bounded_change(state, "legitimacy", r.faction, gain(rule)),
    )
    return Effects(texts, changes)


check = allowed
chance = base_chance
explain = base_odds_explained("the press may be raided")

ORDER = order_of(
    __name__,
    ActionKind.PROPAGANDA,
    "Print propaganda",
    "Print papers and posters: influence across the city and legitimacy.",
)
