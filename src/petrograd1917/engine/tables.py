"""Per-scenario lookups the end-of-turn phases need, built once and shared by every game of that scenario.

`ScenarioIndex` holds what every part of the engine reads; these are the extra tables only the dynamics use
(what sites give, weather spells, a float adjacency for neighbour sums), kept apart so the hot loops read arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

import numpy as np

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.calendar import at_turn
from petrograd1917.engine.index import SITE_KIND_CODE, BoolArray, FloatArray, IntArray, ScenarioIndex, index_for
from petrograd1917.engine.portable import matvec
from petrograd1917.scenario.model import Event, Scenario, SiteKind, WeatherSpell


@dataclass(frozen=True, slots=True)
class DynamicsTables:
    neighbours: FloatArray  # [D, D] 1.0 where two districts share a link (never the diagonal)
    site_rail_share: FloatArray  # [S] share of the city's rail arrivals coming through the site (stations)
    site_arms: FloatArray  # [S] arms the site gives friendly crowds in its district
    site_legitimacy: tuple[float, ...]  # [S] legitimacy a day to the holder
    site_influence: tuple[float, ...]  # [S] influence a day to the holder in the site's district
    site_defense: FloatArray  # [S] multiplies the holder's strength when attacked
    station: IntArray  # site indices of railway stations
    turn_weather: tuple[
        float, ...
    ]  # [T] rail arrivals multiplier of each turn: its latest started spell's (1 before any)
    regime_list: tuple[int, ...]  # faction indices that hold state power at the start
    regime_mask: BoolArray  # [F] True for the regime's factions (read-only)
    turn_days: tuple[float, ...]  # [T] length of each turn in days
    base_hardship: tuple[float, ...]  # [D] hardship before hunger (war weariness, poverty): easing stops there
    base_bread_days: tuple[float, ...]  # [D] the shops' usual stock, in days: restocking stops there
    base_fear: tuple[float, ...]  # [D] each district's own fear of shortage: where fear fades back to
    total_population: float
    total_workers: float
    station_rail_share: tuple[float, ...]  # [stations] `site_rail_share` of the stations
    station_share_total: float  # their sum (as numpy sums it)
    open_events: tuple[tuple[Event, ...], ...]  # [T] the events whose window overlaps each turn, in scenario order
    strike_news: tuple[float, ...]  # [D] the change in strikers the log reports: 1,000 or 5% of the workers
    # [D] figures as Python floats, for the phases that work district by district in plain numbers
    population_list: tuple[float, ...]
    workers_list: tuple[float, ...]
    strike_pool_list: tuple[float, ...]  # workers around each district: its own plus `neighbour_weight` x neighbours'
    crowd_floor_list: tuple[float, ...]  # `crowd_floor` x population: the fewest people a crowd counts as

    def days(self, turn: int) -> float:
        """Length of turn `turn` in days (the last turn's length for any later one)."""
        return at_turn(self.turn_days, turn)

    def weather(self, turn: int) -> float:
        """Rail arrivals multiplier during turn `turn` (the last turn's for any later one)."""
        return at_turn(self.turn_weather, turn)

    def events_open(self, turn: int) -> tuple[Event, ...]:
        """The events whose window overlaps turn `turn` (the last turn's for any later one)."""
        return at_turn(self.open_events, turn)


def _tables_of(scenario: Scenario) -> DynamicsTables:
    return _build(scenario, index_for(scenario))


# The tables of a scenario, built on first use and kept while the scenario lives (engine/cache.py).
tables_for: PerObject[Scenario, DynamicsTables] = PerObject(_tables_of)


def window_open(event: Event, turn_start: datetime, turn_end: datetime) -> bool:
    """The event's window (inclusive dates) overlaps the turn [turn_start, turn_end)."""
    if event.start is not None and event.start >= turn_end:
        return False
    return event.end is None or event.end >= turn_start


def _weather_factor(spells: tuple[WeatherSpell, ...], when: datetime) -> float:
    """Rail arrivals multiplier of the latest spell (sorted by start) that has started by `when` (1 before any)."""
    factor = 1.0
    for spell in spells:
        if spell.start <= when:
            factor = spell.factor
    return factor


def _open_events(scenario: Scenario, dates: tuple[datetime, ...]) -> tuple[tuple[Event, ...], ...]:
    ends = (*dates[1:], scenario.calendar.end)
    return tuple(
        tuple(e for e in scenario.events if window_open(e, start, max(end, start)))
        for start, end in zip(dates, ends, strict=True)
    )


def _floats(values: list[float]) -> tuple[float, ...]:
    """The values as float64s, as Python floats (what numpy would read them as)."""
    return tuple(np.array(values, dtype=np.float64).tolist())


def _read_only(array: BoolArray) -> BoolArray:
    array.flags.writeable = False
    return array


def _build(scenario: Scenario, index: ScenarioIndex) -> DynamicsTables:
    neighbours = index.adjacency.astype(np.float64)
    np.fill_diagonal(neighbours, 0.0)
    sites = scenario.sites
    spells = tuple(sorted(scenario.food.weather, key=lambda w: w.start))
    dates = index.turn_dates
    hours = [(b - a).total_seconds() / 3600 for a, b in pairwise(dates)]
    last = (scenario.calendar.end - dates[-1]).total_seconds() / 3600
    hours.append(last if last > 0 else (hours[-1] if hours else 24.0))
    station = np.flatnonzero(index.site_kind == SITE_KIND_CODE[SiteKind.STATION]).astype(np.int64)
    site_rail_share = np.array([s.gives.rail_share for s in sites], dtype=np.float64)
    regime = np.flatnonzero(index.faction_is_regime).astype(np.int64)
    strike_pool = index.workers + scenario.rules.neighbour_weight * matvec(neighbours, index.workers)
    return DynamicsTables(
        neighbours=neighbours,
        site_rail_share=site_rail_share,
        site_arms=np.array([s.gives.arms for s in sites], dtype=np.float64),
        site_legitimacy=tuple(np.array([s.gives.legitimacy for s in sites], dtype=np.float64).tolist()),
        site_influence=tuple(np.array([s.gives.influence for s in sites], dtype=np.float64).tolist()),
        site_defense=np.array([s.defense for s in sites], dtype=np.float64),
        station=station,
        turn_weather=tuple(_weather_factor(spells, date) for date in dates),
        regime_list=tuple(regime.tolist()),
        regime_mask=_read_only(index.faction_is_regime.astype(np.bool_)),
        turn_days=tuple((np.array(hours, dtype=np.float64) / 24.0).tolist()),
        base_hardship=_floats([d.hardship for d in scenario.districts]),
        base_bread_days=_floats([d.bread_days for d in scenario.districts]),
        base_fear=_floats([d.fear for d in scenario.districts]),
        total_population=float(index.population.sum()),
        total_workers=float(index.workers.sum()),
        station_rail_share=tuple(site_rail_share[station].tolist()),
        station_share_total=float(site_rail_share[station].sum()),
        open_events=_open_events(scenario, dates),
        strike_news=tuple(np.maximum(1000.0, 0.05 * index.workers).tolist()),
        population_list=tuple(index.population.tolist()),
        workers_list=tuple(index.workers.tolist()),
        strike_pool_list=tuple(strike_pool.tolist()),
        crowd_floor_list=tuple((scenario.rules.crowd_floor * index.population).tolist()),
    )
