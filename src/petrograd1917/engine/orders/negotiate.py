"""Negotiate: you open talks with another faction; if they go well your legitimacy rises by `strength`, theirs by
`strength / 2`, and unrest falls by `strength / 2` in every district; if they fail your legitimacy falls by
`strength / 2`."""

from __future__ import annotations

from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.numeric import clip01
from petrograd1917.engine.orders.base import Change, Effects, Indexed, order_of
from petrograd1917.engine.orders.common import (
    base_chance,
    base_odds_explained,
    bounded_change,
    raised,
    succeeds,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names
from petrograd1917.scenario.model import ActionKind, ActionRule

PARTNER_DIVISOR = 2.0  # the other side's legitimacy rises by strength / PARTNER_DIVISOR
CALM_DIVISOR = 2.0  # unrest everywhere falls by strength / CALM_DIVISOR
FAILURE_DIVISOR = 2.0  # failed talks cost strength / FAILURE_DIVISOR legitimacy


def gain(rule: ActionRule) -> float:
    return rule.strength


def partner_gain(rule: ActionRule) -> float:
    return rule.strength / PARTNER_DIVISOR


def calm(rule: ActionRule) -> float:
    return rule.strength / CALM_DIVISOR


def failure_loss(rule: ActionRule) -> float:
    return rule.strength / FAILURE_DIVISOR


def check(state: GameState, r: Indexed) -> str | None:
    return "a faction cannot negotiate with itself" if r.target == r.faction else None


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    ok = succeeds(state, r, base_chance(state, r))
    if ok:
        state.legitimacy[r.faction] = raised(state.legitimacy.item(r.faction), gain(rule))
        state.legitimacy[r.target] = raised(state.legitimacy.item(r.target), partner_gain(rule))
        state.unrest[:] = clip01(state.unrest - calm(rule))
    else:
        state.legitimacy[r.faction] = raised(state.legitimacy.item(r.faction), -failure_loss(rule))
    tell_order(state, r.faction, "negotiate", _words, r.target, ok)


def _words(named: Names, f: int, g: int, ok: bool) -> Said:
    side_name, them = named.sides[f], named.sides[g]
    if ok:
        text = f"Talks between {side_name} and {them} calm the city for a while."
    else:
        text = f"Overtures from {side_name} to {them} come to nothing."
    return text, {"target": named.faction_ids[g], "ok": ok}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    texts = (
        f"+{gain(rule):.2f} legitimacy, calmer streets",
        f"on failure -{failure_loss(rule):.2f} legitimacy",
    )
    changes = (
        bounded_change(state, "legitimacy", r.faction, gain(rule)),
        bounded_change(state, "legitimacy", r.target, partner_gain(rule)),
        *(
            Change("unrest", (d,), max(0.0, state.unrest.item(d) - calm(rule)) - state.unrest.item(d))
            for d in range(state.index.n_districts)
        ),
    )
    return Effects(texts, changes)


chance = base_chance
explain = base_odds_explained("the talks may come to nothing")

ORDER = order_of(
    __name__,
    ActionKind.NEGOTIATE,
    "Negotiate",
    "Appeal to another faction: tension eases, and your standing may rise or fall.",
    needs=("target",),
    target="faction",
)
