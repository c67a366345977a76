"""The list of legal actions, fast: the computer players ask for it at every step of every playout.

The preconditions are those of engine/legality.py (a test holds the two together), applied to whole arrays at once:
the kinds that name a district are [kinds x districts] rows, those that name a unit [kinds x units] rows, and so
on, written into one mask over one array of every such action, so a call costs a few dozen numpy operations whatever
the map's size. The `Action` values are built once per scenario and reused (they are frozen), and so are the lists
of marches and moves each pattern of open links at a district allows. The list is grouped to stay small: a unit
moves to a neighbouring district (not along each of several parallel links), bread goes out in fixed shares, the
ration in a few levels.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from petrograd1917.engine.actions import Action
from petrograd1917.engine.bread import MIN_TONNES, daily_tonnes, requisition_tonnes
from petrograd1917.engine.cache import PerObject
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
    """Every action one faction can take with this set of units. The masked kinds sit in one row-major block,
    `flat` (DISTRICT_KINDS x D, UNIT_KINDS x U, SITE_KINDS x S, LINK_KINDS x L, then arrests D x F), so a listing
    selects them all with one boolean mask over one object array."""

    specs: tuple[Unit, ...]
    flat: ObjectArray
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
    affordable: dict[int, frozenset[ActionKind]]  # points left -> the kinds allowed to the faction it can pay for
    sizes: tuple[int, int, int, int]  # districts, units, sites, links
    scratch: threading.local  # each thread's `_Rows`


@dataclass(frozen=True, slots=True)
class _Rows:
    """A listing's working arrays: the mask over `flat` and its views by kind of target, and where the faction has
    men and armed men. Made once per thread and table and overwritten by each listing (making them costs more than
    filling them), so two threads listing at once never share one."""

    mask: BoolArray
    by_district: BoolArray  # [DISTRICT_KINDS, D]
    by_unit: BoolArray  # [UNIT_KINDS, U]
    by_site: BoolArray  # [SITE_KINDS, S]
    by_link: BoolArray  # [LINK_KINDS, L]
    by_arrest: BoolArray  # [D, F]
    armed_in: BoolArray  # [D]
    units_in: BoolArray  # [D]


def _rows(tables: _Tables) -> _Rows:
    rows: _Rows | None = getattr(tables.scratch, "rows", None)
    if rows is None:
        n_d, n_u, n_s, n_l = tables.sizes
        mask = np.zeros(len(tables.flat), dtype=np.bool_)
        o = 5 * (n_d + n_u)
        rows = tables.scratch.rows = _Rows(
            mask,
            mask[: 5 * n_d].reshape(5, n_d),
            mask[5 * n_d : o].reshape(5, n_u),
            mask[o : o + 2 * n_s].reshape(2, n_s),
            mask[o + 2 * n_s : o + 2 * (n_s + n_l)].reshape(2, n_l),
            mask[o + 2 * (n_s + n_l) :].reshape(n_d, -1),
            np.zeros(n_d, dtype=np.bool_),
            np.zeros(n_d, dtype=np.bool_),
        )
    return rows


def _build(index: ScenarioIndex, f: int, specs: tuple[Unit, ...]) -> _Tables:
    fid, ds = index.faction_ids[f], index.district_ids
    flat = (
        *(Action(k, fid, district=d) for k in DISTRICT_KINDS for d in ds),
        *(Action(k, fid, unit=u.id) for k in UNIT_KINDS for u in specs),
        *(Action(k, fid, target=s) for k in SITE_KINDS for s in index.site_ids),
        *(Action(k, fid, target=x) for k in LINK_KINDS for x in index.link_ids),
        *(Action(K.ARREST, fid, district=d, target=g) for d in ds for g in index.faction_ids),
    )
    flat_array = np.empty(len(flat), dtype=object)
    flat_array[:] = flat
    kinds = [UNIT_KIND_CODE[u.kind] for u in specs]
    return _Tables(
        specs=specs,
        flat=flat_array,
        faction=fid,
        mobile=np.array([u.mobile for u in specs], dtype=np.bool_),
        travel=tuple(2 if kind == _SHIP else 1 if kind in _WATERBORNE else 0 for kind in kinds),
        rations=tuple(Action(K.SET_RATION, fid, amount=level) for level in index.ration_levels),
        negotiations=tuple(Action(K.NEGOTIATE, fid, target=g) for g in index.faction_ids if g != fid),
        passing=Action(K.PASS, fid),
        propaganda=Action(K.PROPAGANDA, fid),
        march_lists={},
        move_lists={},
        affordable={},
        sizes=(len(ds), len(specs), len(index.site_ids), len(index.link_ids)),
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


def _keep(scenario: Scenario) -> _Kept:
    index = index_for(scenario)
    workers = index.workers
    limit = np.where(workers > 0, scenario.rules.rail_strike_block * workers, np.inf)
    bridge = index.link_is[LinkKind.BRIDGE]
    holds = (index.site_link >= 0).nonzero()[0]
    local = tuple(sum(1 << link for link in set(links)) for links in index.district_links)
    return _Kept(limit, bridge, bool(bridge.any()), holds, index.site_link[holds], local, {}, {}, {}, {})


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


def _affordable(state: GameState, f: int, tables: _Tables) -> frozenset[ActionKind]:
    """The kinds the faction may take (allowed to it in this scenario) and can pay for with its points left."""
    points = int(state.action_points[f])
    found = tables.affordable.get(points)
    if found is None:
        index = state.index
        found = tables.affordable[points] = frozenset(k for k in index.allowed[f] if index.rules[k].cost <= points)
    return found


def _open_masks(state: GameState, fixed: _Kept) -> tuple[int, int, int]:
    """`open_links` as bits (bit i: link i), cached by all it reads from the state: the raised bridges and the
    rail strikes."""
    striking = (state.strikers > fixed.rail_limit).tobytes() if state.index.has_rail else b""
    key = (state.link_raised.tobytes(), striking)
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
    current = state.current_faction
    if faction is not None and faction != current:
        return []
    if state.pending_choice is not None:
        return [Action(ActionKind.CHOOSE, current, choice=choice) for choice in choice_ids(state)]
    return _list(state, state.current_faction_index)


def _list(state: GameState, f: int) -> list[Action]:
    index, scenario = state.index, state.scenario
    fixed = _KEPT(scenario)
    tables = _tables(state, f, fixed)
    ok = _affordable(state, f, tables)
    out = [tables.passing]
    # One mask over `flat`, written row by row in place (ufuncs with `out=`: a row costs one or two numpy calls);
    # the rows of kinds the faction cannot take now are left False.
    rows = _rows(tables)
    rows.mask.fill(False)
    by_district, by_unit, by_site, by_link, by_arrest = (
        rows.by_district,
        rows.by_unit,
        rows.by_site,
        rows.by_link,
        rows.by_arrest,
    )

    where, alive = state.unit_district, state.unit_alive
    own = alive & (state.unit_commander == f)
    armed = state.unit_arms > 0
    armed_in, units_in = rows.armed_in, rows.units_in
    armed_in.fill(False)
    armed_in[where[own & armed & (state.unit_strength > 0)]] = True
    units_in.fill(False)
    units_in[where[own]] = True
    following = state.influence[:, f] > 0.0
    crowded = state.crowd >= scenario.rules.min_crowd

    if K.AGITATE in ok:
        by_district[0] = True
    if K.STRIKE in ok:
        np.logical_and(index.workers - state.strikers >= 1, following, out=by_district[1])
    if K.DEMONSTRATE in ok:
        np.logical_and(state.crowd < index.population, following, out=by_district[2])
    if K.DISTRIBUTE_BREAD in ok and max(state.city_stock, 0.0) >= MIN_TONNES:  # a cartload, of the stock there is
        by_district[3] = _distributable(state, fixed)
    if K.REQUISITION in ok:
        requisition = requisition_tonnes(state, index.rules[K.REQUISITION]) >= MIN_TONNES
        np.logical_and(requisition, armed_in, out=by_district[4])

    ready = own > state.unit_moved  # own and not yet moved
    following_there = following[where]
    won = (alive ^ own) & following_there  # others' units whose district follows us
    if K.AGITATE in ok:
        by_unit[0] = won
    if K.DISPERSE in ok or K.FIRE in ok:
        disperse = ready & crowded[where]
        if K.DISPERSE in ok:
            by_unit[1] = disperse
        if K.FIRE in ok:
            np.logical_and(disperse, armed, out=by_unit[2])
    if K.FRATERNISE in ok:
        np.logical_and(won, crowded[where], out=by_unit[3])
    if K.COMMISSAR in ok:
        np.logical_and(own | won, state.unit_commissar != f, out=by_unit[4])  # own, or others' won over there

    mine = state.site_holder == f
    if K.SEIZE in ok:
        np.greater(armed_in[index.site_district], mine, out=by_site[0])  # armed men there, not yet ours
        storm_if = scenario.factions[f].storm_if
        if storm_if is not None:  # until its storm_if holds, only sites nobody holds (asked only if it matters)
            rivals = by_site[0] & (state.site_holder >= 0)
            if rivals.any() and not evaluate(storm_if, state, f):
                by_site[0] ^= rivals
    if K.DEFEND in ok:
        np.logical_and(mine & (state.site_defended != f), units_in[index.site_district], out=by_site[1])
    if fixed.any_bridge and (K.RAISE_BRIDGE in ok or K.LOWER_BRIDGE in ok):
        reach = units_in[index.link_a] | units_in[index.link_b]
        reach[fixed.bridge_site_links[mine[fixed.bridge_sites]]] = True
        reach &= fixed.bridge
        if K.RAISE_BRIDGE in ok:
            np.greater(reach, state.link_raised, out=by_link[0])  # within reach and down
        if K.LOWER_BRIDGE in ok:
            np.logical_and(reach, state.link_raised, out=by_link[1])
    if K.ARREST in ok:
        np.greater(state.influence, 0.0, out=by_arrest)  # a rival's following, where we have armed men
        by_arrest &= armed_in[:, None]
        by_arrest[:, f] = False
    out += tables.flat[rows.mask].tolist()

    marching, moving = K.DEMONSTRATE in ok, K.MOVE in ok
    if marching or moving:
        if len(tables.march_lists) + len(tables.move_lists) > _LISTS_KEPT:
            tables.march_lists.clear()
            tables.move_lists.clear()
        usable, local, ds = _open_masks(state, fixed), fixed.local, index.district_ids  # on foot, sailors, ships
        if marching:
            foot, lists = usable[0], tables.march_lists
            for d in (following & crowded).nonzero()[0].tolist():
                key = (d, foot & local[d])
                found = lists.get(key)
                if found is None:
                    found = lists[key] = tuple(
                        Action(K.DEMONSTRATE, tables.faction, district=ds[d], target=ds[t])
                        for t in _reachable(index, d, foot)
                    )
                out += found
        if moving:
            travel, moves, places = tables.travel, tables.move_lists, where.tolist()
            for u in (ready & tables.mobile).nonzero()[0].tolist():
                place = places[u]
                ways = usable[travel[u]]
                move_key = (u, place, ways & local[place])
                found = moves.get(move_key)
                if found is None:
                    unit = tables.specs[u].id
                    found = moves[move_key] = tuple(
                        Action(K.MOVE, tables.faction, unit=unit, target=ds[t]) for t in _reachable(index, place, ways)
                    )
                out += found
    if K.SET_RATION in ok:
        ration = state.ration
        out += [a for a, level in zip(tables.rations, index.ration_levels, strict=True) if abs(level - ration) >= 0.05]
    if K.PROPAGANDA in ok:
        out.append(tables.propaganda)
    if K.NEGOTIATE in ok:
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
