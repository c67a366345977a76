"""Control phase: who holds each district, who picks up the sites nobody holds, and what held sites give.

A district is held by whoever holds its streets and its armed force. A faction's force in a district is its units'
armed power there plus, for the faction that leads a militant crowd (unrest at least `clash_unrest`), the crowd's
worth (`crowd_power` a person). The strongest force takes the district when it is at least `control_force_lead`
times the next one and its influence there is at least `control_street_share`. Where nobody has armed men or a
militant crowd, influence above `control_threshold` holds the district. Otherwise the controller keeps it while
nobody outforces it (the police hold the streets until they are beaten or gone); failing that it is contested.
`claims` gives the same figures per district for the window, with the thresholds (`thresholds`).
A site nobody holds goes to the district's controller if the controller has armed men there. Each held site
gives its holder legitimacy and influence in its district, so much a day (its action points are granted at the
start of the next turn, by the game). Last, the following of a side whose legitimacy is gone ebbs: below `GONE` a
share of its influence leaves it each day, to the others in proportion to theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.forces import (
    ArmedUnits,
    add_district_power,
    armed_units,
    crowd_faction,
    district_power,
    find_leaders,
)
from petrograd1917.engine.index import UNIT_KIND_CODE, BoolArray, FloatArray, IntArray, index_for
from petrograd1917.engine.links import link_openings, openings, rail_limits, travel_of
from petrograd1917.engine.log import Said, tell
from petrograd1917.engine.numeric import add_shares, array_sum, at_least, at_most, per_turn_value
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import DynamicsTables, tables_for
from petrograd1917.engine.words import Names, cap, names, possessive
from petrograd1917.scenario.model import DistrictCharacter, Scenario


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The control rule's numbers, as the window shows them."""

    force_lead: float  # the strongest force must be this many times the next one
    street_share: float  # ... and have at least this influence in the district
    unarmed_influence: float  # where nobody has force, this influence holds the district


@dataclass(frozen=True, slots=True)
class Claims:
    """One district's contest: each faction's force (armed power plus the crowd it leads) and influence there,
    and who holds it under the rule."""

    force: tuple[float, ...]  # [F]
    influence: tuple[float, ...]  # [F]
    holder: int  # faction index, -1 when contested


def thresholds(state: GameState) -> Thresholds:
    rules = state.scenario.rules
    return Thresholds(rules.control_force_lead, rules.control_street_share, rules.control_threshold)


def district_force(state: GameState, power: FloatArray | None = None) -> FloatArray:
    """[D, F] armed power by district and faction, plus the crowd's worth for the faction leading it where the crowd
    is militant (unrest at least `clash_unrest`, as in combat): a peaceful crowd holds no street against anyone."""
    return np.array(_force_rows(state, (district_power(state) if power is None else power).tolist()))


def _force_rows(state: GameState, power: list[list[float]]) -> list[list[float]]:
    """`district_force` as rows of Python floats, from `district_power`'s rows (rows it changes are copies)."""
    rules = state.scenario.rules
    clash, worth = rules.clash_unrest, rules.crowd_power
    rows = list(power)
    led = zip(crowd_faction(state).tolist(), state.unrest.tolist(), state.crowd.tolist(), strict=True)
    for d, (leader, unrest, crowd) in enumerate(led):
        if leader >= 0 and unrest >= clash:
            row = rows[d] = power[d].copy()
            row[leader] += crowd * worth
    return rows


def claims(state: GameState, district: int) -> Claims:
    """The figures the control rule weighs in one district, and who holds it now."""
    force = district_force(state)[district]
    return Claims(
        force=tuple(force.tolist()),
        influence=tuple(state.influence[district].tolist()),
        holder=int(state.district_controller[district]),
    )


def _city_districts(scenario: Scenario) -> IntArray:
    """The districts of the city itself: every district but the approaches (Kronstadt, the roads south)."""
    return np.array(
        [d for d, district in enumerate(scenario.districts) if district.character != DistrictCharacter.APPROACH],
        dtype=np.int64,
    )


city_districts: PerObject[Scenario, IntArray] = PerObject(_city_districts)  # per scenario (engine/cache.py)


def _city_mask(scenario: Scenario) -> BoolArray:
    """[D] True for the city's own districts (read-only)."""
    inside = np.zeros(index_for(scenario).n_districts, dtype=np.bool_)
    inside[city_districts(scenario)] = True
    inside.flags.writeable = False
    return inside


city_mask: PerObject[Scenario, BoolArray] = PerObject(_city_mask)  # per scenario (engine/cache.py)


