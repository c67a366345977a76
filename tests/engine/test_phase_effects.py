"""Every effect kind changes what it says, within bounds."""

from __future__ import annotations

import pytest
from dynamics_helpers import d, f, s, u

from petrograd1917.engine.effects import _HANDLERS, apply_effect, apply_effects
from petrograd1917.engine.outcome import finish_by_scores
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Effect, EffectKind, Unit, UnitKind

K = EffectKind


def test_every_kind_has_a_handler() -> None:
    assert set(_HANDLERS) == set(EffectKind)


def test_add_unrest_one_district_and_everywhere(game: GameState) -> None:
    before = game.unrest.copy()
    apply_effect(game, Effect(K.ADD_UNREST, amount=0.2, district="admiralty"))
    assert game.unrest[d(game, "admiralty")] == pytest.approx(before[d(game, "admiralty")] + 0.2)
    apply_effect(game, Effect(K.ADD_UNREST, amount=5.0, district="*"))
    assert (game.unrest == 1.0).all()


def test_add_strikers_and_crowd_are_people_within_bounds(game: GameState) -> None:
    vyborg = d(game, "vyborg")
    apply_effect(game, Effect(K.ADD_STRIKERS, amount=10_000, district="vyborg"))
    assert game.strikers[vyborg] == 15_000
    apply_effect(game, Effect(K.ADD_STRIKERS, amount=1e9, district="vyborg"))
    assert game.strikers[vyborg] == game.index.workers[vyborg]
    apply_effect(game, Effect(K.ADD_CROWD, amount=7_000, district="vyborg"))
    assert game.crowd[vyborg] == 7_000
    apply_effect(game, Effect(K.ADD_CROWD, amount=-1e9, district="*"))
    assert (game.crowd == 0).all()


def test_add_influence_takes_from_the_others(game: GameState) -> None:
    apply_effect(game, Effect(K.ADD_INFLUENCE, amount=0.5, district="admiralty", faction="bolsheviks"))
    row = game.influence[d(game, "admiralty")]
    assert row[f(game, "bolsheviks")] == pytest.approx(0.55)
    assert row.sum() == pytest.approx(1.0)
    assert (row >= 0).all()


def test_shift_loyalty_towards_and_away(game: GameState) -> None:
    volynsky, soviet = u(game, "volynsky"), f(game, "soviet")
    apply_effect(game, Effect(K.SHIFT_LOYALTY, amount=0.5, unit="volynsky", faction="soviet"))
    assert game.unit_loyalty[volynsky, soviet] == pytest.approx(0.3 * 0.5 + 0.5)
    assert game.unit_loyalty[volynsky].sum() <= 1 + 1e-9
    apply_effect(game, Effect(K.SHIFT_LOYALTY, amount=-1.0, unit="volynsky", faction="soviet"))
    assert game.unit_loyalty[volynsky, soviet] == 0.0


def test_legitimacy_food_ration_rail(game: GameState) -> None:
    apply_effect(game, Effect(K.ADD_LEGITIMACY, amount=-0.7, faction="government"))
    assert game.legitimacy[f(game, "government")] == 0.0
    apply_effect(game, Effect(K.ADD_FOOD, amount=-1e9))
    assert game.city_stock == 0.0
    apply_effect(game, Effect(K.ADD_FOOD, amount=250.0))
    assert game.city_stock == 250.0
    apply_effect(game, Effect(K.SET_RATION, amount=50.0))
    assert game.ration == game.scenario.food.min_ration_grams
    apply_effect(game, Effect(K.SET_RATION, amount=300.0))
    assert game.ration == 300.0
    apply_effect(game, Effect(K.SET_RAIL, amount=0.25))
    assert game.rail_factor == 0.25


def test_add_and_remove_a_unit(game: GameState) -> None:
    spec = Unit("kexholm", "Kexholm reserve battalion", UnitKind.INFANTRY, 1_000, "liteiny", 0.6, 0.5,
                "government", {"government": 0.5, "soviet": 0.2})  # fmt: skip
    n = game.unit_strength.shape[0]
    apply_effect(game, Effect(K.ADD_UNIT, unit_spec=spec))
    kexholm = u(game, "kexholm")
    assert kexholm == n and game.unit_alive[kexholm] and game.unit_strength[kexholm] == 1_000
    assert game.unit_loyalty.shape == (n + 1, 3)
    apply_effect(game, Effect(K.ADD_UNIT, unit_spec=spec))
    assert game.unit_strength.shape[0] == n + 1  # not twice
    apply_effect(game, Effect(K.REMOVE_UNIT, unit="kexholm"))
    assert not game.unit_alive[kexholm]


