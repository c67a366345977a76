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

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from petrograd1917.engine.cache import PerIdentity, PerObject
from petrograd1917.engine.compiled import kernel
from petrograd1917.engine.control import city_districts, city_mask
from petrograd1917.engine.food import queues
from petrograd1917.engine.forces import crowd_faction, power_of, row_index
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray, ScenarioIndex, index_for
from petrograd1917.engine.log import write
from petrograd1917.engine.numeric import array_sum, at_least, at_most, per_turn, per_turn_value
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for
from petrograd1917.engine.words import agree, cap, count, side, the
from petrograd1917.scenario.model import Scenario, Unit

_total = np.add.reduce  # `ndarray.sum` without its Python wrapper: the same reduction, the same bits


def drift(state: GameState) -> None:
    """Move every unit's loyalty by one turn of hunger, news, agitation, crowds and commissars.

    Hunger wears loyalty to the commander away (to no one). The pulls then act together, as one convex mix of the
    unit's row with a weighted target: the news (legitimacy shares), the district's influence (agitation), the
    faction leading a big crowd next to the unit, and an attached commissar's faction. Hunger and the pulls are
    rates a day: a shorter turn moves loyalty less."""
    rules = state.scenario.rules
    mask = plausible_sides(state)
    _drift(
        state.unit_loyalty,
        state.unit_district,
        state.unit_discipline,
        state.unit_commander,
        state.unit_alive,
        state.unit_commissar,
        queues(state),
        state.legitimacy,
        state.influence,
        crowd_faction(state),
        state.crowd,
        _NO_MASK if mask is None else mask,
        mask is not None,
        tables_for(state.scenario).days(state.turn),
        np.array(
            [
                rules.discipline_shield,
                rules.hunger_loyalty,
                rules.loyalty_drift,
                rules.influence_pull,
                rules.crowd_contact,
                rules.large_crowd,
                rules.commissar_pull,
            ]
        ),
    )


_NO_MASK = np.ones((1, 1))


@kernel
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
            target[f] = news * (legitimacy[f] / share_scale) + agitation * influence[d, f]
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


def plausible_sides(state: GameState) -> FloatArray | None:
    """[U, F] 1.0 where a unit could ever be loyal to a faction (named in its loyalty map, or its commander at the
    start), 0.0 elsewhere; None when every unit could join anyone (nothing to mask)."""
    return _SIDES(state.unit_specs)(state.index).mask


def joinable(state: GameState) -> BoolArray:
    """[F, U] True where a unit could ever side with a faction (`plausible_sides`, one row per faction): the orders
    that would win a unit over to a faction it could never join are refused, and not listed."""
    return _SIDES(state.unit_specs)(state.index).joinable


@dataclass(frozen=True, slots=True)
class _Sides:
    mask: FloatArray | None
    joinable: BoolArray


def _sides(specs: tuple[Unit, ...], index: ScenarioIndex) -> _Sides:
    faction = index.faction
    mask = np.zeros((len(specs), len(faction)))
    for u, spec in enumerate(specs):
        for name in (*spec.loyalty, *([spec.commander] if spec.commander else [])):
            mask[u, faction[name]] = 1.0
    return _Sides(None if bool(mask.all()) else mask, np.ascontiguousarray(mask.T > 0.0))


# Per unit set (a game's events may add units) and scenario index (engine/cache.py).
_SIDES: PerIdentity[tuple[Unit, ...], PerObject[ScenarioIndex, _Sides]] = PerIdentity(
    lambda specs: PerObject(lambda index: _sides(specs, index))
)


def keep_to_sides(state: GameState) -> None:
    """Loyalty to a faction a unit could never join goes to no one."""
    mask = plausible_sides(state)
    if mask is not None:
        state.unit_loyalty *= mask


def crowd_force(state: GameState) -> FloatArray:
    """[F] the force of the crowds each faction leads across the city (it does not change while units mutiny)."""
    n_f = state.legitimacy.shape[0]
    leader = crowd_faction(state)
    led = leader >= 0
    weights = state.crowd[led] * state.scenario.rules.crowd_power
    result: FloatArray = np.bincount(leader[led], weights=weights, minlength=n_f).astype(np.float64)
    return result


