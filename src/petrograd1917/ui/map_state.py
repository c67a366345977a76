"""What the map shows, read once from the game state: plain values keyed by id, for one viewing faction.

The window reads the engine's arrays in this one place (layout in `docs/engine-state.md`), so the painter, the
tooltips and the panels never index arrays themselves, and hidden information (true loyalty) is filtered here
through `visible_loyalty` for the faction looking at the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from petrograd1917.scenario.model import Unit, UnitKind


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
    loyalty: dict[str, float]  # as the viewer sees it (true for own units or with a commissar)
    arms: float
    discipline: float
    commissar: str | None
    moved: bool
    description: str


@dataclass(frozen=True, slots=True)
class MapSnapshot:
    viewer: str | None  # faction whose eyes we use (None: an onlooker, who sees estimates for every unit)
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


def unit_specs(state: Any) -> list[Unit]:
    """Every unit the game can hold, in array order: the scenario's, then those events may add."""
    return list(state.unit_specs)


def _faction_id(state: Any, index: int) -> str | None:
    return None if index < 0 else state.scenario.factions[int(index)].id


def snapshot(state: Any, viewer: str | None) -> MapSnapshot:
    scenario = state.scenario
    faction_ids = [f.id for f in scenario.factions]
    districts = {
        d.id: DistrictView(
            id=d.id,
            name=d.name,
            controller=_faction_id(state, state.district_controller[i]),
            unrest=float(state.unrest[i]),
            crowd=float(state.crowd[i]),
            strikers=float(state.strikers[i]),
            bread_days=float(state.bread_days[i]),
            hardship=float(state.hardship[i]),
            influence={f: float(state.influence[i, j]) for j, f in enumerate(faction_ids)},
        )
        for i, d in enumerate(scenario.districts)
    }
    units = []
    for i, spec in enumerate(unit_specs(state)):
        if not state.unit_alive[i]:
            continue
        commander = _faction_id(state, state.unit_commander[i])
        loyalty = (
            state.visible_loyalty(spec.id, viewer)
            if viewer is not None
            else {f: float(state.unit_loyalty[i, j]) for j, f in enumerate(faction_ids)}
        )
        units.append(
            UnitView(
                id=spec.id,
                name=spec.name,
                kind=spec.kind,
                strength=float(state.unit_strength[i]),
                district=scenario.districts[int(state.unit_district[i])].id,
                commander=commander,
                loyalty=dict(loyalty),
                arms=float(state.unit_arms[i]),
                discipline=float(state.unit_discipline[i]),
                commissar=_faction_id(state, state.unit_commissar[i]),
                moved=bool(state.unit_moved[i]),
                description=spec.description,
            )
        )
    return MapSnapshot(
        viewer=viewer,
        districts=districts,
        units=tuple(units),
        site_holders={s.id: _faction_id(state, state.site_holder[i]) for i, s in enumerate(scenario.sites)},
        raised={link.id: bool(state.link_raised[i]) for i, link in enumerate(scenario.links)},
    )
