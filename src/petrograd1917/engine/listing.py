"""The list of legal actions, fast: the computer players ask for it at every step of every playout.

The preconditions are those of engine/legality.py, applied to whole arrays at once (numpy masks), and the `Action`
values are built once per scenario and reused (they are frozen), so a call costs tens of microseconds. The list is
grouped to stay small: a unit moves to a neighbouring district (not along each of several parallel links), bread
goes out in fixed shares, the ration in a few levels.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from petrograd1917.engine.actions import Action
from petrograd1917.engine.events import choice_ids
from petrograd1917.engine.index import UNIT_KIND_CODE, WATERBORNE, BoolArray, ScenarioIndex
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, LinkKind, Unit, UnitKind

_SHIP = UNIT_KIND_CODE[UnitKind.SHIP]
_WATERBORNE = frozenset(UNIT_KIND_CODE[k] for k in WATERBORNE)


_UnitRow = tuple[tuple["Unit", ...], list[Action]]  # the units it is aligned with, and the actions
_UNIT_ROWS = 512  # rows kept for games whose events added units (a unit set per game)


class _Book:
    """Every action of one scenario, built once on first use and reused: listing then costs a list lookup per action,
    not a dataclass construction. Units are keyed by id, since events may add units in a different order per game."""

    def __init__(self, index: ScenarioIndex) -> None:
        self.index = index
        self.rows: dict[tuple[ActionKind, int], list[Action]] = {}
        self.march_rows: dict[int, list[Action]] = {}
        self.by_unit: dict[tuple[ActionKind, int, int], _UnitRow] = {}
        self.other: dict[tuple[ActionKind, int, float], Action] = {}

    def row(self, kind: ActionKind, f: int) -> list[Action]:
        """Actions of a kind that name one thing by position: a district, site, link, faction, or district x faction."""
        found = self.rows.get((kind, f))
        if found is None:
            found = self._build_row(kind, f)
            self.rows[(kind, f)] = found
        return found

    def _build_row(self, kind: ActionKind, f: int) -> list[Action]:
        index = self.index
        fid = index.faction_ids[f]
        if kind is ActionKind.ARREST:
            return [Action(kind, fid, district=d, target=g) for d in index.district_ids for g in index.faction_ids]
        targets = {
            ActionKind.SEIZE: index.site_ids,
            ActionKind.DEFEND: index.site_ids,
            ActionKind.RAISE_BRIDGE: index.link_ids,
            ActionKind.LOWER_BRIDGE: index.link_ids,
            ActionKind.NEGOTIATE: index.faction_ids,
        }.get(kind)
        if targets is not None:
            return [Action(kind, fid, target=t) for t in targets]
        return [Action(kind, fid, district=d) for d in index.district_ids]

    def marches(self, f: int) -> list[Action]:
        """Demonstrations that march a crowd: origin x destination."""
        found = self.march_rows.get(f)
        if found is None:
            ids, fid = self.index.district_ids, self.index.faction_ids[f]
            found = [Action(ActionKind.DEMONSTRATE, fid, district=d, target=t) for d in ids for t in ids]
            self.march_rows[f] = found
        return found

    def unit_row(self, kind: ActionKind, f: int, specs: tuple[Unit, ...]) -> list[Action]:
        """Actions of a kind naming one unit, aligned with a game's units (games whose events added units differ)."""
        key = (kind, f, id(specs))
        found = self.by_unit.get(key)
        if found is None or found[0] is not specs:
            fid = self.index.faction_ids[f]
            found = (specs, [Action(kind, fid, unit=spec.id) for spec in specs])
            self._store(self.by_unit, key, found)
        return found[1]

    def move_row(self, f: int, specs: tuple[Unit, ...]) -> list[Action]:
        """Moves, unit x destination district, aligned like `unit_row`."""
        key = (ActionKind.MOVE, f, id(specs))
        found = self.by_unit.get(key)
        if found is None or found[0] is not specs:
            fid, ids = self.index.faction_ids[f], self.index.district_ids
            found = (specs, [Action(ActionKind.MOVE, fid, unit=spec.id, target=d) for spec in specs for d in ids])
            self._store(self.by_unit, key, found)
        return found[1]

    @staticmethod
    def _store(
        table: dict[tuple[ActionKind, int, int], _UnitRow], key: tuple[ActionKind, int, int], row: _UnitRow
    ) -> None:
        if len(table) >= _UNIT_ROWS:
            table.pop(next(iter(table)))
        table[key] = row

    def single(self, kind: ActionKind, f: int, amount: float = 0.0) -> Action:
        found = self.other.get((kind, f, amount))
        if found is None:
            value = amount if kind is ActionKind.SET_RATION else None
            found = Action(kind, self.index.faction_ids[f], amount=value)
            self.other[(kind, f, amount)] = found
        return found


