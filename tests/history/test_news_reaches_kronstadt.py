"""A garrison outside the city hears of the city's night of mutinies only by the morning (Kronstadt rose on the
28th, the day after the capital's garrison)."""

from __future__ import annotations

import numpy as np

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine import loyalty
from petrograd1917.engine.state import GameState


def _wavering_night() -> tuple[GameState, int, int]:
    """February, with the capital's garrison and Kronstadt's sailors both on the brink of going over to the Soviet:
    one regiment goes in the first wave, and its contagion would tip the rest."""
    game = new_game(load_scenario("february-1917"), 3)
    soviet = game.index.faction["soviet"]
    tsarist = game.index.faction["tsarist"]
    assert game.scenario.rules.mutiny_rounds > 1
    game.unit_loyalty[:, tsarist] = np.minimum(game.unit_loyalty[:, tsarist], 0.3)
    first = game.unit_ids["finland_reserve"]  # on Vasilievsky island, next to Kronstadt across the ice
    game.unit_loyalty[first, tsarist] = 0.0
    game.unit_loyalty[first, soviet] = 0.9
    return game, game.unit_ids["kronstadt_sailors"], soviet


def test_the_city_garrison_goes_over_in_waves_the_same_night() -> None:
    game, _, soviet = _wavering_night()
    went = loyalty.mutinies(game)
    assert went.sum() > 2 and (game.unit_commander[went] == soviet).all()


def test_kronstadt_weighs_going_over_only_once_a_night() -> None:
    """Pushed to the same brink, the sailors would go in a later wave; outside the city they wait for the
    morning's news, and weigh it at the next night's first wave."""
    game, sailors, soviet = _wavering_night()
    game.unit_loyalty[sailors] = 0.0
    game.unit_loyalty[sailors, game.index.faction["tsarist"]] = 0.3
    game.unit_loyalty[sailors, soviet] = 0.2  # below their resolve now; the city's contagion will tip it
    game.unit_discipline[sailors] = 0.0
    went = loyalty.mutinies(game)
    assert went.sum() > 1 and not went[sailors]
    assert game.unit_loyalty[sailors, soviet] > 0.3  # the contagion reached them; they act on it the next night
    assert loyalty.mutinies(game)[sailors]
    assert game.unit_commander[sailors] == soviet
