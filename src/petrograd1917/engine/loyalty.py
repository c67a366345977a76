"""Loyalty phase: drift, mutiny, melting away and contagion (Kuran's preference falsification).

Each unit's true loyalty (hidden from other factions) drifts every turn: hunger and the commander's strain wear
it down; the news (factions' legitimacy), the district's influence (agitation), a big crowd next to the barracks
and a commissar pull it towards their faction. Discipline shields a unit from the pulls away from its commander.

A unit obeys while its will (loyalty to its commander, less strain, plus its side's lead in force over the rival:
it expects the stronger side to win) stays above its loyalty to a rival; otherwise it mutinies and goes over, and
puts its new side first in its loyalty, so it does not simply drift back. Each mutiny
pulls the units in its own and neighbouring districts towards the same side and shifts the balance of force,
so waves of mutiny run within one end of turn (`mutiny_rounds`): one regiment going can bring down a garrison.
A garrison outside the city (Kronstadt, the roads south) weighs going over only once a night, before the waves:
it hears of the city's night by the morning.
Units that waver without going over melt away: men desert to the streets; so do the last loyal men of a side
whose share of the city's force has sunk below `rout_share`, or that keeps less than `rout_remnant` of the men it
mustered (a side that has lost the streets melts; a side that was always small does not). Men kept under arms
away from their quarters slip home, the faster the less they trust their cause (`camp_melt`).
Loyalty only ever moves between plausible sides: the factions a unit's `loyalty` map names in the scenario (at any
share, zero included) and its commander. A Red Guard that names only the Bolsheviks never leans to anyone else,
and no order may try to win a unit over to a side it could never join.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from petrograd1917.engine.cache import PerIdentity, PerObject
from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.control import city_mask
from petrograd1917.engine.food import queue_length, shortage
from petrograd1917.engine.forces import find_leaders, worth
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray, index_for
from petrograd1917.engine.log import Said, figures, tell
from petrograd1917.engine.numeric import array_sum, at_least, at_most, per_turn_value
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import DynamicsTables, tables_for
from petrograd1917.engine.words import Names, cap, count, is_plural, names, the
from petrograd1917.scenario.model import Scenario, Unit


def run(state: GameState) -> None:
    """The phase: the drift, the waves of mutiny, melting away, breaking camp and the strain fading, in one kernel."""
    n_u: int = state.unit_loyalty.shape[0]
    if n_u == 0:
        return
    _night(state, _DRIFT | _WAVES | _MELT | _BREAK | _DECAY, noise=state.rng.standard_normal(n_u))


def drift(state: GameState) -> None:
    """Move every unit's loyalty by one turn of hunger, news, agitation, crowds and commissars.

    Hunger wears loyalty to the commander away (to no one). The pulls then act together, as one convex mix of the
    unit's row with a weighted target: the news (legitimacy shares), the district's influence (agitation), the
    faction leading a big crowd next to the unit, and an attached commissar's faction. Hunger and the pulls are
    rates a day: a shorter turn moves loyalty less."""
    _night(state, _DRIFT)


def mutinies(state: GameState) -> BoolArray:
    """Decide who goes over, in waves; returns the units that mutinied this turn."""
    n_u: int = state.unit_loyalty.shape[0]
    went = np.zeros(n_u, dtype=np.bool_)
    _night(state, _WAVES, went, state.rng.standard_normal(n_u))
    return went


def spread(state: GameState, units: IntArray, sides: IntArray) -> None:
    """Contagion: each unit that has just gone over (to the faction in `sides`) pulls the units of its district,
    and more weakly those next door, towards the same side; discipline shields as it does from every pull. `units`:
    each unit once."""
    if units.shape[0] == 0:
        return
    toward = np.full(state.unit_loyalty.shape[0], -1, dtype=np.int64)
    toward[units] = sides
    _night(state, _SPREAD, toward=toward)


def commit(loyalty: FloatArray, units: IntArray, faction: IntArray) -> None:
    """Units that have gone over to `faction` put it first: where an older loyalty is still higher, the two swap
    (the sum is unchanged). A mutiny cannot be taken back, so the mutineers do not drift home next turn."""
    for u, f in zip(units.tolist(), faction.tolist(), strict=True):
        _commit(loyalty, u, f)


def melt_away(state: GameState, mutinied: BoolArray) -> None:
    """Wavering units that did not go over (`mutinied`) lose men, who go home or join the crowd: up to `melt_away` of
    the unit a day, the more the further its loyalty has sunk below `waver_loyalty`, its side's share of the city's
    force below `rout_share`, or the men its side still commands below `rout_remnant` of those it mustered (a side
    that has lost the streets loses its last loyal men too: they slip away; a side that was always small does
    not)."""
    _night(state, _MELT, np.array(mutinied, dtype=np.bool_))


def remnant(state: GameState) -> FloatArray:
    """[F] the men under arms each faction still commands in the city, over the men it mustered there (how far it
    has fallen); a faction that mustered none reads 1 (it has not fallen: it never stood)."""
    result = np.zeros(state.legitimacy.shape[0])
    _remnant(
        state.unit_commander,
        state.unit_alive,
        state.unit_strength,
        state.unit_district,
        city_mask(state.scenario),
        mustered(state),
        result,
    )
    return result


def camp_loss(state: GameState, mutinied: BoolArray | None = None) -> FloatArray:
    """[U] the share of its men each unit camped away from its quarters loses a day (0 where it is not camped): up
    to `camp_melt`, times the heat of its district (unrest over `clash_unrest`, at most 1) and how torn it is (its
    loyalty to the likeliest other side over its loyalty to its commander, at most 1). Men in their own quarters, a
    camp among its own side's crowd (fed and cheered) and the units that mutinied this night (`mutinied`) lose no
    one; so do men with nowhere else to turn."""
    share = np.zeros(state.unit_loyalty.shape[0])
    _night(state, _CAMP_SHARE, _NO_WENT if mutinied is None else np.array(mutinied, dtype=np.bool_), camp=share)
    return share


def break_camp(state: GameState, mutinied: BoolArray) -> None:
    """Men kept under arms away from their quarters (no kitchens, no beds, no relief) slip home once the streets
    around them rise, `camp_loss` of a camped unit a day. They go home, not to the crowd."""
    _night(state, _BREAK, np.array(mutinied, dtype=np.bool_))


# The steps `_nightly` takes (a bit each), in this order: the phase takes all but _SPREAD and _CAMP_SHARE.
_DRIFT, _WAVES, _SPREAD, _MELT, _CAMP_SHARE, _BREAK, _DECAY = 1, 2, 4, 8, 16, 32, 64
# What happened to a unit in the night (the kind of a row of `_nightly`'s record), logged in the order it happened.
_MUTINY, _DECLARE, _MELTING, _CAMP = 0, 1, 2, 3
_NO_NOISE = np.zeros(0)  # stand-ins for the arrays the steps taken do not read
_NO_SIDES = np.zeros(0, dtype=np.int64)
_NO_WENT = np.zeros(0, dtype=np.bool_)  # nobody asks who went over: the kernel keeps its own


def _night(
    state: GameState,
    steps: int,
    went: BoolArray = _NO_WENT,
    noise: FloatArray = _NO_NOISE,
    toward: IntArray = _NO_SIDES,
    camp: FloatArray = _NO_NOISE,
) -> None:
    """Take `steps` of `_nightly` on the state, and log what happened. `went`: the units that mutinied this night
    (the waves fill it in; empty: nobody asks); `noise`: a standard normal draw a unit, for the waves; `toward`: the
    side each unit that spreads its mutiny went over to (-1: none); `camp`: for `camp_loss`."""
    roster = _roster(state)
    # the night's record: a unit mutinies, declares, melts and breaks camp at most once a night
    record = np.empty((4 * state.unit_loyalty.shape[0], 5))
    n_events = _nightly(
        state.unit_loyalty,
        state.unit_commander,
        state.unit_alive,
        state.unit_strength,
        state.unit_strain,
        state.crowd,
        state.unit_district,
        state.unit_arms,
        state.unit_discipline,
        state.unit_commissar,
        state.bread_days,
        state.fear,
        state.legitimacy,
        state.influence,
        state.unrest,
        roster.regime,
        roster.fixed,
        noise,
        went,
        toward,
        camp,
        record,
        roster.tables.days(state.turn),
        steps,
    )
    if n_events and state.keeps_record:
        _tell(state, roster, record[:n_events])


@kernel
def _nightly(
    loyalty: FloatArray,
    commander: IntArray,
    alive: BoolArray,
    strength: FloatArray,
    strain: FloatArray,
    crowd: FloatArray,
    district: IntArray,
    arms: FloatArray,
    discipline: FloatArray,
    commissar: IntArray,
    bread: FloatArray,
    fear: FloatArray,
    legitimacy: FloatArray,
    influence: FloatArray,
    unrest: FloatArray,
    regime: BoolArray,
    fixed: FloatArray,
    noise: FloatArray,
    went: BoolArray,
    toward: IntArray,
    camp: FloatArray,
    record: FloatArray,
    days: float,
    steps: int,
) -> int:
    """The loyalty phase in the steps asked for (rates: `_RATES`), changing the units, their loyalties and the
    crowds in place:
    - the drift (`_drift`);
    - the waves of mutiny: each wave weighs every unit's will against its pull to its likeliest other side; those
      that go over put that side first (`_commit`), and pull the units around them (`_spread`); units in barracks
      whose highest loyalty reaches `join_loyalty` declare for that side. The waves stop when no one moves;
    - `spread` from the units `toward` names;
    - melting away of the wavering units that did not go over (`went`, or none if it is empty), into the crowd of
      their district;
    - the share of their men camped units lose a day (into `camp`, for `camp_loss`), and breaking camp: they lose it;
    - the strain fading.
    Writes what happened into `record`, a row an event in order: its kind, the unit, its old side (for melting and
    breaking camp: 1 if the unit is gone, else 0), its new side, and the men it lost; returns the number of rows.
    `fixed`: the roster's numbers, in one array (`_unpacked`). (As a game calls a kernel, each argument costs the
    call about 0.1 us, and an array handed back close to 1 us.)"""
    rates, population, inside, mustered, quarters, neighbours, mask, masked = _unpacked(
        fixed, loyalty.shape[0], crowd.shape[0], loyalty.shape[1]
    )
    crowd_power, waver = rates[11], rates[14]
    rout_share, rout_remnant, melt, camp_melt = rates[15], rates[16], rates[17], rates[18]
    n_u, n_f = loyalty.shape
    if went.shape[0] != n_u:  # (`_NO_WENT`)
        went = np.zeros(n_u, dtype=np.bool_)
    n_events = 0
    per_unit = np.zeros((5, n_u))
    loyal, rival_loyalty, lost, depth, shares = per_unit[0], per_unit[1], per_unit[2], per_unit[3], per_unit[4]
    by_unit = np.zeros((5, n_u), dtype=np.int64)
    own, rival, goers, sides, declaring = by_unit[0], by_unit[1], by_unit[2], by_unit[3], by_unit[4]
    flags = np.zeros((2, n_u), dtype=np.bool_)
    gone, leaving = flags[0], flags[1]
    per_faction = np.zeros((3, n_f))
    crowds, share, kept = per_faction[0], per_faction[1], per_faction[2]
    leader = np.empty(crowd.shape[0], dtype=np.int64)  # the faction leading each crowd (`crowd_faction`)
    find_leaders(influence, regime, leader)
    for d in range(leader.shape[0]):  # the force of the crowds each faction leads (it holds all night)
        if leader[d] >= 0:
            crowds[leader[d]] += crowd[d] * crowd_power
    # The ranks (`_ranks`) hold while no unit changes side, and their force shares while no unit loses men.
    ranked = False
    if steps & _DRIFT:
        queue = np.empty(crowd.shape[0])  # the bread queues (`food.queues`)
        for d in range(crowd.shape[0]):
            queue[d] = queue_length(shortage(bread[d], rates[21]), fear[d], rates[22])
        _drift(
            loyalty,
            district,
            discipline,
            commander,
            alive,
            commissar,
            queue,
            legitimacy,
            influence,
            leader,
            crowd,
            mask,
            masked,
            days,
            rates,
        )
    if steps & _WAVES:
        noise_scale, expectation, join = rates[7], rates[8], rates[9]
        for u in range(n_u):
            went[u] = False
        for wave in range(max(1, int(rates[10]))):
            _ranks(
                loyalty, commander, alive, strength, arms, discipline, crowds, own, loyal, rival, rival_loyalty, share
            )
            n_going = 0
            for u in range(n_u):
                # once a night; a garrison outside the city hears of the night's waves only by the morning
                if not (alive[u] and commander[u] >= 0) or went[u] or (wave > 0 and not inside[district[u]]):
                    continue
                lead = share[own[u]] - share[rival[u]]  # men expect the stronger side to win: obey it, or go over
                will = loyal[u] - strain[u] + expectation * lead + noise_scale * noise[u]
                if rival_loyalty[u] > 0.0 and rival_loyalty[u] > will:
                    goers[n_going] = u
                    sides[n_going] = rival[u]
                    n_going += 1
            n_declaring = 0
            for u in range(n_u):
                if alive[u] and commander[u] < 0:
                    for f in range(n_f):
                        if loyalty[u, f] >= join:
                            declaring[n_declaring] = u
                            n_declaring += 1
                            break
            if n_going == 0 and n_declaring == 0:
                ranked = True
                break
            for i in range(n_going):
                n_events = _event(record, n_events, _MUTINY, goers[i], commander[goers[i]], sides[i], 0.0)
            for i in range(n_declaring):
                u = declaring[i]
                commander[u] = _first_max(loyalty, u)
                n_events = _event(record, n_events, _DECLARE, u, -1, commander[u], 0.0)
            for i in range(n_going):
                u = goers[i]
                _commit(loyalty, u, sides[i])
                commander[u] = sides[i]
                strain[u] = 0.0
                went[u] = True
            if n_going:
                _spread(loyalty, district, discipline, goers, sides, n_going, neighbours, mask, masked, rates)
    if steps & _SPREAD:
        n_going = 0
        for u in range(n_u):
            if toward[u] >= 0:
                goers[n_going] = u
                sides[n_going] = toward[u]
                n_going += 1
        _spread(loyalty, district, discipline, goers, sides, n_going, neighbours, mask, masked, rates)
    if steps & _MELT:
        if not ranked:
            _ranks(
                loyalty, commander, alive, strength, arms, discipline, crowds, own, loyal, rival, rival_loyalty, share
            )
            ranked = True
        obeying = False
        for u in range(n_u):
            obeying = obeying or (alive[u] and commander[u] >= 0 and not went[u])
        routed = rout_share > 0.0 and obeying
        fallen = rout_remnant > 0.0 and obeying
        if fallen:
            _remnant(commander, alive, strength, district, inside, mustered, kept)
        n_wavering = 0
        for u in range(n_u):
            doubt = at_least((waver - loyal[u]) / at_least(waver, 1e-9), 0.0)
            if routed:
                doubt = at_least(doubt, (rout_share - share[own[u]]) / rout_share)
            if fallen:
                doubt = at_least(doubt, (rout_remnant - kept[own[u]]) / rout_remnant)
            if alive[u] and commander[u] >= 0 and not went[u] and doubt > 0.0:  # wavering: its depth is above 0
                depth[u] = at_most(doubt, 1.0)
                n_wavering += 1
        if n_wavering:
            for u in range(n_u):  # (a unit that does not waver loses strength x 0.0: per_turn_value(0.0) is 0.0)
                lost[u] = strength[u] * (per_turn_value(melt * depth[u], days) if depth[u] != 0.0 else 0.0)
            _thin(strength, alive, lost, alive, gone)
            deserters = np.zeros(crowd.shape[0])
            for u in range(n_u):
                deserters[district[u]] += lost[u]
            for d in range(crowd.shape[0]):
                crowd[d] = at_most(crowd[d] + deserters[d], population[d])
            for u in range(n_u):
                if depth[u] > 0.0 and (lost[u] >= 25.0 or gone[u]):  # a handful is no news
                    n_events = _event(record, n_events, _MELTING, u, 1 if gone[u] else 0, -1, lost[u])
    if (steps & (_CAMP_SHARE | _BREAK)) != 0 and camp_melt > 0.0:
        for u in range(n_u):
            d, c = district[u], commander[u]
            if alive[u] and c >= 0 and d != quarters[u] and leader[d] != c and not went[u]:
                if not ranked:  # (melting away changes men, not loyalties or sides: the ranks' loyalties hold)
                    _ranks(
                        loyalty,
                        commander,
                        alive,
                        strength,
                        arms,
                        discipline,
                        crowds,
                        own,
                        loyal,
                        rival,
                        rival_loyalty,
                        share,
                    )
                    ranked = True
                torn = at_most(at_least(rival_loyalty[u], 0.0) / at_least(loyal[u], 1e-9), 1.0)
                heat = at_most(unrest[d] / at_least(rates[19], 1e-9), 1.0)
                shares[u] = camp_melt * (heat * torn)
                leaving[u] = shares[u] > 0.0
        if steps & _CAMP_SHARE:
            for u in range(n_u):
                camp[u] = shares[u]
        if steps & _BREAK:
            n_leaving = 0
            for u in range(n_u):
                if leaving[u]:
                    n_leaving += 1
            if n_leaving:
                for u in range(n_u):  # (as melting away: a unit that stays loses strength x 0.0)
                    lost[u] = strength[u] * (per_turn_value(shares[u], days) if shares[u] != 0.0 else 0.0)
                _thin(strength, alive, lost, leaving, gone)
                for u in range(n_u):
                    if leaving[u] and (lost[u] >= 25.0 or gone[u]):
                        n_events = _event(record, n_events, _CAMP, u, 1 if gone[u] else 0, -1, lost[u])
    if steps & _DECAY:
        keep = 1.0 - per_turn_value(rates[20], days)
        for u in range(n_u):
            strain[u] = strain[u] * keep
    return n_events


@helper
def _unpacked(
    fixed: FloatArray, n_u: int, n_d: int, n_f: int
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, bool]:
    """The views of a roster's `fixed` numbers (`_packed`): the rates (`_RATES`), each district's people and 1.0
    for the city's own, each faction's mustered men, each unit's quarters, the districts' neighbours [D, D], and
    the plausible sides [U, F] with True, or a dummy [1, 1] with False where every unit could join anyone."""
    people = len(_RATES)
    city = people + n_d
    men = city + n_d
    homes = men + n_f
    near = homes + n_u
    sides = near + n_d * n_d
    masked = fixed.shape[0] > sides
    mask = fixed[sides:].reshape((n_u, n_f)) if masked else fixed[:1].reshape((1, 1))
    return (
        fixed[:people],
        fixed[people:city],
        fixed[city:men],
        fixed[men:homes],
        fixed[homes:near],
        fixed[near:sides].reshape((n_d, n_d)),
        mask,
        masked,
    )


@helper
def _drift(
    loyalty: FloatArray,
    district: IntArray,
    discipline: FloatArray,
    commander: IntArray,
    alive: BoolArray,
    commissar: IntArray,
    queue: FloatArray,
    legitimacy: FloatArray,
    influence: FloatArray,
    leader: IntArray,
    crowd: FloatArray,
    mask: FloatArray,
    masked: bool,
    days: float,
    rates: FloatArray,
) -> None:
    """`drift`'s arithmetic, unit by unit, in the order of the operations it stands for (rates: the rules'
    discipline_shield, hunger_loyalty, loyalty_drift, influence_pull, crowd_contact, large_crowd, commissar_pull)."""
    shield_rate, hunger, drift_rate, influence_pull, crowd_contact, large_crowd, commissar_pull = (
        rates[0],
        rates[1],
        rates[2],
        rates[3],
        rates[4],
        rates[5],
        rates[6],
    )
    n_u, n_f = loyalty.shape
    hungry = False
    for d in range(queue.shape[0]):
        hungry = hungry or queue[d] != 0.0
    total = array_sum(legitimacy)
    share_scale = max(total, 1e-12)
    shares = np.empty(n_f)  # the news: each faction's share of the legitimacy (the same for every unit)
    for f in range(n_f):
        shares[f] = legitimacy[f] / share_scale
    target = np.empty(n_f)
    for u in range(n_u):
        d = district[u]
        shield = 1.0 - shield_rate * discipline[u]
        if hungry and alive[u] and commander[u] >= 0:
            loyalty[u, commander[u]] -= hunger * days * queue[d] * shield
        for f in range(n_f):
            loyalty[u, f] = at_least(loyalty[u, f], 0.0)
        news = drift_rate * shield if total > 0.0 else 0.0
        agitation = influence_pull * shield
        for f in range(n_f):
            target[f] = news * shares[f] + agitation * influence[d, f]
        weight = news + agitation
        if leader[d] >= 0:
            contact = crowd_contact * at_most(1.0, crowd[d] / max(large_crowd, 1.0)) * shield
            target[leader[d]] += contact
            weight += contact
        if commissar[u] >= 0:
            target[commissar[u]] += commissar_pull
            weight += commissar_pull
        scale = per_turn_value(at_most(weight, 1.0), days) / at_least(weight, 1e-12)
        keep = 1.0 - weight * scale
        for f in range(n_f):
            value = loyalty[u, f] * keep + target[f] * scale
            if masked:
                value *= mask[u, f]
            loyalty[u, f] = at_most(at_least(value, 0.0), 1.0)
        row_total = array_sum(loyalty[u])
        if row_total > 1.0:
            for f in range(n_f):
                loyalty[u, f] /= row_total


@helper
def _ranks(
    loyalty: FloatArray,
    commander: IntArray,
    alive: BoolArray,
    strength: FloatArray,
    arms: FloatArray,
    discipline: FloatArray,
    crowds: FloatArray,
    own: IntArray,
    loyal: FloatArray,
    rival: IntArray,
    rival_loyalty: FloatArray,
    share: FloatArray,
) -> None:
    """How each unit stands in its ranks, into the arrays after `crowds`: its commander (-1 read as 0), its loyalty
    to the commander, its likeliest other side (the side it would go over to: the first of its highest loyalties but
    the commander's; a unit that obeys no one counts its column 0 too) and its loyalty to that side; and each
    faction's share of the city's force: its units' fighting worth (men x arms x loyalty x discipline, for the units
    in being under a commander) and the force of the crowds it leads (`crowds`), over all of it."""
    n_u, n_f = loyalty.shape
    for f in range(n_f):
        share[f] = 0.0
    for u in range(n_u):
        o = commander[u] if commander[u] > 0 else 0
        commanded = alive[u] and commander[u] >= 0
        own[u] = o
        loyal[u] = loyalty[u, o]
        share[o] += worth(strength[u], arms[u], loyal[u], discipline[u]) if commanded else 0.0
        best, most = 0, -1.0 if commanded and o == 0 else loyalty[u, 0]
        for f in range(1, n_f):
            value = -1.0 if commanded and o == f else loyalty[u, f]
            if value > most:
                best, most = f, value
        rival[u] = best
        rival_loyalty[u] = most
    for f in range(n_f):
        share[f] += crowds[f]
    total = array_sum(share)
    if total > 0.0:
        for f in range(n_f):
            share[f] = share[f] / total


@helper
def _first_max(loyalty: FloatArray, u: int) -> int:
    """The first of the highest loyalties of unit `u` (numpy's argmax of its row)."""
    best = 0
    for f in range(1, loyalty.shape[1]):
        if loyalty[u, f] > loyalty[u, best]:
            best = f
    return best


@helper
def _commit(loyalty: FloatArray, u: int, faction: int) -> None:
    """Unit `u`, gone over to `faction`, puts it first (see `commit`)."""
    top = _first_max(loyalty, u)
    high = loyalty[u, top]
    loyalty[u, top] = loyalty[u, faction]
    loyalty[u, faction] = high


@helper
def _spread(
    loyalty: FloatArray,
    district: IntArray,
    discipline: FloatArray,
    units: IntArray,
    sides: IntArray,
    n: int,
    neighbours: FloatArray,
    mask: FloatArray,
    masked: bool,
    rates: FloatArray,
) -> None:
    """`spread` from the first `n` of `units`, each to the side in `sides` (rates: `_RATES`)."""
    shield_rate, neighbour_weight, contagion = rates[0], rates[12], rates[13]
    n_u, n_f = loyalty.shape
    n_d = neighbours.shape[0]
    going = np.zeros((n_d, n_f))  # the units that went over, by district and side
    near = np.zeros((n_d, n_f))  # and next door (neighbours are 1.0 or 0.0: whole numbers, exact in any order)
    for i in range(n):
        e, f = district[units[i]], sides[i]
        going[e, f] += 1.0
        for d in range(n_d):
            near[d, f] += neighbours[d, e]
    exposure = np.empty((n_d, n_f))
    for d in range(n_d):
        for f in range(n_f):
            exposure[d, f] = going[d, f] + neighbour_weight * near[d, f]
    pull = np.zeros(n_f)
    for u in range(n_u):
        d = district[u]
        shield = 1.0 - shield_rate * discipline[u]
        for f in range(n_f):
            pull[f] = contagion * exposure[d, f] * shield
        scale = at_most(1.0, 1.0 / at_least(array_sum(pull), 1e-12))  # a mix weight: never more than all of it
        for f in range(n_f):
            pull[f] *= scale
        keep = 1.0 - array_sum(pull)
        for f in range(n_f):
            value = loyalty[u, f] * keep + pull[f]
            if masked:  # loyalty to a faction a unit could never join goes to no one
                value *= mask[u, f]
            loyalty[u, f] = value


@helper
def _thin(strength: FloatArray, alive: BoolArray, lost: FloatArray, among: BoolArray, gone: BoolArray) -> None:
    """Take `lost` men from each unit; a unit of `among` left with under one man is gone (marked in `gone`)."""
    for u in range(strength.shape[0]):
        strength[u] = strength[u] - lost[u]
        gone[u] = among[u] and strength[u] < 1.0
        if gone[u]:
            alive[u] = False
            strength[u] = 0.0


@helper
def _event(record: FloatArray, n: int, kind: int, unit: int, old: int, new: int, lost: float) -> int:
    """Write an event as row `n` of `record` (see `_nightly`); returns the count of events after it."""
    record[n, 0], record[n, 1], record[n, 2], record[n, 3], record[n, 4] = kind, unit, old, new, lost
    return n + 1


@helper
def _remnant(
    commander: IntArray,
    alive: BoolArray,
    strength: FloatArray,
    district: IntArray,
    inside: BoolArray | FloatArray,
    mustered: FloatArray,
    out: FloatArray,
) -> None:
    """`remnant`, into `out` (`inside`: the city's own districts, True or 1.0)."""
    for f in range(out.shape[0]):
        out[f] = 0.0
    for u in range(commander.shape[0]):
        if alive[u] and commander[u] >= 0 and inside[district[u]]:
            out[commander[u]] += strength[u]
    for f in range(out.shape[0]):
        out[f] = out[f] / at_least(mustered[f], 1e-12) if mustered[f] > 0.0 else 1.0


def plausible_sides(state: GameState) -> FloatArray | None:
    """[U, F] 1.0 where a unit could ever be loyal to a faction (named in its loyalty map, or its commander at the
    start), 0.0 elsewhere; None when every unit could join anyone (nothing to mask)."""
    return _roster(state).mask


def joinable(state: GameState) -> BoolArray:
    """[F, U] True where a unit could ever side with a faction (`plausible_sides`, one row per faction): the orders
    that would win a unit over to a faction it could never join are refused, and not listed."""
    return _roster(state).joinable


def mustered(state: GameState) -> FloatArray:
    """[F] the men each faction was given in the city: the units the scenario (or an event bringing units in) puts
    under its command there, at their full strength (a garrison outside the city is not the streets)."""
    return _roster(state).mustered


def quarters(state: GameState) -> IntArray:
    """[U] the district of each unit's quarters: its barracks' district, or else the district the scenario (or the
    event that brings it in) first puts it in."""
    return _roster(state).quarters


@dataclass(frozen=True, slots=True)
class _Roster:
    """What the phase reads that a game's units (their records) and its scenario alone decide."""

    mask: FloatArray | None  # `plausible_sides`
    joinable: BoolArray  # `joinable`
    quarters: IntArray  # `quarters`
    mustered: FloatArray  # `mustered`
    named: tuple[_Named, ...]  # how the log names each unit
    fixed: FloatArray  # the kernel's numbers of the roster and its scenario, in one array (`_packed`)
    regime: BoolArray  # [F] the factions holding state power (`DynamicsTables.regime_mask`)
    tables: DynamicsTables  # (the turn's length)


@dataclass(frozen=True, slots=True)
class _Named:
    """How the log names a unit (worded once, not at every entry)."""

    id: str
    start: str  # 'The ...' at the start of a sentence
    inner: str  # 'the ...' inside one
    plural: bool  # it takes a plural verb ('The City police melt away')

    def verb(self, singular: str, plural: str) -> str:
        return plural if self.plural else singular


def _roster(state: GameState) -> _Roster:
    return _ROSTERS(state.unit_specs)(state.scenario)


def _build_roster(specs: tuple[Unit, ...], scenario: Scenario) -> _Roster:
    index = index_for(scenario)
    faction = index.faction
    mask = np.zeros((len(specs), len(faction)))
    for u, spec in enumerate(specs):
        for name in (*spec.loyalty, *([spec.commander] if spec.commander else [])):
            mask[u, faction[name]] = 1.0
    inside = city_mask(scenario)
    men = np.zeros(index.n_factions)
    for spec in specs:
        if spec.commander and inside[index.district[spec.district]]:
            men[index.faction[spec.commander]] += spec.strength
    site_district = {site.id: index.district[site.district] for site in scenario.sites}
    home = [site_district[spec.barracks] if spec.barracks else index.district[spec.district] for spec in specs]
    whole = bool(mask.all())
    quarters, tables = np.array(home, dtype=np.int64), tables_for(scenario)
    return _Roster(
        mask=None if whole else mask,
        joinable=np.ascontiguousarray(mask.T > 0.0),
        quarters=quarters,
        mustered=men,
        named=tuple(
            _Named(spec.id, cap(the(spec.name)), the(spec.name, start=False), is_plural(spec.name)) for spec in specs
        ),
        fixed=_packed(scenario, men, quarters, None if whole else mask),
        regime=tables.regime_mask,
        tables=tables,
    )


# Per unit set (a game's events may add units) and scenario (engine/cache.py).
_ROSTERS: PerIdentity[tuple[Unit, ...], PerObject[Scenario, _Roster]] = PerIdentity(
    lambda specs: PerObject(lambda scenario: _build_roster(specs, scenario))
)


# The rules' numbers the kernels read, in this order (first in `_Roster.fixed`); `_drift` reads the first seven.
_RATES = (
    "discipline_shield",
    "hunger_loyalty",
    "loyalty_drift",
    "influence_pull",
    "crowd_contact",
    "large_crowd",
    "commissar_pull",
    "mutiny_noise",  # 7
    "expectation_weight",
    "join_loyalty",
    "mutiny_rounds",  # 10
    "crowd_power",
    "neighbour_weight",
    "mutiny_contagion",
    "waver_loyalty",
    "rout_share",  # 15
    "rout_remnant",
    "melt_away",
    "camp_melt",
    "clash_unrest",
    "strain_decay",  # 20
    "queue_days",
    "fear_queue",
)


def _packed(scenario: Scenario, mustered: FloatArray, quarters: IntArray, mask: FloatArray | None) -> FloatArray:
    """The numbers `_nightly` reads of a roster and its scenario, one after the other in one float64 array (the
    kernel's `_unpacked` takes them apart): the rules' (`_RATES`), the districts' people, the city's own districts
    (1.0), `mustered`, `quarters`, the districts' neighbours and, unless it is None, `mask`."""
    rules, tables = scenario.rules, tables_for(scenario)
    parts = [
        np.array([getattr(rules, name) for name in _RATES], dtype=np.float64),
        index_for(scenario).population,
        city_mask(scenario),
        mustered,
        quarters,
        tables.neighbours,
        *(() if mask is None else (mask,)),
    ]
    fixed = np.concatenate([np.asarray(part, dtype=np.float64).ravel() for part in parts])
    fixed.flags.writeable = False
    return fixed


def _tell(state: GameState, roster: _Roster, record: FloatArray) -> None:
    """The log entries of a night's record (`_nightly`), in the order it happened: each keeps the record and the
    units' districts as bytes (`log.figures`), and its row."""
    named, where, kept, districts = roster.named, names(state.scenario), record.tobytes(), state.unit_district.tobytes()
    for k, kind in enumerate(record[:, 0].tolist()):
        tell(state, _KINDS[int(kind)], _night_words, (k, named, where, kept, districts))


_KINDS = ("mutiny", "declare", "melt", "camp")  # the log's kind of each kind of row of `_nightly`'s record


def _night_words(k: int, named: tuple[_Named, ...], where: Names, record: bytes, districts: bytes) -> Said:
    """The words of row `k` of a night's record (`_tell`)."""
    kind, unit, old, new, lost = figures(record)[5 * k : 5 * k + 5].tolist()
    u = int(unit)
    who, d = named[u], int(figures(districts, np.int64)[u])
    if kind == _MUTINY:
        return _mutiny_words(who, where, d, int(old), int(new))
    if kind == _DECLARE:
        return _declare_words(who, where, d, int(new))
    return (_melt_words if kind == _MELTING else _camp_words)(who, where.districts[d], lost, old == 1.0)


def _melt_words(who: _Named, where: str, lost: float, gone: bool) -> Said:
    if gone:
        text = f"{who.start} {who.verb('melts', 'melt')} away in {where}: the last men leave the ranks."
    else:
        text = f"Desertions from {who.inner} in {where}: {count(lost)} men leave the ranks."
    return text, {"unit": who.id, "lost": round(lost), "gone": gone}


def _camp_words(who: _Named, where: str, lost: float, gone: bool) -> Said:
    if gone:
        text = f"{who.start} {who.verb('breaks', 'break')} camp in {where}: the last men go home."
    else:
        text = f"{count(lost)} men of {who.inner} slip away from {where} and go home."
    return text, {"unit": who.id, "lost": round(lost), "gone": gone}


def log_mutiny(state: GameState, u: int, old: int, new: int) -> None:
    """Log that unit `u` went over from `old` to `new` (`_mutiny_words`)."""
    if state.keeps_record:
        facts = (_roster(state).named[u], names(state.scenario), state.unit_district.item(u), old, new)
        tell(state, "mutiny", _mutiny_words, facts)


def _mutiny_words(who: _Named, named: Names, d: int, old: int, new: int) -> Said:
    """Turning on the faction in power is a mutiny; moving between the others reads as changing allegiance."""
    where, ids = named.districts[d], named.faction_ids
    if named.regimes[old]:
        text = (
            f"{who.start} {who.verb('mutinies', 'mutiny')} against {named.side(old)} "
            f"and {who.verb('goes', 'go')} over to {named.side(new)} in {where}."
        )
    else:
        text = f"{who.start} in {where} {who.verb('turns', 'turn')} from {named.side(old)} to {named.side(new)}."
    return text, {"unit": who.id, "district": named.district_ids[d], "old": ids[old], "new": ids[new]}


def _declare_words(who: _Named, named: Names, d: int, new: int) -> Said:
    text = (
        f"{who.start} {who.verb('leaves its', 'leave their')} barracks in {named.districts[d]} and "
        f"{who.verb('declares', 'declare')} for {named.side(new)}."
    )
    return text, {"unit": who.id, "new": named.faction_ids[new]}
