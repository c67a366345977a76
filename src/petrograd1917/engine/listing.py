"""The list of legal actions, fast: the computer players ask for it at every step of every playout.

The preconditions are those of engine/legality.py (a test holds the two together), applied to the state's arrays
by one compiled kernel (`_listed`) that writes where in the faction's table each legal action sits; Python then
takes those actions from the table. The table holds every action the faction could ever take with this set of
units, each in a fixed place (`_starts`: PASS, the district orders kind by kind, the unit orders, sites, bridges,
arrests by district and faction, marches by district and target, moves by unit and target, rations, propaganda,
negotiations), so the places the kernel writes, in the order it writes them, are the list. The `Action` values are
made on first use and reused (they are frozen): a table grows with districts times districts and units times
districts, but only the few marches and moves the game reaches are ever made, each once for all the faction's
tables (the games whose events bring units in, in different orders, play with other unit sets; a new table takes at
once those the faction's last one made, `_inherit`). The list is grouped
to stay small: a unit moves to a neighbouring district (not along each of several parallel links), bread goes out
in fixed shares, the ration in a few levels.

The list leaves a receipt on the state (`GameState.receipt`: its table, the number the kernel stamped on the
places it listed, and whether the faction's storm_if left the seizures of held sites off the list), so `apply` of
an action from it, on that state unchanged, skips the checks the kernel has just made (`listed_form`); anything
else is checked in full (engine/legality.py).
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, count

import numpy as np
import numpy.typing as npt

from petrograd1917.engine.actions import Action
from petrograd1917.engine.bread import MIN_TONNES, daily_tonnes_at
from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.evaluate import Compiled
from petrograd1917.engine.events import choice_ids
from petrograd1917.engine.index import (
    LINK_KIND_CODE,
    UNIT_KIND_CODE,
    BoolArray,
    FloatArray,
    IntArray,
    ScenarioIndex,
    index_for,
)
from petrograd1917.engine.legality import Indexed
from petrograd1917.engine.links import ON_FOOT, link_openings, openings, rail_limits, travel_of
from petrograd1917.engine.loyalty import joinable
from petrograd1917.engine.numeric import at_least
from petrograd1917.engine.state import GameState
from petrograd1917.engine.storming import storm_ifs
from petrograd1917.scenario.model import ActionKind, LinkKind, Scenario, Unit

K = ActionKind
ObjectArray = npt.NDArray[np.object_]
# What an action at a place names (`_named`): its key in `_Kept.made` (its block, its place in the block or, if it
# names a unit, its row of the unit orders or its move's target, then the unit's id and place in the unit set), kind,
# district, unit, target, amount, and the ids of the target's kind.
_Key = tuple[int, int, str | None, int]
_Named = tuple[_Key, ActionKind, int, int, int, tuple[str, ...], float | None]
_Made = tuple[Action, Indexed]  # an action and its index form

# The kinds of each block of rows, in the order of its rows (and of the list the players get).
DISTRICT_KINDS = (K.AGITATE, K.STRIKE, K.DEMONSTRATE, K.DISTRIBUTE_BREAD, K.REQUISITION)
UNIT_KINDS = (K.AGITATE, K.DISPERSE, K.FIRE, K.FRATERNISE, K.COMMISSAR)
SITE_KINDS = (K.SEIZE, K.DEFEND)
LINK_KINDS = (K.RAISE_BRIDGE, K.LOWER_BRIDGE)

# The blocks of a table, in the order of the list: `_starts` gives where each begins (PASS is place 0).
_DISTRICT, _UNIT, _SITE, _LINK, _ARREST, _MARCH, _MOVE, _RATION, _PROPAGANDA, _NEGOTIATE, _END = range(11)

# What the faction may take now (allowed to it and paid for), one flag per kind the kernel asks about, in this
# order: the rows of the district, unit, site and link blocks, then the arrests, marches, moves, rations,
# propaganda and negotiations.
_FLAG_KINDS = (
    *DISTRICT_KINDS, *UNIT_KINDS, *SITE_KINDS, *LINK_KINDS,
    K.ARREST, K.DEMONSTRATE, K.MOVE, K.SET_RATION, K.PROPAGANDA, K.NEGOTIATE,
)  # fmt: skip
_UNIT_FLAGS = len(DISTRICT_KINDS)
_SITE_FLAGS = _UNIT_FLAGS + len(UNIT_KINDS)
_LINK_FLAGS = _SITE_FLAGS + len(SITE_KINDS)
_ARREST_FLAG, _MARCH_FLAG, _MOVE_FLAG, _RATION_FLAG, _PROPAGANDA_FLAG, _NEGOTIATE_FLAG = range(
    _LINK_FLAGS + len(LINK_KINDS), len(_FLAG_KINDS)
)

_BRIDGE = LINK_KIND_CODE[LinkKind.BRIDGE]
_IMMOBILE = -1  # how a unit that cannot move travels (the others: `links.travel_of`)

# The sections of a table's ints (`_pack`): the table's own (where each block of the table begins, the faction,
# how each unit travels and could it ever join the faction, what each kind of `_FLAG_KINDS` costs it, `_BARRED` for
# a kind it may not take), then the map's (each link's ends, kind and how it opens on foot; each site's district and
# the link it holds, -1 for none; where each district's neighbours begin, then each district's neighbours as (link,
# district at its other end, the neighbour before it around the district at that same end or -1), as
# `index.neighbour_links`), then the table's marks (`_Table.marks`, the one section the kernel writes). One array,
# not sixteen: each argument costs a compiled kernel's call about 50 ns.
_STARTS, _FACTION, _TRAVEL, _JOINS, _COSTS = range(5)
_LINK_A, _LINK_B, _LINK_KIND, _OPENING, _SITE_DISTRICT, _SITE_LINK, _FIRST, _NEIGHBOUR_LINK, _NEIGHBOUR, _SAME_END = (
    range(5, 15)
)
_MARKS = 15
_BARRED = np.iinfo(np.int64).max  # the cost of a kind the faction may not take: more than any points


def _starts(n_d: int, n_u: int, n_s: int, n_l: int, n_f: int, n_r: int) -> tuple[int, ...]:
    """Where each block of a table begins (indexed by `_DISTRICT` ... `_NEGOTIATE`), and its end (`_END`)."""
    sizes = (
        len(DISTRICT_KINDS) * n_d, len(UNIT_KINDS) * n_u, len(SITE_KINDS) * n_s, len(LINK_KINDS) * n_l,
        n_d * n_f, n_d * n_d, n_u * n_d, n_r, 1, n_f - 1,
    )  # fmt: skip
    return tuple(accumulate(sizes, initial=1))


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class _Kept:
    """What the listing reads of the scenario, which never changes in a game, as the kernel's arrays; and the
    faction tables built on first use. The tables go by (faction, unit set's identity) -> (that unit set, its
    table), and by (faction, its units' identities) -> table, shared by every game whose events add the same units;
    each entry keeps the objects whose ids make its key alive, so an equal id is the same object. The table each
    faction listed last comes first (`last`): a game lists for one faction several times in a row."""

    map: tuple[npt.ArrayLike, ...]  # the map's sections of a table's ints (`_LINK_A` ... `_SAME_END`)
    people: FloatArray  # [3 * D] people, workers, strikers above which the district's railways shut (inf: never)
    numbers: FloatArray  # the least crowd that acts, the strengths of a bread distribution and of a requisition
    marches: int  # the most marches a list can hold: each district's neighbours, each once
    reach: int  # the most districts one link away from any district: the most moves a unit has
    storms: tuple[Compiled | None, ...]  # [F] each faction's storm_if, compiled (`storming.storm_ifs`)
    rations: dict[float, FloatArray]  # ration -> the kernel's floats at that ration: `people`, the flour each
    # district eats in a day, `numbers`, then for each ration level 1.0 if setting it changes the ration, else 0.0
    made: tuple[dict[_Key, _Made], ...]  # [F] every action made for the faction, and its index form, by what it
    # names (`_named`): a table for another unit set takes them, rather than making its own
    by_specs: dict[tuple[int, int], tuple[tuple[Unit, ...], _Table]]
    by_units: dict[tuple[int, tuple[int, ...]], _Table]
    last: list[_Table | None]  # [F] the table each faction listed last


def _keep(scenario: Scenario) -> _Kept:
    index = index_for(scenario)
    workers = index.workers
    pairs = [pair for around in index.neighbour_links for pair in around]
    distinct = [len({other for _, other in around}) for around in index.neighbour_links]
    rules = index.rules
    return _Kept(
        map=(
            index.link_a,
            index.link_b,
            index.link_kind,
            openings(scenario),
            index.site_district,
            index.site_link,
            np.cumsum([0, *(len(around) for around in index.neighbour_links)]),
            [link for link, _ in pairs],
            [other for _, other in pairs],
            _same_ends(index.neighbour_links),
        ),
        people=np.concatenate([index.population, workers, rail_limits(scenario, workers)]),
        numbers=np.array(
            [
                scenario.rules.min_crowd,
                rules[K.DISTRIBUTE_BREAD].strength,
                rules[K.REQUISITION].strength,
            ],
            dtype=np.float64,
        ),
        marches=sum(distinct),
        reach=max(distinct, default=0),
        storms=storm_ifs(scenario),
        rations={},
        made=tuple({} for _ in range(index.n_factions)),
        by_specs={},
        by_units={},
        last=[None] * index.n_factions,
    )


# Kept while the scenario lives (engine/cache.py).
_KEPT: PerObject[Scenario, _Kept] = PerObject(_keep)
_TABLES_KEPT = 512  # a game whose events added units has its own unit set: keep a few hundred per scenario
_RATIONS_KEPT = 64  # flour a day per ration level, of the few rations a game sets


@dataclass(frozen=True, slots=True, eq=False)
class _Table:
    """Every action one faction can take with this set of units, each in its place (`_starts`), made on first use:
    `marks[1]` says which are; a listing makes those it needs that are not yet, then sets their marks (after the
    action, so another thread reading a mark finds the action there)."""

    faction: int
    specs: tuple[Unit, ...]
    starts: tuple[int, ...]  # where each block begins
    ints: IntArray  # all the kernel reads and writes of the table and the map (`_STARTS` ... `_MARKS`)
    actions: ObjectArray  # [starts[_END]] the actions, None where not yet made
    forms: dict[int, tuple[Action, Indexed, int]]  # id of each action made -> (it, its index form, its place)
    marks: IntArray  # [2, starts[_END]] the number of the listing that last listed each place (0: none since), and
    # 1 where the action is made: a view of the section `_MARKS` of `ints`
    stamps: memoryview  # `marks[0]` as `listed_form` reads it (a memoryview's item costs half a numpy item's)
    capacity: int  # the longest list the table can give


def _build(state: GameState, f: int, kept: _Kept) -> _Table:
    """The faction's table for the state's unit set, with the actions its last table made (`_inherit`)."""
    index, specs = state.index, state.unit_specs
    n_u = len(specs)
    starts = _starts(
        index.n_districts, n_u, len(index.site_ids), len(index.link_ids), index.n_factions, len(index.ration_levels)
    )
    ways = [travel_of(UNIT_KIND_CODE[u.kind]) if u.mobile else _IMMOBILE for u in specs]
    costs = [index.rules[k].cost if k in index.allowed[f] else _BARRED for k in _FLAG_KINDS]
    ints = _pack((starts, [f], ways, joinable(state)[f], costs, *kept.map, np.zeros(2 * starts[_END])))
    marks = ints[ints[_MARKS] : ints[_MARKS + 1]].reshape(2, starts[_END])
    table = _Table(
        faction=f,
        specs=specs,
        starts=starts,
        ints=ints,
        actions=np.full(starts[_END], None, dtype=object),
        forms={},
        marks=marks,
        stamps=memoryview(marks[0]),
        capacity=starts[_MARCH] + kept.marches + n_u * kept.reach + starts[_END] - starts[_RATION],
    )
    donor = kept.last[f]
    if donor is not None:
        _inherit(table, donor, index.n_districts)
    return table


def _inherit(table: _Table, donor: _Table, n_d: int) -> None:
    """Take into a new table the actions the faction's other table has made that are the same in both, with their
    index forms, all at once: every action but those naming a unit not at the same place in both unit sets. A game
    whose events bring units in lists with a new table, which would otherwise make them again one by one, at some
    microseconds each."""
    shared = 0  # the units both sets begin with (an event appends its units)
    for unit, other in zip(table.specs, donor.specs, strict=False):
        if unit is not other:
            break
        shared += 1
    new, old, n_new, n_old = table.starts, donor.starts, len(table.specs), len(donor.specs)
    spans = [(0, 0, new[_DISTRICT])]  # (place in the donor, place in the table, how many): PASS, then the blocks
    for block in range(_END):
        if block == _UNIT:
            spans += [(old[block] + row * n_old, new[block] + row * n_new, shared) for row in range(len(UNIT_KINDS))]
        elif block == _MOVE:
            spans.append((old[block], new[block], shared * n_d))
        else:
            spans.append((old[block], new[block], new[block + 1] - new[block]))
    theirs = np.concatenate([np.arange(start, start + n) for start, _, n in spans])
    mine = np.concatenate([np.arange(start, start + n) for _, start, n in spans])
    made = donor.marks[1, theirs] != 0  # (set after the action: an action marked made is there)
    theirs, mine = theirs[made], mine[made]
    actions = donor.actions[theirs]
    table.actions[mine] = actions
    forms = donor.forms
    for action, place in zip(actions.tolist(), mine.tolist(), strict=True):
        table.forms[id(action)] = (action, forms[id(action)][1], place)
    table.marks[1, mine] = 1


def _pack(sections: tuple[npt.ArrayLike, ...]) -> IntArray:
    """The sections as one int array, after a header of where each begins (and the last ends): `_section`."""
    arrays = [np.asarray(section, dtype=np.int64).reshape(-1) for section in sections]
    header = np.cumsum([len(arrays) + 1, *(len(array) for array in arrays)], dtype=np.int64)
    return np.concatenate([header, *arrays])


@helper
def _section(packed: IntArray, i: int) -> IntArray:
    """Section `i` of a packed array (`_pack`)."""
    return packed[packed[i] : packed[i + 1]]


def _table(state: GameState, f: int, kept: _Kept) -> _Table:
    """The faction's table for this unit set when it is not the one the faction listed last (`_Kept.last`, which
    the listing reads first): by the tuple's identity, else by its units' identities (every game whose events add
    the same units builds a new tuple of the same specs; they share one table)."""
    specs = state.unit_specs
    hit = kept.by_specs.get((f, id(specs)))
    if hit is not None and hit[0] is specs:
        kept.last[f] = hit[1]
        return hit[1]
    by_units = (f, tuple(map(id, specs)))
    shared = kept.by_units.get(by_units)
    if shared is None:
        if len(kept.by_units) >= _TABLES_KEPT:
            kept.by_units.pop(next(iter(kept.by_units)))
        shared = kept.by_units[by_units] = _build(state, f, kept)
    if len(kept.by_specs) >= _TABLES_KEPT:
        kept.by_specs.pop(next(iter(kept.by_specs)))
    kept.by_specs[(f, id(specs))] = (specs, shared)
    kept.last[f] = shared
    return shared


def _named(index: ScenarioIndex, table: _Table, place: int) -> _Named:
    """What the action at this place of the faction's table (`_starts`) names: its key in `_Kept.made`, then its
    kind, district, unit (its place in the unit set), target and amount, by index (-1, None: unused), and the ids
    its target is one of."""
    starts = table.starts
    if place < starts[_DISTRICT]:
        return ((-1, 0, None, -1), K.PASS, -1, -1, -1, (), None)
    n_d, n_u, n_f = index.n_districts, len(table.specs), index.n_factions
    block = bisect_right(starts, place) - 1
    at = place - starts[block]
    key = (block, at, None, -1)  # the same in every table of the faction: the block's size does not vary with its units
    if block == _DISTRICT:
        return (key, DISTRICT_KINDS[at // n_d], at % n_d, -1, -1, (), None)
    if block == _UNIT:
        u = at % n_u
        return ((block, at // n_u, table.specs[u].id, u), UNIT_KINDS[at // n_u], -1, u, -1, (), None)
    if block == _SITE:
        n_s = len(index.site_ids)
        return (key, SITE_KINDS[at // n_s], -1, -1, at % n_s, index.site_ids, None)
    if block == _LINK:
        n_l = len(index.link_ids)
        return (key, LINK_KINDS[at // n_l], -1, -1, at % n_l, index.link_ids, None)
    if block == _ARREST:
        return (key, K.ARREST, at // n_f, -1, at % n_f, index.faction_ids, None)
    if block == _MARCH:
        return (key, K.DEMONSTRATE, at // n_d, -1, at % n_d, index.district_ids, None)
    if block == _MOVE:
        u = at // n_d
        return ((block, at % n_d, table.specs[u].id, u), K.MOVE, -1, u, at % n_d, index.district_ids, None)
    if block == _RATION:
        return (key, K.SET_RATION, -1, -1, -1, (), index.ration_levels[at])
    if block == _PROPAGANDA:
        return (key, K.PROPAGANDA, -1, -1, -1, (), None)
    return (key, K.NEGOTIATE, -1, -1, at + (at >= table.faction), index.faction_ids, None)


def _make(state: GameState, table: _Table, places: list[int], made: dict[_Key, _Made]) -> None:
    """Make the actions at these places of the table, each with its index form (from the indices the table
    numbers by, as `legality.index_form` would find them from the ids), taking those the faction's other tables
    have made already (`_Kept.made`); then mark them made (after the action, so another thread reading a mark finds
    the action there)."""
    index, f, specs = state.index, table.faction, table.specs
    fid, districts, flags = index.faction_ids[f], index.district_ids, table.marks[1]
    for place in places:
        key, kind, d, u, t, targets, amount = _named(index, table, place)
        pair = made.get(key)
        if pair is None:
            action = Action(
                kind,
                fid,
                districts[d] if d >= 0 else None,
                specs[u].id if u >= 0 else None,
                targets[t] if t >= 0 else None,
                amount,
            )
            form = Indexed(kind, f, d, u, t, 0.0 if amount is None else float(amount))
            pair = made[key] = (action, form)
        action = table.actions[place] = pair[0]
        table.forms[id(action)] = (action, pair[1], place)
        flags[place] = 1


def _at_ration(state: GameState, kept: _Kept) -> FloatArray:
    """`_Kept.rations` at the ration in force (a level within a rounding of it is no change), made the first time
    (the listing reads `_Kept.rations` first)."""
    ration = state.ration
    if len(kept.rations) >= _RATIONS_KEPT:
        kept.rations.clear()
    others = [1.0 if abs(level - ration) >= 0.05 else 0.0 for level in state.index.ration_levels]
    found = kept.rations[ration] = np.concatenate(
        [kept.people, daily_tonnes_at(state.scenario, ration), kept.numbers, others]
    )
    return found


class _Scratch(threading.local):
    """Each thread's buffer the kernel writes into (`_listed`), [5, the longest list it has made room for + 1], where
    the thread's last list is in it, and that list's actions (`legal_actions`)."""

    def __init__(self) -> None:
        self.out: IntArray = np.zeros((5, 1), dtype=np.int64)
        # The thread's last list: the listing's number, its row of `out`, its length, its table and its actions
        # (of the places the kernel kept, `_again`: a list of the same places is made of them).
        self.listed: tuple[int, int, int, _Table | None, ObjectArray | None] = (0, 0, 0, None, None)


_SCRATCH = _Scratch()


_NUMBERS = count(1)  # each listing's number, stamped on the places it lists (`_Table.marks`)


# What a list leaves on the state it was made of (`GameState.receipt`), until the state changes: the faction's table
# the list was taken from, the listing's number, stamped on the places it listed, and whether the faction's storm_if
# left the seizures of held sites off the list (their places stamped all the same). A plain tuple: one is made at
# every listing, and a named tuple costs four times as much to make.
Receipt = tuple[_Table, int, bool]


def legal_actions(state: GameState, faction: str | None = None) -> list[Action]:
    """All legal actions for `faction` (default: whoever is to act): PASS first; only CHOOSE actions while an event
    choice waits. Empty when the game is over or it is not that faction's turn."""
    if state.winner is not None:  # over (`is_over`, without its call)
        return []
    f = state.current_faction_index
    if faction is not None and faction != state.index.faction_ids[f]:
        return []
    if state.pending_choice is not None:
        fid = state.index.faction_ids[f]
        return [Action(ActionKind.CHOOSE, fid, choice=choice) for choice in choice_ids(state)]

    # The faction's table, the floats at the ration in force and this thread's buffer: those of the listing before,
    # almost always (made by `_table`, `_at_ration` when not).
    kept = _KEPT(state.scenario)
    table = kept.last[f]
    if table is None or table.specs is not state.unit_specs:
        table = _table(state, f, kept)
    floats = kept.rations.get(state.ration)
    if floats is None:
        floats = _at_ration(state, kept)
    out = _SCRATCH.out
    if out.shape[1] <= table.capacity:
        out = _SCRATCH.out = np.zeros((5, table.capacity + 1), dtype=np.int64)  # (no list kept: lengths 0)
    number = next(_NUMBERS)
    listed, unheld, unmade, again = _listed(
        state.action_points.item(f), table.ints, floats,
        state.unit_alive, state.unit_commander, state.unit_district, state.unit_arms, state.unit_strength,
        state.unit_moved, state.unit_commissar, state.influence, state.crowd, state.strikers, state.bread_days,
        state.site_holder, state.site_defended, state.link_raised, state.city_stock, out, number,
    )  # fmt: skip
    row = 0
    try:
        if unheld < listed:  # held sites to seize: a faction with a storm_if may seize them only once it holds
            storm_if = kept.storms[f]  # (`storming.may_storm`, without its lookup: read at most listings)
            if storm_if is not None and not storm_if(state, f):
                row, listed = 1, unheld  # (their places keep the stamp: the receipt says they were left off)
        if unmade:
            _make(state, table, out[2, :unmade].tolist(), kept.made[f])
    except BaseException:
        _SCRATCH.listed = (0, 0, 0, None, None)  # the kernel has kept this listing's places, not their actions
        raise
    state.receipt = (table, number, row == 1)
    # The same places as the thread's last list, of the same table and row: the same actions, already taken out
    # (two lists in five as a random game lists: its last order changed nothing the list reads).
    actions = None
    if again >> row & 1:
        _, last_row, _, last_table, actions = _SCRATCH.listed
        if last_table is not table or last_row != row:
            actions = None
    if actions is None:
        actions = table.actions[out[row, :listed]]
    _SCRATCH.listed = (number, row, listed, table, actions)  # where this list is, until the thread lists again
    return actions.tolist()  # type: ignore[no-any-return]


