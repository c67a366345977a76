"""Events phase: window, condition, chance, once; choices wait for their chooser; apply_choice."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from dynamics_helpers import f

from petrograd1917.engine import events
from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.conditions import parse
from petrograd1917.scenario.model import Effect, EffectKind, Event, Scenario

FLAG = Effect(EffectKind.SET_FLAG, flag="fired")


def _with_events(scenario: Scenario, *cards: Event, seed: int = 1) -> GameState:
    return new_game(replace(scenario, events=cards), seed)


def _card(**kw: Any) -> Event:
    return Event("card", "A card", "Something happens.", "It did.", **{"effects": (FLAG,), **kw})


def test_a_card_fires_only_inside_its_window(small_scenario: Scenario) -> None:
    card = _card(start=datetime(1917, 2, 25), end=datetime(1917, 2, 26))
    fired_at = []
    for turn in range(6):
        game = _with_events(small_scenario, card)
        game.turn = turn
        events.run(game)
        if "fired" in game.flags:
            fired_at.append(game.date.day)
    assert fired_at == [25, 26]


def test_the_window_end_covers_its_whole_day_with_short_turns(small_scenario: Scenario) -> None:
    card = _card(start=datetime(1917, 2, 27, 6), end=datetime(1917, 2, 27, 6))  # inside a 12-hour turn
    game = _with_events(small_scenario, card)
    game.turn = 4  # 27 Feb 00:00 - 12:00
    events.run(game)
    assert "fired" in game.flags


def test_a_card_needs_its_condition(small_scenario: Scenario) -> None:
    game = _with_events(small_scenario, _card(condition=parse("turn >= 2")))
    events.run(game)
    assert "fired" not in game.flags
    game.turn = 2
    events.run(game)
    assert "fired" in game.flags


def test_a_once_card_fires_once_a_repeating_card_again(small_scenario: Scenario) -> None:
    once = _card(effects=(Effect(EffectKind.ADD_FOOD, amount=100.0),))
    game = _with_events(small_scenario, once)
    stock = game.city_stock
    events.run(game)
    events.run(game)
    assert game.city_stock == stock + 100.0
    again = _card(effects=(Effect(EffectKind.ADD_FOOD, amount=100.0),), once=False)
    game = _with_events(small_scenario, again)
    events.run(game)
    events.run(game)
    assert game.city_stock == stock + 200.0


def test_chance_is_drawn_from_the_games_generator(small_scenario: Scenario) -> None:
    card = _card(chance=0.3)

    def fires(seed: int) -> bool:
        game = _with_events(small_scenario, card, seed=seed)
        events.run(game)
        return "fired" in game.flags

    fired = [fires(seed) for seed in range(200)]
    assert 0.2 < sum(fired) / len(fired) < 0.4
    assert [fires(seed) for seed in range(200)] == fired  # the same seeds, the same draws


def test_a_choice_waits_for_its_chooser_then_applies(game: GameState) -> None:
    game.turn = 2
    events.run(game)
    assert game.pending_choice is not None
    assert game.pending_choice.event == "prorogue" and game.pending_choice.chooser == f(game, "government")
    assert events.choice_ids(game) == ("sign", "wait")
    legitimacy = float(game.legitimacy[0])
    events.apply_choice(game, "sign")
    assert game.pending_choice is None
    assert "duma_prorogued" in game.flags
    assert game.legitimacy[0] == pytest.approx(legitimacy - 0.1)


def test_a_wrong_choice_is_refused_and_changes_nothing(game: GameState) -> None:
    with pytest.raises(events.ChoiceError, match="no event is waiting"):
        events.apply_choice(game, "sign")
    game.turn = 2
    events.run(game)
    before = game.state_hash()
    with pytest.raises(events.ChoiceError, match="choose one of: sign, wait"):
        events.apply_choice(game, "abdicate")
    assert game.state_hash() == before


def test_a_second_choice_card_waits_for_a_later_turn(small_scenario: Scenario) -> None:
    prorogue = small_scenario.events[1]
    twin = replace(prorogue, id="twin")
    game = _with_events(small_scenario, prorogue, twin)
    game.turn = 2
    events.run(game)
    assert game.pending_choice is not None and game.pending_choice.event == "prorogue"
    assert "twin" not in game.fired_events
    events.apply_choice(game, "wait")
    events.run(game)
    assert game.pending_choice is not None and game.pending_choice.event == "twin"


def test_a_firing_card_records_its_key_event(game: GameState) -> None:
    game.turn = 1
    events.run(game)
    assert game.key_events == {"queues": 1}
    assert any(e.kind == "event" and e.data["event"] == "bread_rumour" for e in game.log)
