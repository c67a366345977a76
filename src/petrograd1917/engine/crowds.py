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

from petrograd1917.engine.forces import crowd_faction, district_power, regime_legitimacy
from petrograd1917.engine.index import BoolArray, FloatArray
from petrograd1917.engine.log import write
from petrograd1917.engine.numeric import clip01, normal_cdf, per_turn
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for
from petrograd1917.engine.words import and_list, count, number_word


def grievance(state: GameState) -> FloatArray:
    """[D] Epstein's grievance: hardship (sharpened by the mood of the street) times the regime's illegitimacy."""
    rules = state.scenario.rules
    hardship = clip01(state.hardship + rules.unrest_grievance * state.unrest)
    result: FloatArray = hardship * (1.0 - regime_legitimacy(state))
    return result


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
    rules = state.scenario.rules
    tables = tables_for(state.scenario)
    acting = state.strikers + rules.neighbour_weight * (tables.neighbours @ state.strikers)
    pool = tables.strike_pool
    around = (
        acting / pool if tables.all_pool else np.divide(acting, pool, out=np.zeros_like(acting), where=tables.has_pool)
    )
    mean = rules.strike_threshold_mean + rules.strike_grievance * (rules.strike_grievance_pivot - grieved)
    spread = max(rules.strike_threshold_spread, 1e-9)
    return normal_cdf((around - mean) / spread)


def joining_share(state: GameState, grieved: FloatArray, force: FloatArray) -> FloatArray:
    """[D] share of the street pool for whom grievance outweighs the risk they perceive."""
    rules = state.scenario.rules
    out = np.maximum(state.crowd + state.strikers, tables_for(state.scenario).crowd_floor_people) + 1.0
    risk = 1.0 - np.exp(-rules.arrest_risk_k * force / out)
    net = grieved - rules.risk_aversion * risk
    return normal_cdf((net - rules.crowd_threshold) / max(rules.crowd_spread, 1e-9))


def run(state: GameState) -> None:
    rules = state.scenario.rules
    population, workers = state.index.population, state.index.workers
    n_d = population.shape[0]
    tables = tables_for(state.scenario)
    grieved = grievance(state)
    noise = rules.crowd_noise * state.rng.standard_normal((2, n_d))
    days = tables.days(state.turn)  # decays and street unrest are rates a day

    # Strikes: Granovetter's share, or last turn's strikers drifting back at `strike_decay`, whichever is more.
    was_striking = state.strikers  # replaced below, never written into
    share = strike_share(state, grieved)
    back = per_turn(rules.strike_decay, days)
    striking = state.strikers / workers if tables.all_workers else _share(state.strikers, workers, tables.has_workers)
    staying = striking * (1.0 - back)
    share = clip01(np.maximum(share, staying) * (1.0 + noise[0]))
    state.strikers = share * workers

    # Crowds: everyone for whom it is worth it comes out, plus marching strikers; the rest drift home.
    was_out = state.crowd  # replaced below, never written into
    joining = joining_share(state, grieved, hostile_force(state))
    wanted = (joining * rules.street_pool * population + rules.striker_march * state.strikers) * (1.0 + noise[1])
    state.crowd = np.minimum(np.maximum(wanted, state.crowd * (1.0 - per_turn(rules.crowd_decay, days))), population)

    out = state.crowd + state.strikers
    street = out / population if tables.all_people else _share(out, population, tables.has_people)
    state.unrest = clip01(
        state.unrest * (1.0 - per_turn(rules.unrest_decay, days)) + rules.street_unrest * days * street
    )
    _log(state, was_striking, was_out)


def _share(part: FloatArray, whole: FloatArray, where: BoolArray) -> FloatArray:
    """part / whole where `where`, else 0 (a district with nobody in it)."""
    result: FloatArray = np.divide(part, whole, out=np.zeros(part.shape[0]), where=where)
    return result


def _log(state: GameState, was_striking: FloatArray, was_out: FloatArray) -> None:
    """Only changes a reader would notice (a strike wave, a crowd growing or melting by thousands), one sentence for
    each kind of change over the whole city rather than one per district."""
    large = state.scenario.rules.large_crowd
    strikers, crowd = state.strikers.tolist(), state.crowd.tolist()  # Python floats: the same values, read faster
    news = tables_for(state.scenario).strike_news
    spread: list[int] = []
    back: list[int] = []
    for d, (now, was, enough) in enumerate(zip(strikers, was_striking.tolist(), news, strict=True)):
        change = now - was
        if abs(change) >= enough:
            (spread if change > 0 else back).append(d)
    _log_districts(state, "strike", spread, strikers, "Strikes spread: {} workers are out in {}.")
    _log_districts(state, "strike", back, strikers, "Workers drift back to the benches: {} are still out in {}.")
    grown: list[int] = []
    melted: list[int] = []
    for d, (now, was) in enumerate(zip(crowd, was_out.tolist(), strict=True)):  # only large crowds make news
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
