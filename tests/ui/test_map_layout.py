"""Where things are drawn on the game screen's map: every district's label (its plate, or the end of the leader line
from a plate standing outside) and every unit stack's counter lies inside that district's polygon on the screen, at
three window sizes of both scenarios, and nothing moves when turns go by."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pygame
import pytest

from petrograd1917 import load_scenario
from petrograd1917.ui.app import App
from petrograd1917.ui.driver import UIDriver
from petrograd1917.ui.map_geometry import contains, interior_point, polygon_area
from petrograd1917.ui.map_layout import leader_start
from petrograd1917.ui.scene_game import GameScene
from petrograd1917.ui.scene_scenarios import ScenarioChoiceScene
from petrograd1917.ui.session import AI_LEVELS, GameSession

SIZES = [(1024, 640), (1280, 800), (1920, 1080)]
LONGEST_LEADER = 0.16  # of the map's width: a label further from its district than this reads as another's


def open_game(app: App, name: str, size: tuple[int, int]) -> GameScene:
    app.apply_settings(app.settings.with_(width=size[0], height=size[1], show_tutorial=False))
    scenario = load_scenario(name)
    session = GameSession.new(scenario, 11, {f.id: AI_LEVELS["easy"] for f in scenario.factions})
    scene = GameScene(app, session)
    app.reset(scene)
    app.run_frames(2)
    assert app.size == size and scene.map.rect.width > 0
    return scene


def check_everything_inside(scene: GameScene) -> None:
    """Each label and counter is inside its district, or on a card or plate whose leader line ends inside it; no
    two plates or cards overlap, no counter shares its place or covers another's figures, and no site or bridge
    icon stands on a counter or a label."""
    view = scene.map
    polygons = {d.id: view.transform.polygon(d.polygon) for d in scene.session.scenario.districts}
    layout = view.layout()
    plates = [pygame.Rect(p.card or p.plate) for p in layout.values()]
    for district_id, place in layout.items():
        assert contains(polygons[district_id], place.anchor), district_id
        assert contains(polygons[district_id], view.district_centre(district_id)), district_id
        if place.leader_end is None:  # the plate stands inside: so does its centre
            assert contains(polygons[district_id], pygame.Rect(place.plate).center), district_id
        else:  # the leader line runs from inside the district to its own plate or card, which stands near it
            start = leader_start(place.leader_end, place.card or place.plate)
            assert pygame.Rect(place.card or place.plate).collidepoint(start), district_id
            assert math.dist(start, place.leader_end) <= LONGEST_LEADER * view.rect.width, district_id
        if place.card is not None:
            assert all(pygame.Rect(place.card).contains(box) for box in (place.plate, *place.slots)), district_id
    assert all(not a.colliderect(b) for i, a in enumerate(plates) for b in plates[i + 1 :]), "plates overlap"
    icons = [rect.center for rect, _ in view._marks()]
    slots = [pygame.Rect(box) for place in layout.values() for box in place.slots]
    middles = [box.inflate(-(box.w - box.w // 2), -(box.h - box.h // 2)) for box in slots]  # where the figures are
    for i, box in enumerate(slots):  # crowded counters may overlap by a quarter at most, never over the figures
        assert all(not box.colliderect(middle) for j, middle in enumerate(middles) if j != i), box
        assert not any(box.collidepoint(icon) for icon in icons), box  # no icon stands on a counter
    for plate in plates:  # nor on a label: icons and bridges are drawn over the labels, lines under them
        assert not any(plate.collidepoint(icon) for icon in icons), plate
    for district_id, place in layout.items():
        for box in map(pygame.Rect, place.slots):
            assert box.collidelist(plates) < 0 or place.card is not None, (district_id, box)
    for unit in scene.snap.units:
        rect = view.unit_rect(unit.id)
        assert rect is not None, unit.id
        card = layout[unit.district].card
        if card is None:
            assert contains(polygons[unit.district], rect.center), (unit.id, unit.district, rect)
        else:
            assert pygame.Rect(card).contains(rect), (unit.id, unit.district, rect)
        hit = view.hit_test(rect.center)
        assert hit is not None and hit.kind == "unit" and unit.id in view.stack_of(hit.id), (unit.id, hit)


def play_turns(scene: GameScene, turns: int) -> None:
    """Random legal orders (the game's own generator) until `turns` more turns have begun."""
    state = scene.session.state
    rng = np.random.default_rng(3)
    goal = state.turn + turns
    while state.turn < goal and not state.is_over():
        actions = state.legal_actions()
        state.apply(actions[int(rng.integers(len(actions)))])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_labels_and_counters_stand_inside_their_district_and_stay_put(
    app: App, shots: Path, name: str, size: tuple[int, int]
) -> None:
    scene = open_game(app, name, size)
    check_everything_inside(scene)
    before = dict(scene.map.layout())
    app.screenshot(shots / f"map-layout-{name}-{size[0]}x{size[1]}.png")
    play_turns(scene, 3)
    scene.look()  # what the screen shows after those turns
    app.run_frames(2)
    assert scene.map.layout() == before  # the same plates, leader lines and counter places as three turns ago
    check_everything_inside(scene)
    for unit in scene.snap.units:
        rect = scene.map.unit_rect(unit.id)
        assert rect is not None and tuple(rect) in before[unit.district].slots


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_a_districts_interior_point_is_inside_and_away_from_its_edges(name: str) -> None:
    for district in load_scenario(name).districts:
        point = interior_point(district.polygon)
        assert contains(district.polygon, point), district.id
    # a concave district (a "C"): its centroid lies outside, its interior point does not
    c_shape = [
        (0.0, 0.0),
        (100.0, 0.0),
        (100.0, 20.0),
        (20.0, 20.0),
        (20.0, 80.0),
        (100.0, 80.0),
        (100.0, 100.0),
        (0.0, 100.0),
    ]
    assert polygon_area(c_shape) != 0
    assert contains(c_shape, interior_point(c_shape))


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_the_top_bar_shows_everything_down_to_the_date_and_turn(app: App, ui: UIDriver, size: tuple[int, int]) -> None:
    scene = open_game(app, "october-1917", size)
    texts = [b.text for b in scene.parts["status"]]
    assert len(texts) == 6, texts
    date = scene.session.state.date
    assert texts[-1].startswith("Turn ") and f"{date.day} {date:%b}" in texts[-2]
    undo = ui.button("Undo").rect
    for item in scene.parts["status"]:
        assert item.rect.right <= undo.left and app.window.get_rect().contains(item.rect), item.text


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_a_plate_never_outgrows_its_room_when_crowds_and_strikes_fill_every_district(
    app: App, size: tuple[int, int]
) -> None:
    """Where a third badge (strikers) or a long figure would widen a plate past its room, the badge gives way (the
    hover has the number): a wider plate ran over its neighbours at 1024x640."""
    scene = open_game(app, "february-1917", size)
    state = scene.session.state
    state.crowd[:] = 9_200.0
    state.strikers[:] = 43_000.0
    scene.look()
    app.run_frames(1)
    layout = scene.map.layout()
    for d in scene.session.scenario.districts:
        plate = scene.map._plate(scene.snap, d.id, d.name)
        assert plate.width <= layout[d.id].plate[2], d.id
        assert [kind for kind, _, _ in plate.items][:3] == ["unrest", "bread", "crowd"], d.id  # "9k" always fits


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_the_scenario_chooser_names_each_district_inside_it(app: App, size: tuple[int, int]) -> None:
    """The chooser's thumbnail of the city is too small for plates and counters (squeezed in, labels were drawn
    far from their districts): it shows each district's name centred inside that district, and nothing else."""
    app.apply_settings(app.settings.with_(width=size[0], height=size[1], show_tutorial=False))
    scene = ScenarioChoiceScene(app)
    app.reset(scene)
    app.run_frames(2)
    for index, choice in enumerate(scene.choices):
        if choice.scenario is None or choice.scenario.id not in ("february-1917", "october-1917"):
            continue
        scene.selected = index
        scene.show_detail()
        app.run_frames(1)
        assert scene.preview is not None
        view = scene.preview.view
        anchors = view.name_anchors()
        for district in choice.scenario.districts:
            assert contains(view.transform.polygon(district.polygon), anchors[district.id]), district.id
            assert view.rect.collidepoint(anchors[district.id]), district.id