def faction_force(state: GameState, power: FloatArray, crowds: FloatArray, own: IntArray | None = None) -> FloatArray:
    """[F] each faction's share of the force in the city: its units' power plus the crowds it leads. `own`: the
    commanders with -1 read as 0, if known."""
    n_f = state.legitimacy.shape[0]
    commander = np.maximum(state.unit_commander, 0) if own is None else own
    force: FloatArray = np.bincount(commander, weights=power, minlength=n_f) + crowds
    total = float(_total(force))
    result: FloatArray = force / total if total > 0.0 else force
    return result


@dataclass(frozen=True, slots=True)
class Ranks:
    """How each unit stands in its ranks: the figures the mutinies weigh, and melting away and breaking camp read
    after them, worked out once for the state as it is (the night's last look serves the steps after it, instead of
    their working it out again). The loyalties and rivals hold while no unit changes side or loyalty; `commanded`
    and `share` also count the men, so they hold until a unit loses some."""

    own: IntArray  # [U] the commander, -1 read as 0
    commanded: BoolArray  # [U] in being and under a commander
    loyal: FloatArray  # [U] loyalty to the commander
    rival: IntArray  # [U] its likeliest other side: the side it would go over to ...
    rival_loyalty: FloatArray  # [U] ... and its loyalty to it (a unit that obeys no one counts its column 0 too)
    share: FloatArray  # [F] each faction's share of the city's force (`faction_force`)


def ranks(state: GameState, crowds: FloatArray) -> Ranks:
    """The `Ranks` of the state as it is; `crowds`: `crowd_force`."""
    loyalty, commander = state.unit_loyalty, state.unit_commander
    rows = row_index(commander.shape[0])
    own = np.maximum(commander, 0)
    commanded = state.unit_alive & (commander >= 0)
    loyal = loyalty[rows, own]
    share = faction_force(state, power_of(state, commanded, loyal), crowds, own)
    others = loyalty.copy()
    others[rows, own] = np.where(commanded, -1.0, loyal)
    rival = others.argmax(axis=1)
    return Ranks(own, commanded, loyal, rival, others[rows, rival], share)


def mutinies(state: GameState) -> BoolArray:
    """Decide who goes over, in waves; returns the units that mutinied this turn."""
    return _mutinies(state, crowd_force(state))[0]


def _mutinies(state: GameState, crowds: FloatArray) -> tuple[BoolArray, Ranks | None]:
    """`mutinies`, and the `Ranks` of the state it leaves (None if its last wave changed them)."""
    rules = state.scenario.rules
    loyalty = state.unit_loyalty
    n_u = loyalty.shape[0]
    will_noise = rules.mutiny_noise * state.rng.standard_normal(n_u)
    went = np.zeros(n_u, dtype=np.bool_)
    gone_over = False
    for wave in range(max(1, rules.mutiny_rounds)):
        now = ranks(state, crowds)
        commander, rival, rival_loyalty = state.unit_commander, now.rival, now.rival_loyalty
        lead = now.share[now.own] - now.share[rival]  # men expect the stronger side to win: they obey it, or go over
        will = now.loyal - state.unit_strain + rules.expectation_weight * lead + will_noise
        going = now.commanded & (rival_loyalty > 0.0) & (rival_loyalty > will)
        if gone_over:  # a unit goes over once a night
            going &= ~went
        if wave:  # the night's waves reach a garrison outside the city only by the morning
            going &= _in_city(state)
        declaring = state.unit_alive & (commander < 0)
        if np.count_nonzero(declaring):  # units in barracks may declare; the rest need no look at their loyalty
            declaring &= (loyalty >= rules.join_loyalty).any(axis=1)  # (its highest loyalty reaches it)
        n_going, n_declaring = np.count_nonzero(going), np.count_nonzero(declaring)
        if not (n_going or n_declaring):
            return went, now
        goers = going.nonzero()[0]
        for u in goers.tolist():
            log_mutiny(state, u, commander.item(u), rival.item(u))
        for u in declaring.nonzero()[0].tolist():
            _log_declare(state, u, int(loyalty[u].argmax()))
        sides = rival[goers]
        commit(loyalty, goers, sides)
        new = np.where(declaring, loyalty.argmax(axis=1), commander) if n_declaring else commander
        state.unit_commander = np.where(going, rival, new)
        if n_going:
            state.unit_strain = np.where(going, 0.0, state.unit_strain)
            went |= going
            gone_over = True
            spread(state, goers, sides)
    return went, None


