"""Which links are open to whom now: a bridge while it is down (or the river is frozen), water to sailors and
ships (and to everyone on the ice), a railway while no strike at either end shuts it, a street always. One link at
a time, for the checks and the resolution (the listing's kernel reads the same rule from the arrays)."""

from __future__ import annotations

from petrograd1917.engine.index import LINK_KIND_CODE, UNIT_KIND_CODE, WATERBORNE
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import LinkKind, UnitKind

_BRIDGE, _WATER, _RAIL = (LINK_KIND_CODE[k] for k in (LinkKind.BRIDGE, LinkKind.WATER, LinkKind.RAIL))
_SHIP = UNIT_KIND_CODE[UnitKind.SHIP]
_WATERBORNE = frozenset(UNIT_KIND_CODE[k] for k in WATERBORNE)
FOOT = -1  # "unit kind" of a marching crowd


def link_open(state: GameState, link: int, unit_kind: int) -> bool:
    """Can a unit of this kind (or a crowd: `FOOT`) cross this link now?"""
    kind = int(state.index.link_kind[link])
    frozen = state.scenario.rules.river_frozen
    if kind == _WATER:
        return unit_kind in _WATERBORNE or (frozen and unit_kind != _SHIP)
    if unit_kind == _SHIP:
        return False
    if kind == _BRIDGE:
        return frozen or not bool(state.link_raised[link])
    if kind == _RAIL:
        return not rail_blocked(state, link)
    return True


def rail_blocked(state: GameState, link: int) -> bool:
    """A railway is shut while strikers outnumber the given share of the workforce at either end."""
    share = state.scenario.rules.rail_strike_block
    index = state.index
    for d in (int(index.link_a[link]), int(index.link_b[link])):
        workers = float(index.workers[d])
        if workers > 0 and state.strikers.item(d) > share * workers:
            return True
    return False


def open_link_to(state: GameState, origin: int, destination: int, unit_kind: int) -> int:
    """The first open link from `origin` to `destination` for this kind of mover, or -1."""
    for link in state.index.links_between.get((origin, destination), ()):
        if link_open(state, link, unit_kind):
            return link
    return -1
