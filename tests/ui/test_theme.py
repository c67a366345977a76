"""Faction colours must tell the factions apart at a glance on the map: for every built-in scenario, under both
palettes, each pair of factions is far apart in CIE L*a*b* (CIE76 ΔE) — and the colour-blind palette stays so
under simulated red-green colour blindness."""

from __future__ import annotations

from itertools import combinations

import pygame
import pytest

from petrograd1917.scenario.model import Scenario
from petrograd1917.ui import theme
from petrograd1917.ui.app import App
from petrograd1917.ui.map_view import CONTESTED, WATER, district_fill
from petrograd1917.ui.scenario_list import available

# Machado, Oliveira & Fernandes (2009), full severity, applied to linear RGB.
DICHROMACY = {
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
}
APART = 40.0  # the colour-blind palette, normal sight
APART_SIMULATED = 25.0  # the colour-blind palette, seen with deuteranopia or protanopia
APART_SCENARIO = theme.FACTIONS_APART  # the scenario's own colours (kept apart by the theme), normal sight
APART_TEXT = 20.0  # the lightened text colours stay apart too
APART_ON_MAP = 20.0  # a faction's districts from the river and from contested districts


def simulate(colour: pygame.Color, kind: str) -> pygame.Color:
    lin = [theme._linear(c / 255) for c in (colour.r, colour.g, colour.b)]
    out = []
    for row in DICHROMACY[kind]:
        v = min(1.0, max(0.0, sum(m * c for m, c in zip(row, lin, strict=True))))
        out.append(round(255 * (12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055)))
    return pygame.Color(*out)


def closest_pair(colours: dict[str, pygame.Color], kind: str | None = None) -> tuple[float, str, str]:
    seen = {k: simulate(c, kind) if kind else c for k, c in colours.items()}
    return min((theme.delta_e(seen[a], seen[b]), a, b) for a, b in combinations(seen, 2))


def builtin_scenarios() -> list[Scenario]:
    return [c.scenario for c in available() if c.builtin and c.scenario is not None]


@pytest.mark.parametrize("palette", ["scenario", "colour-blind"])
def test_every_scenarios_factions_are_far_apart(palette: str) -> None:
    scenarios = builtin_scenarios()
    assert {s.id for s in scenarios} >= {"february-1917", "october-1917"}
    for scenario in scenarios:
        colours = theme.faction_colours(scenario.factions, palette)
        assert len({(c.r, c.g, c.b) for c in colours.values()}) == len(colours)
        if palette == "scenario":
            assert closest_pair(colours)[0] > APART_SCENARIO, (scenario.id, closest_pair(colours))
            continue
        assert closest_pair(colours)[0] > APART, (scenario.id, closest_pair(colours))
        for kind in DICHROMACY:
            assert closest_pair(colours, kind)[0] > APART_SIMULATED, (scenario.id, kind, closest_pair(colours, kind))


def test_the_colour_blind_palette_follows_the_scenarios_own_colours() -> None:
    for scenario in builtin_scenarios():
        colours = theme.faction_colours(scenario.factions, "colour-blind")
        assert colours["bolsheviks"] == theme.OKABE_ITO[0]  # their red becomes vermillion
        assert colours[scenario.factions[0].id] == theme.OKABE_ITO[1]  # the government of the day, blue: blue


def test_delta_e_measures_what_the_eye_sees() -> None:
    white, black = pygame.Color("#ffffff"), pygame.Color("#000000")
    assert theme.delta_e(white, black) == pytest.approx(100, abs=0.1)
    assert theme.delta_e(white, white) == 0
    vermillion, orange = pygame.Color("#d55e00"), pygame.Color("#e69f00")  # the old palette's near pair
    assert theme.delta_e(simulate(vermillion, "deuteranopia"), simulate(orange, "deuteranopia")) < APART_SIMULATED


@pytest.mark.parametrize("palette", ["scenario", "colour-blind"])
def test_a_factions_districts_stand_out_from_the_river_and_from_contested_ground(palette: str) -> None:
    for scenario in builtin_scenarios():
        for faction, colour in theme.faction_colours(scenario.factions, palette).items():
            fill = pygame.Color(*district_fill((colour.r, colour.g, colour.b)))
            for ground in (WATER, CONTESTED):
                assert theme.delta_e(fill, pygame.Color(*ground)) > APART_ON_MAP, (scenario.id, faction, ground)


@pytest.mark.parametrize("palette", ["scenario", "colour-blind"])
def test_a_factions_name_reads_in_its_colour_on_every_dark_panel(palette: str) -> None:
    for scenario in builtin_scenarios():
        texts = theme.faction_text_colours(scenario.factions, palette)
        for faction, colour in texts.items():
            for ground in (theme.PANEL, theme.BACKGROUND):
                assert theme.contrast(colour, ground) >= 4.5, (scenario.id, faction, ground)
        assert closest_pair(texts)[0] > APART_TEXT, (scenario.id, palette, closest_pair(texts))


def test_the_reported_pairs_are_fixed() -> None:
    """February's navy government was unreadable as text, its Duma yellow and Soviet orange alike."""
    february = next(s for s in builtin_scenarios() if s.id == "february-1917")
    fills = theme.faction_colours(february.factions, "scenario")
    texts = theme.faction_text_colours(february.factions, "scenario")
    assert theme.contrast(pygame.Color(february.faction("tsarist").colour), theme.PANEL) < 2  # as the file has it
    assert theme.contrast(texts["tsarist"], theme.PANEL) >= 4.5
    assert (
        theme.delta_e(pygame.Color(february.faction("duma").colour), pygame.Color(february.faction("soviet").colour))
        < 25
    )
    assert theme.delta_e(fills["duma"], fills["soviet"]) >= theme.FACTIONS_APART


def test_contrast_is_the_wcag_ratio() -> None:
    white, black = pygame.Color("#ffffff"), pygame.Color("#000000")
    assert theme.contrast(white, black) == pytest.approx(21.0)
    assert theme.contrast(black, white) == pytest.approx(21.0)
    assert theme.contrast(pygame.Color("#777777"), white) == pytest.approx(4.48, abs=0.01)
    assert theme.readable(pygame.Color("#000000"), theme.PANEL) != black


def test_the_game_logs_faction_names_in_their_readable_colours(app: App) -> None:
    from petrograd1917 import load_scenario
    from petrograd1917.ui.scene_game import GameScene
    from petrograd1917.ui.session import AI_LEVELS, GameSession

    scenario = load_scenario("february-1917")
    session = GameSession.new(scenario, 3, {f.id: AI_LEVELS["easy"] for f in scenario.factions})
    scene = GameScene(app, session)
    for faction, rgb in scene.log.colours.items():
        assert theme.contrast(pygame.Color(*rgb), theme.PANEL) >= 4.5, faction