_BOOKS: dict[int, _Book] = {}


def _book(index: ScenarioIndex) -> _Book:
    hit = _BOOKS.get(id(index))
    if hit is None or hit.index is not index:
        if len(_BOOKS) >= 32:
            _BOOKS.pop(next(iter(_BOOKS)))
        hit = _BOOKS[id(index)] = _Book(index)
    return hit


def open_links(state: GameState) -> tuple[BoolArray, BoolArray, BoolArray]:
    """Per link, open now for (people on foot, sailors, ships): the vector form of `legality.link_open`."""
    index = state.index
    is_kind = index.link_is
    frozen = state.scenario.rules.river_frozen
    foot = is_kind[LinkKind.STREET] | (
        is_kind[LinkKind.BRIDGE] if frozen else is_kind[LinkKind.BRIDGE] & ~state.link_raised
    )
    if frozen:
        foot = foot | is_kind[LinkKind.WATER]
    if index.has_rail:
        share = state.scenario.rules.rail_strike_block
        striking = (index.workers > 0) & (state.strikers > share * index.workers)
        foot = foot | (is_kind[LinkKind.RAIL] & ~(striking[index.link_a] | striking[index.link_b]))
    return foot, foot | is_kind[LinkKind.WATER], is_kind[LinkKind.WATER]


def legal_actions(state: GameState, faction: str | None = None) -> list[Action]:
    """All legal actions for `faction` (default: whoever is to act): PASS first, then by kind in the faction's
    order; only CHOOSE actions while an event choice waits. Empty when the game is over or it is not that
    faction's turn."""
    if state.is_over():
        return []
    current = state.current_faction
    if faction is not None and faction != current:
        return []
    if state.pending_choice is not None:
        return [Action(ActionKind.CHOOSE, current, choice=choice) for choice in choice_ids(state)]
    return _Lister(state).actions()