def test_units_added_together_as_one_by_one(game: GameState) -> None:
    """An event's run of added units joins the arrays in one step, with the same rows, ids and log as effect by
    effect: a unit brought twice comes once, and a unit gone from the map comes back as a new row under its id."""
    kexholm = Unit("kexholm", "Kexholm reserve battalion", UnitKind.INFANTRY, 1_000, "liteiny", 0.6, 0.5,
                   "government", {"government": 0.5, "soviet": 0.2})  # fmt: skip
    police = Unit("police", "City police", UnitKind.INFANTRY, 300, "admiralty", 0.4, 0.3, None, {"government": 0.6})
    apply_effect(game, Effect(K.REMOVE_UNIT, unit="volynsky"))
    back = Unit("volynsky", "Volynsky regiment", UnitKind.INFANTRY, 800, "vyborg", 0.5, 0.4, "soviet", {"soviet": 0.9})
    effects = (
        Effect(K.ADD_UNIT, unit_spec=kexholm, text="The Kexholm men march in."),
        Effect(K.ADD_UNIT, unit_spec=police),
        Effect(K.ADD_UNIT, unit_spec=kexholm),
        Effect(K.ADD_UNIT, unit_spec=back),
        Effect(K.ADD_UNREST, amount=0.1, district="vyborg"),
    )
    together, alone = game.clone(), game.clone()
    apply_effects(together, effects, "reinforcements")
    for effect in effects:
        apply_effect(alone, effect, "reinforcements")
    assert together.state_hash() == alone.state_hash()
    assert together.unit_specs == alone.unit_specs and together.unit_ids == alone.unit_ids
    assert [e.to_json() for e in together.log] == [e.to_json() for e in alone.log]
    n = game.unit_strength.shape[0]
    assert together.unit_strength.shape[0] == n + 3  # the Kexholm battalion once, the police, the Volynsky anew
    assert together.unit_ids["volynsky"] == n + 2 and together.unit_alive[n + 2]
    kinds = [e.kind for e in together.log[len(game.log) :]]
    assert kinds == ["unit_added", "effect", "unit_added", "unit_added"]


def test_going_over_by_event_is_a_mutiny_like_any_other(game: GameState) -> None:
    """The unit puts its new side first (so it does not drift straight back) and its neighbours feel it."""
    volynsky, cossacks, soviet = u(game, "volynsky"), u(game, "don_cossacks"), f(game, "soviet")
    pulled = float(game.unit_loyalty[cossacks, soviet])  # next door, in the Admiralty
    apply_effect(game, Effect(K.SET_COMMANDER, unit="volynsky", faction="soviet"))
    row = game.unit_loyalty[volynsky]
    assert row[soviet] >= 0.5 and row[f(game, "government")] <= 0.3  # swapped (0.3 / 0.5), then pulled further
    assert game.unit_loyalty[cossacks, soviet] > pulled


def test_commander_and_strength(game: GameState) -> None:
    volynsky = u(game, "volynsky")
    game.unit_strain[volynsky] = 0.3
    apply_effect(game, Effect(K.SET_COMMANDER, unit="volynsky", faction="soviet"))
    assert game.unit_commander[volynsky] == f(game, "soviet") and game.unit_strain[volynsky] == 0.0
    apply_effect(game, Effect(K.SET_COMMANDER, unit="volynsky"))
    assert game.unit_commander[volynsky] == -1
    apply_effect(game, Effect(K.ADD_STRENGTH, unit="volynsky", amount=500))
    assert game.unit_strength[volynsky] == 2_000
    apply_effect(game, Effect(K.ADD_STRENGTH, unit="volynsky", amount=-5_000))
    assert game.unit_strength[volynsky] == 0 and not game.unit_alive[volynsky]


def test_site_bridge_flags(game: GameState) -> None:
    apply_effect(game, Effect(K.SET_SITE, site="winter_palace", faction="bolsheviks"))
    assert game.site_holder[s(game, "winter_palace")] == f(game, "bolsheviks")
    apply_effect(game, Effect(K.SET_SITE, site="winter_palace"))
    assert game.site_holder[s(game, "winter_palace")] == -1
    bridge = game.index.link["liteiny_bridge"]
    apply_effect(game, Effect(K.SET_BRIDGE, link="liteiny_bridge", raised=True))
    assert game.link_raised[bridge]
    apply_effect(game, Effect(K.SET_BRIDGE, link="liteiny_bridge", raised=False))
    assert not game.link_raised[bridge]
    apply_effect(game, Effect(K.SET_FLAG, flag="abdication"))
    assert "abdication" in game.flags
    apply_effect(game, Effect(K.CLEAR_FLAG, flag="abdication"))
    assert "abdication" not in game.flags


def test_action_points_key_event_log(game: GameState) -> None:
    points = int(game.action_points[f(game, "soviet")])
    apply_effect(game, Effect(K.ADD_ACTION_POINTS, amount=2, faction="soviet"))
    assert game.action_points[f(game, "soviet")] == points + 2
    game.turn = 3
    apply_effect(game, Effect(K.KEY_EVENT, flag="abdication"))
    game.turn = 4
    apply_effect(game, Effect(K.KEY_EVENT, flag="abdication"))
    assert game.key_events["abdication"] == 3
    apply_effect(game, Effect(K.LOG, text="The tsar signs."))
    assert game.log[-1].text == "The tsar signs."


def test_end_game_with_a_winner_or_a_draw_stops_the_rest(game: GameState) -> None:
    apply_effects(
        game,
        (Effect(K.END_GAME, faction="soviet", text="The Soviet takes power."), Effect(K.SET_FLAG, flag="after")),
        "card",
    )
    assert game.is_over() and game.winner == f(game, "soviet") and game.over_reason == "The Soviet takes power."
    assert "after" not in game.flags
    other, measured = game.clone(), game.clone()
    other.winner = measured.winner = None
    apply_effect(other, Effect(K.END_GAME, text="the story is over"))  # no faction: the objectives decide
    finish_by_scores(measured, "the story is over")
    assert other.is_over() and (other.winner, other.over_reason) == (measured.winner, measured.over_reason)
