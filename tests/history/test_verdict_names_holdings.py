"""The verdict's 'holding ...' names every district the winner's score counts: the city's by number, and those
beyond it (Kronstadt) by name, so the sentence and the districts chart agree."""

from __future__ import annotations

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine import standing
from petrograd1917.engine.outcome import finish_by_scores


def test_a_district_held_beyond_the_city_is_named() -> None:
    game = new_game(load_scenario("february-1917"), 0)
    soviet = game.index.faction["soviet"]
    game.unit_commander[:] = soviet
    game.site_holder[:] = soviet
    game.district_controller[:] = soviet
    finish_by_scores(game, standing.LAST_TURN)
    said = standing.verdict(game)
    assert game.winner == soviet
    assert "12 of the city's 12 districts, plus two districts beyond it (Kronstadt; Tsarskoe Selo and Pulkovo)." in said
    game.district_controller[game.index.district["south"]] = -1
    assert "12 of the city's 12 districts, plus Kronstadt beyond it." in standing.verdict(game)
    game.district_controller[game.index.district["kronstadt"]] = -1
    assert standing.verdict(game).endswith("12 of the city's 12 districts.")
