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

import numpy as np

from petrograd1917.engine.forces import crowd_faction, district_power
from petrograd1917.engine.index import FloatArray
from petrograd1917.engine.log import write
from petrograd1917.engine.numeric import clip01_value, normal_cdf, per_turn
from petrograd1917.engine.portable import exp_each, matvec
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for
from petrograd1917.engine.words import and_list, count, number_word


def grievance(state: GameState) -> FloatArray:
    """[D] Epstein's grievance: hardship (sharpened by the mood of the street) times the regime's illegitimacy."""
    return np.array(_grievance(state))


def _grievance(state: GameState) -> list[float]:
    """`grievance` in plain floats (a district's figures are a few numbers, where a numpy call costs more than its
    arithmetic), in numpy's order of operations: the same bits. The legitimacy a district's crowd holds against is
    its controller's, or where nobody controls it the strongest regime faction's (0 without a regime)."""
    sharpen = state.scenario.rules.unrest_grievance
    legitimacy = state.legitimacy.tolist()
    regime = tables_for(state.scenario).regime_list
    base = max([legitimacy[f] for f in regime]) if regime else 0.0
    return [
        clip01_value(hard + sharpen * angry) * (1.0 - (legitimacy[held] if held >= 0 else base))
        for hard, angry, held in zip(
            state.hardship.tolist(), state.unrest.tolist(), state.district_controller.tolist(), strict=True
        )
    ]


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


def strike_share(state: GameState, grieved: FloatArray) -> FloatArray:
    """[D] share of the workforce whose threshold is met by the share acting around them."""
    return np.array(_strike_share(state, grieved.tolist()))


def _strike_share(state: GameState, grieved: list[float]) -> list[float]:
    rules = state.scenario.rules
    tables = tables_for(state.scenario)
    weight = rules.neighbour_weight
    mean, grieving, pivot = rules.strike_threshold_mean, rules.strike_grievance, rules.strike_grievance_pivot
    spread = max(rules.strike_threshold_spread, 1e-9)
    around = zip(state.strikers.tolist(), matvec(tables.neighbours, state.strikers).tolist(), tables.strike_pool_list,
                 grieved, strict=True)  # fmt: skip
    return normal_cdf(
        [
            (((own + weight * next_door) / pool if pool > 0 else 0.0) - (mean + grieving * (pivot - grief))) / spread
            for own, next_door, pool, grief in around
        ]
    )


def joining_share(state: GameState, grieved: FloatArray, force: FloatArray) -> FloatArray:
    """[D] share of the street pool for whom grievance outweighs the risk they perceive."""
    return np.array(_joining_share(state, grieved.tolist(), force.tolist()))


def _joining_share(state: GameState, grieved: list[float], force: list[float]) -> list[float]:
    rules = state.scenario.rules
    floors = tables_for(state.scenario).crowd_floor_list
    k = -rules.arrest_risk_k
    scared = [
        k * feared / ((out if out > floor else floor) + 1.0)
        for feared, out, floor in zip(force, (state.crowd + state.strikers).tolist(), floors, strict=True)
    ]
    aversion, threshold = rules.risk_aversion, rules.crowd_threshold
    spread = max(rules.crowd_spread, 1e-9)
    return normal_cdf(
        [
            (grief - aversion * (1.0 - safe) - threshold) / spread
            for grief, safe in zip(grieved, exp_each(scared), strict=True)
        ]
    )


