"""The standing orders to fire are a rule that changes every side's game: the card's answer that sets them says so,
and while they are in force the status bar and each district's details state the rule with its figure."""

from __future__ import annotations

import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.scenario.model import EffectKind, Scenario
from petrograd1917.ui.panels_status import status_items
from petrograd1917.ui.rules_text import choice_consequences, control_html, effect_lines


@pytest.fixture(scope="module")
def february() -> Scenario:
    return load_scenario("february-1917")


def test_the_answer_that_makes_shooting_policy_says_so(february: Scenario) -> None:
    flag = february.rules.fire_policy_flag
    assert flag
    game = new_game(february, 0)
    setting = [(e, c) for e in february.events for c in e.choices if any(x.flag == flag for x in c.effects)]
    assert setting
    for event, choice in setting:
        assert any("standing orders to fire" in line for line in choice_consequences(game, event, choice.id).effects)
    clearing = [
        e for e in february.events if any(x.kind is EffectKind.CLEAR_FLAG and x.flag == flag for x in e.effects)
    ]
    assert clearing and all("lapse" in " ".join(effect_lines(game, e.effects)) for e in clearing)


def test_while_in_force_the_status_bar_and_the_districts_state_the_rule(february: Scenario) -> None:
    game = new_game(february, 0)
    district = february.districts[0].id
    assert not any("fire" in text.lower() for text, _ in status_items(game, "bolsheviks"))
    assert "Shooting is policy" not in control_html(game, district)
    game.flags.add(february.rules.fire_policy_flag)
    shown = {text: tip for text, tip in status_items(game, "bolsheviks")}
    assert "Shooting is policy" in shown["Firing"]
    assert f"{february.rules.large_crowd:,.0f}" in shown["Firing"]
    assert february.rules.fire_policy_kinds  # the pickets: who the orders fall on
    assert all(kind.value.replace("_", " ") in shown["Firing"] for kind in february.rules.fire_policy_kinds)
    assert "Shooting is policy" in control_html(game, district)
    assert "Firing" in {text for text, _ in status_items(game, "bolsheviks", compact=True)}
