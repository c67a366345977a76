"""The turn: factions in order, the end of turn after the last, event choices blocking play, the end of the game."""

from __future__ import annotations

import pytest
from core_helpers import act

from petrograd1917.engine.game import new_game
from petrograd1917.engine.legality import IllegalActionError
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, Scenario

K = ActionKind


def pass_round(game: GameState) -> None:
    """Everybody passes once (answering nothing: stops at a pending choice)."""
    start = game.turn
    while game.turn == start and game.pending_choice is None and not game.is_over():
        game.apply(act(game, K.PASS))


def test_a_round_of_passes_ends_the_turn(game: GameState) -> None:
    assert [game.current_faction] == ["government"]
    game.apply(act(game, K.PASS))
    game.apply(act(game, K.PASS))
    assert game.current_faction == "bolsheviks" and game.turn == 0
    entries = game.apply(act(game, K.PASS))
    assert game.turn == 1 and game.current_faction == "government"
    assert any(e.faction is None for e in entries)  # the end-of-turn phases wrote to the log
    assert game.action_points.tolist() == [4, 2, 4] and not game.unit_moved.any()
    assert game.series and all(len(values) == 1 for values in game.series.values())


def test_unit_orders_reset_each_turn(game: GameState) -> None:
    game.apply(act(game, K.MOVE, unit="volynsky", target="admiralty"))
    assert game.unit_moved[game.unit_ids["volynsky"]]
    game.apply(act(game, K.DEFEND, target="winter_palace"))
    pass_round(game)
    assert not game.unit_moved.any() and (game.site_defended == -1).all()


def test_a_choice_blocks_everything_but_choose(game: GameState) -> None:
    for _ in range(2):
        pass_round(game)
    assert game.pending_choice is not None and game.pending_choice.event == "prorogue"
    assert game.current_faction == "government"
    choices = game.legal_actions()
    assert [a.choice for a in choices] == ["sign", "wait"] and all(a.kind is K.CHOOSE for a in choices)
    before = game.state_hash()
    with pytest.raises(IllegalActionError, match="must first answer"):
        game.apply(act(game, K.PASS))
    with pytest.raises(IllegalActionError, match="not one of the choices"):
        game.apply(act(game, K.CHOOSE, choice="sing"))
    assert game.state_hash() == before
    game.apply(act(game, K.CHOOSE, choice="sign"))
    assert game.pending_choice is None and "duma_prorogued" in game.flags
    assert game.current_faction == "government" and game.turn == 2


def test_the_game_ends_at_the_last_turn_with_an_outcome(game: GameState) -> None:
    while not game.is_over():
        if game.pending_choice is not None:
            game.apply(game.legal_actions()[0])
        else:
            pass_round(game)
    outcome = game.outcome()
    assert outcome.over and outcome.turns == game.index.n_turns
    assert set(outcome.scores) == {"government", "soviet", "bolsheviks"}
    assert outcome.winner == "government"  # held points 5 of target 5: the furthest along
    assert outcome.key_events.get("queues") == 0
    assert "last turn" in outcome.reason
    assert game.log[-1].kind == "victory"
    assert game.current_faction in game.index.faction_ids  # still readable once the game is over
    assert game.legal_actions() == []


def test_idle_turns_end_a_game_when_the_scenario_says_so(small_scenario: Scenario) -> None:
    from dataclasses import replace

    lazy = replace(small_scenario, rules=replace(small_scenario.rules, max_turns_without_action=2), events=())
    game = new_game(lazy, 1)
    pass_round(game)
    pass_round(game)
    assert game.is_over() and "nobody acted" in game.over_reason


def test_a_draw_when_objectives_tie(game: GameState) -> None:
    from petrograd1917.engine.outcome import finish_by_scores

    game.site_holder[:] = -1
    finish_by_scores(game, "test")
    assert game.winner == -1 and game.outcome().winner is None and "draw" in game.over_reason


def test_live_scores_use_the_objectives(game: GameState) -> None:
    scores = game.scores()
    assert scores == {"government": 5.0, "soviet": 1.0, "bolsheviks": 1.0}  # held_points(self)
    assert not game.outcome().over