def spread(state: GameState, units: IntArray, sides: IntArray) -> None:
    """Contagion: each unit that has just gone over (to the faction in `sides`) pulls the units of its district,
    and more weakly those next door, towards the same side; discipline shields as it does from every pull."""
    if units.shape[0] == 0:
        return
    rules = state.scenario.rules
    loyalty = state.unit_loyalty
    n_f = loyalty.shape[1]
    neighbours = tables_for(state.scenario).neighbours
    key = state.unit_district[units] * n_f + sides
    count = np.bincount(key, minlength=neighbours.shape[0] * n_f).reshape(-1, n_f).astype(np.float64)
    exposure = count + rules.neighbour_weight * (neighbours @ count)
    shield = 1.0 - rules.discipline_shield * state.unit_discipline
    pull = rules.mutiny_contagion * exposure[state.unit_district] * shield[:, None]
    total = _total(pull, axis=1, keepdims=True)
    pull *= np.minimum(1.0, 1.0 / np.maximum(total, 1e-12))  # a mix weight: never more than all of it
    loyalty *= 1.0 - _total(pull, axis=1, keepdims=True)
    loyalty += pull
    keep_to_sides(state)


def commit(loyalty: FloatArray, units: IntArray, faction: IntArray) -> None:
    """Units that have gone over to `faction` put it first: where an older loyalty is still higher, the two swap
    (the sum is unchanged). A mutiny cannot be taken back, so the mutineers do not drift home next turn."""
    if units.shape[0] == 0:
        return
    top = loyalty[units].argmax(axis=1)
    high = loyalty[units, top]
    loyalty[units, top] = loyalty[units, faction]
    loyalty[units, faction] = high


def mustered(state: GameState) -> FloatArray:
    """[F] the men each faction was given in the city: the units the scenario (or an event bringing units in) puts
    under its command there, at their full strength (a garrison outside the city is not the streets)."""
    return _MUSTERED(state.unit_specs)(state.scenario)


def _mustered(specs: tuple[Unit, ...], scenario: Scenario) -> FloatArray:
    index = index_for(scenario)
    inside = set(city_districts(scenario).tolist())
    men = np.zeros(index.n_factions)
    for spec in specs:
        if spec.commander and index.district[spec.district] in inside:
            men[index.faction[spec.commander]] += spec.strength
    return men


_MUSTERED: PerIdentity[tuple[Unit, ...], PerObject[Scenario, FloatArray]] = PerIdentity(
    lambda specs: PerObject(lambda scenario: _mustered(specs, scenario))
)


def _in_city(state: GameState) -> BoolArray:
    result: BoolArray = city_mask(state.scenario)[state.unit_district]
    return result


def remnant(state: GameState) -> FloatArray:
    """[F] the men under arms each faction still commands in the city, over the men it mustered there (how far it
    has fallen); a faction that mustered none reads 1 (it has not fallen: it never stood)."""
    obeying = state.unit_alive & (state.unit_commander >= 0) & _in_city(state)
    men = np.bincount(
        state.unit_commander[obeying], weights=state.unit_strength[obeying], minlength=state.legitimacy.shape[0]
    )
    base = mustered(state)
    result: FloatArray = np.where(base > 0.0, men / np.maximum(base, 1e-12), 1.0)
    return result


def _thin(state: GameState, lost: FloatArray, among: BoolArray) -> BoolArray:
    """[U] Take `lost` men from each unit; a unit of `among` left with under one man is gone (returned)."""
    state.unit_strength = state.unit_strength - lost
    gone = among & (state.unit_strength < 1.0)
    state.unit_alive = state.unit_alive & ~gone
    state.unit_strength = np.where(gone, 0.0, state.unit_strength)
    return gone


