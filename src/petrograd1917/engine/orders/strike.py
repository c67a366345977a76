"""Strike: workers still at work in a district where you have a following walk out, a share `strength` of them
scaled up by unrest, and unrest rises by `strength / 2` (strikes on a railway's ends also stop its trains)."""

from __future__ import annotations

from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.numeric import at_least, at_most
from petrograd1917.engine.odds import clip01
from petrograd1917.engine.orders.base import Change, Effects, Indexed, Odds, OddsTerm, order_of
from petrograd1917.engine.orders.common import acting, bounded_change, following, raised, succeeds
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, count, possessive
from petrograd1917.scenario.model import ActionKind, ActionRule

UNREST_DIVISOR = 2.0  # unrest rises by strength / UNREST_DIVISOR


def unrest_gain(rule: ActionRule) -> float:
    return rule.strength / UNREST_DIVISOR


def joiners(state: GameState, r: Indexed, rule: ActionRule) -> float:
    """Workers who walk out: a share `strength` of those still at work, scaled up by unrest."""
    d = r.district
    idle = state.index.workers.item(d) - state.strikers.item(d)
    return at_least(at_most(rule.strength * idle * (0.5 + state.unrest.item(d)), idle), 0.0)


def check(state: GameState, r: Indexed) -> str | None:
    d = r.district
    if state.index.workers.item(d) - state.strikers.item(d) < 1:
        return f"no workers left to call out in {state.district_name(d)}"
    refused = following(state, r, d)
    if refused:
        return refused
    return None


def chance(state: GameState, r: Indexed) -> float:
    d = r.district
    base = state.index.rules[r.kind].base_odds
    return clip01(base * (0.5 + state.unrest.item(d) + state.influence.item(d, r.faction)))


def explain(state: GameState, r: Indexed) -> Odds:
    d = r.district
    base = state.index.rules[r.kind].base_odds
    unrest, following = state.unrest.item(d), state.influence.item(d, r.faction)
    place = state.district_name(d)
    return Odds(
        chance(state, r),
        f"base {base:.2f} × (0.5 + unrest in {place} {unrest:.2f} + your influence there {following:.2f})",
        (OddsTerm("base odds", base), OddsTerm(f"unrest in {place}", unrest), OddsTerm("your influence", following)),
    )


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    d = r.district
    if succeeds(state, r, chance(state, r)):
        out = joiners(state, r, rule)
        state.strikers[d] = state.strikers.item(d) + out
        state.unrest[d] = raised(state.unrest.item(d), unrest_gain(rule))
        tell_order(state, r.faction, "strike", _struck_words, d, out)
    else:
        tell_order(state, r.faction, "strike", _unheeded_words, d)


def _struck_words(named: Names, f: int, d: int, out: float) -> Said:
    text = f"{count(out)} workers in {named.districts[d]} down tools at {possessive(named.sides[f])} call."
    return text, {"district": named.district_ids[d], "strikers": round(out), "ok": True}


def _unheeded_words(named: Names, f: int, d: int) -> Said:
    text = f"{acting(named, f)} strike call in {named.districts[d]} goes unheeded."
    return text, {"district": named.district_ids[d], "ok": False}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    out = joiners(state, r, rule)
    texts = (
        f"about {count(out)} workers strike in {state.district_name(r.district)}",
        f"+{unrest_gain(rule):.2f} unrest; fewer trains get through",
    )
    changes = (
        Change("strikers", (r.district,), out),
        bounded_change(state, "unrest", r.district, unrest_gain(rule)),
    )
    return Effects(texts, changes)


ORDER = order_of(
    __name__,
    ActionKind.STRIKE,
    "Call a strike",
    "Workers down tools: strikers and unrest rise, and bread trains slow down.",
    needs=("district",),
)
