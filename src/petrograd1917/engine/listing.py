"""The list of legal actions, fast: the computer players ask for it at every step of every playout.

The preconditions are those of engine/legality.py (a test holds the two together), applied to whole arrays at once:
the kinds that name a district are one [kinds x districts] mask, those that name a unit one [kinds x units] mask,
and so on, so a call costs a few dozen numpy operations whatever the map's size. The `Action` values are built once
per scenario and reused (they are frozen). The list is grouped to stay small: a unit moves to a neighbouring district
(not along each of several parallel links), bread goes out in fixed shares, the ration in a few levels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from petrograd1917.engine.actions import Action
from petrograd1917.engine.bread import MIN_TONNES, bread_tonnes, requisition_tonnes
from petrograd1917.engine.events import choice_ids
from petrograd1917.engine.index import UNIT_KIND_CODE, WATERBORNE, BoolArray, ScenarioIndex
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, LinkKind, Unit, UnitKind

K = ActionKind
_SHIP = UNIT_KIND_CODE[UnitKind.SHIP]
_WATERBORNE = frozenset(UNIT_KIND_CODE[k] for k in WATERBORNE)

# The kinds of each mask, in the order of its rows (and of the list the players get).
DISTRICT_KINDS = (K.AGITATE, K.STRIKE, K.DEMONSTRATE, K.DISTRIBUTE_BREAD, K.REQUISITION)
UNIT_KINDS = (K.AGITATE, K.DISPERSE, K.FIRE, K.FRATERNISE, K.COMMISSAR)
SITE_KINDS = (K.SEIZE, K.DEFEND)
LINK_KINDS = (K.RAISE_BRIDGE, K.LOWER_BRIDGE)


@dataclass(frozen=True, slots=True)
class _Tables:
    """Every action one faction can take with this set of units, laid out like the masks (row-major)."""

    specs: tuple[Unit, ...]
    districts: tuple[Action, ...]  # DISTRICT_KINDS x D
    units: tuple[Action, ...]  # UNIT_KINDS x U
    sites: tuple[Action, ...]  # SITE_KINDS x S
    links: tuple[Action, ...]  # LINK_KINDS x L
    arrests: tuple[Action, ...]  # D x F
    marches: tuple[Action, ...]  # D x D
    moves: tuple[Action, ...]  # U x D
    rations: tuple[Action, ...]  # one per ration level
    negotiations: tuple[Action, ...]  # the other factions
    passing: Action
    propaganda: Action
    enabled: dict[int, tuple[BoolArray, ...]]  # points left -> which kinds of each mask are on (filled on use)


def _build(index: ScenarioIndex, f: int, specs: tuple[Unit, ...]) -> _Tables:
    fid, ds = index.faction_ids[f], index.district_ids
    return _Tables(
        specs=specs,
        districts=tuple(Action(k, fid, district=d) for k in DISTRICT_KINDS for d in ds),
        units=tuple(Action(k, fid, unit=u.id) for k in UNIT_KINDS for u in specs),
        sites=tuple(Action(k, fid, target=s) for k in SITE_KINDS for s in index.site_ids),
        links=tuple(Action(k, fid, target=x) for k in LINK_KINDS for x in index.link_ids),
        arrests=tuple(Action(K.ARREST, fid, district=d, target=g) for d in ds for g in index.faction_ids),
        marches=tuple(Action(K.DEMONSTRATE, fid, district=d, target=t) for d in ds for t in ds),
        moves=tuple(Action(K.MOVE, fid, unit=u.id, target=d) for u in specs for d in ds),
        rations=tuple(Action(K.SET_RATION, fid, amount=level) for level in index.ration_levels),
        negotiations=tuple(Action(K.NEGOTIATE, fid, target=g) for g in index.faction_ids if g != fid),
        passing=Action(K.PASS, fid),
        propaganda=Action(K.PROPAGANDA, fid),
        enabled={},
    )


_TABLES: dict[tuple[int, int, int], tuple[ScenarioIndex, _Tables]] = {}
_TABLES_KEPT = 512  # a game whose events added units has its own unit set: keep a few hundred


def _tables(state: GameState, f: int) -> _Tables:
    key = (id(state.index), f, id(state.unit_specs))
    hit = _TABLES.get(key)
    if hit is None or hit[0] is not state.index or hit[1].specs is not state.unit_specs:
        if len(_TABLES) >= _TABLES_KEPT:
            _TABLES.pop(next(iter(_TABLES)))
        hit = _TABLES[key] = (state.index, _build(state.index, f, state.unit_specs))
    return hit[1]


def _enabled(state: GameState, f: int, tables: _Tables) -> tuple[BoolArray, ...]:
    """Columns, one per mask: which of its kinds the faction may take now (allowed to it, and affordable)."""
    points = int(state.action_points[f])
    found = tables.enabled.get(points)
    if found is None:
        allowed, rules = state.index.allowed[f], state.index.rules
        found = tuple(
            np.array([k in allowed and rules[k].cost <= points for k in kinds], dtype=np.bool_)[:, None]
            for kinds in (DISTRICT_KINDS, UNIT_KINDS, SITE_KINDS, LINK_KINDS)
        )
        tables.enabled[points] = found
    return found


def open_links(state: GameState) -> tuple[BoolArray, BoolArray, BoolArray]:
    """Per link, open now for (people on foot, sailors, ships): the vector form of `legality.link_open`."""
    index = state.index
    is_kind = index.link_is
    frozen = state.scenario.rules.river_frozen
    bridges = is_kind[LinkKind.BRIDGE] if frozen else is_kind[LinkKind.BRIDGE] & ~state.link_raised
    foot = is_kind[LinkKind.STREET] | bridges
    if frozen:
        foot = foot | is_kind[LinkKind.WATER]
    if index.has_rail:
        share = state.scenario.rules.rail_strike_block
        striking = (index.workers > 0) & (state.strikers > share * index.workers)
        foot = foot | (is_kind[LinkKind.RAIL] & ~(striking[index.link_a] | striking[index.link_b]))
    return foot, foot | is_kind[LinkKind.WATER], is_kind[LinkKind.WATER]


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


def _pick(table: tuple[Action, ...], mask: BoolArray) -> list[Action]:
    return [table[i] for i in mask.ravel().nonzero()[0].tolist()]


def _list(state: GameState, f: int) -> list[Action]:
    index, rules = state.index, state.scenario.rules
    tables = _tables(state, f)
    allowed = index.allowed[f]
    points = int(state.action_points[f])
    out = [tables.passing]
    on_districts, on_units, on_sites, on_links = _enabled(state, f, tables)

    alive, commander, where = state.unit_alive, state.unit_commander, state.unit_district
    own = alive & (commander == f)
    others = alive & (commander != f)
    ready = own & ~state.unit_moved
    n_d = index.n_districts
    armed_in = np.bincount(where[own & (state.unit_arms > 0) & (state.unit_strength > 0)], minlength=n_d) > 0
    units_in = np.bincount(where[own], minlength=n_d) > 0
    following = state.influence[:, f] > 0
    crowded = state.crowd >= rules.min_crowd

    districts = np.empty((len(DISTRICT_KINDS), n_d), dtype=np.bool_)
    districts[0] = True  # agitate
    districts[1] = (index.workers - state.strikers >= 1) & following  # strike
    districts[2] = (state.crowd < index.population) & following  # demonstrate
    districts[3] = bread_tonnes(state, index.rules[K.DISTRIBUTE_BREAD]) >= MIN_TONNES  # distribute bread
    districts[4] = (requisition_tonnes(state, index.rules[K.REQUISITION]) >= MIN_TONNES) & armed_in  # requisition
    out += _pick(tables.districts, districts & on_districts)

    following_there, crowded_there = following[where], crowded[where]
    units = np.empty((len(UNIT_KINDS), state.n_units), dtype=np.bool_)
    units[0] = others & following_there  # agitate a unit
    units[1] = ready & crowded_there  # disperse
    units[2] = units[1] & (state.unit_arms > 0)  # fire
    units[3] = others & crowded_there & following_there  # fraternise
    units[4] = (own | (alive & following_there)) & (state.unit_commissar != f)  # commissar
    out += _pick(tables.units, units & on_units)

    sites = np.empty((len(SITE_KINDS), len(index.site_ids)), dtype=np.bool_)
    mine = state.site_holder == f
    sites[0] = ~mine & armed_in[index.site_district]  # seize
    sites[1] = mine & (state.site_defended != f) & units_in[index.site_district]  # defend
    out += _pick(tables.sites, sites & on_sites)

    if K.RAISE_BRIDGE in allowed or K.LOWER_BRIDGE in allowed:
        reach = units_in[index.link_a] | units_in[index.link_b]
        reach[index.site_link[(index.site_link >= 0) & mine]] = True
        reach &= index.link_is[LinkKind.BRIDGE]
        links = np.stack((reach & ~state.link_raised, reach & state.link_raised))
        out += _pick(tables.links, links & on_links)

    def affordable(kind: ActionKind) -> bool:
        return kind in allowed and index.rules[kind].cost <= points

    if affordable(K.ARREST):
        rivals = (state.influence > 0) & armed_in[:, None]
        rivals[:, f] = False
        out += _pick(tables.arrests, rivals)
    if affordable(K.DEMONSTRATE) or affordable(K.MOVE):
        foot, sail, ship = (mask.tolist() for mask in open_links(state))
        if affordable(K.DEMONSTRATE):
            for d in (following & crowded).nonzero()[0].tolist():
                out += [tables.marches[d * n_d + t] for t in _reachable(index, d, foot)]
        if affordable(K.MOVE):
            specs, kinds, places = state.unit_specs, state.unit_kind.tolist(), where.tolist()
            for u in ready.nonzero()[0].tolist():
                if specs[u].mobile:
                    kind = kinds[u]
                    usable = ship if kind == _SHIP else sail if kind in _WATERBORNE else foot
                    out += [tables.moves[u * n_d + t] for t in _reachable(index, places[u], usable)]
    if affordable(K.SET_RATION):
        out += [
            a for a, level in zip(tables.rations, index.ration_levels, strict=True) if abs(level - state.ration) >= 0.05
        ]
    if affordable(K.PROPAGANDA):
        out.append(tables.propaganda)
    if affordable(K.NEGOTIATE):
        out += tables.negotiations
    return out


def _reachable(index: ScenarioIndex, d: int, usable: list[bool]) -> list[int]:
    """Districts one open link away from `d` (each once, however many links lead there)."""
    seen: list[int] = []
    for link, other in index.neighbour_links[d]:
        if usable[link] and other not in seen:
            seen.append(other)
    return seen
