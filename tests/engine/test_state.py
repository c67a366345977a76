"""The game state: built faithfully from the scenario, cloned independently, hashed over everything mutable."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import numpy as np
import pytest

from petrograd1917 import new_game
from petrograd1917.engine.calendar import at_turn
from petrograd1917.engine.index import index_for
from petrograd1917.engine.observation import Observation, believed_state, observe
from petrograd1917.engine.phases import end_of_turn
from petrograd1917.engine.seeding import generator, seeded_state
from petrograd1917.engine.series import record_series
from petrograd1917.engine.state import (
    ARRAY_FIELDS,
    FIELDS,
    RANDOM_FIELDS,
    RECEIPT_FIELDS,
    UNIT_FIELDS,
    GameState,
    Kept,
    PendingChoice,
    add_units,
    unit_columns,
)
from petrograd1917.engine.tables import tables_for
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


def test_a_turn_past_the_calendar_reads_its_last_turn(game: GameState) -> None:
    """Every per-turn table gives its last turn's entry for any later turn: the date, the length, the weather and
    the events open."""
    tables, last = tables_for(game.scenario), len(game.index.turn_dates) - 1
    assert at_turn((1, 2, 3), 1) == 2 and at_turn((1, 2, 3), 7) == 3
    game.turn = last + 5
    assert game.date == game.index.turn_dates[last]
    assert tables.days(last + 5) == tables.turn_days[last] and tables.weather(last + 5) == tables.turn_weather[last]
    assert tables.events_open(last + 5) == tables.open_events[last]


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


def test_add_units_extends_every_array_in_order_and_spares_clones(game: GameState) -> None:
    before = game.clone()
    kexholm = Unit("kexholm", "Kexholm", UnitKind.INFANTRY, 900, "liteiny", 0.6, 0.5, "soviet", {"soviet": 0.8})
    guards = Unit("guards", "Factory guards", UnitKind.RED_GUARDS, 300, "vyborg", 0.3, 0.4, None, {"bolsheviks": 1.0})
    add_units(game, [kexholm, guards])
    u = before.n_units
    assert game.unit_ids["kexholm"] == u and game.unit_ids["guards"] == u + 1 and game.n_units == u + 2
    assert game.unit_specs[u:] == (kexholm, guards)
    assert game.unit_loyalty.shape == (before.n_units + 2, 3)
    for name in ("unit_alive", "unit_strength", "unit_commander", "unit_kind", "unit_moved"):
        assert getattr(game, name).shape[0] == before.n_units + 2
    assert game.unit_commander[u] == game.index.faction["soviet"] and game.unit_commander[u + 1] == -1
    assert game.unit_strength[u + 1] == 300 and game.unit_district[u + 1] == game.index.district["vyborg"]
    assert "kexholm" not in before.unit_ids and before.unit_loyalty.shape[0] == before.n_units
    assert np.isclose(game.unit_loyalty[u].sum(), 0.8)


def test_the_same_units_added_to_the_same_set_give_the_same_tuple(small_scenario: Scenario) -> None:
    """Every game whose events bring the same units in plays with one tuple of unit records (what is kept per unit
    set, by its identity, is built once), and a set grown otherwise has its own."""
    kexholm = Unit("kexholm", "Kexholm", UnitKind.INFANTRY, 900, "liteiny", 0.6, 0.5, "soviet", {"soviet": 0.8})
    guards = Unit("guards", "Factory guards", UnitKind.RED_GUARDS, 300, "vyborg", 0.3, 0.4, None, {"bolsheviks": 1.0})
    games = [new_game(small_scenario, seed) for seed in (1, 2, 3)]
    add_units(games[0], [kexholm, guards])
    add_units(games[1], [kexholm, guards])
    add_units(games[2], [guards, kexholm])
    assert games[0].unit_specs is games[1].unit_specs
    assert games[0].unit_specs == (*small_scenario.units, kexholm, guards)
    games[0].unit_strength[-1] = 1.0  # the added rows are built once, but each game owns its arrays
    assert games[1].unit_strength[-1] == 300 and all(getattr(games[1], name).flags.writeable for name in UNIT_FIELDS)
    assert games[2].unit_specs == (*small_scenario.units, guards, kexholm)
    again = games[1].clone()
    add_units(games[1], [dataclasses.replace(guards, id="guards_2")])
    assert games[1].unit_specs[-1].id == "guards_2" and again.unit_specs is games[0].unit_specs


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


def test_a_clone_can_be_given_dice_of_its_own(game: GameState) -> None:
    """A copy given the state its dice start in (a searcher's world) plays and hashes as one given the generator
    itself, and leaves the original's dice as they were."""
    expected = game.clone().rng.random(3).tolist()
    copy = game.clone(dice=seeded_state(99))
    given = game.clone()
    given.rng = generator(99)
    assert copy.state_hash() == given.state_hash() != game.state_hash()
    assert copy.rng.random(4).tolist() == np.random.Generator(np.random.PCG64(99)).random(4).tolist()
    assert game.rng.random(3).tolist() == expected


def _annotated_fields() -> set[str]:
    return {name for klass in GameState.__mro__ for name in getattr(klass, "__annotations__", {})}


def test_every_slot_and_annotation_is_a_declared_field() -> None:
    declared = {f.name for f in FIELDS}
    assert len(declared) == len(FIELDS)  # no field declared twice
    assert set(GameState.__slots__) == declared | set(RANDOM_FIELDS) | set(RECEIPT_FIELDS)
    assert _annotated_fields() == declared | set(RANDOM_FIELDS) | set(RECEIPT_FIELDS)
    assert set(UNIT_FIELDS) == {name for name in ARRAY_FIELDS if name.startswith("unit_")}


def test_new_game_sets_every_field_and_clone_copies_it_as_declared(game: GameState) -> None:
    copy = game.clone()
    for f in FIELDS:
        mine, theirs = getattr(game, f.name), getattr(copy, f.name)
        shared = f.kept in (Kept.VALUE, Kept.FLOAT, Kept.KEYS, Kept.CHOICE, Kept.MODE, Kept.SHARED)
        assert (mine is theirs) == shared or isinstance(mine, (int, float, str, bool, type(None))), f.name
        if f.kept is Kept.ARRAY:
            assert np.array_equal(mine, theirs) and mine.dtype == theirs.dtype


def _changed(value: object) -> object:
    """A different value of the same shape, for every kind of field."""
    if isinstance(value, np.ndarray):
        changed = value.copy()
        flat = changed.reshape(-1)
        flat[0] = not flat[0] if changed.dtype == np.bool_ else flat[0] + 1
        return changed
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, set):
        return {*value, "x"}
    if isinstance(value, dict):
        return {**value, "x": 0}
    if isinstance(value, list):
        return [*value, None]
    if value is None:
        return PendingChoice("e", 0)
    raise AssertionError(f"no change for {value!r}")


