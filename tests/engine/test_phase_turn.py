"""The end of turn as a whole: phase order, invariants over many turns of shaken states, determinism."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from petrograd1917.engine import phases
from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import Scenario, Victory


def test_phases_run_in_the_documented_order() -> None:
    names = [name for name, _ in phases.PHASES]
    assert names == ["food", "crowds", "loyalty", "combat", "control", "events", "victory"]


def _shake(game: GameState, rng: np.random.Generator) -> None:
    """What a turn of players' actions might leave behind: anything within the state's own bounds."""
    n_d, n_f = game.influence.shape
    n_u = game.unit_strength.shape[0]
    game.strikers = rng.uniform(0, 1, n_d) * game.index.workers
    game.crowd = rng.uniform(0, 0.3, n_d) * game.index.population
    game.unit_strain = rng.uniform(0, 0.3, n_u)
    game.unit_commissar = rng.integers(-1, n_f, n_u)
    game.site_defended = rng.integers(-1, n_f, game.site_holder.shape[0])
    game.unit_district = rng.integers(0, n_d, n_u)
    game.ration = float(rng.uniform(game.scenario.food.min_ration_grams, game.scenario.food.max_ration_grams))
    game.city_stock = float(rng.uniform(0, 2 * game.scenario.food.stock_tonnes))


def _check(game: GameState) -> None:
    for name in ("unrest", "hardship", "legitimacy", "unit_loyalty", "influence"):
        values = getattr(game, name)
        assert ((values >= 0) & (values <= 1)).all(), name
    assert (game.influence.sum(axis=1) <= 1 + 1e-9).all()
    assert (game.unit_loyalty.sum(axis=1) <= 1 + 1e-9).all()
    assert ((game.strikers >= 0) & (game.strikers <= game.index.workers + 1e-6)).all()
    assert ((game.crowd >= 0) & (game.crowd <= game.index.population + 1e-6)).all()
    assert (game.bread_days >= 0).all() and game.city_stock >= 0
    assert (game.unit_strength >= 0).all()
    assert (game.unit_strength[game.unit_alive] >= 1).all()
    assert (game.unit_strain >= 0).all()
    n_f = game.influence.shape[1]
    for name in ("district_controller", "site_holder", "unit_commander"):
        values = getattr(game, name)
        assert ((values >= -1) & (values < n_f)).all(), name
    assert all(np.isfinite(getattr(game, name)).all() for name in ("unrest", "crowd", "strikers", "unit_loyalty"))


@pytest.mark.parametrize("seed", range(12))
def test_invariants_hold_over_many_shaken_turns(small_scenario: Scenario, seed: int) -> None:
    game = new_game(small_scenario, seed)
    rng = np.random.default_rng(seed)
    for step in range(30):
        if step % 2:
            _shake(game, rng)
        game.pending_choice = None
        game.winner = None
        game.turn = step % game.index.n_turns
        phases.end_of_turn(game)
        _check(game)


def _play(scenario: Scenario, seed: int, turns: int) -> GameState:
    game = new_game(scenario, seed)
    for step in range(turns):
        game.turn = step
        game.pending_choice = None
        phases.end_of_turn(game)
        if game.is_over():
            break
    return game


def test_same_seed_same_city(small_scenario: Scenario) -> None:
    a, b = _play(small_scenario, 5, 6), _play(small_scenario, 5, 6)
    assert a.state_hash() == b.state_hash()
    assert [e.text for e in a.log] == [e.text for e in b.log]


def test_other_seed_other_city(small_scenario: Scenario) -> None:
    assert _play(small_scenario, 5, 6).state_hash() != _play(small_scenario, 6, 6).state_hash()


def test_a_clone_runs_the_same_end_of_turn(game: GameState) -> None:
    twin = game.clone()
    phases.end_of_turn(game)
    phases.end_of_turn(twin)
    assert game.state_hash() == twin.state_hash()


def test_nothing_runs_after_the_game_ends(game: GameState) -> None:
    game.site_holder[game.index.site["winter_palace"]] = game.index.faction["bolsheviks"]
    game.unrest[:] = 0.0
    phases.end_of_turn(game)
    assert game.is_over()
    end = len(game.log)
    phases.end_of_turn(game)
    assert len(game.log) == end


def test_an_empty_city_still_turns(small_scenario: Scenario) -> None:
    """No units, no sites, no events, nobody working: every phase copes with empty arrays."""
    districts = tuple(replace(d, workers=0, strikers=0) for d in small_scenario.districts)
    bare = replace(small_scenario, units=(), sites=(), events=(), districts=districts, victory=Victory())
    game = new_game(bare, 1)
    for step in range(game.index.n_turns):
        game.turn = step
        phases.end_of_turn(game)
        _check(game)
    assert (game.strikers == 0).all()


def test_a_city_without_a_regime_still_turns(small_scenario: Scenario) -> None:
    factions = tuple(replace(f, is_regime=False) for f in small_scenario.factions)
    game = new_game(replace(small_scenario, factions=factions), 2)
    for step in range(game.index.n_turns):
        game.turn = step
        game.pending_choice = None
        phases.end_of_turn(game)
        _check(game)


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_invariants_hold_through_random_games_of_the_historical_scenarios(name: str) -> None:
    scenario = load_scenario(name)
    for seed in range(2):
        game, rng = new_game(scenario, seed), np.random.default_rng(seed)
        turns = 0
        while not game.is_over():
            actions = game.legal_actions()
            game.apply(actions[rng.integers(len(actions))])
            if game.turn != turns:
                turns = game.turn
                _check(game)
        _check(game)
        assert turns >= 1
