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
from petrograd1917.engine.forces import crowd_faction, district_power
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray, index_for
from petrograd1917.engine.links import link_open
from petrograd1917.engine.log import write
from petrograd1917.engine.numeric import add_shares, clip01, per_turn
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for
from petrograd1917.engine.words import cap, possessive, side
from petrograd1917.scenario.model import DistrictCharacter, Scenario

_total = np.add.reduce  # `ndarray.sum` without its Python wrapper: the same reduction, the same bits


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


def controllers(state: GameState, power: FloatArray | None = None) -> IntArray:
    """[D] the faction holding each district under the rule above, -1 where contested. `power`: the armed power by
    district and faction if already known."""
    rows = (district_power(state) if power is None else power).tolist()
    return np.array(_holders(state, rows), dtype=np.int64)


def _holders(state: GameState, power: list[list[float]]) -> list[int]:
    """`controllers` from `district_power`'s rows. (District by district in plain numbers: a row holds a few
    factions.)"""
    rules = state.scenario.rules
    n_d, n_f = state.influence.shape
    if n_f == 0:
        return [-1] * n_d
    lead, street, unarmed = rules.control_force_lead, rules.control_street_share, rules.control_threshold
    forces = _force_rows(state, power)
    shares = state.influence.tolist()
    result: list[int] = []
    for force, influence, incumbent in zip(forces, shares, state.district_controller.tolist(), strict=True):
        first = max(force)
        top = force.index(first)  # the first strongest, as argmax picks
        second = sorted(force)[n_f - 2] if n_f > 1 else 0.0
        if first > 0.0 and first >= lead * second and influence[top] >= street:
            result.append(top)
            continue
        best = max(influence)
        if first <= 0.0 and best > unarmed:
            result.append(influence.index(best))
            continue
        held = force[max(incumbent, 0)]
        result.append(incumbent if incumbent >= 0 and held > 0.0 and held >= first else -1)
    return result


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
    """What `within_reach` reads of a scenario: which districts are the city, and the links from each district into
    it (none from the city's own)."""

    inside: BoolArray  # [D] read-only
    ways_in: tuple[tuple[int, ...], ...]  # [D] links to a city district, from an approach


def _city_of(scenario: Scenario) -> _City:
    index = index_for(scenario)
    inside = city_mask(scenario)
    ways_in = tuple(
        () if inside[d] else tuple(link for link, other in index.neighbour_links[d] if inside[other])
        for d in range(index.n_districts)
    )
    return _City(inside, ways_in)


_CITY: PerObject[Scenario, _City] = PerObject(_city_of)  # per scenario (engine/cache.py)


def within_reach(state: GameState) -> BoolArray:
    """[U] units in being that are in the city, or on an approach with a link into the city they can cross now
    (a ship needs water, anyone else a lowered bridge, an unblocked railway or ice). Worked out afresh at each
    call: its one reader, `armed_share`, keeps its own answer by all this reads."""
    city = _CITY(state.scenario)
    alive = state.unit_alive
    reach = alive & city.inside.take(state.unit_district)
    outside = (alive ^ reach).nonzero()[0].tolist()  # in being, not in the city (reach is within alive)
    if outside:
        district, kind, ways_in = state.unit_district, state.unit_kind, city.ways_in
        for u in outside:
            mover = int(kind[u])
            reach[u] = any(link_open(state, link, mover) for link in ways_in[int(district[u])])
    return reach


def run(state: GameState) -> None:
    before = state.district_controller.tolist()
    power = district_power(state).tolist()
    after = _holders(state, power)
    state.district_controller = np.array(after, dtype=np.int64)
    _log_control(state, before, after)

    # Sites nobody holds go to the district's controller if it has armed men on the spot.
    holders = state.site_holder.tolist()
    if min(holders, default=0) < 0:
        _occupy(state, holders, power, after)
    _site_gifts(state)
    ebb(state)


