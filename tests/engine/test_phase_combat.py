"""Combat phase: armed factions fight over shared sites; militant crowds storm undefended ones and fight the regime."""

from __future__ import annotations

from dynamics_helpers import d, f, game_with, s, u

from petrograd1917.engine import combat
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario


def _palace_siege(scenario: Scenario, seed: int, *, defended: bool) -> GameState:
    """Sailors (Bolshevik) land in the Admiralty beside the government's palace guard."""
    game = game_with(scenario, seed)
    game.crowd[:] = 0.0
    game.unrest[:] = 0.0
    game.unrest[d(game, "admiralty")] = 0.9  # the streets are up in arms
    game.unit_district[u(game, "baltic_sailors")] = d(game, "admiralty")
    game.unit_alive[u(game, "don_cossacks")] = False
    if defended:
        game.site_defended[s(game, "winter_palace")] = f(game, "government")
    return game


def test_armed_men_on_both_sides_fight_and_bleed(small_scenario: Scenario) -> None:
    game = _palace_siege(small_scenario, 1, defended=False)
    before = game.unit_strength.copy()
    combat.run(game)
    fights = [e for e in game.log if e.kind == "combat" and e.data["site"] == "winter_palace"]
    assert len(fights) == 1
    sailors, police = u(game, "baltic_sailors"), u(game, "city_police")
    assert game.unit_strength[sailors] < before[sailors]
    assert game.unit_strength[police] < before[police]
    holder = "bolsheviks" if fights[0].data["won"] else "government"
    assert game.site_holder[s(game, "winter_palace")] == f(game, holder)


def test_defending_a_site_improves_the_odds(small_scenario: Scenario) -> None:
    def falls(defended: bool) -> int:
        count = 0
        for seed in range(40):
            game = _palace_siege(small_scenario, seed, defended=defended)
            combat.run(game)
            count += int(game.site_holder[s(game, "winter_palace")] == f(game, "bolsheviks"))
        return count

    assert falls(defended=True) < falls(defended=False)


def test_rival_garrisons_live_side_by_side_in_a_calm_district(small_scenario: Scenario) -> None:
    game = _palace_siege(small_scenario, 1, defended=False)
    game.unrest[:] = 0.0
    strength = game.unit_strength.copy()
    combat.run(game)
    assert not [e for e in game.log if e.kind == "combat"]
    assert (game.unit_strength == strength).all()


def test_a_weak_force_does_not_attack(game: GameState) -> None:
    game.unrest[:] = 0.0
    game.unrest[d(game, "admiralty")] = 0.9
    game.unit_district[u(game, "vyborg_guards")] = d(game, "admiralty")
    game.unit_strength[u(game, "vyborg_guards")] = 10.0
    combat.run(game)
    assert not [e for e in game.log if e.kind == "combat"]
    assert game.site_holder[s(game, "winter_palace")] == f(game, "government")


def test_units_do_not_take_an_undefended_site_by_themselves(game: GameState) -> None:
    """Smolny's holders have nobody in Liteiny; the Volynsky there needs a SEIZE order, not an end of turn."""
    game.unrest[:] = 0.0
    combat.run(game)
    assert game.site_holder[s(game, "smolny")] == f(game, "bolsheviks")


def test_a_militant_crowd_storms_an_undefended_site(game: GameState) -> None:
    liteiny = d(game, "liteiny")
    game.unit_alive[u(game, "volynsky")] = False
    game.unrest[liteiny] = 0.9
    game.crowd[liteiny] = 20_000.0
    game.influence[liteiny] = [0.2, 0.6, 0.1]  # the soviet leads the crowd
    combat.run(game)
    soviet = f(game, "soviet")
    for site in ("nikolaevsky_station", "arsenal", "smolny"):
        assert game.site_holder[s(game, site)] == soviet


def test_a_militant_crowd_fights_the_regimes_troops(game: GameState) -> None:
    admiralty = d(game, "admiralty")
    game.unrest[admiralty] = 0.9
    game.crowd[admiralty] = 30_000.0
    police = u(game, "city_police")
    strength = float(game.unit_strength[police])
    combat.run(game)
    fight = [e for e in game.log if e.kind == "street_fight"]
    assert fight and list(fight[0].data["districts"]) == ["admiralty"]
    assert game.crowd[admiralty] < 30_000.0
    assert game.unit_strength[police] < strength
    assert (game.unit_strength >= 0).all() and (game.crowd >= 0).all()
