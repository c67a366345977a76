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

from petrograd1917.engine.cache import PerObject, PerObjectAnd
from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.index import FloatArray, IntArray, index_for
from petrograd1917.engine.log import Said, figures, tell
from petrograd1917.engine.numeric import array_sum, clip01_value
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import DynamicsTables, tables_for
from petrograd1917.engine.words import Names, and_list, duration, names, weight
from petrograd1917.scenario.model import Scenario

_total = np.add.reduce  # `ndarray.sum` without its Python wrapper: the same reduction, the same bits


def queues(state: GameState) -> FloatArray:
    """[D] length of bread queues, 0 (no queue) .. 1 (`queue_length`, district by district)."""
    rules = state.scenario.rules
    days, fear_queue = rules.queue_days, rules.fear_queue
    bread_fear = zip(state.bread_days.tolist(), state.fear.tolist(), strict=True)
    return np.array([queue_length(shortage(bread, days), fear, fear_queue) for bread, fear in bread_fear])


@helper
def shortage(bread: float, queue_days: float) -> float:
    """The queue at a district's shops while they run empty: 0 with at least `queue_days` of bread, 1 with none."""
    return clip01_value(1.0 - bread / queue_days) if queue_days > 0.0 else bread * 0.0


@helper
def queue_length(empty: float, fear: float, fear_queue: float) -> float:
    """A district's bread queue, 0 (none) .. 1: at shops running empty (`shortage`) and, where people fear a
    shortage, at shops that still have bread (`fear_queue` x fear). For Python callers and kernels alike (the food,
    loyalty and series kernels work it out from the bread and fear they read)."""
    return 1.0 - (1.0 - empty) * (1.0 - fear_queue * fear)


def rail_arrivals(state: GameState) -> float:
    """Tonnes of flour arriving by rail during this turn."""
    tables, food = tables_for(state.scenario), _food_tables(state.scenario)
    rates, _, station_share = _unpacked(food.fixed, state.bread_days.shape[0])
    return float(
        _rail_tonnes(
            state.site_holder,
            tables.station,
            station_share,
            state.strikers,
            rates,
            tables.days(state.turn),
            tables.weather(state.turn),
            float(state.rail_factor),
        )
    )


@helper
def _rail_tonnes(
    holder: IntArray,
    station: IntArray,
    station_share: FloatArray,
    strikers: FloatArray,
    rates: FloatArray,
    days: float,
    weather: float,
    rail_factor: float,
) -> float:
    """`rail_arrivals`: the rail's tonnes a day x turn length x weather x rail factor x the share of the trains the
    stations pass on (one nobody holds passes `unheld_station_factor` of its share) x what strikes leave running."""
    total, workers = rates[_SHARE_TOTAL], rates[_WORKERS]
    stations = 1.0
    if total > 0.0:
        unheld = rates[_UNHELD]
        worked = np.empty(station.shape[0])
        for i in range(station.shape[0]):
            worked[i] = station_share[i] * (1.0 if holder[station[i]] >= 0 else unheld)
        stations = array_sum(worked) / total
    striking = array_sum(strikers) / workers if workers > 0.0 else 0.0
    strikes = 1.0 - rates[_STRIKE_PENALTY] * striking
    strikes = strikes if strikes > 0.0 else 0.0  # Python's max(0.0, x): 0.0 unless x is above it
    arrived = rates[_RAIL_PER_DAY] * days * weather * rail_factor * stations * strikes
    return arrived if arrived > 0.0 else 0.0


def run(state: GameState) -> None:
    """The food chain for one turn (`_food_chain`, district by district), then the log of what it did."""
    food = _food_tables(state.scenario)
    tables = food.tables
    days = tables.days(state.turn)
    flour = _flour_a_day(state)
    found = np.empty((6, state.bread_days.shape[0]))
    hungry = np.zeros((2, state.bread_days.shape[0]), dtype=np.int64)  # zeros: the log keeps its bytes
    arrived, met, stock, fear_total, n_plights = _food_chain(
        state.site_holder,
        tables.station,
        state.strikers,
        state.fear,
        state.bread_days,
        state.hardship,
        state.unrest,
        flour.daily,
        food.fixed,
        found,
        hungry,
        float(state.city_stock),
        days,
        tables.weather(state.turn),
        float(state.rail_factor),
        flour.total,
        float(state.ration),
    )
    arrived, met, state.city_stock = float(arrived), float(met), float(stock)
    state.bread_days, state.fear, state.hardship, state.unrest = found[0], found[3], found[4], found[5]
    if not state.keeps_record:
        return  # what follows words the log
    need = _need(flour, days)
    tell(
        state,
        "food",
        _food_words,
        (
            arrived,
            met,
            need / days if days > 0 else 0.0,
            state.city_stock,
            state.ration,
            float(fear_total) / found.shape[1],
        ),
    )
    if n_plights == 0:
        return
    named, kept, groups = names(state.scenario), found[:3].tobytes(), hungry.tobytes()  # the turn's, as bytes
    for g in range(n_plights):  # one entry a plight (`_food_chain`)
        tell(state, "hunger", _hunger_words, (g, named, kept, groups))


