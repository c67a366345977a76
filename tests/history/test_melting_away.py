"""Melting away: a side that has lost the city's force loses even its loyal men (the police of 27-28 February)."""

from __future__ import annotations

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine import loyalty
from petrograd1917.engine.state import GameState


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


def _october_by_fall() -> tuple[GameState, int, int]:
    game = new_game(load_scenario("october-1917"), 1)
    assert game.scenario.rules.rout_share == 0.0 and game.scenario.rules.rout_remnant > 0.0
    return game, game.index.faction["government"], game.index.faction["right"]


def test_a_small_side_that_has_lost_nothing_does_not_melt() -> None:
    """The right's officers' leagues are a sliver of the city's force from the start; a melt by size would wear
    them away from the first turn (and the right could never win). By its fall, a side that has lost nothing keeps
    its loyal men however small it is."""
    game, _, right = _october_by_fall()
    officers = [u for u in range(game.n_units) if game.unit_commander[u] == right]
    assert officers and loyalty.remnant(game)[right] == 1.0
    before = game.unit_strength[officers].copy()
    loyalty.melt_away(game, game.unit_commander < -1)
    assert (game.unit_strength[officers] == before).all()


def test_a_side_that_has_fallen_melts_however_loyal() -> None:
    """The government loses most of its men (here: its Cossacks and junkers gone over); the loyal remnant at the
    palace then slips away, the faster the further the side has fallen."""
    game, government, right = _october_by_fall()
    palace_guard = game.unit_ids["palace_guard"]
    others = [u for u in range(game.n_units) if game.unit_commander[u] == government and u != palace_guard]
    assert game.unit_loyalty[palace_guard, government] >= game.scenario.rules.waver_loyalty
    game.unit_commander[others] = right
    assert loyalty.remnant(game)[government] < game.scenario.rules.rout_remnant
    before = float(game.unit_strength[palace_guard])
    loyalty.melt_away(game, game.unit_commander < -1)
    assert game.unit_strength[palace_guard] < 0.9 * before
    assert game.unit_commander[palace_guard] == government  # they slip away; they do not change sides


def test_a_side_that_mustered_no_men_has_not_fallen() -> None:
    game, _, _ = _october_by_fall()
    socialists = game.index.faction["socialists"]
    assert loyalty.mustered(game)[socialists] == 0.0 and loyalty.remnant(game)[socialists] == 1.0


def test_a_garrison_outside_the_city_is_not_the_streets() -> None:
    """How far a side has fallen is read in the city: Kronstadt's sailors holding out at sea do not keep the
    tsarist side's last loyal men in the capital from melting, and were never counted among its city force."""
    game = new_game(load_scenario("february-1917"), 1)
    tsarist = game.index.faction["tsarist"]
    sailors = game.unit_ids["kronstadt_sailors"]
    city_men = sum(
        s.strength for s in game.unit_specs if s.commander == "tsarist" and s.district not in ("kronstadt", "south")
    )
    assert loyalty.mustered(game)[tsarist] == city_men
    game.unit_alive[:] = False
    game.unit_alive[sailors] = True
    assert loyalty.remnant(game)[tsarist] == 0.0
