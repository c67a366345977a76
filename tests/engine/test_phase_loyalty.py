"""Loyalty phase: drift, mutiny, melting away and contagion (Kuran), each mechanism alone, then the cascade."""

from __future__ import annotations

import numpy as np
import pytest
from dynamics_helpers import d, f, game_with, u

from petrograd1917.engine import loyalty
from petrograd1917.engine.actions import Action
from petrograd1917.engine.forces import crowd_faction
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, Scenario

GARRISON = ("volynsky", "don_cossacks", "city_police")
WAVERING = [0.46, 0.40, 0.0]  # government, soviet, bolsheviks


def _garrison(scenario: Scenario, seed: int, *, first_goes: bool, **rules: float) -> GameState:
    """Three government units in Liteiny, each just loyal enough; the Volynsky perhaps already won over."""
    game = game_with(scenario, seed, **rules)
    game.crowd[:] = 0.0
    for unit in GARRISON:
        i = u(game, unit)
        game.unit_district[i] = d(game, "liteiny")
        game.unit_discipline[i] = 0.5
        game.unit_loyalty[i] = WAVERING
    if first_goes:
        game.unit_loyalty[u(game, "volynsky")] = [0.1, 0.8, 0.0]
    return game


def _gone_over(game: GameState, units: tuple[str, ...]) -> int:
    return int(sum(game.unit_commander[u(game, x)] == f(game, "soviet") for x in units))


def test_one_mutiny_brings_the_garrison_down_within_two_turns(small_scenario: Scenario) -> None:
    for seed in range(10):
        game = _garrison(small_scenario, seed, first_goes=True)
        loyalty.run(game)
        loyalty.run(game)
        assert _gone_over(game, GARRISON) == 3
        assert sum(e.kind == "mutiny" for e in game.log) == 3


def test_without_a_first_mutiny_the_same_garrison_holds(small_scenario: Scenario) -> None:
    for seed in range(10):
        game = _garrison(small_scenario, seed, first_goes=False)
        loyalty.run(game)
        loyalty.run(game)
        assert _gone_over(game, GARRISON) == 0


def test_fed_quiet_disciplined_units_hold(game: GameState) -> None:
    government = f(game, "government")
    for unit in GARRISON:
        game.unit_discipline[u(game, unit)] = 0.9
        game.unit_loyalty[u(game, unit)] = [0.7, 0.15, 0.05]
    game.crowd[:] = 0.0
    for _ in range(10):
        loyalty.run(game)
    assert all(game.unit_commander[u(game, x)] == government for x in GARRISON)
    assert all(game.unit_strength[u(game, x)] == game.scenario.units[u(game, x)].strength for x in GARRISON)


def _cossack_mutinies(scenario: Scenario, *, neighbour_goes: bool, strain: float = 0.0) -> int:
    """How often the Cossacks in the Admiralty go over, in 60 seeded trials."""
    count = 0
    for seed in range(60):
        game = game_with(scenario, seed, expectation_weight=0.0, mutiny_noise=0.05)
        game.crowd[:] = 0.0
        cossacks, volynsky = u(game, "don_cossacks"), u(game, "volynsky")
        game.unit_loyalty[cossacks] = [0.47, 0.43, 0.0]
        game.unit_strain[cossacks] = strain
        game.unit_loyalty[volynsky] = [0.1, 0.8, 0.0] if neighbour_goes else [0.8, 0.1, 0.0]
        loyalty.mutinies(game)
        count += int(game.unit_commander[cossacks] == f(game, "soviet"))
    return count


def test_a_mutiny_next_door_raises_the_odds_of_mutiny(small_scenario: Scenario) -> None:
    assert _cossack_mutinies(small_scenario, neighbour_goes=True) > _cossack_mutinies(
        small_scenario, neighbour_goes=False
    )


def test_strain_from_firing_raises_the_odds_of_mutiny(small_scenario: Scenario) -> None:
    calm = _cossack_mutinies(small_scenario, neighbour_goes=False)
    strained = _cossack_mutinies(small_scenario, neighbour_goes=False, strain=small_scenario.rules.fire_strain)
    assert strained > calm


def test_strain_fades(game: GameState) -> None:
    game.unit_strain[:] = 0.2
    loyalty.run(game)
    np.testing.assert_allclose(game.unit_strain, 0.2 * (1 - game.scenario.rules.strain_decay))


def test_hunger_wears_loyalty_down(small_scenario: Scenario) -> None:
    fed, hungry = game_with(small_scenario), game_with(small_scenario)
    hungry.bread_days[:] = 0.0
    loyalty.drift(fed)
    loyalty.drift(hungry)
    police = u(fed, "city_police")
    assert hungry.unit_loyalty[police, 0] < fed.unit_loyalty[police, 0]


def test_a_big_crowd_pulls_the_unit_towards_its_faction(small_scenario: Scenario) -> None:
    empty, crowded = game_with(small_scenario), game_with(small_scenario)
    admiralty = d(empty, "admiralty")
    empty.crowd[admiralty] = 0.0
    crowded.crowd[admiralty] = 50_000.0
    loyalty.drift(empty)
    loyalty.drift(crowded)
    soviet = f(empty, "soviet")  # leads Admiralty's crowd (the most influential faction out of power)
    police = u(empty, "city_police")
    assert crowded.unit_loyalty[police, soviet] > empty.unit_loyalty[police, soviet]


def test_a_commissar_steadies_a_unit(small_scenario: Scenario) -> None:
    plain, watched = game_with(small_scenario), game_with(small_scenario)
    volynsky, government = u(plain, "volynsky"), f(plain, "government")
    watched.unit_commissar[volynsky] = government
    loyalty.drift(plain)
    loyalty.drift(watched)
    assert watched.unit_loyalty[volynsky, government] > plain.unit_loyalty[volynsky, government]


