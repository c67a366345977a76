"""What the map shows, read once from one side's observation: plain values keyed by id.

The window reads the observation's arrays in this one place (laid out as in `docs/engine-state.md`), so the
painter and the tooltips never index arrays themselves. The observation (`engine.observation.observe`) holds what
the side can see: the loyalty of units it neither commands nor watches through a commissar is its estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from petrograd1917.scenario.model import UnitKind

if TYPE_CHECKING:
    from petrograd1917.engine.observation import Observation


@dataclass(frozen=True, slots=True)
class DistrictView:
    id: str
    name: str
    controller: str | None  # None: contested
    unrest: float  # 0 calm .. 1 insurrection
    crowd: float  # people on the streets
    strikers: float  # workers on strike
    bread_days: float  # days of bread left in the shops
    hardship: float
    influence: dict[str, float]  # faction id -> share


@dataclass(frozen=True, slots=True)
class UnitView:
    id: str
    name: str
    kind: UnitKind
    strength: float
    district: str
    commander: str | None
    loyalty: dict[str, float]  # as the viewer sees it
    known: bool  # the viewer sees the true loyalty (its own unit, or one its commissar sits with)
    arms: float
    discipline: float
    commissar: str | None
    moved: bool
    description: str


@dataclass(frozen=True, slots=True)
class MapSnapshot:
    viewer: str  # the side whose eyes the map uses
    districts: dict[str, DistrictView]
    units: tuple[UnitView, ...]
    site_holders: dict[str, str | None]
    raised: dict[str, bool]

    def units_in(self, district_id: str) -> list[UnitView]:
        return [u for u in self.units if u.district == district_id]

    def unit(self, unit_id: str) -> UnitView | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def layer_key(self) -> tuple[object, ...]:
        """Changes exactly when the coloured district layer must be painted again."""
        return (
            tuple((d.controller, round(d.unrest, 2)) for d in self.districts.values()),
            tuple(sorted(self.raised.items())),
        )


def _faction_id(observation: Observation, index: int) -> str | None:
    return None if index < 0 else observation.scenario.factions[int(index)].id


def snapshot(observation: Observation) -> MapSnapshot:
    """The map as the observing side sees it."""
    o = observation
    scenario = o.scenario
    faction_ids = [f.id for f in scenario.factions]
    districts = {
        d.id: DistrictView(
            id=d.id,
            name=d.name,
            controller=_faction_id(o, o.district_controller[i]),
            unrest=float(o.unrest[i]),
            crowd=float(o.crowd[i]),
            strikers=float(o.strikers[i]),
            bread_days=float(o.bread_days[i]),
            hardship=float(o.hardship[i]),
            influence={f: float(o.influence[i, j]) for j, f in enumerate(faction_ids)},
        )
        for i, d in enumerate(scenario.districts)
    }
    units = []
    for i, spec in enumerate(o.unit_specs):
        if not o.unit_alive[i]:
            continue
        units.append(
            UnitView(
                id=spec.id,
                name=spec.name,
                kind=spec.kind,
                strength=float(o.unit_strength[i]),
                district=scenario.districts[int(o.unit_district[i])].id,
                commander=_faction_id(o, o.unit_commander[i]),
                loyalty={f: float(o.unit_loyalty[i, j]) for j, f in enumerate(faction_ids)},
                known=bool(o.loyalty_known[i]),
                arms=float(o.unit_arms[i]),
                discipline=float(o.unit_discipline[i]),
                commissar=_faction_id(o, o.unit_commissar[i]),
                moved=bool(o.unit_moved[i]),
                description=spec.description,
            )
        )
    return MapSnapshot(
        viewer=o.faction,
        districts=districts,
        units=tuple(units),
        site_holders={s.id: _faction_id(o, o.site_holder[i]) for i, s in enumerate(scenario.sites)},
        raised={link.id: bool(o.link_raised[i]) for i, link in enumerate(scenario.links)},
    )
