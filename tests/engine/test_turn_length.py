"""Rates are a day's: a shorter turn applies its share of them, and decays compound, so the city changes as much
in two twelve-hour turns as in one day turn (docs/dynamics.md, "Turn length")."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from dynamics_helpers import d, f, game_with

from petrograd1917.engine import control, crowds, food, loyalty
from petrograd1917.engine.game import new_game
from petrograd1917.engine.numeric import per_turn_value
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import CalendarPhase, Scenario


def hours_a_turn(scenario: Scenario, hours: int) -> Scenario:
    calendar = scenario.calendar
    return replace(scenario, calendar=replace(calendar, phases=(CalendarPhase(calendar.start, hours),)))


def test_a_decay_compounds_over_the_days_of_a_turn() -> None:
    assert per_turn_value(0.3, 1.0) == 0.3
    half = per_turn_value(0.3, 0.5)
    assert (1 - half) * (1 - half) == pytest.approx(0.7)
    quarter = [per_turn_value(rate, 0.25) for rate in (0.0, 0.5, 1.0)]
    np.testing.assert_allclose(quarter, [0.0, 1 - 0.5**0.25, 1.0])


def test_site_gifts_are_a_days_worth(small_scenario: Scenario) -> None:
    gains = {}
    for hours in (24, 6):
        game = new_game(hours_a_turn(small_scenario, hours), 1)
        government, bolsheviks, liteiny = f(game, "government"), f(game, "bolsheviks"), d(game, "liteiny")
        legitimacy, influence = float(game.legitimacy[government]), float(game.influence[liteiny, bolsheviks])
        control.run(game)
        gains[hours] = (game.legitimacy[government] - legitimacy, game.influence[liteiny, bolsheviks] - influence)
    assert gains[24] == pytest.approx((0.02, 0.01))  # the Winter Palace and Smolny, one day
    assert gains[6] == pytest.approx((0.005, 0.0025))  # a quarter of it in six hours


def _calm(game: GameState) -> GameState:
    """No grievance and nobody on the street: only the decays act on unrest, strikes and crowds."""
    game.hardship[:] = 0.0
    game.unrest[:] = 0.6
    game.bread_days[:] = 10.0
    game.strikers[:] = 0.3 * game.index.workers
    game.crowd[:] = 0.1 * game.index.population
    return game


def test_two_half_days_decay_like_one_day(small_scenario: Scenario) -> None:
    rules = {"crowd_noise": 0.0, "crowd_threshold": 5.0, "strike_threshold_mean": 5.0, "street_unrest": 0.0}
    day = _calm(game_with(hours_a_turn(small_scenario, 24), **rules))
    halves = _calm(game_with(hours_a_turn(small_scenario, 12), **rules))
    crowds.run(day)
    crowds.run(halves)
    crowds.run(halves)
    for name in ("unrest", "strikers", "crowd"):
        np.testing.assert_allclose(getattr(halves, name), getattr(day, name), rtol=1e-9, err_msg=name)
    assert (day.unrest < 0.6).all()


def test_hunger_and_strain_are_a_days_worth(small_scenario: Scenario) -> None:
    after = {}
    for hours in (24, 6):
        game = game_with(hours_a_turn(small_scenario, hours), mutiny_rounds=1, mutiny_noise=0.0)
        game.bread_days[:] = 0.0
        game.city_stock, game.rail_factor = 0.0, 0.0  # no flour: the same queues whatever the turn's length
        game.ration = game.scenario.food.min_ration_grams
        hardship = game.hardship.copy()
        food.run(game)
        game.unit_strain[:] = 0.4
        loyalty.run(game)
        after[hours] = (float((game.hardship - hardship).max()), float(game.unit_strain.max()))
    assert after[6][0] == pytest.approx(after[24][0] / 4, rel=1e-6)  # queue hardship: a quarter of a day's
    assert after[24][1] == pytest.approx(0.4 * 0.7) and after[6][1] == pytest.approx(0.4 * 0.7**0.25)