def listed_places(state: GameState) -> IntArray | None:
    """Where each action of the list just made of this state sits in its faction's table (`_starts`), in the
    list's order: the same place for the same action whenever the faction has this set of units, so a player that
    keeps something per action can look it up by place. None unless that list is the last one this thread made
    and nothing has changed the state since."""
    receipt = state.receipt
    number, row, n, _, _ = _SCRATCH.listed
    if receipt is None or number != receipt[1]:
        return None
    places: IntArray = _SCRATCH.out[row, :n].copy()
    return places


def listed_form(state: GameState, action: Action) -> Indexed | None:
    """The action in indices if the last list made of this state holds it and nothing has changed the state since
    (the door drops the receipt at every change): it is legal, as the kernel found it. None for any other action,
    which must be checked (engine/legality.py)."""
    receipt = state.receipt
    if receipt is None:
        return None
    table, number, restrained = receipt
    form = table.forms.get(id(action))
    if form is None or form[0] is not action or table.stamps[form[2]] != number:
        return None
    if restrained:  # the storm_if left the seizures of held sites off the list, stamped as the kernel found them
        site = form[2] - table.starts[_SITE]  # SEIZE is the first of the site orders
        if 0 <= site < len(state.site_holder) and state.site_holder.item(site) >= 0:
            return None
    return form[1]


