"""The worlds a search plays on keep no record (no log text, no series: `GameState.keeps_record`), while the game
itself and the world the side believes in keep theirs."""

from __future__ import annotations

import numpy as np

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.belief import determinize, view_of


def test_determinized_worlds_keep_no_record_and_the_game_keeps_its_own() -> None:
    game = new_game(load_scenario("october-1917"), 3)
    rng = np.random.default_rng(8)
    for _ in range(40):  # into the second turn: the log and the series have something in them
        game.apply(game.legal_actions()[int(rng.integers(len(game.legal_actions())))])
    assert game.series
    view = view_of(game, rng)
    world = determinize(view, rng)
    assert not world.keeps_record and game.keeps_record and view.world.keeps_record
    logged, series = len(world.log), dict(world.series)
    turn = world.turn
    while world.turn == turn and not world.is_over():  # through the turn's end, where most of the log is written
        world.apply(world.legal_actions()[0])
    assert len(world.log) == logged and world.series == series
