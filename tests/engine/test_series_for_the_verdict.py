"""The end screen's charts of what decided a game read each turn the very figures the scores and the immediate
victories read: a side's following in the city (`city_influence`) and the seats of power it holds
(`held_points`)."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine.evaluate import evaluate
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.conditions import parse


def _turn_ends(state: GameState, rng: np.random.Generator, turns: int) -> list[GameState]:
    """Copies of the game just after each of the next `turns` ends of turn, played by random legal orders."""
    seen: list[GameState] = []
    while not state.is_over() and len(seen) < turns:
        recorded = len(state.series.get("following", ()))
        actions = state.legal_actions()
        state.apply(actions[int(rng.integers(len(actions)))])
        if len(state.series.get("following", ())) > recorded:
            seen.append(state.clone())
    return seen


@pytest.mark.parametrize("scenario", ["february-1917", "october-1917"])
def test_following_and_seats_are_the_figures_the_victory_reads(scenario: str) -> None:
    game = new_game(load_scenario(scenario), 5)
    ends = _turn_ends(game, np.random.default_rng(5), 8)
    assert len(ends) == 8
    for state in ends:
        for f, faction in enumerate(state.scenario.factions):
            following = evaluate(parse(f"city_influence({faction.id})"), state, f)
            seats = evaluate(parse(f"held_points({faction.id})"), state, f)
            assert state.series["following"][-1][f] == following  # one computation: the same bits
            assert state.series["seats"][-1][f] == seats
    assert any(row != ends[0].series["following"][0] for row in ends[-1].series["following"])  # it moves