@kernel
def _listed(
    points: int,
    ints: IntArray,
    floats: FloatArray,
    alive: BoolArray,
    commander: IntArray,
    where: IntArray,
    arms: FloatArray,
    strength: FloatArray,
    moved: BoolArray,
    commissar: IntArray,
    influence: FloatArray,
    crowd: FloatArray,
    strikers: FloatArray,
    bread_days: FloatArray,
    holder: IntArray,
    defended: IntArray,
    raised: BoolArray,
    stock: float,
    out: IntArray,
    number: int,
) -> tuple[int, int, int, int]:
    """Write into `out[0]` the places in the faction's table (`_starts`) of its legal actions, in the list's order;
    into `out[1]` the same without seizures of sites someone holds (the list of a faction whose storm_if does not
    hold yet); into `out[2]` the places listed whose actions are not yet made (`marks[1]`); stamp the listing's
    `number` on the places listed (`marks[0]`). Returns how many of each, and which of the first two rows the
    thread's last listing gave too (bits 1 and 2: `_again`, which keeps them in `out[3]` and `out[4]` for the
    next). The rules are engine/legality.py's; `may` says which kinds the faction may take (`_COSTS`) and pay for
    with its `points` left (`_FLAG_KINDS`: the faction's, a number, not the state's array of every faction's,
    which would cost the call an argument's check)."""
    starts, f = _section(ints, _STARTS), _section(ints, _FACTION)[0]
    costs = _section(ints, _COSTS)
    travel, joins = _section(ints, _TRAVEL), _section(ints, _JOINS)
    link_a, link_b, link_kind = _section(ints, _LINK_A), _section(ints, _LINK_B), _section(ints, _LINK_KIND)
    opening = _section(ints, _OPENING)
    site_district, site_link = _section(ints, _SITE_DISTRICT), _section(ints, _SITE_LINK)
    first = _section(ints, _FIRST)
    neighbour_link, neighbour = _section(ints, _NEIGHBOUR_LINK), _section(ints, _NEIGHBOUR)
    same_end = _section(ints, _SAME_END)
    n_d, n_f, n_u = influence.shape[0], influence.shape[1], alive.shape[0]
    population, workers = floats[:n_d], floats[n_d : 2 * n_d]  # `_at_ration`'s floats (slices, not a reshape: a
    rail_limit, daily = floats[2 * n_d : 3 * n_d], floats[3 * n_d : 4 * n_d]  # compiled reshape costs a call)
    min_crowd, distribute_strength, requisition_strength = floats[4 * n_d], floats[4 * n_d + 1], floats[4 * n_d + 2]
    others = floats[4 * n_d + 3 :]
    marks = _section(ints, _MARKS)  # `_Table.marks`, flat: the stamps, then from `made` on the made flags
    made = marks.shape[0] // 2
    n_s, n_l = holder.shape[0], raised.shape[0]

    # The kernel's flags: the kinds the faction may take now, where it has men and armed men, its units and the
    # units it could win over and that are ready, the bridges within its reach; and the links open on foot, to
    # sailors and to ships (an allocation of their own: cheaper than reshaping a slice).
    n_k = costs.shape[0]
    flags = np.zeros(n_k + 2 * n_d + 3 * n_u + n_l, dtype=np.bool_)
    may, units_in, armed_in = flags[:n_k], flags[n_k : n_k + n_d], flags[n_k + n_d : n_k + 2 * n_d]
    at = n_k + 2 * n_d
    own, won, ready = flags[at : at + n_u], flags[at + n_u : at + 2 * n_u], flags[at + 2 * n_u : at + 3 * n_u]
    reach = flags[at + 3 * n_u :]
    opens = np.zeros((3, n_l), dtype=np.bool_)

    # What the faction may take (allowed to it) and pay for with its points left; where the faction has men, and
    # armed men (a unit with arms and men in it); which units are its own, which it could win over (others' units
    # in a district that follows it, that could ever join it), and which of its own can act on a crowd (not yet
    # moved, a crowd there).
    for k in range(n_k):
        may[k] = costs[k] <= points
    for u in range(n_u):
        d = where[u]
        if alive[u] and commander[u] == f:
            own[u] = units_in[d] = True
            if arms[u] > 0 and strength[u] > 0:
                armed_in[d] = True
            ready[u] = not moved[u] and crowd[d] >= min_crowd
        elif alive[u] and influence[d, f] > 0.0 and joins[u] != 0:
            won[u] = True

    out[0, 0] = 0  # PASS
    n = 1

    # The district orders, kind by kind: agitate anywhere; strike where the faction has a following and a whole
    # worker is not yet out; demonstrate where it has a following and the crowd is not yet everyone; distribute
    # bread where a cartload would go (of the stock there is, and of a day's need times the order's strength);
    # requisition where its armed men stand and a cartload would come back.
    start = starts[_DISTRICT]
    stocked = at_least(stock, 0.0) >= MIN_TONNES
    for row in range(len(DISTRICT_KINDS)):
        if may[row]:
            for d in range(n_d):
                if row == 0:
                    legal = True
                elif row == 1:
                    legal = influence[d, f] > 0.0 and workers[d] - strikers[d] >= 1
                elif row == 2:
                    legal = influence[d, f] > 0.0 and crowd[d] < population[d]
                elif row == 3:
                    legal = stocked and distribute_strength * daily[d] >= MIN_TONNES
                else:
                    legal = armed_in[d] and requisition_strength * at_least(bread_days[d], 0.0) * daily[d] >= MIN_TONNES
                if legal:
                    out[0, n] = start + row * n_d + d
                    n += 1

    # The unit orders, kind by kind: agitate a unit it could win over; disperse or (armed) fire on a crowd with its
    # own; fraternise with a unit it could win over where a crowd is; send a commissar to its own or a winnable
    # unit that has none of its commissars.
    start = starts[_UNIT]
    for row in range(len(UNIT_KINDS)):
        if may[_UNIT_FLAGS + row]:
            for u in range(n_u):
                if row == 0:
                    legal = won[u]
                elif row == 1:
                    legal = ready[u]
                elif row == 2:
                    legal = ready[u] and arms[u] > 0
                elif row == 3:
                    legal = won[u] and crowd[where[u]] >= min_crowd
                else:
                    legal = (own[u] or won[u]) and commissar[u] != f
                if legal:
                    out[0, n] = start + row * n_u + u
                    n += 1

    # Sites: seize one not its own where its armed men stand; defend its own, not yet defended by it, where it has
    # men.
    start = starts[_SITE]
    stormed = 0
    if may[_SITE_FLAGS]:
        for s in range(n_s):
            if armed_in[site_district[s]] and holder[s] != f:
                out[0, n] = start + s
                n += 1
                if holder[s] >= 0:
                    stormed += 1
    if may[_SITE_FLAGS + 1]:
        for s in range(n_s):
            if holder[s] == f and defended[s] != f and units_in[site_district[s]]:
                out[0, n] = start + n_s + s
                n += 1

    # Bridges within reach (its men at either end, or its own site holding it): raise one that is down, lower one
    # that is raised.
    if may[_LINK_FLAGS] or may[_LINK_FLAGS + 1]:
        for x in range(n_l):
            reach[x] = units_in[link_a[x]] or units_in[link_b[x]]
        for s in range(n_s):
            if site_link[s] >= 0 and holder[s] == f:
                reach[site_link[s]] = True
        start = starts[_LINK]
        for row in range(len(LINK_KINDS)):
            if may[_LINK_FLAGS + row]:
                for x in range(n_l):
                    if reach[x] and link_kind[x] == _BRIDGE and raised[x] == (row == 1):
                        out[0, n] = start + row * n_l + x
                        n += 1

    # Arrests: a rival's following, where its armed men stand (by district, then by faction).
    if may[_ARREST_FLAG]:
        start = starts[_ARREST]
        for d in range(n_d):
            for g in range(n_f):
                if armed_in[d] and g != f and influence[d, g] > 0.0:
                    out[0, n] = start + d * n_f + g
                    n += 1

    # Marches from where it has a following and a crowd, and moves of its own units not yet moved: to each
    # district one open link away (`links.link_open`: on foot, for sailors, for ships).
    if may[_MARCH_FLAG] or may[_MOVE_FLAG]:
        link_openings(opening, link_kind, link_a, link_b, raised, strikers, rail_limit, opens)
        if may[_MARCH_FLAG]:
            start = starts[_MARCH]
            for d in range(n_d):
                if influence[d, f] > 0.0 and crowd[d] >= min_crowd:
                    n = _neighbours(
                        d, opens[ON_FOOT], first, neighbour_link, neighbour, same_end, start + d * n_d, out, n
                    )
        if may[_MOVE_FLAG]:
            start = starts[_MOVE]
            for u in range(n_u):
                if own[u] and not moved[u] and travel[u] != _IMMOBILE:
                    ways = opens[travel[u]]
                    n = _neighbours(where[u], ways, first, neighbour_link, neighbour, same_end, start + u * n_d, out, n)

    # The other ration levels (a level within a rounding of the ration in force is no change), propaganda, and
    # negotiations with each other faction.
    if may[_RATION_FLAG]:
        for i in range(others.shape[0]):
            if others[i] != 0.0:
                out[0, n] = starts[_RATION] + i
                n += 1
    if may[_PROPAGANDA_FLAG]:
        out[0, n] = starts[_PROPAGANDA]
        n += 1
    if may[_NEGOTIATE_FLAG]:
        for i in range(n_f - 1):
            out[0, n] = starts[_NEGOTIATE] + i
            n += 1

    unheld = n
    if stormed:
        unheld = 0
        for i in range(n):
            place = out[0, i]
            if not (starts[_SITE] <= place < starts[_SITE] + n_s and holder[place - starts[_SITE]] >= 0):
                out[1, unheld] = place
                unheld += 1
    unmade = 0
    for i in range(n):
        marks[out[0, i]] = number
        if marks[made + out[0, i]] == 0:
            out[2, unmade] = out[0, i]
            unmade += 1
    again = _again(out, 0, 3, n)
    if stormed:
        again |= _again(out, 1, 4, unheld) << 1
    return n, unheld, unmade, again