@dataclass(frozen=True, slots=True)
class _City:
    """What `within_reach` reads of a scenario: which districts are the city, the links from each district into it
    (none from the city's own), and how links open and units travel (`links.link_openings`)."""

    inside: BoolArray  # [D] read-only
    first: IntArray  # [D + 1] where each district's links into the city begin in `ways_in`
    ways_in: IntArray  # the links into the city from each district, district by district
    travel: IntArray  # [unit kinds] how a unit of each kind travels (`links.travel_of`)
    opening: IntArray  # [L] how each link opens on foot (`links.openings`)
    link_kind: IntArray  # [L]
    link_a: IntArray  # [L]
    link_b: IntArray  # [L]
    rail_limit: FloatArray  # [D] the strikers above which a district's railways shut (`links.rail_limits`)


def _city_of(scenario: Scenario) -> _City:
    index = index_for(scenario)
    inside = city_mask(scenario)
    ways_in = [
        [] if inside[d] else [link for link, other in index.neighbour_links[d] if inside[other]]
        for d in range(index.n_districts)
    ]
    return _City(
        inside=inside,
        first=np.cumsum([0, *map(len, ways_in)], dtype=np.int64),
        ways_in=np.array([link for ways in ways_in for link in ways], dtype=np.int64),
        travel=np.array([travel_of(code) for code in range(max(UNIT_KIND_CODE.values()) + 1)], dtype=np.int64),
        opening=np.array(openings(scenario), dtype=np.int64),
        link_kind=index.link_kind,
        link_a=index.link_a,
        link_b=index.link_b,
        rail_limit=rail_limits(scenario, index.workers),
    )


_CITY: PerObject[Scenario, _City] = PerObject(_city_of)  # per scenario (engine/cache.py)


def within_reach(state: GameState) -> BoolArray:
    """[U] units in being that are in the city, or on an approach with a link into the city they can cross now
    (a ship needs water, anyone else a lowered bridge, an unblocked railway or ice). Worked out afresh at each
    call: its one reader, `armed_share`, keeps its own answer by all this reads."""
    city = _CITY(state.scenario)
    return _reach(
        state.unit_alive, state.unit_district, state.unit_kind, state.link_raised, state.strikers, city.inside,
        city.first, city.ways_in, city.travel, city.opening, city.link_kind, city.link_a, city.link_b, city.rail_limit,
    )  # fmt: skip


@kernel
def _reach(
    alive: BoolArray, district: IntArray, kind: IntArray, raised: BoolArray, strikers: FloatArray, inside: BoolArray,
    first: IntArray, ways_in: IntArray, travel: IntArray, opening: IntArray, link_kind: IntArray, link_a: IntArray,
    link_b: IntArray, rail_limit: FloatArray,
) -> BoolArray:  # fmt: skip
    """`within_reach` from the arrays: the links' openings worked out once, and only if a unit is outside."""
    reach = np.zeros(alive.shape[0], dtype=np.bool_)
    opens = np.zeros((3, raised.shape[0]), dtype=np.bool_)
    known = False
    for u in range(alive.shape[0]):
        if not alive[u]:
            continue
        d = district[u]
        if inside[d]:
            reach[u] = True
            continue
        if not known:
            link_openings(opening, link_kind, link_a, link_b, raised, strikers, rail_limit, opens)
            known = True
        ways = opens[travel[kind[u]]]
        for j in range(first[d], first[d + 1]):
            if ways[ways_in[j]]:
                reach[u] = True
                break
    return reach


def run(state: GameState) -> None:
    """Who holds each district, the unheld sites taken, the sites' gifts and the ebb (`_control`), then the log."""
    fixed = _FIXED(state.scenario)
    before = state.district_controller
    after = np.empty(before.shape[0], dtype=np.int64)
    legitimacy = state.legitimacy.copy()
    moved = np.empty(before.shape[0] + state.site_holder.shape[0], dtype=np.int64)
    changed, taken = _control(
        armed_units(state),
        fixed.regime,
        state.unrest,
        state.crowd,
        state.influence,
        before,
        after,
        state.site_holder,
        fixed.site_district,
        moved,
        legitimacy,
        fixed.tables.days(state.turn),
        fixed.fixed,
    )
    state.district_controller = after
    state.legitimacy = legitimacy
    if state.keeps_record and (changed or taken):
        _log(state, before, after, moved[: changed + taken].tolist(), changed)


@dataclass(frozen=True, slots=True)
class _Fixed:
    """What the phase's kernel reads of a scenario, gathered once."""

    tables: DynamicsTables  # (the turn's length)
    # `_control`'s numbers in one float64 array (`_unpacked`): the rules' numbers it reads, in its order, then [2, S]
    # each site's legitimacy a day to its holder and influence a day in its district
    fixed: FloatArray
    site_district: IntArray  # [S] each site's district
    regime: BoolArray  # [F] the factions holding state power (`DynamicsTables.regime_mask`)


