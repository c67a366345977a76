"""No order may try to win a unit over to a side it could never join (its loyalty in the scenario does not name
that side): fraternising, agitating among its men and sending it a commissar are refused with a reason that says
who could win it, and the fast listing leaves them out as the one-by-one checks do."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine.actions import Action
from petrograd1917.engine.legality import IllegalActionError, validate
from petrograd1917.engine.loyalty import joinable, plausible_sides
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, Scenario

K = ActionKind
WINNING_OVER = (K.FRATERNISE, K.AGITATE, K.COMMISSAR)


@pytest.fixture(scope="module")
def february() -> Scenario:
    return load_scenario("february-1917")


def _bolsheviks_before_the_sailors(scenario: Scenario) -> tuple[GameState, Action]:
    """The Bolsheviks to act, with a following and a big crowd beside the Kronstadt sailors: everything a winning
    over needs but a side the sailors could take."""
    game = new_game(scenario, 3)
    f = game.index.faction["bolsheviks"]
    sailors = game.unit_ids["kronstadt_sailors"]
    d = int(game.unit_district[sailors])
    game.faction_cursor = f
    game.influence[d, f] = 0.4
    game.crowd[d] = 30_000.0
    return game, Action(K.FRATERNISE, "bolsheviks", unit="kronstadt_sailors")


@pytest.mark.parametrize("kind", WINNING_OVER)
def test_winning_over_a_unit_that_could_never_join_you_is_refused_and_says_who_could(
    february: Scenario, kind: ActionKind
) -> None:
    game, _ = _bolsheviks_before_the_sailors(february)
    with pytest.raises(IllegalActionError) as refused:
        validate(game, Action(kind, "bolsheviks", unit="kronstadt_sailors"))
    words = str(refused.value)
    assert "Kronstadt sailors and fortress troops would never follow the Bolsheviks" in words
    assert "only the Government, the Duma and the Soviet could win them over" in words


@pytest.mark.parametrize("kind", WINNING_OVER)
def test_a_side_the_unit_could_join_may_still_try(february: Scenario, kind: ActionKind) -> None:
    game, _ = _bolsheviks_before_the_sailors(february)
    soviet = game.index.faction["soviet"]
    game.faction_cursor = soviet
    game.influence[:, soviet] = game.influence[:, game.index.faction["bolsheviks"]]
    validate(game, Action(kind, "soviet", unit="kronstadt_sailors"))


def test_a_unit_you_command_may_always_have_your_commissar(february: Scenario) -> None:
    """The rule guards against winning men over; a commissar sent to your own men wins no one."""
    game, _ = _bolsheviks_before_the_sailors(february)
    f = game.index.faction["bolsheviks"]
    sailors = game.unit_ids["kronstadt_sailors"]
    game.unit_commander[sailors] = f
    validate(game, Action(K.COMMISSAR, "bolsheviks", unit="kronstadt_sailors"))


def test_the_listing_leaves_out_exactly_the_units_that_could_never_join(february: Scenario) -> None:
    """Over random play, for every faction at its turn: each winning-over order the one-by-one checks accept is
    listed, each they refuse is not, and none names a unit that could never join the acting side."""
    rng = np.random.default_rng(5)
    refused_by_the_rule = 0
    for seed in range(3):
        game = new_game(february, seed)
        joins = joinable(game)
        for _ in range(40):
            if game.is_over():
                break
            if game.pending_choice is None:
                f = game.current_faction_index
                listed = set(game.legal_actions())
                for kind in WINNING_OVER:
                    for spec in game.unit_specs:
                        action = Action(kind, game.current_faction, unit=spec.id)
                        try:
                            validate(game, action)
                            ok = True
                        except IllegalActionError as error:
                            ok = False
                            refused_by_the_rule += "would never follow" in str(error)
                        assert ok == (action in listed), (action, ok)
                        if ok and game.unit_commander[game.unit_ids[spec.id]] != f:
                            assert joins[f, game.unit_ids[spec.id]]
            actions = game.legal_actions()
            game.apply(actions[int(rng.integers(len(actions)))])
    assert refused_by_the_rule > 0


def test_joinable_is_plausible_sides_by_faction(february: Scenario) -> None:
    game = new_game(february, 1)
    mask = plausible_sides(game)
    assert mask is not None
    assert np.array_equal(joinable(game), mask.T > 0.0)
    police = game.unit_ids["police_centre"]
    assert joinable(game)[:, police].tolist() == [f.id == "tsarist" for f in february.factions]
