"""Crowds phase: who strikes and who takes to the streets.

Strikes spread by Granovetter's thresholds: each worker strikes once the share acting around them (own district,
neighbours weighted by `neighbour_weight`) reaches their threshold; thresholds are spread normally over the
workforce and fall as grievance rises, so a small push can flip a fizzle into a cascade.

Crowds follow Epstein's civil-violence rule: grievance = hardship x (1 - legitimacy); a person joins when
grievance - risk_aversion x perceived risk exceeds the threshold, with risk = 1 - exp(-k x hostile force / crowd).
A big crowd makes each member safer, so once the police are outnumbered the street snowballs. The force feared
is the regime's units (a faction with `is_regime`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.forces import ArmedUnits, add_district_power, armed_units, crowd_faction, district_power
from petrograd1917.engine.index import FloatArray, IntArray
from petrograd1917.engine.log import Said, figures, tell
from petrograd1917.engine.numeric import array_sum, clip01_value, normal_cdf, per_turn_value
from petrograd1917.engine.portable import exp_value
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import DynamicsTables, tables_for
from petrograd1917.engine.words import Names, and_list, count, names, number_word
from petrograd1917.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class _Street:
    """A scenario's figures the phase reads every turn, as the kernels take them."""

    fixed: FloatArray  # the kernel's: `rates`, `districts` and the districts' neighbours [D, D], in one (`_unpacked`)
    districts: FloatArray  # [5, D] population, workers, strike pool, crowd floor, the strike change that makes news
    rates: FloatArray  # the rules' numbers, read by position (numbered in `_street_of`)
    regime: IntArray  # the regime's factions
    tables: DynamicsTables  # (the turn's length)


def _street_of(scenario: Scenario) -> _Street:
    rules = scenario.rules
    tables = tables_for(scenario)
    lists = (tables.population_list, tables.workers_list, tables.strike_pool_list, tables.crowd_floor_list)
    districts = np.array([*lists, tables.strike_news], dtype=np.float64)
    rates = np.array(
        [
            rules.unrest_grievance,  # 0
            rules.neighbour_weight,  # 1
            rules.strike_threshold_mean,  # 2
            rules.strike_grievance,  # 3
            rules.strike_grievance_pivot,  # 4
            max(rules.strike_threshold_spread, 1e-9),  # 5
            -rules.arrest_risk_k,  # 6
            rules.risk_aversion,  # 7
            rules.crowd_threshold,  # 8
            max(rules.crowd_spread, 1e-9),  # 9
            rules.crowd_noise,  # 10
            rules.strike_decay,  # 11
            rules.street_pool,  # 12
            rules.striker_march,  # 13
            rules.crowd_decay,  # 14
            rules.unrest_decay,  # 15
            rules.street_unrest,  # 16
            rules.large_crowd,  # 17
        ],
        dtype=np.float64,
    )
    fixed = np.concatenate([rates, districts.ravel(), tables.neighbours.ravel()])
    fixed.flags.writeable = False
    rates, districts, _ = _unpacked(fixed, districts.shape[1])
    regime = np.array(tables.regime_list, dtype=np.int64)
    return _Street(fixed=fixed, districts=districts, rates=rates, regime=regime, tables=tables)


_STREET: PerObject[Scenario, _Street] = PerObject(_street_of)  # per scenario (engine/cache.py)
_N_RATES = 18  # the rules' numbers first in `_Street.fixed`