def _fixed(scenario: Scenario) -> _Fixed:
    rules, tables = scenario.rules, tables_for(scenario)
    rates = np.array(
        [
            rules.clash_unrest,
            rules.crowd_power,
            rules.control_force_lead,
            rules.control_street_share,
            rules.control_threshold,
            GONE,
            EBB,
        ]
    )
    fixed = np.concatenate([rates, tables.site_legitimacy, tables.site_influence])
    fixed.flags.writeable = False
    return _Fixed(tables, fixed, index_for(scenario).site_district, tables.regime_mask)


_FIXED: PerObject[Scenario, _Fixed] = PerObject(_fixed)  # per scenario (engine/cache.py)
_N_RATES = 7  # the rules' numbers first in `_Fixed.fixed`


@helper
def _unpacked(fixed: FloatArray, n_s: int) -> tuple[FloatArray, FloatArray]:
    """The views of `_Fixed.fixed`: the rules' numbers, and the sites' gifts [2, S]."""
    return fixed[:_N_RATES], fixed[_N_RATES:].reshape((2, n_s))


@kernel
def _control(
    units: ArmedUnits,
    regime: BoolArray,
    unrest: FloatArray,
    crowd: FloatArray,
    influence: FloatArray,
    before: IntArray,
    after: IntArray,
    holder: IntArray,
    site_district: IntArray,
    moved: IntArray,
    legitimacy: FloatArray,
    days: float,
    fixed: FloatArray,
) -> tuple[int, int]:
    """The whole phase's arithmetic, in the rule's order: each district's holder into `after` (from `before`, the
    units' armed power and the crowd each faction leads, `crowd_faction` found from the `regime` and the influence
    before the sites give); the unheld sites an armed controller takes (`holder`, in place); the held sites' gifts
    (`gives` [2, S]: legitimacy and influence a day) to `legitimacy` and `influence`; the ebb. Writes the districts
    that changed hands, then the sites taken, each in order, into `moved` (for the log: no second pass over every
    district); returns how many of each.
    (`fixed`: the rules' clash_unrest, crowd_power, control_force_lead, control_street_share, control_threshold, and
    GONE and EBB, then `gives`, in one array, `_unpacked`: as a game calls a kernel, each argument costs the call
    about 0.1 us.)"""
    rates, gives = _unpacked(fixed, holder.shape[0])
    n_d, n_f = influence.shape
    clash, worth, lead, street, unarmed = rates[0], rates[1], rates[2], rates[3], rates[4]
    leader = np.empty(n_d, dtype=np.int64)
    find_leaders(influence, regime, leader)
    power = np.zeros((n_d, n_f))
    add_district_power(units, power)
    changed = 0
    force = np.empty(n_f)
    for d in range(n_d):
        militant = unrest[d] >= clash
        after[d] = _holder(
            power[d], leader[d], militant, crowd[d] * worth, influence[d], before[d], lead, street, unarmed, force
        )
        if after[d] != before[d]:
            moved[changed] = d
            changed += 1
    taken = 0
    held = False
    for s in range(holder.shape[0]):
        d = site_district[s]
        new = after[d]
        if holder[s] < 0 and new >= 0 and power[d, new] > 0.0:
            holder[s] = new
            moved[changed + taken] = s
            taken += 1
        held = held or holder[s] >= 0
    if held:  # the held sites give
        gain = np.zeros(n_f)
        spread = np.zeros((n_d, n_f))
        giving = False
        for s in range(holder.shape[0]):
            h = holder[s]
            if h < 0 or (gives[0, s] == 0.0 and gives[1, s] == 0.0):
                continue
            gain[h] += gives[0, s] * days
            if gives[1, s] != 0.0:
                spread[site_district[s], h] += gives[1, s] * days
                giving = True
        for f in range(n_f):
            legitimacy[f] = at_most(at_least(legitimacy[f] + gain[f], 0.0), 1.0)
        if giving:
            add_shares(influence, spread)
    _ebb(influence, legitimacy, days, rates[5], rates[6])
    return changed, taken