def test_discipline_shields_from_the_pull_away(small_scenario: Scenario) -> None:
    loose, strict = game_with(small_scenario), game_with(small_scenario)
    police = u(loose, "city_police")
    loose.unit_discipline[police] = 0.1
    strict.unit_discipline[police] = 1.0
    for game in (loose, strict):
        game.crowd[d(game, "admiralty")] = 50_000.0
        loyalty.drift(game)
    assert strict.unit_loyalty[police, 0] > loose.unit_loyalty[police, 0]


def test_wavering_units_melt_away_into_the_crowd(game: GameState) -> None:
    police = u(game, "city_police")
    game.unit_loyalty[police] = [0.2, 0.1, 0.05]  # wavering, but nobody to go over to
    admiralty = d(game, "admiralty")
    crowd, strength = float(game.crowd[admiralty]), float(game.unit_strength[police])
    loyalty.melt_away(game, np.zeros(game.unit_strength.shape[0], dtype=np.bool_))
    rules = game.scenario.rules
    lost = strength * rules.melt_away * (rules.waver_loyalty - 0.2) / rules.waver_loyalty
    assert game.unit_strength[police] == pytest.approx(strength - lost)
    assert game.crowd[admiralty] == pytest.approx(crowd + lost)
    assert game.log[-1].kind == "melt"


def test_the_further_loyalty_sinks_the_faster_men_desert(small_scenario: Scenario) -> None:
    lost = []
    for loyal in (0.3, 0.1):
        game = game_with(small_scenario)
        police = u(game, "city_police")
        game.unit_loyalty[police] = [loyal, 0.0, 0.0]
        loyalty.melt_away(game, np.zeros(game.unit_strength.shape[0], dtype=np.bool_))
        lost.append(game.scenario.units[police].strength - game.unit_strength[police])
    assert 0 < lost[0] < lost[1]


def test_an_uncommitted_unit_declares_once_loyal_enough(game: GameState) -> None:
    cadets = u(game, "cadets")
    loyalty.mutinies(game)
    assert game.unit_commander[cadets] == -1  # 0.7 is not enough to leave the barracks
    game.unit_loyalty[cadets] = [0.9, 0.05, 0.0]
    loyalty.mutinies(game)
    assert game.unit_commander[cadets] == f(game, "government")
    assert game.log[-1].kind == "declare"


def test_loyalty_rows_stay_valid(game: GameState) -> None:
    game.crowd = game.index.population * 0.3
    game.bread_days[:] = 0.0
    game.unit_strain[:] = 0.5
    game.unit_commissar[:] = 2
    for _ in range(10):
        loyalty.run(game)
        assert (game.unit_loyalty >= 0).all() and (game.unit_loyalty <= 1).all()
        assert (game.unit_loyalty.sum(axis=1) <= 1 + 1e-9).all()
        assert (game.unit_strength >= 0).all()


def test_mutineers_put_their_new_side_first(game: GameState) -> None:
    """Strain can drive a unit over while it still likes its old side best; once over, it does not drift back."""
    volynsky, government, soviet = u(game, "volynsky"), f(game, "government"), f(game, "soviet")
    game.unit_strain[volynsky] = 0.6
    went = loyalty.mutinies(game)
    assert went[volynsky] and game.unit_commander[volynsky] == soviet
    assert game.unit_loyalty[volynsky, soviet] > game.unit_loyalty[volynsky, government]
    assert game.unit_strain[volynsky] == 0.0


def test_an_order_to_fire_leaves_strain_that_the_end_of_turn_weighs(game: GameState) -> None:
    """Through the public door: the FIRE order adds strain; the loyalty phase then reads it as lost resolve."""
    game.crowd[d(game, "admiralty")] = 20_000.0
    fire = Action(ActionKind.FIRE, "government", unit="city_police")
    assert fire in game.legal_actions()
    police = u(game, "city_police")
    game.apply(fire)
    assert game.unit_strain[police] == pytest.approx(game.scenario.rules.fire_strain)


def test_each_crowd_follows_the_first_most_influential_faction_out_of_power(game: GameState) -> None:
    """The crowd's leader, against numpy's argmax with the regime's columns out of the running: ties go to the
    first faction, and no influence above 0 leaves a district without a leader."""
    regime = game.index.faction_is_regime.astype(bool)
    rng = np.random.default_rng(5)
    for _ in range(50):
        game.influence = rng.choice([0.0, 0.1, 0.25, 0.5], size=game.influence.shape)  # ties and empty rows
        free = np.where(regime, -1.0, game.influence)
        first = free.argmax(axis=1)
        expected = np.where(free[np.arange(first.shape[0]), first] > 0.0, first, -1)
        assert crowd_faction(game).tolist() == expected.tolist()


def test_a_unit_won_over_spreads_its_side_as_a_mutiny_does(game: GameState) -> None:
    """`spread` from one unit: its district's units lean towards its new side, those next door less, and every row
    stays a set of shares."""
    volynsky, soviet = u(game, "volynsky"), f(game, "soviet")
    before = game.unit_loyalty[:, soviet].copy()
    loyalty.spread(game, np.array([volynsky]), np.array([soviet]))
    gain = game.unit_loyalty[:, soviet] - before
    here = game.unit_district == game.unit_district[volynsky]
    assert (gain[here] > 0.0).all()
    assert gain[here].min() > gain[~here].max()
    assert (game.unit_loyalty >= 0.0).all() and (game.unit_loyalty.sum(axis=1) <= 1.0 + 1e-12).all()
