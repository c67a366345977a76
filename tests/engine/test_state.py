"""The game state: built faithfully from the scenario, cloned independently, hashed over everything mutable."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from petrograd1917 import new_game
from petrograd1917.engine.index import index_for
from petrograd1917.engine.state import ARRAY_FIELDS, GameState, add_unit
from petrograd1917.scenario.model import Scenario, Unit, UnitKind


def test_new_game_reads_the_scenario(small_scenario: Scenario) -> None:
    game = new_game(small_scenario, seed=3)
    index = game.index
    assert game.turn == 0 and game.current_faction == "government"
    assert game.date == datetime(1917, 2, 23)
    d = index.district["vyborg"]
    assert game.influence[d, index.faction["bolsheviks"]] == pytest.approx(0.3)
    assert game.strikers[d] == 5000 and game.unrest[d] == pytest.approx(0.4)
    assert game.district_controller[d] == index.faction["soviet"]
    u = game.unit_ids["volynsky"]
    assert game.unit_strength[u] == 1500 and game.unit_commander[u] == index.faction["government"]
    assert game.unit_commander[game.unit_ids["cadets"]] == -1
    assert game.unit_loyalty[u].sum() == pytest.approx(0.9)
    assert game.link_raised[index.link["palace_bridge"]] and not game.link_raised[index.link["liteiny_bridge"]]
    assert game.site_holder[index.site["winter_palace"]] == index.faction["government"]
    # base points plus the Winter Palace's extra point for the government, Smolny's for the Bolsheviks
    assert game.action_points.tolist() == [4, 2, 4]
    assert game.city_stock == 800.0 and game.ration == 400.0


def test_index_is_built_once_per_scenario(small_scenario: Scenario) -> None:
    assert index_for(small_scenario) is index_for(small_scenario)
    assert new_game(small_scenario, 1).index is new_game(small_scenario, 2).index


def test_calendar_changes_turn_length(small_scenario: Scenario) -> None:
    dates = index_for(small_scenario).turn_dates
    assert dates[:5] == tuple(datetime(1917, 2, day) for day in range(23, 28))
    assert dates[5] == datetime(1917, 2, 27, 12) and dates[-1] == datetime(1917, 2, 28, 12)


def test_adjacency_follows_links(small_scenario: Scenario) -> None:
    index = index_for(small_scenario)
    d = index.district
    assert index.adjacency[d["vyborg"], d["liteiny"]] and index.adjacency[d["liteiny"], d["vyborg"]]
    assert not index.adjacency[d["vyborg"], d["admiralty"]]


def test_clone_is_independent(game: GameState) -> None:
    copy = game.clone()
    assert copy.state_hash() == game.state_hash()
    copy.influence[0, 0] = 0.99
    copy.unit_moved[0] = True
    copy.flags.add("x")
    copy.log.append(game.log[0] if game.log else None)  # type: ignore[arg-type]
    assert game.influence[0, 0] != 0.99 and not game.unit_moved[0] and "x" not in game.flags and not game.log
    for name in ARRAY_FIELDS:
        assert getattr(copy, name) is not getattr(game, name)
    assert copy.scenario is game.scenario and copy.index is game.index


def test_clone_copies_the_random_stream(game: GameState) -> None:
    game.rng.random(5)
    copy = game.clone()
    assert copy.rng.random(3).tolist() == game.rng.random(3).tolist()
    copy.rng.random()
    assert copy.state_hash() != game.state_hash()


def test_hash_sees_every_change(game: GameState) -> None:
    base = game.state_hash()
    for change in (
        lambda s: s.unrest.__setitem__(2, 0.77),
        lambda s: s.flags.add("a_flag"),
        lambda s: setattr(s, "city_stock", 799.0),
        lambda s: s.key_events.__setitem__("k", 1),
        lambda s: s.rng.random(),
    ):
        copy = game.clone()
        change(copy)
        assert copy.state_hash() != base


def test_same_seed_same_state_other_seed_other_stream(small_scenario: Scenario) -> None:
    assert new_game(small_scenario, 5).state_hash() == new_game(small_scenario, 5).state_hash()
    assert new_game(small_scenario, 5).state_hash() != new_game(small_scenario, 6).state_hash()


def test_add_unit_extends_every_array_and_spares_clones(game: GameState) -> None:
    before = game.clone()
    spec = Unit("kexholm", "Kexholm battalion", UnitKind.INFANTRY, 900, "liteiny", 0.6, 0.5, "soviet", {"soviet": 0.8})
    u = add_unit(game, spec)
    assert u == before.n_units and game.unit_ids["kexholm"] == u
    assert game.unit_loyalty.shape == (before.n_units + 1, 3)
    for name in ("unit_alive", "unit_strength", "unit_commander", "unit_kind", "unit_moved"):
        assert getattr(game, name).shape[0] == before.n_units + 1
    assert game.unit_commander[u] == game.index.faction["soviet"]
    assert "kexholm" not in before.unit_ids and before.unit_loyalty.shape[0] == before.n_units
    assert np.isclose(game.unit_loyalty[u].sum(), 0.8)


def test_a_clone_that_never_draws_and_its_clones_keep_the_stream(game: GameState) -> None:
    game.rng.random(3)
    first = game.clone()
    second = first.clone()  # cloned before `first` ever drew
    assert first.state_hash() == second.state_hash() == game.state_hash()
    expected = game.rng.random(4).tolist()
    assert first.rng.random(4).tolist() == expected and second.rng.random(4).tolist() == expected


def test_a_new_generator_can_be_set(game: GameState) -> None:
    copy = game.clone()
    copy.rng = np.random.Generator(np.random.PCG64(99))
    assert copy.rng.random() == np.random.Generator(np.random.PCG64(99)).random()
    assert copy.state_hash() != game.state_hash()
