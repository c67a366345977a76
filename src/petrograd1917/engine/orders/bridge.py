"""Raise or lower a bridge: your men at either end (or at your bridgehead) work a bridge, and while it is raised
nobody crosses it on foot, troops or crowds (unless the river is frozen). Two orders, `raise_bridge` and
`lower_bridge`, one rule."""

from __future__ import annotations

from dataclasses import replace

from petrograd1917.engine.index import LINK_KIND_CODE
from petrograd1917.engine.log import Said, tell_order
from petrograd1917.engine.orders.base import Change, Effects, Indexed, order_of
from petrograd1917.engine.orders.common import acting, base_chance, base_odds_explained, has_unit, succeeds
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import Names, possessive, side
from petrograd1917.scenario.model import ActionKind, ActionRule, LinkKind

_BRIDGE = LINK_KIND_CODE[LinkKind.BRIDGE]


def _name(state: GameState, link: int) -> str:
    return state.scenario.links[link].name or state.index.link_ids[link]


def check(state: GameState, r: Indexed) -> str | None:
    link = r.target
    index = state.index
    name = _name(state, link)
    if index.link_kind.item(link) != _BRIDGE:
        return f"{name} is not a bridge"
    raised = state.link_raised.item(link)
    if r.kind is ActionKind.RAISE_BRIDGE and raised:
        return f"{name} is already raised"
    if r.kind is ActionKind.LOWER_BRIDGE and not raised:
        return f"{name} is already down"
    ends = (index.link_a.item(link), index.link_b.item(link))
    holders = state.site_holder.tolist()
    holds_bridgehead = any(at == link and holders[s] == r.faction for s, at in enumerate(index.site_link.tolist()))
    if not holds_bridgehead and not any(has_unit(state, r.faction, d) for d in ends):
        return f"no men of {side(state, r.faction)} at either end of {name}"
    return None


def carry_out(state: GameState, r: Indexed, rule: ActionRule) -> None:
    link = r.target
    raise_it = r.kind is ActionKind.RAISE_BRIDGE
    ok = succeeds(state, r, base_chance(state, r))
    if ok:
        state.link_raised[link] = raise_it
    tell_order(state, r.faction, r.kind.value, _words, _name(state, link), state.index.link_ids[link], raise_it, ok)


def _words(named: Names, f: int, name: str, lid: str, raise_it: bool, ok: bool) -> Said:
    if ok:
        text = f"{name} is {'raised' if raise_it else 'lowered'} on {possessive(named.sides[f])} orders."
    else:
        text = f"{acting(named, f)} men fail to {'raise' if raise_it else 'lower'} {name}: the keepers have fled."
    return text, {"link": lid, "ok": ok}


def foresee(state: GameState, r: Indexed, rule: ActionRule) -> Effects:
    raise_it = r.kind is ActionKind.RAISE_BRIDGE
    text = f"{_name(state, r.target)} {'closes to' if raise_it else 'opens for'} troops and crowds on foot"
    return Effects((text,), (Change("link_raised", (r.target,), 1.0 if raise_it else -1.0),))


chance = base_chance
explain = base_odds_explained("the keepers may have fled")

RAISE = order_of(
    __name__,
    ActionKind.RAISE_BRIDGE,
    "Raise the bridge",
    "Open the bridge: nobody crosses the river on foot here.",
    needs=("target",),
    target="link",
)
LOWER = replace(
    RAISE,
    kind=ActionKind.LOWER_BRIDGE,
    label="Lower the bridge",
    hint="Close the bridge again so crowds and troops can cross.",
)