@helper
def _again(out: IntArray, row: int, kept: int, n: int) -> int:
    """1 if `out[row, :n]` is the list kept in `out[kept]` (its length in the last column); else 0, and it is kept
    there now. A list is never empty (PASS), so a buffer of zeros keeps none."""
    end = out.shape[1] - 1
    if out[kept, end] == n:
        same = True
        for i in range(n):
            if out[row, i] != out[kept, i]:
                same = False
                break
        if same:
            return 1
    for i in range(n):
        out[kept, i] = out[row, i]
    out[kept, end] = n
    return 0


@helper
def _neighbours(
    d: int, open_: BoolArray, first: IntArray, link: IntArray, other: IntArray, same_end: IntArray, start: int,
    out: IntArray, n: int,
) -> int:  # fmt: skip
    """Write the places `start + t` of the districts t one open link away from `d` (each once, however many links
    lead there, in the order of the first open link to each) into `out[0]` from `n`; returns the new length. A
    neighbour is written unless one before it around `d` at the same end is open (`same_end`: most have none)."""
    for j in range(first[d], first[d + 1]):
        if open_[link[j]]:
            before = same_end[j]
            while before >= 0 and not open_[link[before]]:
                before = same_end[before]
            if before < 0:
                out[0, n] = start + other[j]
                n += 1
    return n


def _same_ends(around: tuple[tuple[tuple[int, int], ...], ...]) -> list[int]:
    """For each neighbour of each district, in `index.neighbour_links` order (flat), the one before it around the
    same district at the same other end, -1 for none (`_neighbours`)."""
    found: list[int] = []
    for pairs in around:
        last: dict[int, int] = {}
        for _, other in pairs:
            found.append(last.get(other, -1))
            last[other] = len(found) - 1
    return found
