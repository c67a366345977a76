"""Demonstrate: people who follow you come out on a district's streets, `strength` × population × (unrest + your
influence) of them, and unrest rises by `strength / 2`; or, naming a neighbouring district, `rules.march_share`
of a crowd already there marches in by an open way on foot."""

from __future__ import annotations

from petrograd1917.engine.links import FOOT, open_link_to
from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.numeric import at_least, at_most
from petrograd1917.engine.orders.base import Change, Effects, Indexed, Odds, order_of
from petrograd1917.engine.orders.common import (
    base_chance,
    base_odds_explained,
    bounded_change,
    following,
    raised,
    succeeds,
    unrest_chance,
    unrest_odds_explained,
    way_taken,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, count
from petrograd1917.scenario.model import ActionKind, ActionRule

UNREST_DIVISOR = 2.0  # a rally raises unrest by strength / UNREST_DIVISOR


def unrest_gain(rule: ActionRule) -> float:
    return rule.strength / UNREST_DIVISOR


def demonstrators(state: GameState, r: Indexed, rule: ActionRule) -> float:
    """People who come out: `strength` x population x (unrest + the faction's influence), up to everyone."""
    d = r.district
    population = state.index.population.item(d)
    room = population - state.crowd.item(d)
    wish = rule.strength * population * (state.unrest.item(d) + state.influence.item(d, r.faction))
    return at_least(at_most(wish, room), 0.0)


def marchers(state: GameState, r: Indexed) -> float:
    """The part of a crowd that marches to the neighbour: `rules.march_share`, as far as there is room there."""
    room = state.index.population.item(r.target) - state.crowd.item(r.target)
    return at_least(at_most(state.scenario.rules.march_share * state.crowd.item(r.district), room), 0.0)


def check(state: GameState, r: Indexed) -> str | None:
    d = r.district
    refused = following(state, r, d)
    if refused:
        return refused
    if r.target < 0:
        if state.crowd.item(d) >= state.index.population.item(d):
            return f"everyone in {state.district_name(d)} is already on the street"
        return None
    if state.crowd.item(d) < state.scenario.rules.min_crowd:
        return f"there is no crowd in {state.district_name(d)} to march"
    if open_link_to(state, d, r.target, FOOT) < 0:
        return f"no open way on foot from {state.district_name(d)} to {state.district_name(r.target)}"
    return None


def chance(state: GameState, r: Indexed) -> float:
    return base_chance(state, r) if r.target >= 0 else unrest_chance(state, r)


_explain_march = base_odds_explained("a march keeps together or breaks up")


def explain(state: GameState, r: Indexed) -> Odds:
    return _explain_march(state, r) if r.target >= 0 else unrest_odds_explained(state, r)


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    d = r.district
    if r.target >= 0:
        if succeeds(state, r, base_chance(state, r)):  # (`chance`, without asking it which way to go)
            moved = marchers(state, r)
            via = way_taken(state, d, r.target, FOOT)
            state.crowd[d] = state.crowd.item(d) - moved  # Python floats: the same sums without numpy scalars
            state.crowd[r.target] = state.crowd.item(r.target) + moved
            tell_order(state, r.faction, "march", _marched_words, d, r.target, via, moved)
        else:
            tell_order(state, r.faction, "march", _broken_words, d, r.target)
        return
    if succeeds(state, r, unrest_chance(state, r)):
        joined = demonstrators(state, r, rule)
        state.crowd[d] = state.crowd.item(d) + joined
        state.unrest[d] = raised(state.unrest.item(d), unrest_gain(rule))
        tell_order(state, r.faction, "demonstrate", _rally_words, d, joined)
    else:
        tell_order(state, r.faction, "demonstrate", _handful_words, d)


def _marched_words(named: Names, f: int, d: int, target: int, via: str, moved: float) -> Said:
    route = f" by {via}" if via else ""
    text = (f"{count(moved)} marchers from {named.districts[d]} push{route} into {named.districts[target]} behind the "
            f"banners of {named.sides[f]}.")  # fmt: skip
    data = {"district": named.district_ids[d], "target": named.district_ids[target], "people": round(moved), "ok": True}
    return text, data


def _broken_words(named: Names, f: int, d: int, target: int) -> Said:
    text = f"The march from {named.districts[d]} to {named.districts[target]} breaks up on the way."
    return text, {"district": named.district_ids[d], "ok": False}


def _rally_words(named: Names, f: int, d: int, joined: float) -> Said:
    text = f"{count(joined)} people fill the streets of {named.districts[d]} behind the banners of {named.sides[f]}."
    return text, {"district": named.district_ids[d], "people": round(joined), "ok": True}


def _handful_words(named: Names, f: int, d: int) -> Said:
    text = f"A rally of {named.sides[f]} in {named.districts[d]} draws only a handful."
    return text, {"district": named.district_ids[d], "ok": False}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    if r.target >= 0:
        moved = marchers(state, r)
        text = f"about {count(moved)} marchers move to {state.district_name(r.target)}"
        return Effects((text,), (Change("crowd", (r.district,), -moved), Change("crowd", (r.target,), moved)))
    joined = demonstrators(state, r, rule)
    texts = (
        f"about {count(joined)} people on the streets of {state.district_name(r.district)}",
        f"+{unrest_gain(rule):.2f} unrest",
    )
    changes = (Change("crowd", (r.district,), joined), bounded_change(state, "unrest", r.district, unrest_gain(rule)))
    return Effects(texts, changes)


ORDER = order_of(
    __name__,
    ActionKind.DEMONSTRATE,
    "Demonstrate",
    "Put a crowd on the street, or march it into a neighbouring district.",
    needs=("district",),
    optional=("target",),
    target="district",
)
