"""Ids become integers once per scenario, so the engine's hot loops index numpy arrays and never touch strings.

A `ScenarioIndex` is immutable, built once per `Scenario` object (`index_for`, kept while the scenario lives), and
shared by every game and clone made from that scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.calendar import turn_dates
from petrograd1917.scenario.model import (
    DEFAULT_ACTION_RULES,
    ActionKind,
    ActionRule,
    LinkKind,
    Scenario,
    SiteKind,
    UnitKind,
)

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# Stable integer codes for enumerations, used in per-unit / per-link / per-site arrays.
UNIT_KINDS: tuple[UnitKind, ...] = tuple(UnitKind)
LINK_KINDS: tuple[LinkKind, ...] = tuple(LinkKind)
SITE_KINDS: tuple[SiteKind, ...] = tuple(SiteKind)
UNIT_KIND_CODE: dict[UnitKind, int] = {k: i for i, k in enumerate(UNIT_KINDS)}
LINK_KIND_CODE: dict[LinkKind, int] = {k: i for i, k in enumerate(LINK_KINDS)}
SITE_KIND_CODE: dict[SiteKind, int] = {k: i for i, k in enumerate(SITE_KINDS)}

# Units that may cross water links; and units that can shoot into a crowd (everyone armed but ships' crews ashore).
WATERBORNE: frozenset[UnitKind] = frozenset({UnitKind.SAILORS, UnitKind.SHIP})


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class ScenarioIndex:
    """Precomputed, read-only lookups for one scenario (see docs/engine-state.md)."""

    district: dict[str, int]
    faction: dict[str, int]
    unit: dict[str, int]  # the scenario's starting units; units added later live in GameState.unit_ids
    site: dict[str, int]
    link: dict[str, int]
    district_ids: tuple[str, ...]
    faction_ids: tuple[str, ...]
    unit_ids: tuple[str, ...]
    site_ids: tuple[str, ...]
    link_ids: tuple[str, ...]
    adjacency: BoolArray  # [D, D] any link
    adjacency_by_kind: dict[LinkKind, BoolArray]  # [D, D] per link kind
    link_a: IntArray  # [L]
    link_b: IntArray  # [L]
    link_kind: IntArray  # [L] LINK_KIND_CODE
    link_is: dict[LinkKind, BoolArray]  # [L] per kind: is the link of this kind
    has_rail: bool
    links_between: dict[tuple[int, int], tuple[int, ...]]  # (a, b) both orders -> link indices
    district_links: tuple[tuple[int, ...], ...]  # [D] -> link indices touching the district
    neighbour_links: tuple[tuple[tuple[int, int], ...], ...]  # [D] -> (link, district at its other end)
    site_district: IntArray  # [S]
    site_district_list: tuple[int, ...]  # [S] the same, as Python ints
    site_kind: IntArray  # [S] SITE_KIND_CODE
    site_link: IntArray  # [S] link index for bridge sites, -1 otherwise
    site_gifts: IntArray  # [k, 2] (site, action points it gives its holder a turn) of each site that gives any
    site_victory_points: IntArray  # [S]
    population: FloatArray  # [D]
    workers: FloatArray  # [D]
    soldiers: FloatArray  # [D]
    faction_action_points: IntArray  # [F] base points per turn
    faction_is_regime: BoolArray  # [F]
    allowed: tuple[frozenset[ActionKind], ...]  # [F] actions each faction may take
    rules: dict[ActionKind, ActionRule]  # every kind, defaults filled in
    ration_levels: tuple[float, ...]  # the rations set_ration offers, evenly spaced from min to max
    turn_dates: tuple[datetime, ...]  # start of each turn; len = number of turns
    n_turns: int
    n_districts: int  # len(district_ids), kept: read at every listing and many times a turn
    n_factions: int  # len(faction_ids), likewise


def _ids(items: tuple[str, ...]) -> dict[str, int]:
    return {item: i for i, item in enumerate(items)}


def build_index(scenario: Scenario) -> ScenarioIndex:
    district_ids = tuple(d.id for d in scenario.districts)
    faction_ids = tuple(f.id for f in scenario.factions)
    unit_ids = tuple(u.id for u in scenario.units)
    site_ids = tuple(s.id for s in scenario.sites)
    link_ids = tuple(link.id for link in scenario.links)
    district = _ids(district_ids)
    link = _ids(link_ids)
    n_d = len(district_ids)

    adjacency = np.zeros((n_d, n_d), dtype=np.bool_)
    by_kind = {kind: np.zeros((n_d, n_d), dtype=np.bool_) for kind in LinkKind}
    link_a = np.array([district[x.a] for x in scenario.links], dtype=np.int64)
    link_b = np.array([district[x.b] for x in scenario.links], dtype=np.int64)
    links_between: dict[tuple[int, int], tuple[int, ...]] = {}
    touching: list[list[int]] = [[] for _ in range(n_d)]
    for i, x in enumerate(scenario.links):
        a, b = district[x.a], district[x.b]
        adjacency[a, b] = adjacency[b, a] = True
        by_kind[x.kind][a, b] = by_kind[x.kind][b, a] = True
        links_between[(a, b)] = (*links_between.get((a, b), ()), i)
        if a != b:
            links_between[(b, a)] = (*links_between.get((b, a), ()), i)
        touching[a].append(i)
        if b != a:
            touching[b].append(i)
    for array in (adjacency, *by_kind.values()):
        array.setflags(write=False)

    rules = {kind: scenario.rules.actions.get(kind, DEFAULT_ACTION_RULES[kind]) for kind in ActionKind}
    dates = turn_dates(scenario.calendar)
    return ScenarioIndex(
        district=district,
        faction=_ids(faction_ids),
        unit=_ids(unit_ids),
        site=_ids(site_ids),
        link=link,
        district_ids=district_ids,
        faction_ids=faction_ids,
        unit_ids=unit_ids,
        site_ids=site_ids,
        link_ids=link_ids,
        adjacency=adjacency,
        adjacency_by_kind=by_kind,
        link_a=link_a,
        link_b=link_b,
        link_kind=np.array([LINK_KIND_CODE[x.kind] for x in scenario.links], dtype=np.int64),
        link_is={kind: np.array([x.kind is kind for x in scenario.links], dtype=np.bool_) for kind in LinkKind},
        has_rail=any(x.kind is LinkKind.RAIL for x in scenario.links),
        links_between=links_between,
        district_links=tuple(tuple(t) for t in touching),
        neighbour_links=tuple(
            tuple((i, other) for i in touching[d] if (other := int(link_a[i] + link_b[i]) - d) != d) for d in range(n_d)
        ),
        site_district=np.array([district[s.district] for s in scenario.sites], dtype=np.int64),
        site_district_list=tuple(district[s.district] for s in scenario.sites),
        site_kind=np.array([SITE_KIND_CODE[s.kind] for s in scenario.sites], dtype=np.int64),
        site_link=np.array([link[s.link] if s.link else -1 for s in scenario.sites], dtype=np.int64),
        site_gifts=np.array(
            [(i, s.gives.action_points) for i, s in enumerate(scenario.sites) if s.gives.action_points], dtype=np.int64
        ).reshape(-1, 2),
        site_victory_points=np.array([s.gives.victory_points for s in scenario.sites], dtype=np.int64),
        population=np.array([d.population for d in scenario.districts], dtype=np.float64),
        workers=np.array([d.workers for d in scenario.districts], dtype=np.float64),
        soldiers=np.array([d.soldiers for d in scenario.districts], dtype=np.float64),
        faction_action_points=np.array([f.action_points for f in scenario.factions], dtype=np.int64),
        faction_is_regime=np.array([f.is_regime for f in scenario.factions], dtype=np.bool_),
        allowed=tuple(frozenset(f.actions) for f in scenario.factions),
        rules=rules,
        ration_levels=_ration_levels(scenario),
        turn_dates=dates,
        n_turns=len(dates),
        n_districts=n_d,
        n_factions=len(faction_ids),
    )


# The index of a scenario, built on first use and kept while the scenario lives (engine/cache.py).
index_for: PerObject[Scenario, ScenarioIndex] = PerObject(build_index)


def _ration_levels(scenario: Scenario) -> tuple[float, ...]:
    food = scenario.food
    n = max(2, scenario.rules.ration_levels)
    step = (food.max_ration_grams - food.min_ration_grams) / (n - 1)
    return tuple(round(food.min_ration_grams + i * step, 1) for i in range(n))
