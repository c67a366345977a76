"""October's palace empties on the evening of the 25th only once Kerensky has gone for troops: the cadets walk out
together (men who go home, not over to a rival), a card no cabinet that keeps him in the palace ever draws."""

from __future__ import annotations

from datetime import datetime

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine import events
from petrograd1917.engine.state import GameState

SCHOOLS = ("junkers_oranienbaum", "junkers_vladimir", "junkers_artillery", "junkers_engineers", "palace_guard")


def _evening_of_the_25th(flag: str) -> GameState:
    game = new_game(load_scenario("october-1917"), 3)
    game.turn = game.index.turn_dates.index(datetime(1917, 10, 25, 18, 0))
    game.flags.add(flag)
    return game


def _men(game: GameState) -> dict[str, float]:
    return {u: float(game.unit_strength[game.unit_ids[u]]) for u in SCHOOLS}


def test_with_kerensky_gone_the_cadets_walk_out_and_stay_on_their_side() -> None:
    game = _evening_of_the_25th("kerensky_gone")
    before = _men(game)
    commanders = [int(game.unit_commander[game.unit_ids[u]]) for u in SCHOOLS]
    events.run(game)
    assert "cadets_walk_out" in game.fired_events
    after = _men(game)
    assert all(after[u] < before[u] for u in SCHOOLS)
    assert after["junkers_oranienbaum"] == 0.0  # the ensign schools go home to a man
    assert [int(game.unit_commander[game.unit_ids[u]]) for u in SCHOOLS] == commanders


def test_with_kerensky_in_the_palace_nobody_walks_out() -> None:
    game = _evening_of_the_25th("kerensky_stays")
    events.run(game)
    assert "cadets_walk_out" not in game.fired_events


def test_a_palace_already_lost_loses_no_more_cadets_this_way() -> None:
    game = _evening_of_the_25th("kerensky_gone")
    game.site_holder[game.index.site["winter_palace"]] = game.index.faction["bolsheviks"]
    events.run(game)
    assert "cadets_walk_out" not in game.fired_events