def run(state: GameState) -> None:
    """Strikes, then crowds, then the street's unrest, district by district in plain floats, in numpy's order of
    operations (the same bits as whole-array arithmetic)."""
    rules = state.scenario.rules
    tables = tables_for(state.scenario)
    population, workers = tables.population_list, tables.workers_list
    grieved = _grievance(state)
    noise = (rules.crowd_noise * state.rng.standard_normal((2, len(population)))).tolist()
    days = tables.days(state.turn)  # decays and street unrest are rates a day

    # Strikes: Granovetter's share, or last turn's strikers drifting back at `strike_decay`, whichever is more.
    was_striking = state.strikers.tolist()
    staying = 1.0 - float(per_turn(rules.strike_decay, days))
    strikers: list[float] = []
    shares = _strike_share(state, grieved)
    for share, had, workforce, jitter in zip(shares, was_striking, workers, noise[0], strict=True):
        kept = (had / workforce if workforce > 0 else 0.0) * staying
        strikers.append(clip01_value((share if share > kept else kept) * (1.0 + jitter)) * workforce)
    state.strikers = np.array(strikers)

    # Crowds: everyone for whom it is worth it comes out, plus marching strikers; the rest drift home.
    was_out = state.crowd.tolist()
    joining = _joining_share(state, grieved, hostile_force(state).tolist())
    pool_share, march = rules.street_pool, rules.striker_march
    lingering = 1.0 - float(per_turn(rules.crowd_decay, days))
    calming = 1.0 - float(per_turn(rules.unrest_decay, days))
    stirring = rules.street_unrest * days
    crowd: list[float] = []
    unrest: list[float] = []
    districts = zip(joining, population, strikers, noise[1], was_out, state.unrest.tolist(), strict=True)
    for join, people, striking, jitter, was, angry in districts:
        wanted = (join * pool_share * people + march * striking) * (1.0 + jitter)
        stay = was * lingering
        out = wanted if wanted > stay else stay
        out = out if out < people else people
        crowd.append(out)
        street = (out + striking) / people if people > 0 else 0.0
        unrest.append(clip01_value(angry * calming + stirring * street))
    state.crowd = np.array(crowd)
    state.unrest = np.array(unrest)
    _log(state, was_striking, was_out)


def _log(state: GameState, was_striking: list[float], was_out: list[float]) -> None:
    """Only changes a reader would notice (a strike wave, a crowd growing or melting by thousands), one sentence for
    each kind of change over the whole city rather than one per district."""
    if not state.keeps_record:
        return
    large = state.scenario.rules.large_crowd
    strikers, crowd = state.strikers.tolist(), state.crowd.tolist()  # Python floats: the same values, read faster
    news = tables_for(state.scenario).strike_news
    spread: list[int] = []
    back: list[int] = []
    for d, (now, was, enough) in enumerate(zip(strikers, was_striking, news, strict=True)):
        change = now - was
        if abs(change) >= enough:
            (spread if change > 0 else back).append(d)
    _log_districts(state, "strike", spread, strikers, "Strikes spread: {} workers are out in {}.")
    _log_districts(state, "strike", back, strikers, "Workers drift back to the benches: {} are still out in {}.")
    grown: list[int] = []
    melted: list[int] = []
    for d, (now, was) in enumerate(zip(crowd, was_out, strict=True)):  # only large crowds make news
        if now >= large and now - was >= 0.2 * large:
            grown.append(d)
        if was >= large and now < 0.5 * was:
            melted.append(d)
    _log_districts(state, "crowd", grown, crowd, "Crowds fill the streets: {} people are out in {}.")
    _log_districts(state, "crowd", melted, crowd, "The crowds thin out: {} people remain on the streets of {}.")


def _log_districts(state: GameState, kind: str, districts: list[int], figures: list[float], pattern: str) -> None:
    """One entry for all the districts in `where`: 'Strikes spread: 7,400 workers are out in Vyborg (4,100), Narva
    (2,300) and Okhta (1,000).' Biggest first; past four districts the rest are counted, not named. The data keep
    each district's figure."""
    if not districts:
        return
    districts.sort(key=lambda d: -figures[d])
    total = sum(figures[d] for d in districts)
    if len(districts) == 1:
        places = [state.district_name(districts[0])]
    else:
        named = districts if len(districts) <= 4 else districts[:3]
        places = [f"{state.district_name(d)} ({count(figures[d])})" for d in named]
        if len(named) < len(districts):
            places.append(f"{number_word(len(districts) - len(named))} other districts")
    data = {state.index.district_ids[d]: round(figures[d]) for d in districts}
    write(state, kind, pattern.format(count(total), and_list(places)), districts=data)
