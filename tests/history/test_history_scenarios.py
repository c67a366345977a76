"""The historical scenarios: they load, their map hangs together, every name explains itself, and games end."""

from __future__ import annotations

import itertools
import math

import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.play import play_out
from petrograd1917.engine.calendar import turn_dates
from petrograd1917.scenario.model import DistrictCharacter, LinkKind, Scenario, SiteKind

SCENARIOS = ("february-1917", "october-1917")
RAISABLE = {"Liteiny", "Troitsky", "Palace", "Nikolaevsky", "Sampsonievsky", "Grenadersky", "Okhta"}
SITES = {
    "winter_palace", "general_staff", "admiralty_building", "tauride_palace", "smolny", "peter_paul", "arsenal",
    "kresty", "telephone_exchange", "telegraph", "state_bank", "mariinsky_palace", "kshesinskaya", "putilov_works",
}  # fmt: skip
STATIONS = {"finland_station", "nikolaevsky_station", "warsaw_station", "baltic_station", "tsarskoselsky_station"}


@pytest.fixture(scope="module", params=SCENARIOS)
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(request.param)


def _inside(point: tuple[float, float], polygon: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting: is the point strictly inside the polygon?"""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_the_city_has_its_districts_approaches_bridges_stations_and_sites(scenario: Scenario) -> None:
    city = [d for d in scenario.districts if d.character != DistrictCharacter.APPROACH]
    approaches = {d.id for d in scenario.districts if d.character == DistrictCharacter.APPROACH}
    assert len(city) >= 12 and approaches == {"kronstadt", "south"}
    bridges = {link.name.removesuffix(" bridge") for link in scenario.links if link.kind == LinkKind.BRIDGE}
    assert bridges >= RAISABLE
    assert any(link.kind == LinkKind.WATER and "kronstadt" in (link.a, link.b) for link in scenario.links)
    assert any(link.kind == LinkKind.RAIL and "south" in (link.a, link.b) for link in scenario.links)
    ids = {site.id for site in scenario.sites}
    assert ids >= SITES | STATIONS
    stations = [s for s in scenario.sites if s.kind == SiteKind.STATION]
    assert {s.id for s in stations} == STATIONS
    assert math.isclose(sum(s.gives.rail_share for s in stations), 1.0, abs_tol=0.01)
    assert sum(d.workers for d in city) == pytest.approx(400_000, rel=0.05)


def test_every_site_lies_inside_its_district_and_the_map_fits_the_frame(scenario: Scenario) -> None:
    polygons = {d.id: d.polygon for d in scenario.districts}
    for site in scenario.sites:
        assert _inside(site.position, polygons[site.district]), site.id
    for district in scenario.districts:
        assert all(0 <= x <= 1000 and 0 <= y <= 720 for x, y in district.polygon), district.id
        assert district.description and district.workers <= district.population


def test_every_event_has_a_card_a_note_and_a_date_and_names_real_things(scenario: Scenario) -> None:
    key_events = {k.id for k in scenario.victory.key_events}
    units = (
        {u.id for u in scenario.units}
        | {e.unit_spec.id for ev in scenario.events for e in ev.effects if e.unit_spec is not None}
        | {e.unit_spec.id for ev in scenario.events for c in ev.choices for e in c.effects if e.unit_spec is not None}
    )
    sites = {s.id for s in scenario.sites}
    for event in scenario.events:
        assert event.text and event.note and event.historical_date is not None, event.id
        assert event.key_event is None or event.key_event in key_events, event.id
        effects = [*event.effects, *(e for c in event.choices for e in c.effects)]
        for effect in effects:
            assert effect.unit is None or effect.unit in units, (event.id, effect.unit)
            assert effect.site is None or effect.site in sites, (event.id, effect.site)
    for key in scenario.victory.key_events:
        assert key.historical_date is not None, key.id
        assert key.condition is not None or any(e.key_event == key.id for e in scenario.events), key.id


def test_every_leader_and_unit_kind_is_in_the_whos_who(scenario: Scenario) -> None:
    names = {n.lower() for g in scenario.glossary for n in (g.name, *g.aliases)}
    for faction in scenario.factions:
        assert faction.briefing and faction.objective.score is not None
        for leader in faction.leaders:
            assert leader.bio and leader.role
            assert leader.name.lower() in names or leader.name.split()[-1].lower() in names, leader.name
    for term in ("soviet", "duma", "stavka", "junkers", "order no. 1", "mrc", "dual power", "old style dates"):
        assert term in names, term


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_game_between_random_players_plays_to_its_end(name: str) -> None:
    scenario = load_scenario(name)
    state = new_game(scenario, seed=11)
    agents = {f.id: make_agent("random", f.id, i) for i, f in enumerate(scenario.factions)}
    play_out(state, agents)
    outcome = state.outcome()
    assert outcome.over and 1 <= outcome.turns <= len(turn_dates(scenario.calendar))
    assert outcome.winner is None or outcome.winner in {f.id for f in scenario.factions}


def test_october_shortens_its_turns_for_the_night_of_the_rising() -> None:
    dates = turn_dates(load_scenario("october-1917").calendar)
    steps = {(b - a).total_seconds() / 3600 for a, b in itertools.pairwise(dates)}
    assert {24, 6, 12} <= steps
    assert dates[0].day == 10 and dates[-1].month == 10
