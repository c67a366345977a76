"""Food phase: the chain stock -> deliveries -> shops -> queues -> hardship, with the fear of shortage.

Trains bring flour into the city's stock: rail capacity x turn length x weather x rail factor (events) x stations
working x (1 - strike losses). The bakeries bake from the stock for each district what people buy plus what
refills emptied shops, up to `1 + restock_rate` days of the ration a day. People buy the ration, and more when they
fear a shortage (`hoarding` x fear): rumours of rationing empty the shops faster than the deliveries fill them.
Queues stand at shops with less than `queue_days` of bread, and, with fear, even at shops with bread
(`fear_queue`). Empty-shop queues and warehouses running low breed fear; shops with bread let it fade back to
the district's own level. Queues and a thin
ration raise hardship; missing bread and queues raise unrest. A ration cut is itself news of rationing
(`bread.set_ration`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from petrograd1917.engine.index import FloatArray, ScenarioIndex
from petrograd1917.engine.log import write
from petrograd1917.engine.numeric import array_sum, clip01, clip01_value
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for
from petrograd1917.engine.words import and_list, duration, weight
from petrograd1917.scenario.model import Scenario

_total = np.add.reduce  # `ndarray.sum` without its Python wrapper: the same reduction, the same bits

# The last answer of `queues`, keyed by the scenario and the shops' bytes: the food and loyalty phases both ask.
_LAST_QUEUES: list[tuple[Scenario, bytes, FloatArray] | None] = [None]


def queues(state: GameState) -> FloatArray:
    """[D] length of bread queues, 0 (no queue) .. 1: from empty shops (`shortage_queues`) and, where people fear a
    shortage, at shops that still have bread (`fear_queue` x fear). Read-only (cached)."""
    key = state.bread_days.tobytes() + state.fear.tobytes()
    last = _LAST_QUEUES[0]
    if last is not None and last[0] is state.scenario and last[1] == key:
        return last[2]
    empty = shortage_queues(state)
    result: FloatArray = 1.0 - (1.0 - empty) * (1.0 - state.scenario.rules.fear_queue * state.fear)
    result.flags.writeable = False
    _LAST_QUEUES[0] = (state.scenario, key, result)
    return result


def _remember_queues(state: GameState, queue: list[float]) -> None:
    """Keep the queues the food phase has just worked out (as `queues` works them out) for the phases after it."""
    result = np.array(queue)
    result.flags.writeable = False
    _LAST_QUEUES[0] = (state.scenario, state.bread_days.tobytes() + state.fear.tobytes(), result)


def shortage_queues(state: GameState) -> FloatArray:
    """[D] the queues of empty shops alone: 0 with at least `queue_days` of bread, 1 with none."""
    days = state.scenario.rules.queue_days
    result: FloatArray = clip01(1.0 - state.bread_days / days) if days > 0 else state.bread_days * 0.0
    return result


def rail_arrivals(state: GameState) -> float:
    """Tonnes of flour arriving by rail during this turn."""
    scenario, tables = state.scenario, tables_for(state.scenario)
    rules, food = scenario.rules, scenario.food
    total = tables.station_share_total
    stations = 1.0
    if total > 0.0:
        unheld = rules.unheld_station_factor
        holders = state.site_holder[tables.station].tolist()
        worked = [
            share * (1.0 if h >= 0 else unheld) for share, h in zip(tables.station_rail_share, holders, strict=True)
        ]
        stations = array_sum(worked) / total
    workers = tables.total_workers
    striking = float(_total(state.strikers)) / workers if workers > 0 else 0.0
    strikes = max(0.0, 1.0 - rules.strike_rail_penalty * striking)
    days = tables.days(state.turn)
    weather = tables.weather(state.turn)
    return max(0.0, food.rail_tonnes_per_day * days * weather * state.rail_factor * stations * strikes)


def run(state: GameState) -> None:
    """The food chain for one turn, district by district in plain floats (a district's figures are a handful of
    numbers, where a numpy call costs more than its arithmetic), in numpy's order of operations: the same bits."""
    scenario, tables = state.scenario, tables_for(state.scenario)
    rules = scenario.rules
    days = tables.days(state.turn)
    arrived = rail_arrivals(state)
    state.city_stock += arrived

    # What people buy this turn (days of the ration: more when they fear a shortage) and what the bakeries bake
    # for each district: that plus a refill of emptied shops, up to their capacity, as far as the flour goes.
    hoarding, most = rules.hoarding, days * (1.0 + rules.restock_rate)
    fear, held = state.fear.tolist(), state.bread_days.tolist()
    flour = _flour_a_day(state)
    daily = flour.daily
    bought: list[float] = []
    baked: list[float] = []
    for afraid, have, usual in zip(fear, held, tables.base_bread_days, strict=True):
        buy = days * (1.0 + hoarding * afraid)
        room = usual - have
        bake = buy + (room if room > 0.0 else 0.0)
        bought.append(buy)
        baked.append(bake if bake < most else most)
    wanted = array_sum([bake * flour for bake, flour in zip(baked, daily, strict=True)])
    met = min(1.0, state.city_stock / wanted) if wanted > 0 else 1.0
    state.city_stock = max(0.0, state.city_stock - met * wanted)

    # Bread left and what was missing; then the fear of shortage (queues at empty shops and warehouses running low
    # breed it, shops with bread let it fade back to the district's own level, never below); then the queues.
    queue_days, alarm = rules.queue_days, _alarm(state, flour.total)
    rising, decay, fear_queue = rules.fear_from_queues, rules.fear_decay, rules.fear_queue
    left: list[float] = []
    short: list[float] = []
    afraid_now: list[float] = []
    queue: list[float] = []
    for afraid, have, buy, bake, floor in zip(fear, held, bought, baked, tables.base_fear, strict=True):
        supply = have + met * bake
        missing = (buy - supply) / (buy if buy > 1e-12 else 1e-12)
        short.append(clip01_value(missing))
        now = supply - buy
        now = now if now > 0.0 else 0.0
        left.append(now)
        empty = clip01_value(1.0 - now / queue_days) if queue_days > 0 else now * 0.0
        news = rising * (empty if empty > alarm else alarm)
        risen = clip01_value(afraid + days * news)
        faded = risen - days * (decay if now >= queue_days else 0.0)
        lowest = risen if risen < floor else floor
        afraid = faded if faded > lowest else lowest
        afraid_now.append(afraid)
        queue.append(1.0 - (1.0 - empty) * (1.0 - fear_queue * afraid))
    state.bread_days = np.array(left)
    state.fear = np.array(afraid_now)
    _remember_queues(state, queue)

    # Hardship and hunger's unrest are rates a day: a six-hour turn adds a quarter of a day's.
    thin = _thin(state)
    recovery, hardening, hunger = (
        rules.hardship_recovery * days,
        rules.queue_hardship * days,
        rules.hunger_unrest * days,
    )
    hardship: list[float] = []
    unrest: list[float] = []
    pairs = zip(state.hardship.tolist(), state.unrest.tolist(), tables.base_hardship, queue, short, strict=True)
    for hard, angry, baseline, waiting, missing in pairs:
        strain = waiting + thin
        if strain > 0.0:
            hard = hard + hardening * strain
        else:
            eased, lowest = hard - recovery, hard if hard < baseline else baseline
            hard = eased if eased > lowest else lowest
        hardship.append(clip01_value(hard))
        unrest.append(clip01_value(angry + hunger * (missing if missing > waiting else waiting)))
    state.hardship = np.array(hardship)
    state.unrest = np.array(unrest)
    if not state.keeps_record:
        return  # what follows words the log
    need = _need(flour, days)
    write(
        state,
        "food",
        _food_text(state, arrived, met, need / days if days > 0 else 0.0),
        arrived=round(arrived, 3),
        met=round(met, 4),
        stock=round(state.city_stock, 3),
        fear=round(array_sum(afraid_now) / len(afraid_now), 3),  # the mean, as ndarray.mean makes it
    )
    hungry: dict[str, list[int]] = {}  # one sentence for the districts in the same plight
    for d, (waiting, days_left, was) in enumerate(zip(queue, left, held, strict=True)):
        if waiting > 0.0 and days_left < was:
            hungry.setdefault(_bread_words(days_left), []).append(d)
    ids = state.index.district_ids
    for words, districts in hungry.items():
        write(
            state,
            "hunger",
            f"Hunger in {and_list([state.district_name(d) for d in districts])}: {words}; queues grow.",
            districts={ids[d]: round(left[d], 3) for d in districts},
            queues={ids[d]: round(queue[d], 3) for d in districts},
        )


