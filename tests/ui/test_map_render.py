"""The map drawn for the test fixture and both historical scenarios, and what lies under a point of it."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine.observation import observe
from petrograd1917.ui import theme
from petrograd1917.ui.app import App
from petrograd1917.ui.map_geometry import MapTransform, centroid, contains, district_at
from petrograd1917.ui.map_state import snapshot
from petrograd1917.ui.map_tooltips import Explainer
from petrograd1917.ui.map_view import Hit, MapView

FIXTURE = str(Path(__file__).parents[1] / "fixtures" / "scenarios" / "tiny.yaml")
SCENARIOS = [FIXTURE, "february-1917", "october-1917"]


def make_view(app: App, name: str) -> tuple[MapView, object]:
    scenario = load_scenario(name)
    state = new_game(scenario, seed=5)
    palette = theme.faction_colours(scenario.factions, "colour-blind")
    view = MapView(scenario, {k: (c.r, c.g, c.b) for k, c in palette.items()}, theme.font)
    view.resize(pygame.Rect(0, 40, 880, 650))
    return view, state


@pytest.mark.parametrize("name", SCENARIOS)
def test_map_draws_every_district_and_unit(app: App, shots: Path, name: str) -> None:
    view, state = make_view(app, name)
    viewer = state.scenario.factions[0].id
    snap = snapshot(observe(state, viewer))
    app.window.fill((0, 0, 0))
    view.draw(app.window, snap, 0.0, Hit("district", state.scenario.districts[0].id))
    pygame.image.save(app.window, str(shots / f"map-{Path(name).stem}.png"))
    # every district's label block and every living unit's counter were painted where hit testing finds them
    for d in state.scenario.districts:
        assert view._hit_rect(Hit("district", d.id)) is not None
    for unit in snap.units:
        rect = view.unit_rect(unit.id)
        assert rect is not None and view.rect.contains(rect), unit.id
        hit = view.hit_test(rect.center)
        assert hit is not None and hit.kind == "unit" and unit.id in view.stack_of(hit.id)
    # the water between districts is not land
    water = next(
        (x, y)
        for x in range(view.rect.left + 2, view.rect.right, 7)
        for y in range(view.rect.top + 2, view.rect.bottom, 7)
        if view.hit_test((x, y)) is None
    )
    assert district_at(state.scenario.districts, view.transform.to_map(water)) is None


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_districts_centroid_is_found_in_it(app: App, name: str) -> None:
    scenario = load_scenario(name)
    checked = 0
    for d in scenario.districts:
        c = centroid(d.polygon)
        if contains(d.polygon, c):  # a strongly concave district may have its centroid outside
            hit = district_at(scenario.districts, c)
            assert hit is not None and hit.id == d.id
            checked += 1
    assert checked >= len(scenario.districts) // 2


def test_transform_round_trips_and_fits_the_view() -> None:
    t = MapTransform.fit((0, 0, 1000, 700), (10, 20, 500, 400), margin=0)
    assert t.to_screen((0, 0))[0] >= 10 and t.to_screen((1000, 700))[1] <= 420
    x, y = t.to_map(t.to_screen((123.0, 456.0)))
    assert abs(x - 123) < 2 and abs(y - 456) < 2


def test_zoom_keeps_the_point_under_the_cursor(app: App) -> None:
    view, _ = make_view(app, FIXTURE)
    cursor = (300, 300)
    before = view.transform.to_map(cursor)
    view.zoom_at(cursor, 2.0)
    after = view.transform.to_map(cursor)
    assert view.zoom == 2.0
    assert abs(before[0] - after[0]) < 1 and abs(before[1] - after[1]) < 1


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_every_hover_text_names_and_explains(app: App, name: str) -> None:
    """Each thing on the map has a tooltip; numbers say what they mean and which way is good."""
    view, state = make_view(app, name)
    snap = snapshot(observe(state, state.scenario.factions[1].id))
    view.draw(app.window, snap, 0.0)
    explainer = Explainer(state.scenario)
    assert view._tokens is not None
    for _, hit in view._tokens.hits:
        text = explainer.hover(hit, snap, view.stack_of(hit.id) if hit.kind == "unit" else None)
        assert "<b>" in text and len(text) > 40, hit
    unrest = explainer.hover(Hit("unrest", state.scenario.districts[0].id), snap)
    assert "0% calm" in unrest and "100% insurrection" in unrest
    bread = explainer.hover(Hit("bread", state.scenario.districts[0].id), snap)
    assert "more is better" in bread
    district = explainer.district(state.scenario.districts[0].id, snap)
    assert "legitimacy falls below 10% loses it to the others, up to 50% a day" in district  # the ebb's rule


def test_the_whos_who_explains_regiments_by_their_kind_of_unit() -> None:
    scenario = load_scenario("october-1917")
    glossary = Explainer(scenario).glossary
    named = [u for u in scenario.units if glossary.entry(u.id, u.name, u.kind.value.replace("_", " "))]
    assert len(named) >= len(scenario.units) * 3 // 4
    cossacks = next(u for u in scenario.units if u.kind.value == "cossacks")
    entry = glossary.entry(cossacks.id, cossacks.name)
    assert entry is not None and entry.kind.value == "unit"


def test_names_in_a_text_are_found_for_its_whos_who() -> None:
    explainer = Explainer(load_scenario("october-1917"))
    found = [e.name for e in explainer.glossary.mentioned("Kamenev's letter angered Lenin and the Central Committee.")]
    assert found[:3] == ["Lev Kamenev", "Vladimir Lenin", "Central Committee"]
    html = explainer.whos_who("Lenin came back.")
    assert "Who's who" in html and "<b>Vladimir Lenin</b>" in html
    assert explainer.whos_who("Nothing to explain here.") == ""
