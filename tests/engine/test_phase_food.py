"""Food phase, link by link: stock -> deliveries -> shops -> queues -> hardship, and the fear of shortage (rumours
of rationing, hoarding) that empties shops and makes queues even where there is bread."""

from __future__ import annotations

import numpy as np
import pytest
from dynamics_helpers import d, game_with, s

from petrograd1917.engine import bread, food
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
    base = np.array(tables_for(game.scenario).base_hardship)
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
    usual = np.array(tables_for(game.scenario).base_bread_days)
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


# ------------------------------------------------------------------------------------------------ fear of shortage


def test_fear_makes_people_buy_ahead_and_empties_the_shops(small_scenario: Scenario) -> None:
    """Shops -> buying: with the bakeries at their usual pace, hoarding drains shops that calm buyers leave full."""
    calm, afraid = game_with(small_scenario, restock_rate=0.0), game_with(small_scenario, restock_rate=0.0)
    for game in (calm, afraid):
        game.city_stock = 1e6
    afraid.fear[:] = 1.0
    food.run(calm)
    food.run(afraid)
    days = tables_for(calm.scenario).days(0)
    np.testing.assert_allclose(calm.bread_days, np.array(tables_for(calm.scenario).base_bread_days))
    expected = np.maximum(
        np.array(tables_for(afraid.scenario).base_bread_days) - small_scenario.rules.hoarding * days, 0.0
    )
    np.testing.assert_allclose(afraid.bread_days, expected)


def test_fear_alone_makes_queues_at_shops_with_bread(game: GameState) -> None:
    """Queues: nothing at full shops without fear; fear_queue x fear with it, while the flour lasts."""
    game.bread_days[:] = 10.0
    assert (food.queues(game) == 0.0).all()
    game.fear[:] = 0.5
    np.testing.assert_allclose(food.queues(game), 0.5 * game.scenario.rules.fear_queue)
    game.bread_days[:] = 0.0
    np.testing.assert_allclose(food.queues(game), 1.0)


def test_queues_at_empty_shops_and_a_thin_ration_breed_fear(small_scenario: Scenario) -> None:
    fed, starved = game_with(small_scenario), game_with(small_scenario)
    for game in (fed, starved):
        game.ration = small_scenario.rules.full_ration_grams
    fed.city_stock = 1e6
    starved.city_stock, starved.rail_factor = 0.0, 0.0
    starved.bread_days[:] = 0.0
    food.run(fed)
    food.run(starved)
    assert (fed.fear == 0.0).all() and (starved.fear > 0.0).all()
    cut = game_with(small_scenario)
    old = cut.ration
    bread.set_ration(cut, old * 0.75)  # a quarter off: news of rationing, even with bread in the shops
    np.testing.assert_allclose(cut.fear, 2.5 * small_scenario.rules.fear_from_ration)
    bread.set_ration(cut, old)
    np.testing.assert_allclose(cut.fear, 2.5 * small_scenario.rules.fear_from_ration)  # a rise calms nobody at once


def test_warehouses_running_low_breed_fear(game: GameState) -> None:
    game.bread_days[:] = 10.0
    game.rail_factor = 0.0
    game.city_stock = 1e6
    assert food.stock_alarm(game) == 0.0
    game.city_stock = 0.0
    assert food.stock_alarm(game) == 1.0
    game.fear[:] = 0.0
    food.run(game)
    days = tables_for(game.scenario).days(0)
    rules = game.scenario.rules
    np.testing.assert_allclose(game.fear, max(0.0, days * (rules.fear_from_queues - rules.fear_decay)))


def test_fear_fades_where_the_shops_hold_bread(game: GameState) -> None:
    game.ration = game.scenario.rules.full_ration_grams
    game.city_stock = 1e6
    game.fear[:] = 0.6
    for turn in range(12):
        game.turn = turn
        food.run(game)
    assert (game.fear < 0.6).all()
    assert (game.fear == 0.0).all()


def test_deliveries_cannot_outrun_the_bakeries(small_scenario: Scenario) -> None:
    """Deliveries: however much flour there is, the bakeries bake at most 1 + restock_rate days a day."""
    game = game_with(small_scenario, restock_rate=0.2)
    game.city_stock = 1e6
    game.bread_days[:] = 0.0
    food.run(game)
    days = tables_for(game.scenario).days(0)
    np.testing.assert_allclose(
        game.bread_days, np.minimum(0.2 * days, np.array(tables_for(game.scenario).base_bread_days))
    )


def test_an_event_can_spread_a_rumour(game: GameState) -> None:
    from petrograd1917.engine.effects import apply_effect
    from petrograd1917.scenario.model import Effect, EffectKind

    apply_effect(game, Effect(kind=EffectKind.ADD_FEAR, district="*", amount=0.4))
    np.testing.assert_allclose(game.fear, 0.4)
    apply_effect(game, Effect(kind=EffectKind.ADD_FEAR, district="vyborg", amount=0.9))
    assert game.fear[d(game, "vyborg")] == 1.0


def test_the_series_for_the_charts_carry_queues_and_fear(game: GameState) -> None:
    from petrograd1917.engine.series import record_series

    game.fear[:] = 0.5
    record_series(game)
    assert game.series["fear"][-1] == pytest.approx(0.5)
    assert game.series["queues"][-1] == pytest.approx(float(food.queues(game).mean()))


def _bread_said(days: float) -> str:
    """How the log words a district's bread: the plain reading of the rule, rounding as `:.0f` does."""
    if days <= 0.05:
        return "no bread left in the shops"
    if days < 0.75:
        return "the shops have bread for half a day"
    if days < 1.5:
        return "the shops have bread for a day"
    return f"the shops have bread for {days:.0f} days"


@pytest.mark.parametrize(
    "days",
    [-1.0, 0.0, 0.05, 0.050001, 0.7499, 0.75, 1.4999, 1.5, 2.4999999, 2.5, 3.5, 4.5000001, 1e16 + 2.0, np.inf, np.nan],
)
def test_a_plight_words_the_bread_as_the_text_rounds_it(days: float) -> None:
    assert food._plight_words(food._plight(days)) == _bread_said(days)


def test_hungry_districts_in_the_same_plight_share_one_entry(game: GameState) -> None:
    game.city_stock, game.rail_factor = 0.0, 0.0  # no flour: the shops empty and the city goes hungry
    n = game.bread_days.shape[0]
    game.bread_days[:] = np.array([(0.5, 2.6, 0.02, 3.4, 2.5)[i % 5] for i in range(n)])
    before = len(game.log)
    food.run(game)
    hunger = [e for e in game.log[before:] if e.kind == "hunger"]
    named = [list(e.data["districts"]) for e in hunger]
    hungry = {name for names in named for name in names}
    groups: dict[str, list[str]] = {}
    for district, days in zip(game.index.district_ids, game.bread_days.tolist(), strict=True):
        if district in hungry:
            groups.setdefault(_bread_said(days), []).append(district)
    assert named == list(groups.values())  # the groups in the order of their first district, each in order
    assert [e.text.split(": ")[1] for e in hunger] == [f"{words}; queues grow." for words in groups]
    assert len(hunger) > 1