def _food_words(arrived: float, met: float, flour_a_day: float, stock: float, ration: float, fear: float) -> Said:
    """The food phase's entry: what came, what was baked, what is left (`_food_text`); the mean fear, as
    ndarray.mean makes it."""
    data = {"arrived": round(arrived, 3), "met": round(met, 4), "stock": round(stock, 3), "fear": round(fear, 3)}
    return _food_text(arrived, met, flour_a_day, stock, ration), data


def _hunger_words(g: int, named: Names, kept: bytes, groups: bytes) -> Said:
    """'Hunger in Vyborg and Narva: the shops have bread for half a day; queues grow.', with each district's bread
    and queue: the districts of the `g`th plight `_food_chain` found (`kept`: the first three rows of its `found`,
    `groups`: its `hungry`, as bytes: `log.figures`)."""
    left, queue, plights = figures(kept).reshape(3, -1).tolist()
    plight = plights[g]
    hungry = figures(groups, np.int64).reshape(2, -1)
    group = hungry[0, int(hungry[1, g - 1]) if g else 0 : hungry[1, g]].tolist()
    ids = named.district_ids
    text = f"Hunger in {and_list([named.districts[d] for d in group])}: {_plight_words(plight)}; queues grow."
    return text, {
        "districts": {ids[d]: round(left[d], 3) for d in group},
        "queues": {ids[d]: round(queue[d], 3) for d in group},
    }


@kernel
def _food_chain(
    holder: IntArray,
    station: IntArray,
    strikers: FloatArray,
    fear: FloatArray,
    held: FloatArray,
    hardship: FloatArray,
    unrest: FloatArray,
    daily: FloatArray,
    fixed: FloatArray,
    found: FloatArray,
    hungry: IntArray,
    stock: float,
    days: float,
    weather: float,
    rail_factor: float,
    flour_a_day: float,
    ration: float,
) -> tuple[float, float, float, float, int]:
    """One turn of the food chain, district by district, in the order of the operations it stands for. The trains'
    flour goes into the stock. People buy days of the ration, more when they fear a shortage; the bakeries bake that
    plus a refill of emptied shops, up to `1 + restock_rate` days, as far as the flour goes. Then the bread left and
    what was missing; the fear of shortage (queues at empty shops and warehouses running low breed it, shops with
    bread let it fade back to the district's own level, never below); the queues; hardship (queues and a thin
    ration raise it) and hunger's unrest, rates a day. Writes the new bread and queues into the first two rows of
    `found`, the new fear, hardship and unrest into its last three. The districts that go hungry (queues, and less
    bread than before) are grouped by their plight (`_plight`), the groups in the order of their first district: the
    districts go into the first row of `hungry`, group after group, each in district order, the end of each group
    into its second row and the group's plight into the third row of `found`, 0.0 after the last (the log keeps
    the first three rows' bytes).
    Returns the tonnes that arrived, the share of the bakeries' wants met, the stock left, the fear's sum, and the
    number of groups. `fixed`: the scenario's numbers, in one array (`_unpacked`): as a game calls a kernel, each
    argument costs the call about 0.1 us."""
    n = held.shape[0]
    rates, districts, station_share = _unpacked(fixed, n)
    arrived = _rail_tonnes(holder, station, station_share, strikers, rates, days, weather, rail_factor)
    stock = stock + arrived

    hoarding, most = rates[_HOARDING], days * (1.0 + rates[_RESTOCK])
    bought, baked, flour = np.empty(n), np.empty(n), np.empty(n)
    for d in range(n):
        buy = days * (1.0 + hoarding * fear[d])
        room = districts[_USUAL_BREAD, d] - held[d]
        bake = buy + (room if room > 0.0 else 0.0)
        bake = bake if bake < most else most
        bought[d], baked[d], flour[d] = buy, bake, bake * daily[d]
    wanted = array_sum(flour)
    met = 1.0
    if wanted > 0.0:
        met = stock / wanted
        met = met if met < 1.0 else 1.0  # Python's min(1.0, x): 1.0 unless x is below it
    stock = stock - met * wanted
    stock = stock if stock > 0.0 else 0.0

    queue_days, alarm = rates[_QUEUE_DAYS], _alarm(stock, flour_a_day, rates[_ALARM_DAYS])
    rising, decay, fear_queue = rates[_FEAR_RISING], rates[_FEAR_DECAY], rates[_FEAR_QUEUE]
    recovery, hardening, hunger = rates[_RECOVERY] * days, rates[_HARDENING] * days, rates[_HUNGER] * days
    full = rates[_FULL_RATION]
    thin = 0.0  # how far the ration falls short of a full one: 0 (full) .. 1
    if full > 0.0:
        thin = 1.0 - ration / full
        thin = thin if thin > 0.0 else 0.0
    n_hungry = 0
    for d in range(n):
        buy = bought[d]
        supply = held[d] + met * baked[d]
        missing = clip01_value((buy - supply) / (buy if buy > 1e-12 else 1e-12))
        now = supply - buy
        now = now if now > 0.0 else 0.0
        empty = shortage(now, queue_days)
        news = rising * (empty if empty > alarm else alarm)
        risen = clip01_value(fear[d] + days * news)
        faded = risen - days * (decay if now >= queue_days else 0.0)
        floor = districts[_OWN_FEAR, d]
        lowest = risen if risen < floor else floor
        afraid = faded if faded > lowest else lowest
        waiting = queue_length(empty, afraid, fear_queue)
        hard = hardship[d]
        strain = waiting + thin
        if strain > 0.0:
            hard = hard + hardening * strain
        else:
            baseline = districts[_OWN_HARDSHIP, d]
            eased, lowest = hard - recovery, hard if hard < baseline else baseline
            hard = eased if eased > lowest else lowest
        angry = unrest[d] + hunger * (missing if missing > waiting else waiting)
        found[0, d], found[1, d], found[3, d] = now, waiting, afraid
        found[4, d], found[5, d] = clip01_value(hard), clip01_value(angry)
        if waiting > 0.0 and now < held[d]:
            hungry[0, n_hungry] = d
            n_hungry += 1
    return arrived, met, stock, array_sum(found[3]), _group_plights(found, hungry, n_hungry)


