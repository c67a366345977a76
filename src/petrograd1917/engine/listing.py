"""The list of legal actions, fast: the computer players ask for it at every step of every playout.

The preconditions are those of engine/legality.py (a test holds the two together), applied to whole arrays at once:
the kinds that name a district are [kinds x districts] rows, those that name a unit [kinds x units] rows, and so
on, each part of the list one mask over its block of actions, so a part costs a few numpy operations whatever the
map's size; and a part whose inputs did not change since the thread's last listing is not made again. The `Action`
values are built once per scenario and reused (they are frozen), and so are the lists of marches and moves each
pattern of open links at a district allows. The list is grouped to stay small: a unit moves to a neighbouring
district (not along each of several parallel links), bread goes out in fixed shares, the ration in a few levels.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import numpy as np
import numpy.typing as npt

from petrograd1917.engine.actions import Action
from petrograd1917.engine.bread import MIN_TONNES, daily_tonnes, requisition_tonnes
from petrograd1917.engine.cache import PerObject, Recent
from petrograd1917.engine.evaluate import evaluate
from petrograd1917.engine.events import choice_ids
from petrograd1917.engine.index import (
    UNIT_KIND_CODE,
    WATERBORNE,
    BoolArray,
    FloatArray,
    IntArray,
    ScenarioIndex,
    index_for,
)
from petrograd1917.engine.links import open_links
from petrograd1917.engine.loyalty import joinable
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, LinkKind, Scenario, Unit, UnitKind

K = ActionKind
ObjectArray = npt.NDArray[np.object_]
_SHIP = UNIT_KIND_CODE[UnitKind.SHIP]
_WATERBORNE = frozenset(UNIT_KIND_CODE[k] for k in WATERBORNE)

# The kinds of each mask, in the order of its rows (and of the list the players get).
DISTRICT_KINDS = (K.AGITATE, K.STRIKE, K.DEMONSTRATE, K.DISTRIBUTE_BREAD, K.REQUISITION)
UNIT_KINDS = (K.AGITATE, K.DISPERSE, K.FIRE, K.FRATERNISE, K.COMMISSAR)
SITE_KINDS = (K.SEIZE, K.DEFEND)
LINK_KINDS = (K.RAISE_BRIDGE, K.LOWER_BRIDGE)


@dataclass(frozen=True, slots=True)
class _Tables:
    """Every action one faction can take with this set of units. The masked kinds sit in one row-major block
    (DISTRICT_KINDS x D, UNIT_KINDS x U, SITE_KINDS x S, LINK_KINDS x L, then arrests D x F), seen through one
    [kinds, targets] view per part of the list, so a part selects its actions with one boolean mask."""

    specs: tuple[Unit, ...]
    by_district: ObjectArray  # [DISTRICT_KINDS, D]
    by_unit: ObjectArray  # [UNIT_KINDS, U]
    by_site: ObjectArray  # [SITE_KINDS, S]
    by_link: ObjectArray  # [LINK_KINDS, L]
    by_arrest: ObjectArray  # [D, F]
    faction: str
    mobile: BoolArray  # [U] the unit may move at all
    travel: tuple[int, ...]  # [U] which open-link mask it moves by: 0 on foot, 1 sailors, 2 ships
    rations: tuple[Action, ...]  # one per ration level
    negotiations: tuple[Action, ...]  # the other factions
    passing: Action
    propaganda: Action
    # (district[, unit], which of the district's own links are open) -> the marches / moves they allow, built on
    # first use (not D x D and U x D tables up front, which grow with the square of the map); keyed by the links at
    # the district alone, as a bridge or a railway elsewhere changes nothing there
    march_lists: dict[tuple[int, int], tuple[Action, ...]]
    move_lists: dict[tuple[int, int, int], tuple[Action, ...]]
    may: _Allowed  # what the faction may take in this scenario, whatever its points: what the parts are made for
    affordable: dict[int, _Allowed]  # points left -> what the faction may take and can pay for
    sizes: tuple[int, int, int, int]  # districts, units, sites, links
    scratch: threading.local  # each thread's memo of the list's parts (`_memo`)


@dataclass(frozen=True, slots=True)
class _Allowed:
    """Which kinds of each part of the list the faction may take: allowed to it in this scenario (`_Tables.may`, what
    the parts are made for) or, besides, paid for with some number of points (what is picked from them)."""

    district: tuple[bool, ...]  # DISTRICT_KINDS
    unit: tuple[bool, ...]  # UNIT_KINDS
    site: tuple[bool, ...]  # SITE_KINDS
    link: tuple[bool, ...]  # LINK_KINDS
    arrest: bool
    march: bool
    move: bool
    tail: tuple[bool, bool, bool]  # SET_RATION, PROPAGANDA, NEGOTIATE


def _allowed(kinds: frozenset[ActionKind]) -> _Allowed:
    return _Allowed(
        tuple(k in kinds for k in DISTRICT_KINDS),
        tuple(k in kinds for k in UNIT_KINDS),
        tuple(k in kinds for k in SITE_KINDS),
        tuple(k in kinds for k in LINK_KINDS),
        K.ARREST in kinds,
        K.DEMONSTRATE in kinds,
        K.MOVE in kinds,
        (K.SET_RATION in kinds, K.PROPAGANDA in kinds, K.NEGOTIATE in kinds),
    )


def _build(index: ScenarioIndex, f: int, specs: tuple[Unit, ...]) -> _Tables:
    fid, ds = index.faction_ids[f], index.district_ids
    n_d, n_u, n_s, n_l = len(ds), len(specs), len(index.site_ids), len(index.link_ids)
    flat = (
        *(Action(k, fid, district=d) for k in DISTRICT_KINDS for d in ds),
        *(Action(k, fid, unit=u.id) for k in UNIT_KINDS for u in specs),
        *(Action(k, fid, target=s) for k in SITE_KINDS for s in index.site_ids),
        *(Action(k, fid, target=x) for k in LINK_KINDS for x in index.link_ids),
        *(Action(K.ARREST, fid, district=d, target=g) for d in ds for g in index.faction_ids),
    )
    flat_array = np.empty(len(flat), dtype=object)
    flat_array[:] = flat
    o = len(DISTRICT_KINDS) * n_d + len(UNIT_KINDS) * n_u
    p = o + len(SITE_KINDS) * n_s
    q = p + len(LINK_KINDS) * n_l
    kinds = [UNIT_KIND_CODE[u.kind] for u in specs]
    return _Tables(
        specs=specs,
        by_district=flat_array[: len(DISTRICT_KINDS) * n_d].reshape(len(DISTRICT_KINDS), n_d),
        by_unit=flat_array[len(DISTRICT_KINDS) * n_d : o].reshape(len(UNIT_KINDS), n_u),
        by_site=flat_array[o:p].reshape(len(SITE_KINDS), n_s),
        by_link=flat_array[p:q].reshape(len(LINK_KINDS), n_l),
        by_arrest=flat_array[q:].reshape(n_d, len(index.faction_ids)),
        faction=fid,
        mobile=np.array([u.mobile for u in specs], dtype=np.bool_),
        travel=tuple(2 if kind == _SHIP else 1 if kind in _WATERBORNE else 0 for kind in kinds),
        rations=tuple(Action(K.SET_RATION, fid, amount=level) for level in index.ration_levels),
        negotiations=tuple(Action(K.NEGOTIATE, fid, target=g) for g in index.faction_ids if g != fid),
        passing=Action(K.PASS, fid),
        propaganda=Action(K.PROPAGANDA, fid),
        march_lists={},
        move_lists={},
        may=_allowed(frozenset(index.allowed[f])),
        affordable={},
        sizes=(n_d, n_u, n_s, n_l),
        scratch=threading.local(),
    )


_TABLES_KEPT = 512  # a game whose events added units has its own unit set: keep a few hundred per scenario
_LISTS_KEPT = 4096  # cached march / move lists per table (bridges and rail strikes change the open links)


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class _Kept:
    """What the listing keeps per scenario: what it reads of the scenario that never changes in a game, derived
    once, and the tables built on first use. The tables go by (faction, unit set's identity) -> (that unit set, its
    tables), and by (faction, its units' identities) -> tables, shared by every game whose events add the same
    units; each entry keeps the objects whose ids make its key alive, so an equal id is the same object."""

    rail_limit: FloatArray  # [D] strikers above this shut the district's railways (inf where no one works)
    bridge: BoolArray  # [L] the link is a bridge
    any_bridge: bool
    bridge_sites: IntArray  # sites that hold a bridge ...
    bridge_site_links: IntArray  # ... and the link each holds
    local: tuple[int, ...]  # [D] the links at the district, as bits (bit i: link i)
    open_masks: dict[tuple[bytes, bytes], tuple[int, int, int]]  # (raised bridges, rail strikes) -> open links
    # ration -> [D] would a distribution send a cartload or more if the stock held enough
    distributable: dict[float, BoolArray]
    by_specs: dict[tuple[int, int], tuple[tuple[Unit, ...], _Tables]]
    by_units: dict[tuple[int, tuple[int, ...]], _Tables]
    scratch: threading.local  # each thread's memo of the parts every faction reads alike (crowds, strikes)


def _keep(scenario: Scenario) -> _Kept:
    index = index_for(scenario)
    workers = index.workers
    limit = np.where(workers > 0, scenario.rules.rail_strike_block * workers, np.inf)
    bridge = index.link_is[LinkKind.BRIDGE]
    holds = (index.site_link >= 0).nonzero()[0]
    local = tuple(sum(1 << link for link in set(links)) for links in index.district_links)
    return _Kept(
        limit, bridge, bool(bridge.any()), holds, index.site_link[holds], local, {}, {}, {}, {}, threading.local()
    )


# Kept while the scenario lives (engine/cache.py).
_KEPT: PerObject[Scenario, _Kept] = PerObject(_keep)


def _distributable(state: GameState, kept: _Kept) -> BoolArray:
    """`bread_tonnes >= MIN_TONNES` with the stock left aside (the listing checks it once): min(a, b) >= x is
    a >= x and b >= x."""
    found = kept.distributable.get(state.ration)
    if found is None:
        if len(kept.distributable) >= _LISTS_KEPT:
            kept.distributable.clear()
        strength = state.index.rules[K.DISTRIBUTE_BREAD].strength
        found = kept.distributable[state.ration] = strength * daily_tonnes(state) >= MIN_TONNES
    return found


def _tables(state: GameState, f: int, kept: _Kept) -> _Tables:
    """The faction's tables for this unit set: by the tuple's identity, else by its units' identities (every game
    whose events add the same units builds a new tuple of the same specs; they share one table)."""
    specs = state.unit_specs
    hit = kept.by_specs.get((f, id(specs)))
    if hit is not None and hit[0] is specs:
        return hit[1]
    by_units = (f, tuple(map(id, specs)))
    shared = kept.by_units.get(by_units)
    if shared is None:
        if len(kept.by_units) >= _TABLES_KEPT:
            kept.by_units.pop(next(iter(kept.by_units)))
        shared = kept.by_units[by_units] = _build(state.index, f, specs)
    if len(kept.by_specs) >= _TABLES_KEPT:
        kept.by_specs.pop(next(iter(kept.by_specs)))
    kept.by_specs[(f, id(specs))] = (specs, shared)
    return shared


def _affordable(state: GameState, f: int, tables: _Tables) -> _Allowed:
    """What the faction may take (allowed to it in this scenario) and can pay for with its points left."""
    points = int(state.action_points[f])
    found = tables.affordable.get(points)
    if found is None:
        index = state.index
        found = tables.affordable[points] = _allowed(
            frozenset(k for k in index.allowed[f] if index.rules[k].cost <= points)
        )
    return found


def _open_masks(fixed: _Kept, raised: bytes, striking: bytes, state: GameState) -> tuple[int, int, int]:
    """`open_links` as bits (bit i: link i), cached by all it reads from the state: the raised bridges and the
    rail strikes."""
    key = (raised, striking)
    found = fixed.open_masks.get(key)
    if found is None:
        if len(fixed.open_masks) >= _LISTS_KEPT:
            fixed.open_masks.clear()
        foot, sailors, ships = (int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")
                                for mask in open_links(state))  # fmt: skip
        found = fixed.open_masks[key] = (foot, sailors, ships)
    return found


def legal_actions(state: GameState, faction: str | None = None) -> list[Action]:
    """All legal actions for `faction` (default: whoever is to act): PASS first; only CHOOSE actions while an event
    choice waits. Empty when the game is over or it is not that faction's turn."""
    if state.is_over():
        return []
    f = state.current_faction_index
    current = state.index.faction_ids[f]
    if faction is not None and faction != current:
        return []
    if state.pending_choice is not None:
        return [Action(ActionKind.CHOOSE, current, choice=choice) for choice in choice_ids(state)]
    return _list(state, f)


