"""Disperse: a unit of yours breaks up the crowd in its district without shooting; it obeys with its obedience,
and then the crowd shrinks by a share `strength` with the odds of its street force (else it stands its ground);
a unit that refuses slips away from you towards the crowd's side by `rules.refusal_loyalty_shift`.

`fire` (engine/orders/fire.py) is the same order with rifles: it shares `split`, the check and the carrying out."""

from __future__ import annotations

from petrograd1917.engine.forces import crowd_faction
from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.numeric import add_share, at_least
from petrograd1917.engine.odds import clip01, obedience, street_force
from petrograd1917.engine.orders.base import Change, Effects, Indexed, Odds, OddsTerm, order_of
from petrograd1917.engine.orders.common import bounded_change, own_ready_unit, raised, unit_says
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, agree, count, possessive, the
from petrograd1917.scenario.model import ActionKind, ActionRule, Unit


def split(state: GameState, r: Indexed, rule: ActionRule) -> tuple[float, float]:
    """(success, obeyed): the order is obeyed with chance `obeyed`; the crowd then breaks with chance
    base_odds + (1 - base_odds) * force. success <= obeyed; the rest of `obeyed` is a crowd that stands firm."""
    obeyed = obedience(state, r.unit, r.faction)
    force = street_force(state, r.unit)
    return obeyed * clip01(rule.base_odds + (1.0 - rule.base_odds) * force), obeyed


def check(state: GameState, r: Indexed) -> str | None:
    reason = own_ready_unit(state, r)
    if reason:
        return reason
    d = state.unit_district.item(r.unit)
    if state.crowd.item(d) < state.scenario.rules.min_crowd:
        return f"there is no crowd in {state.district_name(d)}"
    if r.kind is ActionKind.FIRE and state.unit_arms.item(r.unit) <= 0:
        return f"{unit_says(state, r.unit, 'has', 'have')} no arms to fire"
    return None


def chance(state: GameState, r: Indexed) -> float:
    return split(state, r, state.index.rules[r.kind])[0]


def explain(state: GameState, r: Indexed) -> Odds:
    rule = state.index.rules[r.kind]
    obeyed = obedience(state, r.unit, r.faction)
    force = street_force(state, r.unit)
    return Odds(
        chance(state, r),
        f"obedience {obeyed:.2f} × (base {rule.base_odds:.2f} + (1 − base) × street force {force:.2f})",
        (
            OddsTerm("the unit's obedience to you", obeyed),
            OddsTerm("base odds", rule.base_odds),
            OddsTerm("armed men against the crowd (street force)", force),
        ),
    )


def killed(state: GameState, r: Indexed) -> float:
    """People killed when the unit fires: crowd × `rules.fire_casualty_rate` × the unit's arms."""
    d = state.unit_district.item(r.unit)
    return state.crowd.item(d) * state.scenario.rules.fire_casualty_rate * state.unit_arms.item(r.unit)


def crowd_after(before: float, dead: float, rule: ActionRule) -> float:
    """The crowd once broken: the survivors less a share `strength` of them."""
    return at_least((before - dead) * (1.0 - rule.strength), 0.0)


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    """Disperse or fire: obeyed and the crowd breaks; obeyed and it stands; or refused (loyalty slips)."""
    u, f = r.unit, r.faction
    rules = state.scenario.rules
    d = state.unit_district.item(u)
    firing = r.kind is ActionKind.FIRE
    success, obeyed = split(state, r, rule)
    draw = state.rng.random()  # (a Python float)
    state.unit_moved[u] = True
    if firing:
        state.unit_strain[u] = state.unit_strain.item(u) + rules.fire_strain
    if draw >= obeyed:
        rival = crowd_faction(state).item(d)
        add_share(state.unit_loyalty, u, f, -rules.refusal_loyalty_shift)
        if rival >= 0 and rival != f:
            add_share(state.unit_loyalty, u, rival, rules.refusal_loyalty_shift)
        tell_order(state, r.faction, r.kind.value, _refused_words, state.unit_specs[u], d, firing)
        return
    before = state.crowd.item(d)
    dead = 0.0
    if firing:
        dead = killed(state, r)
        state.unrest[d] = raised(state.unrest.item(d), rules.fire_unrest)
        state.hardship[d] = raised(state.hardship.item(d), rules.fire_hardship)
        state.legitimacy[f] = raised(state.legitimacy.item(f), -rules.fire_legitimacy)
    scattered = draw < success
    state.crowd[d] = crowd_after(before, dead, rule) if scattered else at_least(before - dead, 0.0)
    tell_order(state, r.faction, r.kind.value, _obeyed_words, state.unit_specs[u], d, firing, scattered, dead)


def _refused_words(named: Names, f: int, unit: Unit, d: int, firing: bool) -> Said:
    name, order = the(unit.name), "fire on" if firing else "break up"
    text = (f"{name} {agree(name, 'refuses', 'refuse')} {possessive(named.sides[f])} order to {order} the crowd in "
            f"{named.districts[d]}; soldiers mingle with the people.")  # fmt: skip
    return text, {"outcome": "refused", "unit": unit.id, "district": named.district_ids[d]}


def _obeyed_words(named: Names, f: int, unit: Unit, d: int, firing: bool, scattered: bool, dead: float) -> Said:
    name, place = the(unit.name), named.districts[d]
    if scattered:
        result, outcome = (", the crowd scatters" if firing else ": the crowd is driven off"), "scattered"
    else:
        result, outcome = ", but the crowd stands its ground", "stood"
    if firing:
        text = f"{name} {agree(name, 'fires', 'fire')} on the crowd in {place}: {count(dead)} killed{result}."
    else:
        text = f"{name} {agree(name, 'clears', 'clear')} the streets of {place} with rifle butts and whips{result}."
    return text, {"outcome": outcome, "killed": round(dead), "unit": unit.id, "district": named.district_ids[d]}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    rules = state.scenario.rules
    success, obeyed = split(state, r, rule)
    d = state.unit_district.item(r.unit)
    before = state.crowd.item(d)
    texts = [f"the crowd of {count(before)} in {state.district_name(d)} breaks: {success:.0%}",
             f"the unit refuses: {1 - obeyed:.0%} (its loyalty slips away from you)"]  # fmt: skip
    dead = 0.0
    changes: list[Change] = []
    if r.kind is ActionKind.FIRE:
        dead = killed(state, r)
        texts.append(f"about {count(dead)} killed; +{rules.fire_unrest:.2f} unrest")
        texts.append(f"-{rules.fire_legitimacy:.2f} legitimacy; +{rules.fire_strain:.2f} strain on the unit")
        changes += [
            bounded_change(state, "unrest", d, rules.fire_unrest),
            bounded_change(state, "hardship", d, rules.fire_hardship),
            bounded_change(state, "legitimacy", r.faction, -rules.fire_legitimacy),
            Change("unit_strain", (r.unit,), rules.fire_strain),
        ]
    changes.append(Change("crowd", (d,), crowd_after(before, dead, rule) - before))
    return Effects(tuple(texts), tuple(changes))


ORDER = order_of(
    __name__,
    ActionKind.DISPERSE,
    "Disperse the crowd",
    "Break up the crowd without shooting. Calmer streets if the soldiers obey.",
    needs=("unit",),
)
