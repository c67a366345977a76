"""Control phase: whoever holds the streets and the armed force holds the district; unheld sites; site gifts."""

from __future__ import annotations

import numpy as np
import pytest
from dynamics_helpers import d, f, s, u

from petrograd1917.engine import control
from petrograd1917.engine.forces import add_district_power, armed_units, district_power
from petrograd1917.engine.index import FloatArray
from petrograd1917.engine.numeric import add_share, add_shares
from petrograd1917.engine.state import GameState


def test_influence_above_the_threshold_controls(game: GameState) -> None:
    petrograd_side = d(game, "petrograd_side")
    control.run(game)
    assert game.district_controller[petrograd_side] == -1
    game.influence[petrograd_side] = [0.1, 0.5, 0.2]
    control.run(game)
    assert game.district_controller[petrograd_side] == f(game, "soviet")
    assert any(e.kind == "control" and e.data["district"] == "petrograd_side" for e in game.log)


def test_a_controller_keeps_its_district_while_its_men_hold_the_streets(game: GameState) -> None:
    admiralty = d(game, "admiralty")
    game.influence[admiralty] = [0.3, 0.2, 0.2]  # below the threshold, but the police are there
    control.run(game)
    assert game.district_controller[admiralty] == f(game, "government")
    for unit in ("don_cossacks", "city_police"):
        game.unit_alive[u(game, unit)] = False
    control.run(game)
    assert game.district_controller[admiralty] == -1


def test_a_challenger_above_the_threshold_takes_over(game: GameState) -> None:
    admiralty = d(game, "admiralty")
    game.influence[admiralty] = [0.1, 0.1, 0.6]
    game.unit_district[u(game, "baltic_sailors")] = admiralty
    game.unit_strength[u(game, "baltic_sailors")] *= 3  # outguns the police and the Cossacks together
    control.run(game)
    assert game.district_controller[admiralty] == f(game, "bolsheviks")


def test_hostile_armed_superiority_denies_control(game: GameState) -> None:
    kronstadt = d(game, "kronstadt")
    control.run(game)
    assert game.district_controller[kronstadt] == f(game, "bolsheviks")
    for unit in ("don_cossacks", "city_police"):
        game.unit_district[u(game, unit)] = kronstadt
        game.unit_strength[u(game, unit)] *= 10
    control.run(game)
    assert game.district_controller[kronstadt] == -1


def test_an_unheld_site_goes_to_an_armed_controller(game: GameState) -> None:
    bridgehead = s(game, "liteiny_bridgehead")
    liteiny = d(game, "liteiny")
    game.influence[liteiny] = [0.6, 0.2, 0.1]
    control.run(game)
    assert game.site_holder[bridgehead] == f(game, "government")  # the Volynsky is on the spot


def test_an_unheld_site_stays_unheld_without_armed_men(game: GameState) -> None:
    liteiny = d(game, "liteiny")
    game.influence[liteiny] = [0.6, 0.2, 0.1]
    game.unit_alive[u(game, "volynsky")] = False
    control.run(game)
    assert game.site_holder[s(game, "liteiny_bridgehead")] == -1


def test_held_sites_give_legitimacy_and_influence(game: GameState) -> None:
    government, bolsheviks = f(game, "government"), f(game, "bolsheviks")
    legitimacy = game.legitimacy.copy()
    influence = float(game.influence[d(game, "liteiny"), bolsheviks])
    control.run(game)
    assert game.legitimacy[government] == pytest.approx(legitimacy[government] + 0.02)  # the Winter Palace
    assert game.influence[d(game, "liteiny"), bolsheviks] == pytest.approx(influence + 0.01)  # Smolny
    assert (game.influence.sum(axis=1) <= 1 + 1e-9).all()


def test_many_gains_at_once_agree_with_one_at_a_time() -> None:
    rng = np.random.default_rng(3)
    for _ in range(200):
        rows = rng.dirichlet(np.ones(4), size=6) * rng.uniform(0.3, 1.0, size=(6, 1))
        gains = np.zeros_like(rows)
        columns = rng.integers(0, 4, size=6)
        gains[np.arange(6), columns] = rng.uniform(-0.5, 0.5, size=6)
        one = rows.copy()
        for r in range(6):
            add_share(one, r, int(columns[r]), float(gains[r, columns[r]]))
        many = rows.copy()
        add_shares(many, gains)
        np.testing.assert_allclose(many, one, atol=1e-12)
        assert (many >= 0).all() and (many.sum(axis=1) <= 1 + 1e-9).all()


def test_the_strongest_force_with_the_streets_takes_a_district(game: GameState) -> None:
    admiralty = d(game, "admiralty")
    sailors = u(game, "baltic_sailors")
    game.unit_district[sailors] = admiralty
    game.influence[admiralty] = [0.5, 0.1, 0.25]  # below the old influence bar, but enough streets to hold
    force = control.district_force(game)[admiralty]
    rules = game.scenario.rules
    game.unit_strength[sailors] *= (
        2.0 * rules.control_force_lead * force[f(game, "government")] / max(force[f(game, "bolsheviks")], 1e-9)
    )
    control.run(game)
    assert game.district_controller[admiralty] == f(game, "bolsheviks")
    game.influence[admiralty] = [0.8, 0.1, rules.control_street_share / 2]  # no streets: force alone is not enough
    game.district_controller[admiralty] = -1
    control.run(game)
    assert game.district_controller[admiralty] == -1