@helper
def _holder(
    power: FloatArray,
    leader: int,
    militant: bool,
    worth: float,
    influence: FloatArray,
    incumbent: int,
    lead: float,
    street: float,
    unarmed: float,
    force: FloatArray,
) -> int:
    """One district's holder under the rule (module docstring), from its row of armed `power`, the crowd's `worth`
    to its `leader` where it is `militant`, and its row of `influence`; -1 when contested. `force`: scratch."""
    n_f = force.shape[0]
    if n_f == 0:
        return -1
    for f in range(n_f):
        force[f] = power[f]
    if leader >= 0 and militant:
        force[leader] += worth
    top = 0  # the first strongest, as argmax picks
    for f in range(1, n_f):
        if force[f] > force[top]:
            top = f
    first = force[top]
    second = 0.0  # the next: the strongest of the others
    if n_f > 1:
        second = force[1] if top == 0 else force[0]
        for f in range(n_f):
            if f != top and force[f] > second:
                second = force[f]
    if first > 0.0 and first >= lead * second and influence[top] >= street:
        return top
    best = 0  # the first most influential
    for f in range(1, n_f):
        if influence[f] > influence[best]:
            best = f
    if first <= 0.0 and influence[best] > unarmed:
        return best
    held = force[incumbent if incumbent > 0 else 0]
    return incumbent if incumbent >= 0 and held > 0.0 and held >= first else -1


def _log(state: GameState, before: IntArray, after: IntArray, moved: list[int], changed: int) -> None:
    """One entry for each district whose controller changed, then one for each site an armed controller took, each
    in order (`moved`: the first `changed` the districts, the rest the sites, as `_control` wrote them)."""
    named = names(state.scenario)
    for d in moved[:changed]:
        tell(state, "control", _control_words, (named, d, before.item(d), after.item(d)))
    if len(moved) > changed:
        holder = state.site_holder.tolist()
        for s in moved[changed:]:
            tell(state, "site", _occupied_words, (named, s, holder[s]))


def _control_words(named: Names, d: int, old: int, new: int) -> Said:
    """'Control of Vyborg passes from the Government to the MRC.', or slips from its holder."""
    place = named.districts[d]
    text = (
        f"Control of {place} passes{f' from {named.side(old)}' if old >= 0 else ''} to {named.side(new)}."
        if new >= 0
        else f"Control of {place} slips from {named.side(old)}; the district is contested."
    )
    return text, {"district": named.district_ids[d], "old": _id(named, old), "new": _id(named, new)}


def _occupied_words(named: Names, s: int, new: int) -> Said:
    """'The MRC's men occupy the Winter Palace.'"""
    text = f"{cap(possessive(named.side(new)))} men occupy {named.sites[s]}."
    return text, {"site": named.site_ids[s], "new": _id(named, new)}


# A side whose legitimacy is gone loses its following: below `GONE` legitimacy, a day, the share `EBB` × (1 −
# legitimacy / GONE) of its influence leaves it. GONE 0.1: a side falls so low only when the city has given it up
# (the tsar's government after the abdication, 0.05 and less; October's government or right in the games where they
# are routed), not when merely discredited (October's right starts at 0.2). EBB 0.5: a side nobody accepts loses
# half its following a day, the abdicated tsar's (0.05) a quarter.
GONE = 0.1
EBB = 0.5


def ebb(state: GameState) -> None:
    """A side's following ebbs while its legitimacy is below `GONE`: the share `EBB` × (1 − legitimacy / GONE) a day
    leaves it in every district, to the other sides in proportion to their influence there (to no one where nobody
    else has any). (The phase runs the same arithmetic inside its kernel.)"""
    _ebb(state.influence, state.legitimacy, tables_for(state.scenario).days(state.turn), GONE, EBB)


@helper
def _ebb(influence: FloatArray, legitimacy: FloatArray, days: float, gone: float, rate: float) -> None:
    """`ebb`'s arithmetic in `influence` [D, F], side by side in faction order: each side's loss is worked out on
    the influence as it was before any side's ebb, and shared out in proportion to the others' influence then."""
    n_d, n_f = influence.shape
    shares = np.empty(n_f)
    ebbing = False
    for f in range(n_f):
        below = 1.0 - legitimacy[f] / gone
        shares[f] = rate * (below if below > 0.0 else 0.0)
        ebbing = ebbing or shares[f] > 0.0
    if not ebbing:
        return
    old = influence.copy()
    others = np.empty(n_f)
    for f in range(n_f):
        if shares[f] <= 0.0:
            continue
        share = per_turn_value(shares[f], days)
        for d in range(n_d):
            lost = old[d, f] * share
            for g in range(n_f):
                others[g] = 0.0 if g == f else old[d, g]
            total = array_sum(others)
            influence[d, f] -= lost
            # where nobody else has a following, the others' row is all 0.0, and so is their share of the loss
            denominator = total if total > 0.0 else 1.0
            for g in range(n_f):
                influence[d, g] += others[g] * lost / denominator


def _id(named: Names, faction: int) -> str | None:
    return named.faction_ids[faction] if faction >= 0 else None
