"""Crowds phase: Granovetter's strike thresholds and Epstein's crowds, each mechanism alone."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from dynamics_helpers import d, game_with, u

from petrograd1917.engine import crowds
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario

QUIET = {"crowd_noise": 0.0}


def test_more_loyal_force_means_smaller_crowds(small_scenario: Scenario) -> None:
    weak, strong = game_with(small_scenario, **QUIET), game_with(small_scenario, **QUIET)
    admiralty = d(weak, "admiralty")
    for game in (weak, strong):
        game.hardship[admiralty] = 0.8
        game.unrest[admiralty] = 0.5
    strong.unit_strength[u(strong, "city_police")] *= 20
    crowds.run(weak)
    crowds.run(strong)
    assert strong.crowd[admiralty] < weak.crowd[admiralty]
    assert crowds.hostile_force(strong)[admiralty] > crowds.hostile_force(weak)[admiralty]


def test_a_big_crowd_feels_safer(game: GameState) -> None:
    """Epstein: risk is judged per head, so the same police frighten a big crowd less."""
    grieved = crowds.grievance(game)
    force = crowds.hostile_force(game)
    small = crowds.joining_share(game, grieved, force)
    game.crowd = game.crowd + 0.2 * game.index.population
    assert (crowds.joining_share(game, grieved, force) >= small).all()
    admiralty = d(game, "admiralty")
    assert crowds.joining_share(game, grieved, force)[admiralty] > small[admiralty]


def test_hardship_means_more_unrest_and_bigger_crowds(small_scenario: Scenario) -> None:
    calm, hungry = game_with(small_scenario, **QUIET), game_with(small_scenario, **QUIET)
    hungry.hardship[:] = 0.9
    crowds.run(calm)
    crowds.run(hungry)
    assert (hungry.crowd >= calm.crowd).all() and hungry.crowd.sum() > calm.crowd.sum()
    assert (hungry.unrest >= calm.unrest).all() and hungry.unrest.sum() > calm.unrest.sum()
    assert (hungry.strikers >= calm.strikers).all()


def test_legitimacy_dampens_grievance(game: GameState) -> None:
    game.district_controller[:] = -1
    low = crowds.grievance(game)
    game.legitimacy[0] = 0.9  # the regime
    assert (crowds.grievance(game) < low).all()


def test_strikes_spread_from_next_door(small_scenario: Scenario) -> None:
    """Granovetter: workers weigh their neighbours' strike, so a big strike in Vyborg lowers the bar next door."""
    alone, beside = game_with(small_scenario, **QUIET), game_with(small_scenario, **QUIET)
    vyborg, side = d(alone, "vyborg"), d(alone, "petrograd_side")
    for game in (alone, beside):
        game.hardship[:] = 0.6
        game.strikers[:] = 0.0
    beside.strikers[vyborg] = beside.index.workers[vyborg]
    crowds.run(alone)
    crowds.run(beside)
    assert beside.strikers[side] > alone.strikers[side]


def test_a_push_past_the_tipping_point_cascades_a_nudge_fizzles(small_scenario: Scenario) -> None:
    """The same district, the same grievance: a few strikers die out, a big enough push runs to a general strike."""
    runs = {}
    for start in (0.05, 0.6):
        game = game_with(small_scenario, **QUIET)
        vyborg = d(game, "vyborg")
        game.hardship[:] = 0.7
        game.unrest[:] = 0.2
        game.district_controller[:] = -1
        game.strikers[:] = start * game.index.workers
        for _ in range(4):
            game.hardship[:] = 0.7
            game.unrest[:] = 0.2
            crowds.run(game)
        runs[start] = game.strikers[vyborg] / game.index.workers[vyborg]
    assert runs[0.05] < 0.1
    assert runs[0.6] > 0.8


def test_crowds_and_strikers_stay_within_the_people(game: GameState) -> None:
    game.hardship[:] = 1.0
    game.unrest[:] = 1.0
    game.legitimacy[:] = 0.0
    game.strikers = game.index.workers * 2
    game.crowd = game.index.population * 3
    for _ in range(5):
        crowds.run(game)
        assert (game.strikers <= game.index.workers + 1e-9).all() and (game.strikers >= 0).all()
        assert (game.crowd <= game.index.population + 1e-9).all() and (game.crowd >= 0).all()
        assert ((game.unrest >= 0) & (game.unrest <= 1)).all()


def test_crowds_drift_home_when_the_grievance_goes(game: GameState) -> None:
    game.crowd = 0.2 * game.index.population
    game.hardship[:] = 0.0
    game.unrest[:] = 0.0
    game.legitimacy[:] = 1.0
    before = game.crowd.copy()
    crowds.run(game)
    np.testing.assert_array_less(game.crowd, before)
    assert (game.crowd >= before * (1 - game.scenario.rules.crowd_decay) - 1e-6).all()


@pytest.mark.parametrize("regime", [True, False])
def test_the_phase_brings_out_the_crowd_its_parts_predict(small_scenario: Scenario, regime: bool) -> None:
    """The phase works out grievance and the force a crowd fears district by district (with a regime, from the units
    themselves); from an empty street, the crowd it brings out is exactly what `grievance`, `hostile_force` and
    `joining_share` say, to the last bit."""
    factions = tuple(f if regime else replace(f, is_regime=False) for f in small_scenario.factions)
    game = game_with(replace(small_scenario, factions=factions), **QUIET)
    game.hardship[:] = np.linspace(0.05, 0.5, game.hardship.shape[0])
    game.unrest[:] = 0.1
    game.crowd[:] = 0.0
    game.unit_loyalty *= 0.9  # loyalties that are not round numbers: the products' bits matter
    grieved, force = crowds.grievance(game), crowds.hostile_force(game)
    assert force.any()
    probe = game.clone()
    crowds.run(game)
    probe.strikers = game.strikers
    joining = crowds.joining_share(probe, grieved, force)
    rules, people = game.scenario.rules, game.index.population
    wanted = joining * rules.street_pool * people + rules.striker_march * game.strikers
    assert joining.min() > 0.0 and joining.max() < 1.0  # no district's share at a bound
    np.testing.assert_array_equal(game.crowd, np.minimum(wanted, people))
