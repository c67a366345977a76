"""The computer players and the research environments measure a position by the engine's own standing: each
faction's score over target and whether it is still in the race, as `engine/standing.py` shows them and the
winner at the last turn is picked by."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.value import race, standing
from petrograd1917.engine.outcome import finish_by_scores
from petrograd1917.engine.standing import standings


@pytest.mark.parametrize("scenario", ["october-1917", "february-1917"])
def test_standing_follows_the_engines_ratios_and_race(scenario: str) -> None:
    loaded = load_scenario(scenario)
    game = new_game(loaded, 4)
    agents = {f.id: make_agent("random", f.id, i) for i, f in enumerate(loaded.factions)}
    seen_out = False
    while not game.is_over():
        shown = standings(game)
        expected = race([s.ratio for s in shown], [s.in_race for s in shown])
        assert np.array_equal(standing(game), expected)
        seen_out |= not all(s.in_race for s in shown)
        game.apply(agents[game.current_faction].choose_action(game))
    assert seen_out or scenario == "october-1917"  # February's random games lose a capital early


def test_the_leader_in_the_race_is_who_wins_on_points() -> None:
    """Stopping any position on points crowns the faction the standing puts ahead, when one is ahead."""
    loaded = load_scenario("october-1917")
    game = new_game(loaded, 2)
    agents = {f.id: make_agent("heuristic", f.id, i) for i, f in enumerate(loaded.factions)}
    checked = 0
    while not game.is_over() and checked < 12:
        for _ in range(30):
            if game.is_over():
                break
            game.apply(agents[game.current_faction].choose_action(game))
        if game.is_over():
            break
        now = standing(game)
        if (now > 0.5).sum() == 1:
            stopped = game.clone()
            finish_by_scores(stopped, "stopped here")
            assert stopped.winner == int(np.argmax(now))
            checked += 1
    assert checked > 0


def test_race_counts_only_rivals_still_in_it() -> None:
    assert race([0.8, 0.5, 0.9], [True, True, False]).tolist() == [0.65, 0.35, 0.0]
    assert race([0.3, 0.9], [True, False]).tolist() == [1.0, 0.0]  # nobody left to beat
    assert race([0.6, 0.6], [True, True]).tolist() == [0.5, 0.5]