def _log_control(state: GameState, before: list[int], after: list[int]) -> None:
    """One entry for each district whose controller changed."""
    if not state.keeps_record:
        return
    ids = state.index.district_ids
    for d, (new, old) in enumerate(zip(after, before, strict=True)):
        if new == old:
            continue
        place = state.district_name(d)
        text = (
            f"Control of {place} passes{f' from {side(state, old)}' if old >= 0 else ''} to {side(state, new)}."
            if new >= 0
            else f"Control of {place} slips from {side(state, old)}; the district is contested."
        )
        write(state, "control", text, district=ids[d], old=_id(state, old), new=_id(state, new))


def _occupy(state: GameState, holders: list[int], power: list[list[float]], controller: list[int]) -> None:
    """The sites nobody holds go to their district's controller where it has armed men (`power`) on the spot."""
    for s, (holder, d) in enumerate(zip(holders, state.index.site_district_list, strict=True)):
        new = controller[d]
        if holder >= 0 or new < 0 or not power[d][new] > 0.0:
            continue
        state.site_holder[s] = new
        if state.keeps_record:  # (several sites a turn in some games: worth not wording)
            write(
                state,
                "site",
                f"{cap(possessive(side(state, new)))} men occupy {state.scenario.sites[s].name}.",
                site=state.scenario.sites[s].id,
                new=_id(state, new),
            )


def _gifts(scenario: Scenario) -> tuple[tuple[int, int, float, float], ...]:
    """(site, its district, legitimacy a day, influence a day) of the sites that give anything, in site order."""
    index, tables = index_for(scenario), tables_for(scenario)
    return tuple(
        (s, index.site_district_list[s], given, spread)
        for s, (given, spread) in enumerate(zip(tables.site_legitimacy, tables.site_influence, strict=True))
        if given != 0.0 or spread != 0.0
    )


_GIFTS: PerObject[Scenario, tuple[tuple[int, int, float, float], ...]] = PerObject(_gifts)  # engine/cache.py


def _site_gifts(state: GameState) -> None:
    """Held sites give legitimacy to their holder and influence in their district: the scenario's amounts are a
    day's, so a six-hour turn gives a quarter of them. (Summed in plain floats, in site order, as a bincount sums.)"""
    tables = tables_for(state.scenario)
    days = tables.days(state.turn)
    holders = state.site_holder.tolist()
    if max(holders, default=-1) < 0:
        return
    n_d, n_f = state.influence.shape
    gain = [0.0] * n_f
    influence = [0.0] * (n_d * n_f)
    giving = False
    for s, district, given, spread in _GIFTS(state.scenario):  # a site that gives nothing would add 0.0: skipped
        holder = holders[s]
        if holder >= 0:
            gain[holder] += given * days
            if spread != 0.0:
                influence[district * n_f + holder] += spread * days
                giving = True
    state.legitimacy = clip01(state.legitimacy + gain)
    if giving:
        add_shares(state.influence, np.array(influence).reshape(n_d, n_f))


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
    else has any)."""
    n_f = state.influence.shape[1]
    shares = [EBB * max(0.0, 1.0 - state.legitimacy.item(f) / GONE) for f in range(n_f)]
    if max(shares) <= 0.0:
        return
    days = tables_for(state.scenario).days(state.turn)
    old = state.influence.copy()
    for f, share in enumerate(shares):
        if share <= 0.0:
            continue
        lost = old[:, f] * per_turn(share, days)  # [D]
        others = old.copy()
        others[:, f] = 0.0
        total = _total(others, axis=1)
        state.influence[:, f] -= lost
        # where nobody else has a following, the others' row is all 0.0, and so is their share of the loss (0.0 / 1.0)
        state.influence += others * lost[:, None] / np.where(total > 0.0, total, 1.0)[:, None]


def _id(state: GameState, faction: int) -> str | None:
    return state.index.faction_ids[faction] if faction >= 0 else None