@helper
def _unpacked(fixed: FloatArray, n_d: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The views of `_Street.fixed`: the rules' numbers, the districts' figures [5, D], the neighbours [D, D]."""
    near = _N_RATES + 5 * n_d
    return fixed[:_N_RATES], fixed[_N_RATES:near].reshape((5, n_d)), fixed[near:].reshape((n_d, n_d))


# What `_streets` reports of a district, for the log: bits of a code per district.
_SPREAD, _BACK, _GROWN, _MELTED = 1, 2, 4, 8


def grievance(state: GameState) -> FloatArray:
    """[D] Epstein's grievance: hardship (sharpened by the mood of the street) times the regime's illegitimacy.
    The legitimacy a district's crowd holds against is its controller's, or where nobody controls it the strongest
    regime faction's (0 without a regime)."""
    street = _STREET(state.scenario)
    base = _regime_legitimacy(state.legitimacy, street.regime)
    districts = zip(state.hardship.tolist(), state.unrest.tolist(), state.district_controller.tolist(), strict=True)
    return np.array([_grievance(h, a, held, state.legitimacy, base, street.rates[0]) for h, a, held in districts])


@helper
def _regime_legitimacy(legitimacy: FloatArray, regime: IntArray) -> float:
    """The strongest regime faction's legitimacy (the first of equals), 0 without a regime."""
    if regime.shape[0] == 0:
        return 0.0
    best: float = legitimacy[regime[0]]
    for f in regime[1:]:
        if legitimacy[f] > best:
            best = legitimacy[f]
    return best


@helper
def _grievance(hard: float, angry: float, held: int, legitimacy: FloatArray, base: float, sharpen: float) -> float:
    """One district's grievance: hardship sharpened by unrest, times 1 - the legitimacy its crowd holds against."""
    against: float = legitimacy[held] if held >= 0 else base
    return clip01_value(hard + sharpen * angry) * (1.0 - against)


def hostile_force(state: GameState, power: FloatArray | None = None) -> FloatArray:
    """[D] the armed power a crowd fears in each district: the units of the factions holding state power (or, in a
    scenario without a regime, of every faction but the one leading the crowd). `power`: `district_power`, if known."""
    if power is None:
        power = district_power(state)
    regime = tables_for(state.scenario).regime_list
    if regime:
        # the regime's columns summed in order from 0.0, as `power[:, regime].sum(axis=1)` sums them, in fewer calls
        deterrent: FloatArray = power[:, regime[0]] + 0.0
        for f in regime[1:]:
            deterrent += power[:, f]
        return deterrent
    leader = crowd_faction(state)
    own = np.where(leader >= 0, power[np.arange(leader.shape[0]), np.maximum(leader, 0)], 0.0)
    result: FloatArray = power.sum(axis=1) - own
    return result


@helper
def _regime_force(units: ArmedUnits, regime: IntArray, force: FloatArray) -> None:
    """`hostile_force` with a regime, into `force`: each district's `district_power` (`forces.add_district_power`),
    then the regime's columns summed in order from 0.0."""
    power = np.zeros((force.shape[0], units[5].shape[1]))  # [D, F]: units[5] is the loyalty
    add_district_power(units, power)
    for d in range(force.shape[0]):
        total = power[d, regime[0]] + 0.0
        for f in regime[1:]:
            total += power[d, f]
        force[d] = total


@helper
def _strike_share(own: float, next_door: float, pool: float, grief: float, rates: FloatArray) -> float:
    """Granovetter: the share of a district's workforce whose threshold is met by the share striking around them
    (`own` strikers, `next_door` the neighbours', out of the `pool` of workers around)."""
    weight, mean, grieving, pivot, spread = rates[1], rates[2], rates[3], rates[4], rates[5]
    acting = (own + weight * next_door) / pool if pool > 0 else 0.0
    return normal_cdf((acting - (mean + grieving * (pivot - grief))) / spread)


def joining_share(state: GameState, grieved: FloatArray, force: FloatArray) -> FloatArray:
    """[D] share of the street pool for whom grievance outweighs the risk they perceive."""
    street = _STREET(state.scenario)
    out = (state.crowd + state.strikers).tolist()
    districts = zip(grieved.tolist(), force.tolist(), out, street.districts[3].tolist(), strict=True)
    return np.array([_joining_share(grief, feared, o, floor, street.rates) for grief, feared, o, floor in districts])


@helper
def _joining_share(grief: float, feared: float, out: float, floor: float, rates: FloatArray) -> float:
    """Epstein: the share of a district's street pool for whom grievance outweighs the risk they perceive, the risk
    of `feared` armed power over the `out` people on the street (never fewer than the crowd's `floor`)."""
    k, aversion, threshold, spread = rates[6], rates[7], rates[8], rates[9]
    safe = exp_value(k * feared / ((out if out > floor else floor) + 1.0))
    return normal_cdf((grief - aversion * (1.0 - safe) - threshold) / spread)


_NO_FORCE = np.zeros(0)  # `_streets` works out the regime's force itself


def run(state: GameState) -> None:
    """Strikes, then crowds, then the street's unrest, district by district (`_streets`), then the news."""
    street = _STREET(state.scenario)
    tables = street.tables
    normals = state.rng.standard_normal((2, street.districts.shape[1]))
    was_striking, was_out = state.strikers, state.crowd
    n_d = was_out.shape[0]
    # the state's new arrays: three allocations cost half what unpacking the rows of one block does
    strikers, crowd, unrest = np.empty(n_d), np.empty(n_d), np.empty(n_d)
    news = np.empty(n_d, dtype=np.int64)
    anything = _streets(
        state.hardship,
        state.unrest,
        state.district_controller,
        state.legitimacy,
        street.regime,
        was_striking,
        was_out,
        street.fixed,
        armed_units(state),
        hostile_force(state) if street.regime.shape[0] == 0 else _NO_FORCE,
        normals,
        tables.days(state.turn),
        strikers,
        crowd,
        unrest,
        news,
    )
    state.strikers, state.crowd, state.unrest = strikers, crowd, unrest
    if anything and state.keeps_record:
        _log(state, news, anything)


@kernel
def _streets(
    hardship: FloatArray,
    unrest: FloatArray,
    controller: IntArray,
    legitimacy: FloatArray,
    regime: IntArray,
    was_striking: FloatArray,
    was_out: FloatArray,
    fixed: FloatArray,
    units: ArmedUnits,
    feared: FloatArray,
    normals: FloatArray,
    days: float,
    strikers: FloatArray,
    crowd: FloatArray,
    new_unrest: FloatArray,
    news: IntArray,
) -> int:
    """One turn of `run`, district by district: the strikers (Granovetter's share, or last turn's strikers drifting
    back at `strike_decay`, whichever is more, with seeded noise), then the crowd (everyone for whom it is worth it
    plus marching strikers, or last turn's crowd drifting home, whichever is more, at most the population), then the
    unrest (calming at `unrest_decay`, stirred by the share of the people on the street). Decays and stirring are
    rates a day. The armed power a crowd fears is the regime's units' (`hostile_force`), worked out here from the
    units; in a scenario without a regime, `feared` brings it. `news`: what the log reports of each district (bits:
    strikes spread or ebbed by `strike_news`, a large crowd grown by a fifth of `large_crowd` or halved); returns
    the bits of all the districts together (0: no news). `fixed`: the scenario's numbers, in one array (`_unpacked`):
    as a game calls a kernel, each argument costs the call about 0.1 us."""
    rates, districts, neighbours = _unpacked(fixed, hardship.shape[0])
    sharpen, noise, pool_share, march, large = rates[0], rates[10], rates[12], rates[13], rates[17]
    staying = 1.0 - per_turn_value(rates[11], days)
    lingering = 1.0 - per_turn_value(rates[14], days)
    calming = 1.0 - per_turn_value(rates[15], days)
    stirring = rates[16] * days
    base = _regime_legitimacy(legitimacy, regime)
    n_d = hardship.shape[0]
    around = np.empty(n_d)
    force = feared
    if regime.shape[0] > 0:
        force = np.empty(n_d)
        _regime_force(units, regime, force)
    anything = 0
    for d in range(n_d):
        people, workforce, pool, floor, enough = (
            districts[0, d],
            districts[1, d],
            districts[2, d],
            districts[3, d],
            districts[4, d],
        )
        grief = _grievance(hardship[d], unrest[d], controller[d], legitimacy, base, sharpen)
        for j in range(n_d):
            around[j] = neighbours[d, j] * was_striking[j]
        had = was_striking[d]
        share = _strike_share(had, array_sum(around), pool, grief, rates)
        kept = (had / workforce if workforce > 0 else 0.0) * staying
        striking = clip01_value((share if share > kept else kept) * (1.0 + noise * normals[0, d])) * workforce
        strikers[d] = striking

        was = was_out[d]
        join = _joining_share(grief, force[d], was + striking, floor, rates)
        wanted = (join * pool_share * people + march * striking) * (1.0 + noise * normals[1, d])
        stay = was * lingering
        out = wanted if wanted > stay else stay
        out = out if out < people else people
        crowd[d] = out
        on_street = (out + striking) / people if people > 0 else 0.0
        new_unrest[d] = clip01_value(unrest[d] * calming + stirring * on_street)

        code = 0
        change = striking - had
        if abs(change) >= enough:
            code |= _SPREAD if change > 0 else _BACK
        if out >= large and out - was >= 0.2 * large:
            code |= _GROWN
        if was >= large and out < 0.5 * was:
            code |= _MELTED
        news[d] = code
        anything |= code
    return anything


def _log(state: GameState, news: IntArray, kinds: int) -> None:
    """Only changes a reader would notice (a strike wave, a crowd growing or melting by thousands: `_streets`'
    news, and `kinds` its bits together), one sentence for each kind of change over the whole city rather than one
    per district (`_districts_words`)."""
    codes, named = news.tobytes(), names(state.scenario)  # the turn's figures as bytes (`log.figures`)
    for kind, bit, pattern in _NEWS:
        if kinds & bit:  # some district's news has the bit
            people = (state.strikers if kind == "strike" else state.crowd).tobytes()
            tell(state, kind, _districts_words, (pattern, named, codes, bit, people))


_NEWS = (
    ("strike", _SPREAD, "Strikes spread: {} workers are out in {}."),
    ("strike", _BACK, "Workers drift back to the benches: {} are still out in {}."),
    ("crowd", _GROWN, "Crowds fill the streets: {} people are out in {}."),
    ("crowd", _MELTED, "The crowds thin out: {} people remain on the streets of {}."),
)


def _districts_words(pattern: str, named: Names, news: bytes, bit: int, people: bytes) -> Said:
    """One entry for all the districts whose news (`_streets`' `news`) have the `bit` (`people`: every district's
    figure; both as bytes, `log.figures`): 'Strikes spread: 7,400 workers are out in Vyborg (4,100), Narva (2,300)
    and Okhta (1,000).' Biggest first; past four districts the rest are counted, not named. The data keep each
    district's figure."""
    codes, counts = figures(news, np.int64).tolist(), figures(people).tolist()
    districts = [d for d, code in enumerate(codes) if code & bit]
    ordered = sorted(districts, key=counts.__getitem__, reverse=True)  # stable: equal figures keep their order
    total = sum([counts[d] for d in ordered])
    if len(ordered) == 1:
        places = [named.districts[ordered[0]]]
    else:
        shown = ordered if len(ordered) <= 4 else ordered[:3]
        places = [f"{named.districts[d]} ({count(counts[d])})" for d in shown]
        if len(shown) < len(ordered):
            places.append(f"{number_word(len(ordered) - len(shown))} other districts")
    data = {named.district_ids[d]: round(counts[d]) for d in ordered}
    return pattern.format(count(total), and_list(places)), {"districts": data}