def melt_away(state: GameState, mutinied: BoolArray, standing: Ranks | None = None) -> None:
    """Wavering units that did not go over lose men, who go home or join the crowd: up to `melt_away` of the unit
    a day, the more the further its loyalty has sunk below `waver_loyalty`, its side's share of the city's force
    below `rout_share`, or the men its side still commands below `rout_remnant` of those it mustered (a side that
    has lost the streets loses its last loyal men too: they slip away; a side that was always small does not).
    `standing`: the state's `Ranks`, if known."""
    rules = state.scenario.rules
    now = ranks(state, crowd_force(state)) if standing is None else standing
    own = now.own
    obeying = now.commanded & ~mutinied
    doubt = np.maximum((rules.waver_loyalty - now.loyal) / max(rules.waver_loyalty, 1e-9), 0.0)
    any_obeying = np.count_nonzero(obeying) > 0
    if rules.rout_share > 0.0 and any_obeying:
        share = now.share[own]
        doubt = np.maximum(doubt, (rules.rout_share - share) / rules.rout_share)
    if rules.rout_remnant > 0.0 and any_obeying:
        kept = remnant(state)[own]
        doubt = np.maximum(doubt, (rules.rout_remnant - kept) / rules.rout_remnant)
    wavering = obeying & (doubt > 0.0)
    if not np.count_nonzero(wavering):
        return
    depth = np.where(wavering, np.minimum(doubt, 1.0), 0.0)
    lost = state.unit_strength * per_turn(rules.melt_away * depth, tables_for(state.scenario).days(state.turn))
    gone = _thin(state, lost, state.unit_alive)
    state.crowd = np.minimum(
        state.crowd + np.bincount(state.unit_district, weights=lost, minlength=state.crowd.shape[0]),
        state.index.population,
    )
    _report(state, "melt", wavering, lost, gone, _melt_text)


def _melt_text(name: str, where: str, lost: float, gone: bool) -> str:
    if gone:
        return f"{cap(the(name))} {agree(name, 'melts', 'melt')} away in {where}: the last men leave the ranks."
    return f"Desertions from {the(name, start=False)} in {where}: {count(lost)} men leave the ranks."


def _report(
    state: GameState,
    kind: str,
    units: BoolArray,
    lost: FloatArray,
    gone: BoolArray,
    text: Callable[[str, str, float, bool], str],
) -> None:
    """A log entry for each of `units` that lost men worth telling (a handful is no news) or is gone, worded by
    `text(name, where, lost, gone)`."""
    if not state.keeps_record:
        return
    for u in (units & ((lost >= 25.0) | gone)).nonzero()[0].tolist():
        words = text(state.unit_name(u), state.district_name(state.unit_district.item(u)), lost.item(u), bool(gone[u]))
        write(state, kind, words, unit=state.unit_specs[u].id, lost=round(lost.item(u)), gone=bool(gone[u]))


def quarters(state: GameState) -> IntArray:
    """[U] the district of each unit's quarters: its barracks' district, or else the district the scenario (or the
    event that brings it in) first puts it in."""
    return _QUARTERS(state.unit_specs)(state.scenario)


def _quarters(specs: tuple[Unit, ...], scenario: Scenario) -> IntArray:
    index = index_for(scenario)
    site_district = {site.id: index.district[site.district] for site in scenario.sites}
    home = [site_district[spec.barracks] if spec.barracks else index.district[spec.district] for spec in specs]
    return np.array(home, dtype=np.int64)


_QUARTERS: PerIdentity[tuple[Unit, ...], PerObject[Scenario, IntArray]] = PerIdentity(
    lambda specs: PerObject(lambda scenario: _quarters(specs, scenario))
)


def camp_loss(state: GameState, mutinied: BoolArray | None = None, standing: Ranks | None = None) -> FloatArray:
    """[U] the share of its men each unit camped away from its quarters loses a day (0 where it is not camped): up
    to `camp_melt`, times the heat of its district (unrest over `clash_unrest`, at most 1) and how torn it is (its
    loyalty to the likeliest other side over its loyalty to its commander, at most 1). Men in their own quarters, a
    camp among its own side's crowd (fed and cheered) and the units that mutinied this night (`mutinied`) lose no
    one; so do men with nowhere else to turn. `standing`: the `Ranks` of the state's loyalties and commanders, if
    known."""
    rules = state.scenario.rules
    n = state.unit_strength.shape[0]
    if rules.camp_melt <= 0.0 or n == 0:
        return np.zeros(n, dtype=np.float64)
    commander = state.unit_commander
    where = state.unit_district
    friendly = crowd_faction(state)[where] == commander
    camped = state.unit_alive & (commander >= 0) & (where != quarters(state)) & ~friendly
    if mutinied is not None:
        camped = camped & ~mutinied
    if not np.count_nonzero(camped):
        return np.zeros(n, dtype=np.float64)
    now = ranks(state, crowd_force(state)) if standing is None else standing
    loyal, pull = now.loyal, now.rival_loyalty
    torn = np.minimum(np.maximum(pull, 0.0) / np.maximum(loyal, 1e-9), 1.0)  # the best rival's pull over its own
    heat = np.minimum(state.unrest / max(rules.clash_unrest, 1e-9), 1.0)[where]
    return np.where(camped, rules.camp_melt * (heat * torn), 0.0)


