"""The list of legal actions, fast: the computer players ask for it at every step of every playout.

The preconditions are those of engine/legality.py (a test holds the two together), applied to whole arrays at once:
the kinds that name a district are [kinds x districts] rows, those that name a unit [kinds x units] rows, and so
on, written into one mask over one array of every such action, so a call costs a few dozen numpy operations whatever
the map's size. The `Action` values are built once per scenario and reused (they are frozen), and so are the lists
of marches and moves each pattern of open links allows. The list is grouped to stay small: a unit moves to a
neighbouring district (not along each of several parallel links), bread goes out in fixed shares, the ration in a few
levels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from petrograd1917.engine.actions import Action
from petrograd1917.engine.bread import MIN_TONNES, bread_tonnes, requisition_tonnes
from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.evaluate import evaluate
from petrograd1917.engine.events import choice_ids
from petrograd1917.engine.index import UNIT_KIND_CODE, WATERBORNE, BoolArray, ScenarioIndex
from petrograd1917.engine.links import open_links
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, LinkKind, Unit, UnitKind

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
    enabled: dict[int, tuple[BoolArray, frozenset[ActionKind]]]  # points left -> (on in `flat`, affordable kinds)
    # (open-link mask, district[, unit]) -> the marches / moves it allows, built on first use (not D x D and U x D
    # tables up front, which grow with the square of the map): the links change rarely, so these repeat
    march_lists: dict[tuple[bytes, int], tuple[Action, ...]]
    move_lists: dict[tuple[bytes, int, int], tuple[Action, ...]]
    open_masks: dict[tuple[bytes, bytes], list[bytes]]  # (raised bridges, rail strikes) -> `open_links` as bytes


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
        enabled={},
        march_lists={},
        move_lists={},
        open_masks={},
    )


_TABLES_KEPT = 512  # a game whose events added units has its own unit set: keep a few hundred per scenario
_LISTS_KEPT = 4096  # cached march / move lists per table (bridges and rail strikes change the open links)


@dataclass(frozen=True, slots=True)
class _IndexTables:
    """One scenario's listing tables: (faction, unit set's identity) -> (that unit set, its tables), and (faction,
    its units' identities) -> tables, shared by every game whose events add the same units. Each entry keeps the
    objects whose ids make its key alive, so an equal id is the same object."""

    by_specs: dict[tuple[int, int], tuple[tuple[Unit, ...], _Tables]]
    by_units: dict[tuple[int, tuple[int, ...]], _Tables]


# Kept while the scenario's index lives (engine/cache.py).
_INDEX_TABLES: PerObject[ScenarioIndex, _IndexTables] = PerObject(lambda index: _IndexTables({}, {}))


def _tables(state: GameState, f: int) -> _Tables:
    """The faction's tables for this unit set: by the tuple's identity, else by its units' identities (every game
    whose events add the same units builds a new tuple of the same specs; they share one table)."""
    kept = _INDEX_TABLES(state.index)
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


def _enabled(state: GameState, f: int, tables: _Tables) -> tuple[BoolArray, frozenset[ActionKind]]:
    """Which entries of `flat` the faction may take now (its kind allowed to it, and affordable), and the set of
    kinds it can afford."""
    points = int(state.action_points[f])
    found = tables.enabled.get(points)
    if found is None:
        index = state.index
        allowed, rules = index.allowed[f], index.rules
        affordable = frozenset(k for k in allowed if rules[k].cost <= points)
        widths = (
            (DISTRICT_KINDS, index.n_districts),
            (UNIT_KINDS, len(tables.specs)),
            (SITE_KINDS, len(index.site_ids)),
            (LINK_KINDS, len(index.link_ids)),
            ((K.ARREST,), index.n_districts * index.n_factions),
        )
        on = np.concatenate([np.repeat([k in affordable for k in kinds], width) for kinds, width in widths])
        found = tables.enabled[points] = (on.astype(np.bool_), affordable)
    return found


def _open_masks(state: GameState, tables: _Tables) -> list[bytes]:
    """`open_links` as bytes, cached by all it reads from the state: the raised bridges and the rail strikes."""
    index = state.index
    striking = b""
    if index.has_rail:
        share = state.scenario.rules.rail_strike_block
        striking = ((index.workers > 0) & (state.strikers > share * index.workers)).tobytes()
    key = (state.link_raised.tobytes(), striking)
    found = tables.open_masks.get(key)
    if found is None:
        found = tables.open_masks[key] = [mask.tobytes() for mask in open_links(state)]
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
    index, rules = state.index, state.scenario.rules
    tables = _tables(state, f)
    on, affordable = _enabled(state, f, tables)
    out = [tables.passing]

    alive, commander, where = state.unit_alive, state.unit_commander, state.unit_district
    is_mine = commander == f
    own = alive & is_mine
    others = alive & ~is_mine
    ready = own & ~state.unit_moved
    n_d, n_u, n_s, n_l = index.n_districts, len(tables.specs), len(index.site_ids), len(index.link_ids)
    armed_in = np.zeros(n_d, dtype=np.bool_)
    armed = state.unit_arms > 0
    armed_in[where[own & armed & (state.unit_strength > 0)]] = True
    units_in = np.zeros(n_d, dtype=np.bool_)
    units_in[where[own]] = True
    following = state.influence[:, f] > 0
    crowded = state.crowd >= rules.min_crowd

    mask = np.empty(len(on), dtype=np.bool_)
    mask[:n_d] = True  # agitate
    mask[n_d : 2 * n_d] = (index.workers - state.strikers >= 1) & following  # strike
    mask[2 * n_d : 3 * n_d] = (state.crowd < index.population) & following  # demonstrate
    mask[3 * n_d : 4 * n_d] = bread_tonnes(state, index.rules[K.DISTRIBUTE_BREAD]) >= MIN_TONNES  # distribute bread
    requisition = requisition_tonnes(state, index.rules[K.REQUISITION]) >= MIN_TONNES
    mask[4 * n_d : 5 * n_d] = requisition & armed_in  # requisition

    o = 5 * n_d
    following_there, crowded_there = following[where], crowded[where]
    disperse = ready & crowded_there
    mask[o : o + n_u] = others & following_there  # agitate a unit
    mask[o + n_u : o + 2 * n_u] = disperse  # disperse
    mask[o + 2 * n_u : o + 3 * n_u] = disperse & armed  # fire
    mask[o + 3 * n_u : o + 4 * n_u] = others & crowded_there & following_there  # fraternise
    mask[o + 4 * n_u : o + 5 * n_u] = (own | (alive & following_there)) & (state.unit_commissar != f)  # commissar

    o += 5 * n_u
    mine = state.site_holder == f
    seizable = ~mine & armed_in[index.site_district]
    storm_if = state.scenario.factions[f].storm_if
    if storm_if is not None and not evaluate(storm_if, state, f):
        seizable &= state.site_holder < 0  # until its storm_if holds, only sites nobody holds
    mask[o : o + n_s] = seizable  # seize
    mask[o + n_s : o + 2 * n_s] = mine & (state.site_defended != f) & units_in[index.site_district]  # defend

    o += 2 * n_s
    if K.RAISE_BRIDGE in affordable or K.LOWER_BRIDGE in affordable:
        reach = units_in[index.link_a] | units_in[index.link_b]
        reach[index.site_link[(index.site_link >= 0) & mine]] = True
        reach &= index.link_is[LinkKind.BRIDGE]
        mask[o : o + n_l] = reach & ~state.link_raised
        mask[o + n_l : o + 2 * n_l] = reach & state.link_raised
    else:
        mask[o : o + 2 * n_l] = False

    o += 2 * n_l
    if K.ARREST in affordable:
        rivals = (state.influence > 0) & armed_in[:, None]
        rivals[:, f] = False
        mask[o:] = rivals.ravel()
    else:
        mask[o:] = False
    mask &= on
    out += tables.flat[mask].tolist()

    marching, moving = K.DEMONSTRATE in affordable, K.MOVE in affordable
    if marching or moving:
        if len(tables.march_lists) + len(tables.move_lists) + len(tables.open_masks) > _LISTS_KEPT:
            tables.march_lists.clear()
            tables.move_lists.clear()
            tables.open_masks.clear()
        usable = _open_masks(state, tables)  # on foot, sailors, ships
        ds = index.district_ids
        if marching:
            foot, lists = usable[0], tables.march_lists
            for d in (following & crowded).nonzero()[0].tolist():
                found = lists.get((foot, d))
                if found is None:
                    found = lists[foot, d] = tuple(
                        Action(K.DEMONSTRATE, tables.faction, district=ds[d], target=ds[t])
                        for t in _reachable(index, d, foot)
                    )
                out += found
        if moving:
            places, travel, moves = where.tolist(), tables.travel, tables.move_lists
            for u in (ready & tables.mobile).nonzero()[0].tolist():
                key = (usable[travel[u]], places[u], u)
                found = moves.get(key)
                if found is None:
                    targets = _reachable(index, places[u], key[0])
                    unit = tables.specs[u].id
                    found = moves[key] = tuple(Action(K.MOVE, tables.faction, unit=unit, target=ds[t]) for t in targets)
                out += found
    if K.SET_RATION in affordable:
        out += [
            a for a, level in zip(tables.rations, index.ration_levels, strict=True) if abs(level - state.ration) >= 0.05
        ]
    if K.PROPAGANDA in affordable:
        out.append(tables.propaganda)
    if K.NEGOTIATE in affordable:
        out += tables.negotiations
    return out


def _reachable(index: ScenarioIndex, d: int, usable: bytes) -> list[int]:
    """Districts one open link away from `d` (each once, however many links lead there); `usable` holds one byte
    per link, non-zero where it is open."""
    seen: list[int] = []
    for link, other in index.neighbour_links[d]:
        if usable[link] and other not in seen:
            seen.append(other)
    return seen
