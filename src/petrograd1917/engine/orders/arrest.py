"""Arrest: your armed men in a district round up a rival's activists there, cutting its influence by `strength`
(the more armed force against the crowd, the likelier); unrest rises by `strength / 2` whether or not they catch
anyone."""

from __future__ import annotations

from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.numeric import add_share
from petrograd1917.engine.odds import armed_pressure, clip01
from petrograd1917.engine.orders.base import Effects, Indexed, Odds, OddsTerm, order_of
from petrograd1917.engine.orders.common import (
    acting,
    bounded_change,
    has_armed_unit,
    raised,
    share_change,
    succeeds,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, side
from petrograd1917.scenario.model import ActionKind, ActionRule

UNREST_DIVISOR = 2.0  # a raid raises unrest by strength / UNREST_DIVISOR, caught or not


def unrest_gain(rule: ActionRule) -> float:
    return rule.strength / UNREST_DIVISOR


def influence_loss(rule: ActionRule) -> float:
    """The target's influence lost on success."""
    return rule.strength


def check(state: GameState, r: Indexed) -> str | None:
    d, g = r.district, r.target
    if g == r.faction:
        return "a faction cannot arrest its own people"
    if state.influence.item(d, g) <= 0:
        return f"no activists of {side(state, g)} in {state.district_name(d)}"
    if not has_armed_unit(state, r.faction, d):
        return f"no armed men of {side(state, r.faction)} in {state.district_name(d)}"
    return None


def chance(state: GameState, r: Indexed) -> float:
    base = state.index.rules[r.kind].base_odds
    return clip01(base * (0.5 + 0.5 * armed_pressure(state, r.faction, r.district)))


def explain(state: GameState, r: Indexed) -> Odds:
    base = state.index.rules[r.kind].base_odds
    pressure = armed_pressure(state, r.faction, r.district)
    return Odds(
        chance(state, r),
        f"base {base:.2f} × (0.5 + 0.5 × armed force against the crowd {pressure:.2f})",
        (OddsTerm("base odds", base), OddsTerm("your armed force against the crowd", pressure)),
    )


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    d, g = r.district, r.target
    state.unrest[d] = raised(state.unrest.item(d), unrest_gain(rule))
    ok = succeeds(state, r, chance(state, r))
    if ok:
        add_share(state.influence, d, g, -influence_loss(rule))
    tell_order(state, r.faction, "arrest", _words, d, g, ok)


def _words(named: Names, f: int, d: int, g: int, ok: bool) -> Said:
    place, them = named.districts[d], named.sides[g]
    if ok:
        text = f"{acting(named, f)} patrols round up activists of {them} in {place}."
    else:
        text = f"Activists of {them} in {place} slip through a raid by {named.sides[f]}."
    return text, {"ok": ok, "district": named.district_ids[d], "target": named.faction_ids[g]}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    texts = (
        f"-{influence_loss(rule):.2f} influence of {side(state, r.target)} in {state.district_name(r.district)}",
        f"+{unrest_gain(rule):.2f} unrest",
    )
    changes = (
        share_change(state, "influence", r.district, r.target, -influence_loss(rule)),
        bounded_change(state, "unrest", r.district, unrest_gain(rule)),
    )
    return Effects(texts, changes)


ORDER = order_of(
    __name__,
    ActionKind.ARREST,
    "Arrest activists",
    "Round up a rival's activists: its influence falls, but unrest rises, caught or not.",
    needs=("district", "target"),
    target="faction",
)
