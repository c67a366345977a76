"""A unit's details say when its men slip away (its own wavering, its side's fall) and, for a garrison outside the
city, that it weighs going over once a night: the rules the loyalty phase applies, with their numbers."""

from __future__ import annotations

import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine.loyalty import joinable, mustered
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario
from petrograd1917.ui.rules_text import going_over_html, pct, sides_html
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