@helper
def _group_plights(found: FloatArray, hungry: IntArray, n_hungry: int) -> int:
    """Group the first `n_hungry` districts of `hungry`'s first row (in district order) by the plight of their
    bread (`found`'s first row), as `_food_chain` says; returns the number of groups."""
    for d in range(found.shape[1]):
        found[2, d] = 0.0
    group = np.empty(n_hungry, dtype=np.int64)
    n_groups = 0
    for i in range(n_hungry):
        plight = _plight(found[0, hungry[0, i]])
        g = 0
        while g < n_groups and not _same(found[2, g], plight):
            g += 1
        if g == n_groups:
            found[2, g] = plight
            n_groups += 1
        group[i] = g
    districts = hungry[0, :n_hungry].copy()
    k = 0
    for g in range(n_groups):
        for i in range(n_hungry):
            if group[i] == g:
                hungry[0, k] = districts[i]
                k += 1
        hungry[1, g] = k
    return n_groups


@helper
def _plight(days: float) -> float:
    """What the log says of a district's `days` of bread, as a number (`_plight_words` words it): -3 no bread, -2
    half a day, -1 a day, else the whole days, rounded half to even as the text's `:.0f` rounds them (adding and
    taking away 2**52 rounds so; a number that large, infinite or not a number is already its own)."""
    if days <= 0.05:
        return -3.0
    if days < 0.75:
        return -2.0
    if days < 1.5:
        return -1.0
    if days < 4503599627370496.0:
        return (days + 4503599627370496.0) - 4503599627370496.0
    return days


@helper
def _same(a: float, b: float) -> bool:
    """Two plights word the same (not a number words as 'nan', like any other)."""
    return a == b or (a != a and b != b)


@dataclass(frozen=True, slots=True)
class _FoodTables:
    """A scenario's numbers the food kernel reads, in one float64 array, and its dynamics tables."""

    tables: DynamicsTables
    fixed: FloatArray  # the rules' numbers, at the indices below; then the districts' and the stations' (`_unpacked`)


# Where each number sits in the rates and the districts' rows of `_FoodTables.fixed` (`_unpacked`).
_HOARDING, _RESTOCK, _QUEUE_DAYS, _FEAR_RISING, _FEAR_DECAY, _FEAR_QUEUE, _RECOVERY, _HARDENING = range(8)
_HUNGER, _ALARM_DAYS, _FULL_RATION, _UNHELD, _STRIKE_PENALTY, _RAIL_PER_DAY, _SHARE_TOTAL, _WORKERS = range(8, 16)
_N_RATES = 16
_USUAL_BREAD, _OWN_FEAR, _OWN_HARDSHIP = range(3)