def test_the_hash_reads_every_field_its_kind_says_it_reads(game: GameState) -> None:
    base = game.state_hash()
    for f in FIELDS:
        if f.kept in (Kept.RECORD, Kept.MODE, Kept.SHARED):
            continue
        copy = game.clone()
        value = getattr(copy, f.name)
        if f.name == "winner":
            setattr(copy, f.name, 0)
        else:
            setattr(copy, f.name, _changed(value))
        assert copy.state_hash() != base, f"state_hash misses {f.name}"


def test_unit_columns_build_every_per_unit_array(small_scenario: Scenario) -> None:
    columns = unit_columns(index_for(small_scenario), small_scenario.units)
    assert set(columns) == set(UNIT_FIELDS)
    assert {column.shape[0] for column in columns.values()} == {len(small_scenario.units)}


def test_the_view_shows_every_field_but_the_hidden_and_a_believed_game_rebuilds_each(game: GameState) -> None:
    """observe and believed_state follow FIELDS: a field added to the state is shown (or named hidden) and comes
    back in a believed game, owned by that game (its sets, dicts, lists and arrays are its own)."""
    game.flags.add("strike_called")
    game.key_events["strike_called"] = 0
    view = observe(game, game.current_faction)
    shown = {f.name for f in dataclasses.fields(Observation)}
    assert {f.name for f in FIELDS} - shown == {"index", "seed", "keeps_record"}
    world = believed_state(view, np.random.default_rng(5))
    for f in FIELDS:
        mine, theirs = getattr(game, f.name), getattr(world, f.name)
        if f.name in ("seed", "unit_loyalty"):  # the searcher's own dice and errors; estimated loyalties
            continue
        if f.kept is Kept.MODE:  # not shown: a believed game keeps its record, as every game does
            assert theirs is True, f.name
            continue
        if f.kept is Kept.ARRAY:
            assert np.array_equal(mine, theirs) and mine.dtype == theirs.dtype and theirs.flags.writeable, f.name
        elif f.kept is not Kept.RECORD:
            assert mine == theirs, f.name
        if f.kept in (Kept.ARRAY, Kept.SET, Kept.DICT, Kept.LOG, Kept.RECORD):
            assert theirs is not getattr(view, f.name) and theirs is not mine, f.name
    assert np.array_equal(world.unit_loyalty, view.unit_loyalty) and world.unit_loyalty.flags.writeable
    assert world.index is game.index and world.state_hash() != game.state_hash()


def test_a_clone_shares_the_figures_so_far_and_keeps_its_own_from_then_on(game: GameState) -> None:
    """A clone shares the series' lists (they are replaced, never appended to), so the turns either game ends
    afterwards show only in its own series."""
    record_series(game)
    copy = game.clone()
    before = {key: list(values) for key, values in game.series.items()}
    end_of_turn(copy)
    record_series(copy)
    record_series(copy)
    assert game.series == before
    assert all(len(values) == 3 for values in copy.series.values())
    record_series(game)
    assert all(len(values) == 2 for values in game.series.values())
    assert all(len(values) == 3 for values in copy.series.values())
