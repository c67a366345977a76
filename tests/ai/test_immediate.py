"""Nearness to a sudden win: the soft reading of the conditions that end a game at once, and the leaf values
the search scores positions with."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917 import new_game
from petrograd1917.ai.immediate import FLAG_ODDS, nearness, soften
from petrograd1917.ai.value import leaf_values, values
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.conditions import parse
from petrograd1917.scenario.model import Scenario


def _near(game: GameState, text: str) -> float:
    return soften(parse(text).tree, game.scenario)(game, None)


def test_a_sudden_win_that_holds_is_near_one_and_one_not_open_yet_is_zero(tiny: Scenario) -> None:
    """tiny: the reds win at once holding the palace from turn 2."""
    game = new_game(tiny, 0)
    reds = game.index.faction["reds"]
    game.turn = 2
    assert nearness(game)[reds] == 0.0  # the government holds the palace
    game.site_holder[game.index.site["palace"]] = reds
    near = nearness(game)
    assert near[reds] == 1.0
    assert near[game.index.faction["government"]] == 0.0
    game.turn = 0
    assert nearness(game)[reds] == 0.0  # the calendar has not opened it yet


def test_a_failed_comparison_is_nearer_the_smaller_the_shortfall(tiny: Scenario) -> None:
    game = new_game(tiny, 0)
    liberals = game.index.faction["liberals"]
    readings = []
    for legitimacy in (0.2, 0.4, 0.55, 0.6, 0.7):
        game.legitimacy[liberals] = legitimacy
        readings.append(_near(game, "legitimacy(liberals) >= 0.6"))
    assert readings[3] == readings[4] == 1.0
    assert 0.0 < readings[0] < readings[1] < readings[2] < 1.0
    assert _near(game, "legitimacy(liberals) < 0.6") < 1.0


def test_logic_flags_and_the_clock(tiny: Scenario) -> None:
    game = new_game(tiny, 0)
    assert _near(game, "flag(nobody_set_this)") == FLAG_ODDS
    game.flags.add("nobody_set_this")
    assert _near(game, "flag(nobody_set_this)") == 1.0
    assert _near(game, "not holds(government, palace)") == 0.0
    assert _near(game, "holds(government, palace) or holds(reds, palace)") == 1.0
    assert _near(game, "holds(government, palace) and flag(another)") == FLAG_ODDS
    assert _near(game, "turn >= 3") == 0.0  # the clock is exact: not yet
    assert _near(game, "turn >= 1") == 1.0
    assert _near(game, "date >= 1917-02-27") == 0.0 and _near(game, "date >= 1917-02-23") == 1.0


def test_leaf_values_count_a_near_sudden_win_as_its_chance(tiny: Scenario) -> None:
    game = new_game(tiny, 0)
    game.turn = 2
    reds, government = game.index.faction["reds"], game.index.faction["government"]
    np.testing.assert_array_equal(leaf_values(game, 0.0), values(game))
    game.site_holder[game.index.site["palace"]] = reds
    worth, leaf = values(game), leaf_values(game, 0.5)
    assert leaf[reds] == pytest.approx(0.5 + 0.5 * worth[reds])
    assert leaf[government] == pytest.approx(0.5 * worth[government])
    assert np.all((leaf >= 0.0) & (leaf <= 1.0))


def test_a_finished_game_is_scored_by_its_result(tiny: Scenario) -> None:
    game = new_game(tiny, 0)
    game.winner = game.index.faction["reds"]
    np.testing.assert_array_equal(leaf_values(game), values(game))
    assert leaf_values(game)[game.winner] == 1.0