@helper
def _unpacked(fixed: FloatArray, n_d: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The views of `_FoodTables.fixed`: the rules' numbers (at the indices above), the districts' [3, D] (each
    one's usual bread in days, own fear and own hardship) and each station's share of the trains (in the order of
    `DynamicsTables.station`)."""
    stations = _N_RATES + 3 * n_d
    return fixed[:_N_RATES], fixed[_N_RATES:stations].reshape((3, n_d)), fixed[stations:]


def _build_food_tables(scenario: Scenario) -> _FoodTables:
    rules, tables = scenario.rules, tables_for(scenario)
    rates = [
        rules.hoarding,
        rules.restock_rate,
        rules.queue_days,
        rules.fear_from_queues,
        rules.fear_decay,
        rules.fear_queue,
        rules.hardship_recovery,
        rules.queue_hardship,
        rules.hunger_unrest,
        rules.stock_alarm_days,
        rules.full_ration_grams,
        rules.unheld_station_factor,
        rules.strike_rail_penalty,
        scenario.food.rail_tonnes_per_day,
        tables.station_share_total,
        tables.total_workers,
    ]
    districts = (tables.base_bread_days, tables.base_fear, tables.base_hardship)
    fixed = np.array([*rates, *(x for row in districts for x in row), *tables.station_rail_share], dtype=np.float64)
    fixed.flags.writeable = False
    return _FoodTables(tables, fixed)


# The food kernel's tables of a scenario, built on first use and kept while the scenario lives (engine/cache.py).
_food_tables: PerObject[Scenario, _FoodTables] = PerObject(_build_food_tables)


def stock_alarm(state: GameState) -> float:
    """0 while the warehouses hold `stock_alarm_days` of flour or more, rising to 1 as they empty."""
    alarm = _alarm(state.city_stock, _flour_a_day(state).total, state.scenario.rules.stock_alarm_days)
    return float(alarm)


@helper
def _alarm(stock: float, flour_a_day: float, alarm_days: float) -> float:
    """`stock_alarm` with the stock, the city's flour a day and `stock_alarm_days` known."""
    if alarm_days <= 0.0 or flour_a_day <= 0.0:
        return 0.0
    alarm = 1.0 - stock / flour_a_day / alarm_days
    return alarm if alarm > 0.0 else 0.0  # Python's max(0.0, x): 0.0 unless x is above it


def _food_text(arrived: float, met: float, flour_a_day: float, stock: float, ration_grams: float) -> str:
    """'Trains bring 147 tonnes of flour; the bakeries bake the full ration (400 g a head a day); 7,800 tonnes are
    left in the warehouses, enough for 45 days.'"""
    ration = f"{ration_grams:.0f} g a head a day"
    baked = f"the full ration ({ration})" if met >= 0.995 else f"only {met:.0%} of the ration ({ration})"
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

    daily: FloatArray  # [D] tonnes a day for each district (read-only)
    total: float  # their sum, as numpy sums them
    needs: dict[float, float]  # turn length in days -> the tonnes such a turn needs, as numpy sums them


def _build_flour(scenario: Scenario, ration: float) -> _Flour:
    daily: FloatArray = ration * index_for(scenario).population / 1e6 / scenario.food.bread_per_flour
    daily.flags.writeable = False
    return _Flour(daily, float(_total(daily)), {})


# `_flour_a_day`'s answers, per scenario and ration (engine/cache.py): the worlds a computer player imagines and the
# states `bench` samples go back and forth between a few rations; a game asks at every turn, mostly the same.
_FLOUR: PerObjectAnd[Scenario, float, _Flour] = PerObjectAnd(_build_flour)


def _flour_a_day(state: GameState) -> _Flour:
    """Tonnes of flour that bake a day of bread for each district at the current ration (cached)."""
    return _FLOUR(state.scenario, state.ration)


def _need(flour: _Flour, days: float) -> float:
    """Tonnes of flour a turn of `days` days needs (kept per turn length: a scenario has one or two)."""
    need = flour.needs.get(days)
    if need is None:
        need = flour.needs[days] = float(_total(days * flour.daily))
    return need


_PLIGHTS = {
    -3.0: "no bread left in the shops",
    -2.0: "the shops have bread for half a day",
    -1.0: "the shops have bread for a day",
}


def _plight_words(plight: float) -> str:
    """'the shops have bread for half a day' (`_plight`: a plight as a number)."""
    words = _PLIGHTS.get(plight)
    return words if words is not None else f"the shops have bread for {plight:.0f} days"
