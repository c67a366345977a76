"""The benchmark's tiled city (`bench --scale N`) is a well-formed scenario N times the size that plays."""

from __future__ import annotations

from petrograd1917.bench.engine import tile_scenario
from petrograd1917.engine.game import new_game
from petrograd1917.engine.invariants import check_invariants
from petrograd1917.scenario.model import Scenario


def test_a_tiled_city_has_every_piece_n_times_and_plays(small_scenario: Scenario) -> None:
    tiled = tile_scenario(small_scenario, 3)
    assert len(tiled.districts) == 3 * len(small_scenario.districts)
    assert len(tiled.units) == 3 * len(small_scenario.units)
    assert len(tiled.links) == 3 * len(small_scenario.links) + 2  # and a street from each copy to the next
    assert len({d.id for d in tiled.districts}) == len(tiled.districts)
    game = new_game(tiled, 1)
    for _ in range(40):
        if game.is_over():
            break
        game.apply(game.legal_actions()[-1])
        check_invariants(game)
    assert tile_scenario(small_scenario, 1) is small_scenario
