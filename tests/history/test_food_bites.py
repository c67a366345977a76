"""Food in the historical scenarios moves: February's queues grow from the 23rd while the warehouses still hold
flour, and the end screen's bread and queue series are not flat lines."""

from __future__ import annotations

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.play import play_out


def test_februarys_queues_grow_from_the_23rd_with_flour_in_the_city() -> None:
    scenario = load_scenario("february-1917")
    game = new_game(scenario, 0)
    agents = {f.id: make_agent("historical:heuristic", f.id, i) for i, f in enumerate(scenario.factions)}
    play_out(game, agents)
    queues, stock, fear = game.series["queues"], game.series["city_stock"], game.series["fear"]
    dates = game.index.turn_dates
    by_25th = next(t for t, when in enumerate(dates) if when.day == 25 and when.hour >= 18)
    assert queues[0] > 0.1  # Women's Day: queues already stand
    assert queues[by_25th] > queues[0] and fear[by_25th] > fear[0]
    assert min(stock[: by_25th + 1]) > 1000.0  # ... while the warehouses still hold flour
    assert len({round(q, 3) for q in queues}) > 5 and len({round(b, 3) for b in game.series["bread_days"]}) > 5
