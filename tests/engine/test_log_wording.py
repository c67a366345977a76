"""The log reads like a story: sentences that do not hang on whether a faction's name is plural, one stop at the
end, rounded head counts with separators, and one sentence per kind of city-wide change rather than one per district."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest
from dynamics_helpers import d, f

from petrograd1917.engine import control, crowds, events
from petrograd1917.engine.game import new_game
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import and_list, count, duration, points, rough, sentence
from petrograd1917.scenario.model import Scenario


def test_small_words() -> None:
    assert count(4199.87) == "4,200" and count(357.4) == "357"
    assert rough(216) == "about 220" and rough(3_312) == "about 3,300" and rough(7) == "about 7"
    assert sentence("Wait") == "Wait." and sentence("Go home and wait.") == "Go home and wait."
    assert duration(50.9) == "51 days" and duration(1.02) == "1 day" and duration(0.5) == "12 hours"
    assert and_list(["Vyborg"]) == "Vyborg" and and_list(["Vyborg", "Narva", "Okhta"]) == "Vyborg, Narva and Okhta"
    assert and_list(["Narva", "Kazan and Spassky", "Okhta"]) == "Narva, Kazan and Spassky, and Okhta"


def test_a_plural_faction_takes_control_in_good_english(game: GameState) -> None:
    admiralty = d(game, "admiralty")
    game.influence[admiralty] = [0.1, 0.1, 0.6]
    game.unit_alive[:] = False  # nobody's guns stand in the way
    control.run(game)
    lines = [e.text for e in game.log if e.kind == "control"]
    assert "Control of Admiralty passes from the Government to the Bolsheviks." in lines


def test_a_choice_label_with_its_own_stop_is_not_doubled(small_scenario: Scenario) -> None:
    event = next(e for e in small_scenario.events if e.id == "prorogue")
    signed = replace(event.choices[0], label="Sign the decree.")
    game = new_game(replace(small_scenario, events=(replace(event, choices=(signed, event.choices[1])),)), 1)
    game.turn = 2
    events.run(game)
    events.apply_choice(game, "sign")
    assert game.log[-1].text == "The Government's choice: Sign the decree."


def test_strikes_across_the_city_make_one_sentence(game: GameState) -> None:
    game.strikers[:] = 0.0
    game.hardship[:] = 1.0
    game.legitimacy[f(game, "government")] = 0.0
    crowds.run(game)
    strikes = [e for e in game.log if e.kind == "strike"]
    assert len(strikes) == 1 and len(strikes[0].data["districts"]) >= 2
    text = strikes[0].text
    assert text.startswith("Strikes spread: ") and text.endswith(".") and " and " in text
    figures = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)]
    assert all(n % 100 == 0 for n in figures if n >= 1000)  # rounded head counts, with separators
    assert figures == sorted(figures, reverse=True)  # the biggest first
    assert np.isclose(sum(strikes[0].data["districts"].values()), game.strikers.sum(), rtol=0.01)


@pytest.mark.parametrize(
    ("score", "decimals", "shown"),
    [(14.9988, 2, "14.99"), (15.0, 2, "15.00"), (25.705, 2, "25.70"), (0.29, 2, "0.29"), (7.39, 1, "7.3")],
)
def test_a_score_is_cut_never_rounded_up_to_a_target_it_misses(score: float, decimals: int, shown: str) -> None:
    assert points(score, decimals) == shown