def break_camp(state: GameState, mutinied: BoolArray, standing: Ranks | None = None) -> None:
    """Men kept under arms away from their quarters (no kitchens, no beds, no relief) slip home once the streets
    around them rise, `camp_loss` of a camped unit a day. They go home, not to the crowd. `standing`: as for
    `camp_loss`."""
    share = camp_loss(state, mutinied, standing)
    camped = share > 0.0
    if not np.count_nonzero(camped):
        return
    lost = state.unit_strength * per_turn(share, tables_for(state.scenario).days(state.turn))
    gone = _thin(state, lost, camped)
    _report(state, "camp", camped, lost, gone, _camp_text)


def _camp_text(name: str, where: str, lost: float, gone: bool) -> str:
    if gone:
        return f"{cap(the(name))} {agree(name, 'breaks', 'break')} camp in {where}: the last men go home."
    return f"{count(lost)} men of {the(name, start=False)} slip away from {where} and go home."


def run(state: GameState) -> None:
    if state.unit_loyalty.shape[0] == 0:
        return
    drift(state)
    crowds = crowd_force(state)
    mutinied, standing = _mutinies(state, crowds)
    if standing is None:  # the last wave of mutinies changed sides: look again
        standing = ranks(state, crowds)
    melt_away(state, mutinied, standing)  # (it changes men, not loyalties or sides: what breaking camp reads holds)
    break_camp(state, mutinied, standing)
    days = tables_for(state.scenario).days(state.turn)
    state.unit_strain = state.unit_strain * (1.0 - per_turn(state.scenario.rules.strain_decay, days))


def _normalise(loyalty: FloatArray) -> None:
    np.maximum(loyalty, 0.0, out=loyalty)
    np.minimum(loyalty, 1.0, out=loyalty)
    total = _total(loyalty, axis=1, keepdims=True)
    over = total > 1.0
    if np.count_nonzero(over):  # most turns no row sums past 1: nothing to divide
        np.divide(loyalty, total, out=loyalty, where=over)


def log_mutiny(state: GameState, u: int, old: int, new: int) -> None:
    """Turning on the faction in power is a mutiny; moving between the others reads as changing allegiance."""
    if not state.keeps_record:
        return
    where, name = state.district_name(state.unit_district.item(u)), state.unit_name(u)
    if state.index.faction_is_regime[old]:
        text = (
            f"{cap(the(name))} {agree(name, 'mutinies', 'mutiny')} against {side(state, old)} "
            f"and {agree(name, 'goes', 'go')} over to {side(state, new)} in {where}."
        )
    else:
        text = (
            f"{cap(the(name))} in {where} {agree(name, 'turns', 'turn')} from {side(state, old)} to {side(state, new)}."
        )
    write(
        state,
        "mutiny",
        text,
        unit=state.unit_specs[u].id,
        district=state.index.district_ids[state.unit_district.item(u)],
        old=state.index.faction_ids[old],
        new=state.index.faction_ids[new],
    )


def _log_declare(state: GameState, u: int, new: int) -> None:
    if not state.keeps_record:
        return
    where, name = state.district_name(state.unit_district.item(u)), state.unit_name(u)
    write(
        state,
        "declare",
        f"{cap(the(name))} {agree(name, 'leaves its', 'leave their')} barracks in {where} and "
        f"{agree(name, 'declares', 'declare')} for {side(state, new)}.",
        unit=state.unit_specs[u].id,
        new=state.index.faction_ids[new],
    )
