"""Commissar: you send a commissar to a unit of yours, or to one in a district where you have a following; if the
men accept him (less likely the more loyal they are to a rival who commands them), you see their true loyalty, they
obey you better, and their loyalty to you rises by `strength`."""

from __future__ import annotations

from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.numeric import add_share
from petrograd1917.engine.odds import clip01
from petrograd1917.engine.orders.base import Change, Effects, Indexed, Odds, OddsTerm, order_of
from petrograd1917.engine.orders.common import could_join, gone, share_change, succeeds, unit_says
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, agree, side, the
from petrograd1917.scenario.model import ActionKind, ActionRule, Unit


def gain(rule: ActionRule) -> float:
    """Loyalty to the faction a commissar brings."""
    return rule.strength


def hostility(state: GameState, r: Indexed) -> float:
    """The unit's loyalty to a rival who commands it (0 when it is yours or no one's)."""
    commander = state.unit_commander.item(r.unit)
    return state.unit_loyalty.item(r.unit, commander) if commander != -1 and commander != r.faction else 0.0


def check(state: GameState, r: Indexed) -> str | None:
    u = r.unit
    if not state.unit_alive.item(u):
        return gone(state, u)
    if state.unit_commissar.item(u) == r.faction:
        return f"{unit_says(state, u, 'already has', 'already have')} a commissar of {side(state, r.faction)}"
    d = state.unit_district.item(u)
    if state.unit_commander.item(u) != r.faction and state.influence.item(d, r.faction) <= 0:
        return f"no one of {side(state, r.faction)} in {state.district_name(d)} to send"
    return could_join(state, r)


def chance(state: GameState, r: Indexed) -> float:
    base = state.index.rules[r.kind].base_odds
    return clip01(base * (1.0 - 0.5 * hostility(state, r)))


def explain(state: GameState, r: Indexed) -> Odds:
    base = state.index.rules[r.kind].base_odds
    hostile = hostility(state, r)
    return Odds(
        chance(state, r),
        f"base {base:.2f} × (1 − 0.5 × loyalty to a rival commander {hostile:.2f})",
        (OddsTerm("base odds", base), OddsTerm("loyalty to a rival commander", hostile, more_is_better=False)),
    )


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    u, f = r.unit, r.faction
    if succeeds(state, r, chance(state, r)):
        state.unit_commissar[u] = f
        add_share(state.unit_loyalty, u, f, gain(rule))
        tell_order(state, r.faction, "commissar", _joined_words, state.unit_specs[u], state.unit_loyalty.item(u, f))
    else:
        tell_order(state, r.faction, "commissar", _refused_words, state.unit_specs[u])


def _joined_words(named: Names, f: int, unit: Unit, loyal: float) -> Said:
    side_name = named.sides[f]
    text = (f"A commissar of {side_name} joins {the(unit.name, start=False)} and finds the men {loyal:.0%} loyal to "
            f"{side_name}.")  # fmt: skip
    return text, {"unit": unit.id, "loyalty": round(loyal, 3), "ok": True}


def _refused_words(named: Names, f: int, unit: Unit) -> Said:
    name = unit.name
    text = f"{the(name)} {agree(name, 'sends', 'send')} the commissar of {named.sides[f]} packing."
    return text, {"unit": unit.id, "ok": False}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    unit = the(state.unit_name(r.unit), start=False)
    texts = (f"reveals the true loyalty of {unit}", f"+{gain(rule):.2f} loyalty; steadies it under orders")
    changes = (
        Change("unit_commissar", (r.unit,), float(r.faction - state.unit_commissar.item(r.unit))),
        share_change(state, "unit_loyalty", r.unit, r.faction, gain(rule)),
    )
    return Effects(texts, changes)


ORDER = order_of(
    __name__,
    ActionKind.COMMISSAR,
    "Send a commissar",
    "A trusted commissar joins the unit: you see its true loyalty and it wavers less.",
    needs=("unit",),
)
