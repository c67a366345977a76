"""Which links are open to whom now: a bridge while it is down (or the river is frozen), water to sailors and
ships (and to everyone on the ice), a railway while no strike at either end shuts it, a street always. One link at
a time, for the checks and the resolution; every link at once, from arrays, for the kernels (`link_openings`: the
listing's moves and marches, `control.within_reach`)."""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.compiled import helper
from petrograd1917.engine.index import LINK_KIND_CODE, UNIT_KIND_CODE, WATERBORNE, BoolArray, FloatArray, IntArray
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import LinkKind, Scenario, UnitKind

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


# How a link opens to people on foot, as the kernels read it (`link_open`'s rule, the river's freezing fixed by the
# scenario: `openings`); to sailors it opens as on foot or when it is water, to ships only when it is water.
ALWAYS, WHILE_DOWN, WHILE_NO_STRIKE, NEVER = range(4)
ON_FOOT, SAILING, SHIPPED = range(3)  # how a unit travels: its row of `link_openings`


def openings(scenario: Scenario) -> list[int]:
    """[L] how each link opens on foot (`ALWAYS` ... `NEVER`)."""
    frozen = scenario.rules.river_frozen
    on_foot = {
        LinkKind.STREET: ALWAYS,
        LinkKind.BRIDGE: ALWAYS if frozen else WHILE_DOWN,
        LinkKind.RAIL: WHILE_NO_STRIKE,
        LinkKind.WATER: ALWAYS if frozen else NEVER,
    }
    return [on_foot[link.kind] for link in scenario.links]


def rail_limits(scenario: Scenario, workers: FloatArray) -> FloatArray:
    """[D] the strikers above which a district's railways shut (`rail_blocked`; inf where nobody works)."""
    return np.where(workers > 0, scenario.rules.rail_strike_block * workers, np.inf)


def travel_of(unit_kind: int) -> int:
    """How a unit of this kind travels (`ON_FOOT`, `SAILING`, `SHIPPED`)."""
    return SHIPPED if unit_kind == _SHIP else SAILING if unit_kind in _WATERBORNE else ON_FOOT


@helper
def link_openings(
    opening: IntArray, link_kind: IntArray, link_a: IntArray, link_b: IntArray, raised: BoolArray,
    strikers: FloatArray, rail_limit: FloatArray, opens: BoolArray,
) -> None:  # fmt: skip
    """`opens[t, x]`: is link x open now to those who travel as t (`link_open`, every link at once)."""
    for x in range(raised.shape[0]):
        a, b = link_a[x], link_b[x]
        if opening[x] == ALWAYS:
            on_foot = True
        elif opening[x] == WHILE_DOWN:
            on_foot = not raised[x]
        elif opening[x] == WHILE_NO_STRIKE:
            on_foot = not (strikers[a] > rail_limit[a] or strikers[b] > rail_limit[b])
        else:
            on_foot = False
        water = link_kind[x] == _WATER
        opens[ON_FOOT, x] = on_foot
        opens[SAILING, x] = on_foot or water
        opens[SHIPPED, x] = water
