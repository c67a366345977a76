"""Fraternise: where a crowd that follows you stands beside a unit that is not yours, the people mix with the
soldiers, and its loyalty moves towards you by `strength`, in proportion to the crowd against the unit's size (the
better drilled the unit, and past a rival's commissar, the harder)."""

from __future__ import annotations

from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.numeric import add_share, at_least, at_most
from petrograd1917.engine.odds import clip01, commissar_factor
from petrograd1917.engine.orders.base import Effects, Indexed, Odds, OddsTerm, order_of
from petrograd1917.engine.orders.common import could_join, following, rival_unit, share_change, succeeds
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, agree, the
from petrograd1917.scenario.model import ActionKind, ActionRule, Unit


def shift(state: GameState, r: Indexed, rule: ActionRule) -> float:
    """Loyalty moved towards the faction: `strength`, in proportion to the crowd against the unit's size."""
    d = state.unit_district.item(r.unit)
    ratio = state.crowd.item(d) / at_least(state.unit_strength.item(r.unit), 1.0)
    return rule.strength * at_most(ratio, 1.0)


def check(state: GameState, r: Indexed) -> str | None:
    refused = rival_unit(state, r) or could_join(state, r)
    if refused:
        return refused
    d = state.unit_district.item(r.unit)
    if state.crowd.item(d) < state.scenario.rules.min_crowd:
        return f"there is no crowd in {state.district_name(d)} to mix with the soldiers"
    return following(state, r, d)


def chance(state: GameState, r: Indexed) -> float:
    base = state.index.rules[r.kind].base_odds
    discipline = state.unit_discipline.item(r.unit)
    return clip01(base * (1.0 - 0.5 * discipline) * commissar_factor(state, r.unit, r.faction))


def explain(state: GameState, r: Indexed) -> Odds:
    base = state.index.rules[r.kind].base_odds
    discipline = state.unit_discipline.item(r.unit)
    halved = ", halved by a rival's commissar" if commissar_factor(state, r.unit, r.faction) < 1.0 else ""
    return Odds(
        chance(state, r),
        f"base {base:.2f} × (1 − 0.5 × discipline {discipline:.2f}){halved}",
        (OddsTerm("base odds", base), OddsTerm("the unit's discipline", discipline, more_is_better=False)),
    )


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    u = r.unit
    ok = succeeds(state, r, chance(state, r))
    if ok:
        add_share(state.unit_loyalty, u, r.faction, shift(state, r, rule))
    tell_order(state, r.faction, "fraternise", _words, state.unit_specs[u], state.unit_district.item(u), ok)


def _words(named: Names, f: int, unit: Unit, d: int, ok: bool) -> Said:
    name, place = unit.name, named.districts[d]
    if ok:
        soldiers = the(name, start=False)
        text = f"Crowds in {place} mix with {soldiers}; the soldiers listen to the speakers of {named.sides[f]}."
    else:
        text = f"{the(name)} {agree(name, 'keeps', 'keep')} the crowd in {place} at bayonet's length."
    return text, {"ok": ok, "unit": unit.id, "district": named.district_ids[d]}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    amount = shift(state, r, rule)
    text = f"+{amount:.2f} loyalty of {the(state.unit_name(r.unit), start=False)} to you"
    return Effects((text,), (share_change(state, "unit_loyalty", r.unit, r.faction, amount),))


ORDER = order_of(
    __name__,
    ActionKind.FRATERNISE,
    "Fraternise",
    "Let the crowd mix with the soldiers: their loyalty drifts towards your side.",
    needs=("unit",),
)