# ---------------------------------------------------------------------------------------------------------------
# The list is made of parts (the district orders, the unit orders, sites, bridges, arrests, marches, moves, the
# rations), each a pure function of a few things it reads from the state, and those things of the state's arrays.
# Each thread keeps, per table, the values of every part last made, by the bytes of what each was made from
# (`_recall`): one order changes a few arrays, so the next listing makes again only the parts that read them, and
# reuses the rest; and a search that ranks a few positions in turn finds each one's parts still kept. Keys are the
# arrays' raw bytes (or bytes of what is derived from them), so a kept part is exactly what making it again would
# give, whatever changed the state (an order, the end of turn, an event, a test writing into it). The
# masked parts hold every kind the faction may take in the scenario; the kinds its points pay for are picked last.
# ---------------------------------------------------------------------------------------------------------------

Memo = dict[str, Recent[Any, Any]]
T = TypeVar("T")
P = ParamSpec("P")
_PARTS = ("presence", "following", "crowds", "strikes", "districts", "units", "sites", "bridges", "arrests",
          "marches", "moves", "rations")  # fmt: skip
_RECENT = 8  # values kept per part: a search ranks the positions of a few nodes in turn, in worlds of their own


def _memo(scratch: threading.local) -> Memo:
    """This thread's memo in `scratch` (a faction's table's, or the scenario's for the parts all factions share)."""
    memo: Memo | None = getattr(scratch, "memo", None)
    if memo is None:
        memo = scratch.memo = {part: Recent(_RECENT) for part in _PARTS}
    return memo