def stock_alarm(state: GameState) -> float:
    """0 while the warehouses hold `stock_alarm_days` of flour or more, rising to 1 as they empty."""
    return _alarm(state, _flour_a_day(state).total)


def _alarm(state: GameState, daily: float) -> float:
    """`stock_alarm` with the city's flour a day known."""
    alarm_days = state.scenario.rules.stock_alarm_days
    if alarm_days <= 0 or daily <= 0:
        return 0.0
    return max(0.0, 1.0 - state.city_stock / daily / alarm_days)


def _thin(state: GameState) -> float:
    """How far the ration falls short of a full one: 0 (full) .. 1."""
    full = state.scenario.rules.full_ration_grams
    return max(0.0, 1.0 - state.ration / full) if full > 0 else 0.0


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


@dataclass(frozen=True, slots=True)
class _Flour:
    """The flour the city bakes into a day of bread at one ration, in the forms the food phase reads."""

    daily: list[float]  # [D] tonnes a day for each district (never written into)
    total: float  # their sum, as numpy sums them
    needs: dict[float, float]  # turn length in days -> the tonnes such a turn needs, as numpy sums them


# The last answer of `_flour_a_day`, keyed by the index (so by scenario) and the ration, which seldom changes.
_LAST_FLOUR: list[tuple[ScenarioIndex, float, _Flour] | None] = [None]


def _flour_a_day(state: GameState) -> _Flour:
    """Tonnes of flour that bake a day of bread for each district at the current ration (cached)."""
    last = _LAST_FLOUR[0]
    if last is not None and last[0] is state.index and last[1] == state.ration:
        return last[2]
    daily: FloatArray = state.ration * state.index.population / 1e6 / state.scenario.food.bread_per_flour
    found = _Flour(daily.tolist(), float(_total(daily)), {})
    _LAST_FLOUR[0] = (state.index, state.ration, found)
    return found


def _need(flour: _Flour, days: float) -> float:
    """Tonnes of flour a turn of `days` days needs (kept per turn length: a scenario has one or two)."""
    need = flour.needs.get(days)
    if need is None:
        need = flour.needs[days] = array_sum([days * tonnes for tonnes in flour.daily])
    return need


def _bread_words(days: float) -> str:
    if days <= 0.05:
        return "no bread left in the shops"
    if days < 0.75:
        return "the shops have bread for half a day"
    if days < 1.5:
        return "the shops have bread for a day"
    return f"the shops have bread for {days:.0f} days"
