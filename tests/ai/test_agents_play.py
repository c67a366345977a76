"""Every agent plays only legal moves, answers event choices, leaves the game's dice alone and is repeatable."""

from __future__ import annotations

import pytest

from petrograd1917 import new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.play import RunawayGameError, play_out
from petrograd1917.engine.listing import listed_form
from petrograd1917.scenario.model import ActionKind, Scenario

SPECS = ["random", "heuristic", "heuristic:plain", "mcts:playouts=6,depth=6"]


def play_checked(scenario: Scenario, spec: str, seed: int) -> list[str]:
    """Play a game with `spec` on every side, checking each move; returns the moves as text."""
    game = new_game(scenario, seed)
    agents = {f.id: make_agent(spec, f.id, seed * 10 + i) for i, f in enumerate(scenario.factions)}
    moves = []
    while not game.is_over():
        legal = game.legal_actions()
        before = game.state_hash()
        action = agents[game.current_faction].choose_action(game)
        assert game.state_hash() == before, "thinking must not change the game (nor draw from its rng)"
        assert action in legal, f"{spec} chose an illegal action {action}"
        if game.pending_choice is not None:
            assert action.kind is ActionKind.CHOOSE
        moves.append(repr(action))
        game.apply(action)
    return moves


@pytest.mark.parametrize("spec", SPECS)
def test_agents_play_only_legal_moves(tiny: Scenario, spec: str) -> None:
    for seed in range(5 if spec.startswith("mcts") else 25 if spec == "random" else 10):
        play_checked(tiny, spec, seed)


@pytest.mark.parametrize("spec", SPECS)
def test_same_seed_same_moves(tiny: Scenario, spec: str) -> None:
    assert play_checked(tiny, spec, 3) == play_checked(tiny, spec, 3)


def test_agent_seed_changes_the_random_agent(tiny: Scenario) -> None:
    assert play_checked(tiny, "random", 3) != play_checked(tiny, "random", 4)


def test_event_choices_are_answered_by_the_chooser(tiny: Scenario) -> None:
    answered = 0
    for seed in range(10):
        game = new_game(tiny, seed)
        agents = {f.id: make_agent("heuristic", f.id, seed) for f in tiny.factions}
        while not game.is_over():
            if game.pending_choice is not None:
                answered += 1
            game.apply(agents[game.current_faction].choose_action(game))
    assert answered > 0


def test_the_heuristics_choice_is_applied_without_a_second_check(tiny: Scenario) -> None:
    """The heuristic lists the game itself (what a side may order is public), so the order it picks carries the
    list's receipt to the game's door, which does not check it again."""
    game = new_game(tiny, 2)
    agents = {f.id: make_agent("heuristic", f.id, i) for i, f in enumerate(tiny.factions)}
    while not game.is_over():
        action = agents[game.current_faction].choose_action(game)
        assert game.pending_choice is not None or listed_form(game, action) is not None, action
        game.apply(action)


def test_a_game_that_never_ends_is_reported(tiny: Scenario) -> None:
    game = new_game(tiny, 1)
    agents = {f.id: make_agent("random", f.id, 1) for f in tiny.factions}
    with pytest.raises(RunawayGameError, match="not over after 5 actions"):
        play_out(game, agents, max_actions=5)
