"""Agitate: speakers win a district's people as far as its mood and your legitimacy let them (unrest carries those
against the regime and works against the regime's own; a side few accept finds few listeners), or a unit's soldiers
(less easily the better drilled they are, and half as easily past a rival's commissar), adding `strength` to your
influence there or to the unit's loyalty to you."""

from __future__ import annotations

from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.numeric import add_share
from petrograd1917.engine.odds import clip01, commissar_factor
from petrograd1917.engine.orders.base import Effects, Indexed, Odds, OddsTerm, order_of
from petrograd1917.engine.orders.common import (
    acting,
    could_join,
    rival_unit,
    share_change,
    succeeds,
    unrest_chance,
    unrest_odds_explained,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, side, the
from petrograd1917.scenario.model import ActionKind, ActionRule, Unit


def gain(rule: ActionRule) -> float:
    """Influence (district) or loyalty (unit) won on success."""
    return rule.strength


def check(state: GameState, r: Indexed) -> str | None:
    if r.unit >= 0:
        u = r.unit
        refused = rival_unit(state, r) or could_join(state, r)
        if refused:
            return refused
        if state.influence.item(state.unit_district.item(u), r.faction) <= 0:
            return f"no agitators of {side(state, r.faction)} in {state.district_name(state.unit_district.item(u))}"
    return None


def chance(state: GameState, r: Indexed) -> float:
    return unit_chance(state, r) if r.unit >= 0 else unrest_chance(state, r)


def unit_chance(state: GameState, r: Indexed) -> float:
    """The chance with a unit's soldiers: less the better drilled they are, halved past a rival's commissar."""
    base = state.index.rules[r.kind].base_odds
    discipline = state.unit_discipline.item(r.unit)
    return clip01(base * (1.0 - 0.5 * discipline) * commissar_factor(state, r.unit, r.faction))


def explain(state: GameState, r: Indexed) -> Odds:
    if r.unit < 0:
        return unrest_odds_explained(state, r)
    base = state.index.rules[r.kind].base_odds
    discipline = state.unit_discipline.item(r.unit)
    factor = commissar_factor(state, r.unit, r.faction)
    halved = ", halved by a rival's commissar" if factor < 1.0 else ""
    return Odds(
        unit_chance(state, r),
        f"base {base:.2f} × (1 − 0.5 × discipline {discipline:.2f}){halved}",
        (OddsTerm("base odds", base), OddsTerm("the unit's discipline", discipline, more_is_better=False)),
    )


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    if r.unit >= 0:  # (each way its own odds, without asking `chance` which way)
        ok = succeeds(state, r, unit_chance(state, r))
        if ok:
            add_share(state.unit_loyalty, r.unit, r.faction, gain(rule))
        tell_order(state, r.faction, "agitate", _unit_words, state.unit_specs[r.unit], ok)
        return
    ok = succeeds(state, r, unrest_chance(state, r))
    if ok:
        add_share(state.influence, r.district, r.faction, gain(rule))
    tell_order(state, r.faction, "agitate", _district_words, r.district, ok)


def _unit_words(named: Names, f: int, unit: Unit, ok: bool) -> Said:
    heard = "win a hearing with" if ok else "are turned away by"
    return f"{acting(named, f)} agitators {heard} {the(unit.name, start=False)}.", {"unit": unit.id, "ok": ok}


def _district_words(named: Names, f: int, d: int, ok: bool) -> Said:
    heard = "draw eager listeners" if ok else "find few listeners"
    text = f"{acting(named, f)} speakers {heard} in {named.districts[d]}."
    return text, {"district": named.district_ids[d], "ok": ok}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    if r.unit >= 0:
        text = f"+{gain(rule):.2f} loyalty in {the(state.unit_name(r.unit), start=False)}"
        return Effects((text,), (share_change(state, "unit_loyalty", r.unit, r.faction, gain(rule)),))
    text = f"+{gain(rule):.2f} influence in {state.district_name(r.district)}"
    return Effects((text,), (share_change(state, "influence", r.district, r.faction, gain(rule)),))


ORDER = order_of(
    __name__,
    ActionKind.AGITATE,
    "Agitate",
    "Speakers win people (or soldiers) over: unrest helps those against the regime and hurts the regime's own, and a"
    " side without legitimacy finds few listeners.",
    optional=("district", "unit"),
)
