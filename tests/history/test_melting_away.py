"""Melting away: a side that has lost the city's force loses even its loyal men (the police of 27-28 February)."""

from __future__ import annotations

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine import loyalty


def test_a_routed_side_melts_away_however_loyal() -> None:
    game = new_game(load_scenario("february-1917"), 1)
    tsarist, soviet = game.index.faction["tsarist"], game.index.faction["soviet"]
    police = [u for u, spec in enumerate(game.unit_specs) if spec.kind.value == "police"]
    game.unit_commander[:] = soviet
    game.unit_commander[police] = tsarist  # the police alone still obey, loyal to the last
    before = game.unit_strength[police].sum()
    assert (game.unit_loyalty[police, tsarist] > game.scenario.rules.waver_loyalty).all()
    loyalty.melt_away(game, game.unit_commander < 0)
    assert game.unit_strength[police].sum() < 0.9 * before
    assert (game.unit_commander[police] == tsarist).all()  # they slip away; they do not change sides


def test_a_side_holding_the_city_does_not_melt() -> None:
    game = new_game(load_scenario("february-1917"), 1)
    before = game.unit_strength.copy()
    loyal = game.unit_loyalty[range(game.n_units), game.unit_commander] >= game.scenario.rules.waver_loyalty
    loyalty.melt_away(game, game.unit_commander < 0)
    assert (game.unit_strength[loyal] == before[loyal]).all()