class _Lister:
    """One enumeration: the masks every kind shares are computed once, then each kind adds its actions."""

    def __init__(self, state: GameState) -> None:
        index = state.index
        self.state = state
        self.index = index
        self.book = _book(index)
        f = state.current_faction_index
        self.f = f
        n_d = index.n_districts
        alive = state.unit_alive
        commander = state.unit_commander
        self.where = state.unit_district
        self.own = alive & (commander == f)
        armed = self.own & (state.unit_arms > 0) & (state.unit_strength > 0)
        self.armed_in = np.bincount(self.where[armed], minlength=n_d) > 0
        self.units_in = np.bincount(self.where[self.own], minlength=n_d) > 0
        self.following = state.influence[:, f] > 0
        self.crowded = state.crowd >= state.scenario.rules.min_crowd
        self.others = alive & (commander != f)
        self.out: list[Action] = [self.book.single(ActionKind.PASS, f)]
        self._open: tuple[list[bool], list[bool], list[bool]] | None = None
        self._bridge_reach: BoolArray | None = None

    def open_links(self) -> tuple[list[bool], list[bool], list[bool]]:
        if self._open is None:
            foot, sail, ship = open_links(self.state)
            self._open = (foot.tolist(), sail.tolist(), ship.tolist())
        return self._open

    def actions(self) -> list[Action]:
        state, index = self.state, self.index
        points = int(state.action_points[self.f])
        rules = index.rules
        for kind in state.scenario.factions[self.f].actions:
            if rules[kind].cost <= points:
                method = _METHODS.get(kind)
                if method is not None:
                    method(self)
        return self.out

    # -- per kind: the masks mirror legality's predicates of the same name

    def _row(self, kind: ActionKind, mask: BoolArray) -> None:
        row = self.book.row(kind, self.f)
        self.out.extend([row[i] for i in mask.nonzero()[0].tolist()])

    def _districts(self, kind: ActionKind, mask: BoolArray) -> None:
        self._row(kind, mask)

    def _units(self, kind: ActionKind, mask: BoolArray) -> None:
        row = self.book.unit_row(kind, self.f, self.state.unit_specs)
        self.out.extend([row[u] for u in mask.nonzero()[0].tolist()])

    def _agitate(self) -> None:
        self._districts(ActionKind.AGITATE, np.ones(self.index.n_districts, dtype=np.bool_))
        self._units(ActionKind.AGITATE, self.others & self.following[self.where])

    def _strike(self) -> None:
        idle = self.index.workers - self.state.strikers >= 1
        self._districts(ActionKind.STRIKE, idle & self.following)

    def _demonstrate(self) -> None:
        state, index = self.state, self.index
        room = state.crowd < index.population
        self._districts(ActionKind.DEMONSTRATE, room & self.following)
        foot = self.open_links()[0]
        marches = self.book.marches(self.f)
        n_d = index.n_districts
        for d in (self.following & self.crowded).nonzero()[0].tolist():
            for other in _reachable(index, d, foot):
                self.out.append(marches[d * n_d + other])

    def _move(self) -> None:
        state, index = self.state, self.index
        foot, sail, ship = self.open_links()
        specs = state.unit_specs
        moves = self.book.move_row(self.f, specs)
        n_d = index.n_districts
        kinds, where = state.unit_kind.tolist(), self.where.tolist()
        for u in (self.own & ~state.unit_moved).nonzero()[0].tolist():
            if not specs[u].mobile:
                continue
            kind = kinds[u]
            usable = ship if kind == _SHIP else sail if kind in _WATERBORNE else foot
            self.out.extend([moves[u * n_d + other] for other in _reachable(index, where[u], usable)])

    def _crowd_order(self, kind: ActionKind) -> None:
        state = self.state
        mask = self.own & ~state.unit_moved & self.crowded[self.where]
        if kind is ActionKind.FIRE:
            mask &= state.unit_arms > 0
        self._units(kind, mask)

    def _disperse(self) -> None:
        self._crowd_order(ActionKind.DISPERSE)

    def _fire(self) -> None:
        self._crowd_order(ActionKind.FIRE)

    def _fraternise(self) -> None:
        self._units(ActionKind.FRATERNISE, self.others & self.crowded[self.where] & self.following[self.where])

    def _commissar(self) -> None:
        state = self.state
        reachable = self.own | (state.unit_alive & self.following[self.where])
        self._units(ActionKind.COMMISSAR, reachable & (state.unit_commissar != self.f))

    def _arrest(self) -> None:
        rivals = self.state.influence > 0
        rivals[:, self.f] = False
        rivals &= self.armed_in[:, None]
        self._row(ActionKind.ARREST, rivals.ravel())

    def _bridges(self, kind: ActionKind, want_raised: bool) -> None:
        state, index = self.state, self.index
        if self._bridge_reach is None:
            reach = self.units_in[index.link_a] | self.units_in[index.link_b]
            held = (index.site_link >= 0) & (state.site_holder == self.f)
            reach[index.site_link[held]] = True
            self._bridge_reach = reach & index.link_is[LinkKind.BRIDGE]
        self._row(kind, self._bridge_reach & (state.link_raised != want_raised))

    def _raise_bridge(self) -> None:
        self._bridges(ActionKind.RAISE_BRIDGE, want_raised=True)

    def _lower_bridge(self) -> None:
        self._bridges(ActionKind.LOWER_BRIDGE, want_raised=False)

    def _seize(self) -> None:
        state, index = self.state, self.index
        self._row(ActionKind.SEIZE, (state.site_holder != self.f) & self.armed_in[index.site_district])

    def _defend(self) -> None:
        state, index = self.state, self.index
        mine = (state.site_holder == self.f) & (state.site_defended != self.f)
        self._row(ActionKind.DEFEND, mine & self.units_in[index.site_district])

    def _distribute_bread(self) -> None:
        if self.state.city_stock > 0:
            self.out.extend(self.book.row(ActionKind.DISTRIBUTE_BREAD, self.f))

    def _requisition(self) -> None:
        self._districts(ActionKind.REQUISITION, (self.state.bread_days > 0) & self.armed_in)

    def _set_ration(self) -> None:
        for level in self.index.ration_levels:
            if abs(level - self.state.ration) >= 0.05:
                self.out.append(self.book.single(ActionKind.SET_RATION, self.f, level))

    def _propaganda(self) -> None:
        self.out.append(self.book.single(ActionKind.PROPAGANDA, self.f))

    def _negotiate(self) -> None:
        row = self.book.row(ActionKind.NEGOTIATE, self.f)
        self.out.extend(row[: self.f] + row[self.f + 1 :])


def _reachable(index: ScenarioIndex, d: int, usable: list[bool]) -> list[int]:
    """Districts one open link away from `d` (each once, however many links lead there)."""
    seen: list[int] = []
    for link, other in index.neighbour_links[d]:
        if usable[link] and other not in seen:
            seen.append(other)
    return seen


_METHODS: dict[ActionKind, Callable[[_Lister], None]] = {
    kind: getattr(_Lister, "_" + kind.value) for kind in ActionKind if hasattr(_Lister, "_" + kind.value)
}
