"""Food phase: the city's flour is a stock with one inflow (trains) and one outflow (the ration).

Arrivals = rail capacity x turn length x weather x rail factor (events) x stations working x (1 - strike losses).
The ration is baked and sent to every district alike; what cannot be met drains the shops (`bread_days`), and
empty shops mean queues: queues and a thin ration raise hardship, missing bread raises unrest. Flour to spare
refills emptied shops towards their usual stock.
"""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.index import FloatArray, ScenarioIndex
from petrograd1917.engine.log import write
from petrograd1917.engine.numeric import clip01
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for
from petrograd1917.engine.words import and_list, duration, weight
from petrograd1917.scenario.model import Scenario

# The last answer of `queues`, keyed by the scenario and the shops' bytes: the food and loyalty phases both ask.
_LAST_QUEUES: list[tuple[Scenario, bytes, FloatArray] | None] = [None]


def queues(state: GameState) -> FloatArray:
    """[D] length of bread queues, 0 (shops full) .. 1 (shops empty). Read-only (cached)."""
    key = state.bread_days.tobytes()
    last = _LAST_QUEUES[0]
    if last is not None and last[0] is state.scenario and last[1] == key:
        return last[2]
    days = state.scenario.rules.queue_days
    result: FloatArray = clip01(1.0 - state.bread_days / days) if days > 0 else state.bread_days * 0.0
    result.flags.writeable = False
    _LAST_QUEUES[0] = (state.scenario, key, result)
    return result


def rail_arrivals(state: GameState) -> float:
    """Tonnes of flour arriving by rail during this turn."""
    scenario, tables = state.scenario, tables_for(state.scenario)
    rules, food = scenario.rules, scenario.food
    shares = tables.station_rail_share
    total = float(shares.sum())
    stations = 1.0
    if total > 0.0:
        held = state.site_holder[tables.station] >= 0
        stations = float((shares * np.where(held, 1.0, rules.unheld_station_factor)).sum()) / total
    workers = tables.total_workers
    striking = float(state.strikers.sum()) / workers if workers > 0 else 0.0
    strikes = max(0.0, 1.0 - rules.strike_rail_penalty * striking)
    days = tables.days(state.turn)
    weather = tables.weather_factor(state.date)
    return max(0.0, food.rail_tonnes_per_day * days * weather * state.rail_factor * stations * strikes)


def run(state: GameState) -> None:
    scenario, tables = state.scenario, tables_for(state.scenario)
    rules, food = scenario.rules, scenario.food
    days = tables.days(state.turn)
    arrived = rail_arrivals(state)
    state.city_stock += arrived

    # Flour needed to bake the ration for everyone this turn; the city sends what it has, alike to every district.
    bread_tonnes = state.ration * tables.total_population * days / 1e6
    need = bread_tonnes / food.bread_per_flour if food.bread_per_flour > 0 else 0.0
    met = min(1.0, state.city_stock / need) if need > 0 else 1.0
    state.city_stock = max(0.0, state.city_stock - met * need)

    before = state.bread_days
    after = before + (met - 1.0) * days
    shortfall = clip01(-after / days) if days > 0 else after * 0.0
    state.bread_days = np.maximum(after, 0.0)
    _restock(state, days)
    queue = queues(state)
    thin = max(0.0, 1.0 - state.ration / rules.full_ration_grams) if rules.full_ration_grams > 0 else 0.0

    baseline = tables.base_hardship
    strain = queue + thin
    # Hardship and hunger's unrest are rates a day: a six-hour turn adds a quarter of a day's.
    eased = np.maximum(state.hardship - rules.hardship_recovery * days, np.minimum(state.hardship, baseline))
    state.hardship = clip01(np.where(strain > 0.0, state.hardship + rules.queue_hardship * days * strain, eased))
    state.unrest = clip01(state.unrest + rules.hunger_unrest * days * np.maximum(shortfall, queue))

    write(
        state,
        "food",
        _food_text(state, arrived, met, need / days if days > 0 else 0.0),
        arrived=round(arrived, 3),
        met=round(met, 4),
        stock=round(state.city_stock, 3),
    )
    hungry: dict[str, list[int]] = {}  # one sentence for the districts in the same plight
    queuing = queue > 0.0
    if np.count_nonzero(queuing):
        for d in (queuing & (state.bread_days < before)).nonzero()[0].tolist():
            hungry.setdefault(_bread_words(float(state.bread_days[d])), []).append(d)
    for words, districts in hungry.items():
        write(
            state,
            "hunger",
            f"Hunger in {and_list([state.district_name(d) for d in districts])}: {words}; queues grow.",
            districts={state.index.district_ids[d]: round(float(state.bread_days[d]), 3) for d in districts},
            queues={state.index.district_ids[d]: round(float(queue[d]), 3) for d in districts},
        )


def _food_text(state: GameState, arrived: float, met: float, flour_a_day: float) -> str:
    """'Trains bring 147 tonnes of flour; the bakeries bake the full ration (400 g a head a day); 7,800 tonnes are
    left in the warehouses, enough for 45 days.'"""
    ration = f"{state.ration:.0f} g a head a day"
    baked = f"the full ration ({ration})" if met >= 0.995 else f"only {met:.0%} of the ration ({ration})"
    stock = state.city_stock
    left = f"{weight(stock)} {'is' if round(stock) == 1 else 'are'} left in the warehouses"
    if flour_a_day > 0 and stock >= 1.0:
        left += f", enough for {duration(stock / flour_a_day)}"
    elif stock < 1.0:
        left = "the warehouses are empty"
    trains = f"Trains bring {weight(arrived)} of flour" if round(arrived) >= 1 else "No flour arrives by rail"
    return f"{trains}; the bakeries bake {baked}; {left}."


def _restock(state: GameState, days: float) -> None:
    """Flour to spare refills emptied shops towards their usual stock (the scenario's `bread_days`), at most
    `restock_rate` extra days of bread per day of the turn, and no more than the warehouses hold."""
    tables, food = tables_for(state.scenario), state.scenario.food
    if state.city_stock <= 0.0 or food.bread_per_flour <= 0.0:
        return
    deficit = np.minimum(
        np.maximum(tables.base_bread_days - state.bread_days, 0.0), state.scenario.rules.restock_rate * days
    )
    flour = deficit * _flour_a_day(state)
    wanted = float(flour.sum())
    if wanted <= 0.0:
        return
    share = min(1.0, state.city_stock / wanted)
    state.bread_days = state.bread_days + share * deficit
    state.city_stock = max(0.0, state.city_stock - share * wanted)


# The last answer of `_flour_a_day`, keyed by the index (so by scenario) and the ration, which seldom changes.
_LAST_FLOUR: list[tuple[ScenarioIndex, float, FloatArray] | None] = [None]


def _flour_a_day(state: GameState) -> FloatArray:
    """[D] tonnes of flour that bake a day of bread for each district at the current ration (read-only, cached)."""
    last = _LAST_FLOUR[0]
    if last is not None and last[0] is state.index and last[1] == state.ration:
        return last[2]
    result: FloatArray = state.ration * state.index.population / 1e6 / state.scenario.food.bread_per_flour
    result.flags.writeable = False
    _LAST_FLOUR[0] = (state.index, state.ration, result)
    return result


def _bread_words(days: float) -> str:
    if days <= 0.05:
        return "no bread left in the shops"
    if days < 0.75:
        return "the shops have bread for half a day"
    if days < 1.5:
        return "the shops have bread for a day"
    return f"the shops have bread for {days:.0f} days"
