"""Breaking camp: men kept under arms away from their quarters, in a district up in arms, slip home (the Winter
Palace's cadets and Cossacks through the 25th of October), the faster the more another side pulls at them."""

from __future__ import annotations

import numpy as np

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine import loyalty
from petrograd1917.engine.forces import crowd_faction
from petrograd1917.engine.numeric import per_turn_value
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for


def _october() -> tuple[GameState, int, int, int]:
    """October's Vladimir cadets (quartered on the Petrograd side) camped in the Admiralty district."""
    game = new_game(load_scenario("october-1917"), 1)
    assert game.scenario.rules.camp_melt > 0.0
    cadets, government = game.unit_ids["junkers_vladimir"], game.index.faction["government"]
    palace = game.index.district["admiralty"]
    assert loyalty.quarters(game)[cadets] == game.index.district["petrograd_side"]
    game.unit_district[cadets] = palace
    return game, cadets, government, palace


def _no_mutiny(game: GameState) -> np.ndarray:
    return np.zeros(game.n_units, dtype=np.bool_)


def test_a_camp_in_a_district_up_in_arms_thins_out() -> None:
    game, cadets, government, palace = _october()
    game.unrest[palace] = 1.0
    before, crowd = float(game.unit_strength[cadets]), float(game.crowd[palace])
    loyalty.break_camp(game, _no_mutiny(game))
    assert game.unit_strength[cadets] < before
    assert game.unit_commander[cadets] == government  # they go home; they do not change sides
    assert game.crowd[palace] == crowd  # nor do they join the crowd
    assert any(e.kind == "camp" and e.data["unit"] == "junkers_vladimir" for e in game.log)


def test_a_camp_in_a_calm_district_holds() -> None:
    game, _, _, palace = _october()
    game.unrest[palace] = 0.0
    before = game.unit_strength.copy()
    loyalty.break_camp(game, _no_mutiny(game))
    assert (game.unit_strength == before).all()


def test_men_in_their_own_quarters_stay_however_hot_the_streets() -> None:
    game, _, _, _ = _october()
    game.unrest[:] = 1.0
    game.unit_district[:] = loyalty.quarters(game)
    before = game.unit_strength.copy()
    loyalty.break_camp(game, _no_mutiny(game))
    assert (game.unit_strength == before).all()


def test_the_more_torn_they_are_the_faster_they_go() -> None:
    losses = []
    right = 0
    for trust in (0.3, 0.6, 0.9):
        game, cadets, government, palace = _october()
        right = game.index.faction["right"]
        game.unrest[palace] = 1.0
        game.unit_loyalty[cadets] = 0.0
        game.unit_loyalty[cadets, government] = trust
        game.unit_loyalty[cadets, right] = 0.2
        before = float(game.unit_strength[cadets])
        loyalty.break_camp(game, _no_mutiny(game))
        losses.append(before - float(game.unit_strength[cadets]))
    assert losses[0] > losses[1] > losses[2] > 0.0


def test_the_hotter_the_streets_the_faster_they_go() -> None:
    losses = []
    for unrest in (0.2, 0.4, 0.9):
        game, cadets, _, palace = _october()
        game.unrest[palace] = unrest
        before = float(game.unit_strength[cadets])
        loyalty.break_camp(game, _no_mutiny(game))
        losses.append(before - float(game.unit_strength[cadets]))
    assert 0.0 < losses[0] < losses[1] < losses[2]


def test_men_with_nowhere_else_to_turn_stay() -> None:
    """A unit no other side pulls at (the officers' leagues, the Red Guards) holds its camp however hot the
    streets: the men who left the palace had somewhere else to stand."""
    game, cadets, government, palace = _october()
    game.unrest[palace] = 1.0
    game.unit_loyalty[cadets] = 0.0
    game.unit_loyalty[cadets, government] = 0.4
    before = float(game.unit_strength[cadets])
    loyalty.break_camp(game, _no_mutiny(game))
    assert game.unit_strength[cadets] == before


def test_a_camp_among_its_own_sides_crowd_holds() -> None:
    """Cossacks who went over to the right, camped in a square the right's crowd fills, are fed and cheered; the
    same men in a square the Bolsheviks' crowd fills go home."""
    losses = {}
    for leader in ("right", "bolsheviks"):
        game = new_game(load_scenario("october-1917"), 1)
        cossacks, palace = game.unit_ids["don_cossacks_1"], game.index.district["admiralty"]
        game.unit_commander[cossacks] = game.index.faction["right"]
        game.unit_district[cossacks] = palace
        game.unrest[palace], game.crowd[palace] = 1.0, 20000.0
        game.influence[palace] = 0.0
        game.influence[palace, game.index.faction[leader]] = 1.0
        assert crowd_faction(game)[palace] == game.index.faction[leader]
        before = float(game.unit_strength[cossacks])
        loyalty.break_camp(game, _no_mutiny(game))
        losses[leader] = before - float(game.unit_strength[cossacks])
    assert losses["right"] == 0.0 and losses["bolsheviks"] > 0.0


def test_a_unit_that_mutinied_this_night_is_not_camped_out() -> None:
    game, cadets, _, palace = _october()
    game.unrest[palace] = 1.0
    mutinied = _no_mutiny(game)
    mutinied[cadets] = True
    before = float(game.unit_strength[cadets])
    loyalty.break_camp(game, mutinied)
    assert game.unit_strength[cadets] == before


def test_the_daily_share_is_what_a_days_turn_takes() -> None:
    """`camp_loss` is the share a camped unit loses a day (what the window shows): a turn takes that share compounded
    over its length, units at home read 0, and a unit that mutinied this night reads 0 once the night is given."""
    game, cadets, _, palace = _october()
    game.unrest[palace] = 0.7
    share = loyalty.camp_loss(game)
    home = loyalty.quarters(game) == game.unit_district
    assert 0.0 < share[cadets] <= game.scenario.rules.camp_melt
    assert (share[home] == 0.0).all()
    mutinied = _no_mutiny(game)
    mutinied[cadets] = True
    assert loyalty.camp_loss(game, mutinied)[cadets] == 0.0
    before = game.unit_strength.copy()
    loyalty.break_camp(game, _no_mutiny(game))
    days = tables_for(game.scenario).days(game.turn)
    assert np.allclose(before - game.unit_strength, before * [per_turn_value(x, days) for x in share.tolist()])


def test_a_barracks_is_a_units_quarters() -> None:
    game = new_game(load_scenario("october-1917"), 1)
    sites = {site.id: site.district for site in game.scenario.sites}
    for u, spec in enumerate(game.unit_specs):
        home = sites[spec.barracks] if spec.barracks else spec.district
        assert loyalty.quarters(game)[u] == game.index.district[home]


def test_february_has_no_camps_to_break() -> None:
    """The rule is off by default: February's regiments stand in the streets of the 26th-27th as before."""
    game = new_game(load_scenario("february-1917"), 1)
    assert game.scenario.rules.camp_melt == 0.0
    game.unrest[:] = 1.0
    game.unit_district[:] = (loyalty.quarters(game) + 1) % game.index.population.shape[0]
    before = game.unit_strength.copy()
    loyalty.break_camp(game, _no_mutiny(game))
    assert (game.unit_strength == before).all()