def test_a_bare_lead_in_force_is_not_enough(game: GameState) -> None:
    admiralty = d(game, "admiralty")
    sailors = u(game, "baltic_sailors")
    game.unit_district[sailors] = admiralty
    game.influence[admiralty] = [0.3, 0.1, 0.5]
    game.district_controller[admiralty] = -1
    force = control.district_force(game)[admiralty]
    target = 1.1 * force[f(game, "government")]  # ahead, but short of control_force_lead times the next
    game.unit_strength[sailors] *= target / max(force[f(game, "bolsheviks")], 1e-9)
    control.run(game)
    assert game.district_controller[admiralty] == -1


def test_a_crowd_counts_as_force_for_the_faction_leading_it(game: GameState) -> None:
    liteiny = d(game, "liteiny")
    before = control.district_force(game)[liteiny].copy()
    game.influence[liteiny] = [0.1, 0.2, 0.6]
    game.crowd[liteiny] = 20000.0
    game.unrest[liteiny] = game.scenario.rules.clash_unrest / 2  # a peaceful crowd holds no street
    assert control.district_force(game)[liteiny] == pytest.approx(before)
    game.unrest[liteiny] = game.scenario.rules.clash_unrest
    after = control.district_force(game)[liteiny]
    bolsheviks = f(game, "bolsheviks")
    assert after[bolsheviks] - before[bolsheviks] == pytest.approx(20000.0 * game.scenario.rules.crowd_power)
    assert after[f(game, "government")] == pytest.approx(before[f(game, "government")])


def test_the_window_reads_the_claims_and_the_thresholds(game: GameState) -> None:
    admiralty = d(game, "admiralty")
    control.run(game)
    claim = control.claims(game, admiralty)
    assert claim.holder == game.district_controller[admiralty]
    assert len(claim.force) == len(claim.influence) == len(game.scenario.factions)
    rule = control.thresholds(game)
    assert (rule.force_lead, rule.street_share, rule.unarmed_influence) == (
        game.scenario.rules.control_force_lead,
        game.scenario.rules.control_street_share,
        game.scenario.rules.control_threshold,
    )


def _add_shares_numpy(rows: FloatArray, gains: FloatArray) -> None:
    """The numpy form `add_shares` replaced (whole arrays at once): the reference for its bits."""
    touched = gains != 0.0
    gained = np.where(touched, np.minimum(np.maximum(rows + gains, 0.0), 1.0), 0.0)
    others = np.where(touched, 0.0, rows)
    gained_sum = np.add.reduce(gained, axis=1, keepdims=True)
    room = np.maximum(1.0 - gained_sum, 0.0)
    others *= np.minimum(1.0, room / np.maximum(np.add.reduce(others, axis=1, keepdims=True), 1e-12))
    gained *= np.minimum(1.0, 1.0 / np.maximum(gained_sum, 1e-12))
    rows[...] = gained + others


def test_add_shares_row_by_row_has_the_bits_of_the_numpy_form() -> None:
    rng = np.random.default_rng(11)
    for _ in range(200):
        rows = rng.dirichlet(np.ones(4), size=6) * rng.uniform(0.3, 1.05, size=(6, 1))
        gains = np.where(rng.uniform(size=(6, 4)) < 0.3, rng.uniform(-0.4, 0.4, size=(6, 4)), 0.0)
        expected = rows.copy()
        _add_shares_numpy(expected, gains)
        row_by_row = rows.copy()
        add_shares(row_by_row, gains)
        assert row_by_row.tobytes() == expected.tobytes()


def test_where_nobody_is_armed_the_first_of_two_equal_followings_holds(game: GameState) -> None:
    admiralty = d(game, "admiralty")
    game.unit_alive[:] = False
    game.influence[admiralty] = [0.45, 0.1, 0.45]  # both above the threshold: the first, as argmax picks
    control.run(game)
    assert game.district_controller[admiralty] == f(game, "government")
    game.district_controller[admiralty] = -1
    game.influence[admiralty] = [0.1, 0.45, 0.45]
    control.run(game)
    assert game.district_controller[admiralty] == f(game, "soviet")


def test_the_kernels_weigh_the_armed_power_district_power_gives_bit_for_bit(game: GameState) -> None:
    game.unit_loyalty *= 0.9  # loyalties that are not round numbers: the products' bits matter
    game.unit_alive[u(game, "city_police")] = False
    game.unit_district[u(game, "baltic_sailors")] = d(game, "admiralty")  # two sides' men in one district
    power = np.zeros(game.influence.shape)
    add_district_power(armed_units(game), power)
    assert power.tobytes() == district_power(game).tobytes()
