"""The one-unit obedience (plain floats, for the previews) is the vector formula's number, bit for bit."""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.game import new_game
from petrograd1917.engine.odds import obedience, obedience_of
from petrograd1917.scenario.model import Scenario


def test_one_unit_obedience_equals_the_vector_form(small_scenario: Scenario) -> None:
    compared = 0
    for seed in range(6):
        game = new_game(small_scenario, seed)
        rng = np.random.default_rng(seed)
        for step in range(120):
            if game.is_over():
                break
            if step % 10 == 0:
                game.unit_strain[:] = rng.random(game.n_units) * 0.3  # strain and commissars too, not just drill
                game.unit_commissar[:] = rng.integers(-1, game.index.n_factions, game.n_units)
            for f in range(game.index.n_factions):
                vector = obedience_of(game, np.arange(game.n_units), f)
                for u in range(game.n_units):
                    assert np.float64(obedience(game, u, f)).tobytes() == vector[u].tobytes()
                    compared += 1
            actions = game.legal_actions()
            game.apply(actions[int(rng.integers(len(actions)))])
    assert compared > 1000