def _recall(memo: Memo, part: str, key: object, make: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """The part's value for `key`: one kept if it was made from the same key, else made now (and kept)."""
    kept = memo[part]
    value: T | None = kept.get(key)
    if value is None:
        value = kept.keep(key, make(*args, **kwargs))
    return value


@dataclass(slots=True)  # not frozen: made at every miss, and a frozen one costs twice as much to make
class _Presence:
    """Where the faction has men: what the unit, site, bridge and arrest parts read of the units."""

    own: BoolArray  # [U] alive and commanded by the faction
    armed: BoolArray  # [U] has arms
    armed_in: BoolArray  # [D] an armed unit of the faction with men in it is there
    units_in: BoolArray  # [D] a unit of the faction is there
    armed_bytes: bytes
    units_bytes: bytes
    places: list[int]  # [U] each unit's district


def _presence(state: GameState, f: int, n_d: int) -> _Presence:
    where = state.unit_district
    own = state.unit_alive & (state.unit_commander == f)
    armed = state.unit_arms > 0
    armed_in = np.zeros(n_d, dtype=np.bool_)
    armed_in[where[own & armed & (state.unit_strength > 0)]] = True
    units_in = np.zeros(n_d, dtype=np.bool_)
    units_in[where[own]] = True
    return _Presence(own, armed, armed_in, units_in, armed_in.tobytes(), units_in.tobytes(), where.tolist())


def _following(influence: FloatArray, f: int) -> tuple[BoolArray, bytes, BoolArray, bytes]:
    """Where anyone has a following [D, F] (arrests), and where the faction has one [D]."""
    anyone = influence > 0.0
    column = anyone[:, f]
    return column, column.tobytes(), anyone, anyone.tobytes()


def _crowds(crowd: FloatArray, index: ScenarioIndex, min_crowd: float) -> tuple[BoolArray, BoolArray, bytes]:
    """Where a crowd is big enough to act on (dispersal, fraternising, marches), and where one can still grow."""
    crowded = crowd >= min_crowd
    room = crowd < index.population
    return crowded, room, crowded.tobytes() + room.tobytes()


def _strikes(strikers: FloatArray, index: ScenarioIndex, fixed: _Kept) -> tuple[BoolArray, bytes, bytes]:
    """Where a strike can still grow (a whole worker not yet out), and which districts' strikes shut railways."""
    room = index.workers - strikers >= 1
    striking = (strikers > fixed.rail_limit).tobytes() if index.has_rail else b""
    return room, room.tobytes(), striking


@dataclass(slots=True)  # not frozen: made at every miss, and a frozen one costs twice as much to make
class _Part:
    """A masked block of the list: its actions of every kind the faction may take in this scenario, and those of
    the kinds it can pay for now, picked on first asking (its points go down as it acts, its actions less often)."""

    block: ObjectArray  # [kinds, targets]
    mask: BoolArray  # [kinds, targets]
    picked: dict[tuple[bool, ...], list[Action]]  # affordable kinds -> their actions

    def take(self, allowed: tuple[bool, ...]) -> list[Action]:
        found = self.picked.get(allowed)
        if found is None:
            found = self.picked[allowed] = self.block[self.mask & np.array(allowed)[:, None]].tolist()
        return found


def _part(block: ObjectArray, mask: BoolArray, may: tuple[bool, ...]) -> _Part:
    return _Part(block, mask, {may: block[mask].tolist()})


def _district_orders(
    state: GameState, tables: _Tables, fixed: _Kept, following: BoolArray, strike_room: BoolArray,
    crowd_room: BoolArray, presence: _Presence,
) -> _Part:  # fmt: skip
    index = state.index
    mask = np.zeros(tables.by_district.shape, dtype=np.bool_)
    agitate, strike, demonstrate, distribute, requisition = may = tables.may.district
    if agitate:
        mask[0] = True
    if strike:
        np.logical_and(strike_room, following, out=mask[1])
    if demonstrate:
        np.logical_and(crowd_room, following, out=mask[2])
    if distribute and max(state.city_stock, 0.0) >= MIN_TONNES:  # a cartload, of the stock there is
        mask[3] = _distributable(state, fixed)
    if requisition:
        enough = requisition_tonnes(state, index.rules[K.REQUISITION]) >= MIN_TONNES
        np.logical_and(enough, presence.armed_in, out=mask[4])
    return _part(tables.by_district, mask, may)


def _unit_orders(
    state: GameState, f: int, tables: _Tables, presence: _Presence, following: BoolArray, crowded: BoolArray
) -> _Part:  # fmt: skip
    mask = np.zeros(tables.by_unit.shape, dtype=np.bool_)
    agitate, disperse, fire, fraternise, commissar = may = tables.may.unit
    where, own = state.unit_district, presence.own
    # others' units whose district follows us and that could ever join us
    won = (state.unit_alive ^ own) & following[where] & joinable(state)[f]
    if agitate:
        mask[0] = won
    if disperse or fire:
        ready = (own > state.unit_moved) & crowded[where]  # own, not yet moved, a crowd there
        if disperse:
            mask[1] = ready
        if fire:
            np.logical_and(ready, presence.armed, out=mask[2])
    if fraternise:
        np.logical_and(won, crowded[where], out=mask[3])
    if commissar:
        np.logical_and(own | won, state.unit_commissar != f, out=mask[4])  # own, or others' won over there
    return _part(tables.by_unit, mask, may)


@dataclass(frozen=True, slots=True)
class _Sites:
    """The seize and defend orders; and, for a faction that may storm a held site only once a condition holds,
    the same without the held sites when that leaves any out (the condition is read afresh at each listing)."""

    orders: _Part
    unheld_only: _Part | None


def _site_orders(state: GameState, f: int, tables: _Tables, presence: _Presence) -> _Sites:
    index = state.index
    mask = np.zeros(tables.by_site.shape, dtype=np.bool_)
    mine = state.site_holder == f
    seize, defend = may = tables.may.site
    if seize:
        np.greater(presence.armed_in[index.site_district], mine, out=mask[0])  # armed men there, not yet ours
    if defend:
        np.logical_and(mine & (state.site_defended != f), presence.units_in[index.site_district], out=mask[1])
    rivals = mask[0] & (state.site_holder >= 0)
    if state.scenario.factions[f].storm_if is None or not np.count_nonzero(rivals):
        return _Sites(_part(tables.by_site, mask, may), None)
    unheld = mask.copy()
    unheld[0] ^= rivals
    return _Sites(_part(tables.by_site, mask, may), _Part(tables.by_site, unheld, {}))  # picked only if asked


def _bridge_orders(state: GameState, f: int, tables: _Tables, fixed: _Kept, presence: _Presence) -> _Part:
    index = state.index
    mask = np.zeros(tables.by_link.shape, dtype=np.bool_)
    units_in = presence.units_in
    reach = units_in[index.link_a] | units_in[index.link_b]
    reach[fixed.bridge_site_links[state.site_holder[fixed.bridge_sites] == f]] = True
    reach &= fixed.bridge
    raising, lowering = may = tables.may.link
    if raising:
        np.greater(reach, state.link_raised, out=mask[0])  # within reach and down
    if lowering:
        np.logical_and(reach, state.link_raised, out=mask[1])
    return _part(tables.by_link, mask, may)


def _arrests(f: int, tables: _Tables, followed: BoolArray, presence: _Presence) -> list[Action]:
    mask = followed & presence.armed_in[:, None]  # a rival's following, where we have armed men
    mask[:, f] = False
    return tables.by_arrest[mask].tolist()  # type: ignore[no-any-return]


def _marches(
    index: ScenarioIndex, tables: _Tables, fixed: _Kept, following: BoolArray, crowded: BoolArray, foot: int
) -> list[Action]:  # fmt: skip
    out: list[Action] = []
    lists, local, ds = tables.march_lists, fixed.local, index.district_ids
    for d in (following & crowded).nonzero()[0].tolist():
        key = (d, foot & local[d])
        found = lists.get(key)
        if found is None:
            found = lists[key] = tuple(
                Action(K.DEMONSTRATE, tables.faction, district=ds[d], target=ds[t]) for t in _reachable(index, d, foot)
            )
        out += found
    return out


def _moves(
    state: GameState, tables: _Tables, fixed: _Kept, presence: _Presence, usable: tuple[int, int, int]
) -> list[Action]:  # fmt: skip
    out: list[Action] = []
    index, local, ds = state.index, fixed.local, state.index.district_ids
    travel, moves, places = tables.travel, tables.move_lists, presence.places
    for u in ((presence.own > state.unit_moved) & tables.mobile).nonzero()[0].tolist():  # own, not yet moved
        place = places[u]
        ways = usable[travel[u]]
        key = (u, place, ways & local[place])
        found = moves.get(key)
        if found is None:
            unit = tables.specs[u].id
            found = moves[key] = tuple(
                Action(K.MOVE, tables.faction, unit=unit, target=ds[t]) for t in _reachable(index, place, ways)
            )
        out += found
    return out


def _rations(index: ScenarioIndex, tables: _Tables, ration: float) -> list[Action]:
    """The other ration levels (a level within a rounding of the ration in force is no change)."""
    return [a for a, level in zip(tables.rations, index.ration_levels, strict=True) if abs(level - ration) >= 0.05]


def _list(state: GameState, f: int) -> list[Action]:
    index, scenario = state.index, state.scenario
    fixed = _KEPT(scenario)
    tables = _tables(state, f, fixed)
    allowed, may = _affordable(state, f, tables), tables.may
    memo, shared = _memo(tables.scratch), _memo(fixed.scratch)
    # Each part: a kept value if its key is one it was made from, else made now (`_recall`, written out here: a
    # listing looks up a dozen parts, and the call would cost a third of a listing that finds them all).

    units = (
        state.unit_alive.tobytes(),
        state.unit_commander.tobytes(),
        state.unit_district.tobytes(),
        state.unit_arms.tobytes(),
        state.unit_strength.tobytes(),
    )
    moved, holders = state.unit_moved.tobytes(), state.site_holder.tobytes()
    kept = memo["presence"]
    presence: _Presence | None = kept.get(units)
    if presence is None:
        presence = kept.keep(units, _presence(state, f, tables.sizes[0]))
    key: Any = state.influence.tobytes()
    kept = memo["following"]
    made = kept.get(key)
    if made is None:
        made = kept.keep(key, _following(state.influence, f))
    following, following_bytes, followed, followed_bytes = made
    key = state.crowd.tobytes()
    kept = shared["crowds"]  # the same for every faction: kept once for them all
    made = kept.get(key)
    if made is None:
        made = kept.keep(key, _crowds(state.crowd, index, scenario.rules.min_crowd))
    crowded, crowd_room, crowd_bytes = made
    key = state.strikers.tobytes()
    kept = shared["strikes"]
    made = kept.get(key)
    if made is None:
        made = kept.keep(key, _strikes(state.strikers, index, fixed))
    strike_room, strike_bytes, striking = made

    out = [tables.passing]
    key = (
        following_bytes, strike_bytes, crowd_bytes, state.ration, max(state.city_stock, 0.0) >= MIN_TONNES,
        presence.armed_bytes, state.bread_days.tobytes() if may.district[4] else b"",
    )  # fmt: skip
    kept = memo["districts"]
    made = kept.get(key)
    if made is None:
        made = kept.keep(key, _district_orders(state, tables, fixed, following, strike_room, crowd_room, presence))
    out += made.take(allowed.district)
    key = (units, moved, state.unit_commissar.tobytes(), following_bytes, crowd_bytes)
    kept = memo["units"]
    made = kept.get(key)
    if made is None:
        made = kept.keep(key, _unit_orders(state, f, tables, presence, following, crowded))
    out += made.take(allowed.unit)
    key = (presence.armed_bytes, presence.units_bytes, holders, state.site_defended.tobytes())
    kept = memo["sites"]
    sites: _Sites | None = kept.get(key)
    if sites is None:
        sites = kept.keep(key, _site_orders(state, f, tables, presence))
    storm_if, chosen = scenario.factions[f].storm_if, sites.orders
    # until its storm_if holds, only sites nobody holds (asked only if it matters)
    if sites.unheld_only is not None and storm_if is not None and allowed.site[0] and not evaluate(storm_if, state, f):
        chosen = sites.unheld_only
    out += chosen.take(allowed.site)
    raised = state.link_raised.tobytes()
    if fixed.any_bridge and (allowed.link[0] or allowed.link[1]):
        key = (presence.units_bytes, holders, raised)
        kept = memo["bridges"]
        made = kept.get(key)
        if made is None:
            made = kept.keep(key, _bridge_orders(state, f, tables, fixed, presence))
        out += made.take(allowed.link)
    if allowed.arrest:
        key = (followed_bytes, presence.armed_bytes)
        kept = memo["arrests"]
        made = kept.get(key)
        if made is None:
            made = kept.keep(key, _arrests(f, tables, followed, presence))
        out += made

    if allowed.march or allowed.move:
        if len(tables.march_lists) + len(tables.move_lists) > _LISTS_KEPT:
            tables.march_lists.clear()
            tables.move_lists.clear()
        usable = _open_masks(fixed, raised, striking, state)  # on foot, sailors, ships
        if allowed.march:
            key = (following_bytes, crowd_bytes, usable[0])
            kept = memo["marches"]
            made = kept.get(key)
            if made is None:
                made = kept.keep(key, _marches(index, tables, fixed, following, crowded, usable[0]))
            out += made
        if allowed.move:
            key = (units, moved, usable)
            kept = memo["moves"]
            made = kept.get(key)
            if made is None:
                made = kept.keep(key, _moves(state, tables, fixed, presence, usable))
            out += made
    rationing, propaganda, negotiate = allowed.tail
    if rationing:
        out += _recall(memo, "rations", state.ration, _rations, index, tables, state.ration)
    if propaganda:
        out.append(tables.propaganda)
    if negotiate:
        out += tables.negotiations
    return out


def _reachable(index: ScenarioIndex, d: int, usable: int) -> list[int]:
    """Districts one open link away from `d` (each once, however many links lead there); `usable` has bit i set
    where link i is open."""
    seen: list[int] = []
    for link, other in index.neighbour_links[d]:
        if usable >> link & 1 and other not in seen:
            seen.append(other)
    return seen
