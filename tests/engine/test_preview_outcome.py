"""Preview (pure, consistent with what apply does), what others see of a unit's loyalty, and the outcome."""

from __future__ import annotations

import copy

import pytest
from core_helpers import act, loyal_to

from petrograd1917.engine.game import new_game
from petrograd1917.engine.legality import IllegalActionError
from petrograd1917.engine.state import GameState
from petrograd1917.engine.visibility import GRID
from petrograd1917.scenario.model import ActionKind, Scenario

K = ActionKind


def test_preview_is_pure_and_shows_cost_odds_and_effects(game: GameState) -> None:
    game.crowd[game.index.district["admiralty"]] = 8000
    before = game.state_hash()
    preview = game.preview(act(game, K.FIRE, unit="city_police"))
    assert game.state_hash() == before
    assert preview.cost == 1 and 0.0 < preview.odds <= 1.0
    assert any("killed" in text for text in preview.effects) and any("refuses" in text for text in preview.effects)


def test_preview_odds_match_the_resolution(small_scenario: Scenario) -> None:
    """Over many seeds, an agitation succeeds about as often as its preview promised."""
    successes = 0
    odds = 0.0
    for seed in range(400):
        game = new_game(small_scenario, seed)
        action = act(game, K.AGITATE, district="liteiny")
        odds = game.preview(action).odds
        successes += bool(game.apply(action)[0].data["ok"])
    assert successes / 400 == pytest.approx(odds, abs=0.07)


def test_preview_refuses_illegal_actions(game: GameState) -> None:
    with pytest.raises(IllegalActionError):
        game.preview(act(game, K.FIRE, unit="city_police"))  # no crowd


def test_certain_orders_preview_as_certain(game: GameState) -> None:
    assert game.preview(act(game, K.DEFEND, target="winter_palace")).odds == 1.0
    assert game.preview(act(game, K.PASS)).odds == 1.0


def test_others_see_an_estimate_the_commander_sees_the_truth(game: GameState) -> None:
    true = loyal_to(game, "volynsky", "government")
    assert game.visible_loyalty("volynsky", "government")["government"] == pytest.approx(true)
    seen = game.visible_loyalty("volynsky", "bolsheviks")
    assert seen == game.visible_loyalty("volynsky", "bolsheviks")  # the same look, the same answer
    assert seen["government"] == pytest.approx(round(seen["government"] / GRID) * GRID)  # a report, rounded
    assert abs(seen["government"] - true) < 0.2 and sum(seen.values()) <= 1.0 + 1e-9
    assert all(0.0 <= v <= 1.0 for v in seen.values())


def test_outcome_of_an_immediate_victory(game: GameState) -> None:
    game.site_holder[game.index.site["winter_palace"]] = game.index.faction["bolsheviks"]
    for _ in range(3):
        game.apply(act(game, K.PASS))
    outcome = game.outcome()
    assert game.is_over() and outcome.winner == "bolsheviks" and outcome.turns == 1
    assert outcome.reason == "The Winter Palace has fallen." and outcome.key_events["palace"] == 0


def test_all_units_at_once_agree_with_one_by_one(game: GameState) -> None:
    matrix = game.visible_loyalties("soviet")
    for unit, u in game.unit_ids.items():
        row = game.visible_loyalty(unit, "soviet")
        assert [row[f] for f in game.index.faction_ids] == pytest.approx(matrix[u].tolist())


def test_a_new_unit_does_not_change_what_is_seen_of_the_others(game: GameState) -> None:
    from petrograd1917.engine.state import add_units
    from petrograd1917.scenario.model import Unit, UnitKind

    before = game.visible_loyalties("bolsheviks")
    add_units(game, [Unit("extra", "Extra company", UnitKind.INFANTRY, 100, "vyborg", 0.5, 0.5, None, {"soviet": 0.5})])
    after = game.visible_loyalties("bolsheviks")
    assert after.shape[0] == before.shape[0] + 1 and (after[:-1] == before).all()


def test_odds_alone_match_the_preview(game: GameState) -> None:
    for action in game.legal_actions():  # an action of the list just made: taken as the listing found it
        assert game.odds(action) == game.preview(action).odds
        assert game.odds(copy.copy(action)) == game.preview(action).odds  # an equal one the list did not make: checked
