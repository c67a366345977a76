"""Food phase: a stock with rail arrivals in and the ration out; shortage makes queues, queues make unrest."""

from __future__ import annotations

import numpy as np
import pytest
from dynamics_helpers import d, game_with, s

from petrograd1917.engine import food
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for
from petrograd1917.scenario.model import Scenario


def _consumption(game: GameState) -> float:
    tables = tables_for(game.scenario)
    bread = game.ration * tables.total_population * tables.days(game.turn) / 1e6
    return bread / game.scenario.food.bread_per_flour


def test_without_trains_the_stock_falls_by_the_ration(game: GameState) -> None:
    game.rail_factor = 0.0
    game.city_stock = 10_000.0
    food.run(game)
    assert game.city_stock == pytest.approx(10_000.0 - _consumption(game))


def test_full_rail_arrivals_follow_capacity_weather_and_turn_length(game: GameState) -> None:
    game.strikers[:] = 0.0
    assert food.rail_arrivals(game) == pytest.approx(game.scenario.food.rail_tonnes_per_day)
    game.turn = 3  # 26 Feb: the hard frost from the 25th halves the trains
    assert food.rail_arrivals(game) == pytest.approx(0.5 * game.scenario.food.rail_tonnes_per_day)


def test_strikes_cut_rail_arrivals(game: GameState) -> None:
    game.strikers[:] = 0.0
    calm = food.rail_arrivals(game)
    game.strikers[:] = game.index.workers
    assert food.rail_arrivals(game) == pytest.approx(calm * (1.0 - game.scenario.rules.strike_rail_penalty))


def test_stations_nobody_holds_pass_on_fewer_trains(game: GameState) -> None:
    game.strikers[:] = 0.0
    held = food.rail_arrivals(game)
    game.site_holder[s(game, "finland_station")] = -1  # 40% of the trains
    factor = game.scenario.rules.unheld_station_factor
    assert food.rail_arrivals(game) == pytest.approx(held * (0.6 + 0.4 * factor))


def test_an_empty_city_drains_the_shops_then_queues_raise_unrest(small_scenario: Scenario) -> None:
    fed, starved = game_with(small_scenario), game_with(small_scenario)
    starved.city_stock = 0.0
    starved.rail_factor = 0.0
    before = starved.bread_days.copy()
    food.run(fed)
    food.run(starved)
    days = tables_for(starved.scenario).days(0)
    np.testing.assert_allclose(starved.bread_days, np.maximum(before - days, 0.0))
    np.testing.assert_allclose(fed.bread_days, before)
    for _ in range(4):
        food.run(starved)
    assert (starved.bread_days == 0.0).all()
    assert (starved.unrest > fed.unrest).all()
    assert (starved.hardship > fed.hardship).all()
    assert any(e.kind == "hunger" and "Hunger in" in e.text for e in starved.log)


def test_a_thin_ration_is_felt_as_hardship(small_scenario: Scenario) -> None:
    full, thin = game_with(small_scenario), game_with(small_scenario)
    full.ration = small_scenario.rules.full_ration_grams
    thin.ration = small_scenario.food.min_ration_grams
    food.run(full)
    food.run(thin)
    assert (thin.hardship > full.hardship).all()
    assert thin.city_stock > full.city_stock  # a thin ration stretches the stock


def test_hardship_eases_back_to_the_districts_own_level(game: GameState) -> None:
    game.ration = game.scenario.rules.full_ration_grams
    game.city_stock = 1e6
    base = tables_for(game.scenario).base_hardship
    game.hardship[:] = base + 0.1
    for _ in range(20):
        food.run(game)
    np.testing.assert_allclose(game.hardship, base)


def test_nothing_goes_negative(game: GameState) -> None:
    game.city_stock = 0.0
    game.rail_factor = 0.0
    game.bread_days[:] = 0.0
    for _ in range(10):
        food.run(game)
        assert game.city_stock >= 0.0
        assert (game.bread_days >= 0.0).all()
        assert ((game.unrest >= 0.0) & (game.unrest <= 1.0)).all()
        assert ((game.hardship >= 0.0) & (game.hardship <= 1.0)).all()
    assert game.bread_days[d(game, "vyborg")] == 0.0


def test_flour_to_spare_refills_emptied_shops(game: GameState) -> None:
    usual = tables_for(game.scenario).base_bread_days
    game.bread_days[:] = 0.0
    game.city_stock = 1e6
    food.run(game)
    days = tables_for(game.scenario).days(0)
    rate = game.scenario.rules.restock_rate
    np.testing.assert_allclose(game.bread_days, np.minimum(usual, rate * days))
    for turn in range(1, 4):
        game.turn = turn
        food.run(game)
    np.testing.assert_allclose(game.bread_days, usual)
    assert (food.queues(game) < 1.0).all()


def test_refilling_takes_only_the_flour_there_is(game: GameState) -> None:
    game.bread_days[:] = 0.0
    game.city_stock = _consumption(game) + 10.0  # the ration, and ten tonnes to spare
    game.rail_factor = 0.0
    food.run(game)
    assert game.city_stock == pytest.approx(0.0)
    assert (game.bread_days > 0).all() and (game.bread_days < 0.5).all()
