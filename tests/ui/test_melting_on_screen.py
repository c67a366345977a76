"""A unit's details say when its men slip away (its own wavering, its side's fall, a camp away from its quarters as
the streets rise) and, for a garrison outside the city, that it weighs going over once a night: the rules the
loyalty phase applies, with their numbers."""

from __future__ import annotations

import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine.loyalty import camp_loss, joinable, mustered, quarters
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario
from petrograd1917.ui.rules_text import camp_html, going_over_html, pct, sides_html
from petrograd1917.ui.side_view import side_view


@pytest.fixture(scope="module")
def february() -> Scenario:
    return load_scenario("february-1917")


def _details(game: GameState, unit: str) -> str:
    view = side_view(game, "tsarist")
    return going_over_html(view.world, view.snap, unit)


def test_a_unit_in_the_city_gives_both_ways_of_melting_with_its_sides_remnant(february: Scenario) -> None:
    game = new_game(february, 0)
    rules = february.rules
    html = _details(game, "volynsky_training")
    assert "Melting away" in html and f"below <b>{pct(rules.waver_loyalty)}</b>" in html
    assert f"under <b>{pct(rules.rout_remnant)}</b> of the men it was given" in html
    assert "(now 100%" in html and "once a night" not in html
    tsarist = game.index.faction["tsarist"]
    for u, commander in enumerate(game.unit_commander):  # half the men gone: the remnant says so
        if commander == tsarist:
            game.unit_strength[u] *= 0.5
    assert mustered(game)[tsarist] > 0
    assert "(now 50%" in _details(game, "volynsky_training")


def test_a_garrison_outside_the_city_weighs_going_over_once_a_night(february: Scenario) -> None:
    html = _details(new_game(february, 0), "kronstadt_sailors")
    assert "once a night" in html and "Melting away" in html


def test_a_unit_says_which_sides_it_could_ever_follow(february: Scenario) -> None:
    game = new_game(february, 0)
    sailors = sides_html(game, "kronstadt_sailors")
    could = [f.short_name for f in february.factions if game_joinable(game, "kronstadt_sailors", f.id)]
    never = [f.short_name for f in february.factions if f.short_name not in could]
    assert could and never  # the sailors would follow some sides and never others
    assert all(name in sailors for name in could) and not any(name in sailors for name in never)
    assert "refused" in sailors
    assert "any" in sides_html(game, "volynsky_training")  # a garrison regiment could follow anyone


def game_joinable(game: GameState, unit: str, faction: str) -> bool:
    return bool(joinable(game)[game.index.faction[faction], game.unit_ids[unit]])


def _camp(game: GameState, side: str, unit: str) -> str:
    view = side_view(game, side)
    return camp_html(view.world, view.snap, unit)


def test_a_unit_away_from_its_quarters_says_how_many_men_slip_home_a_day() -> None:
    october = load_scenario("october-1917")
    game = new_game(october, 0)
    government = game.index.faction["government"]
    u = next(u for u, c in enumerate(game.unit_commander.tolist()) if c == government and game.unit_alive[u])
    unit = game.unit_specs[u].id
    home = int(quarters(game)[u])
    assert "in its quarters" in _camp(game, "government", unit) and "keeps its men" in _camp(game, "government", unit)
    away = next(d for d in range(len(october.districts)) if d != home)
    game.unit_district[u] = away
    game.unrest[away] = 1.0  # the streets in arms around the camp
    rival = next(f for f in range(len(october.factions)) if f != government and joinable(game)[f, u])
    game.unit_loyalty[u, :] = 0.0
    game.unit_loyalty[u, government], game.unit_loyalty[u, rival] = 0.5, 0.5  # torn between two sides
    game.crowd[away] = 0.0
    html = _camp(game, "government", unit)
    share = float(camp_loss(game)[u])
    assert share == pytest.approx(october.rules.camp_melt)
    assert f"about <b>{share * game.unit_strength[u]:,.0f}</b> men a day" in html, html
    assert "your estimate" not in html  # its own side sees its loyalties exactly
    game.unrest[away] = 0.0
    assert "Now none" in _camp(game, "government", unit)


def test_no_camp_rule_no_camp_line(february: Scenario) -> None:
    assert _camp(new_game(february, 0), "tsarist", "volynsky_training") == ""
