"""A game decided on points goes to the side furthest towards its own target, not to the highest score: the
verdict gives the winner's share of its target beside the next side's, so a bigger score elsewhere does not
puzzle the reader."""

from __future__ import annotations

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine import standing
from petrograd1917.engine.outcome import finish_by_scores


def test_the_verdict_names_the_runner_up_and_both_shares_of_their_targets() -> None:
    game = new_game(load_scenario("october-1917"), 3)
    finish_by_scores(game, standing.LAST_TURN)
    said = standing.verdict(game)
    everyone = standing.standings(game)
    assert game.winner is not None and game.winner >= 0
    winner = everyone[game.winner]
    rivals = [s for s in everyone if s.in_race and s.faction != winner.faction]
    runner = max(rivals, key=lambda s: s.ratio)
    assert winner.ratio >= runner.ratio
    assert f"({winner.ratio:.0%} of its target, " in said, said
    assert f"{runner.name.lower().removeprefix('the ')} at {runner.ratio:.0%} of theirs), holding" in said.lower(), said


def test_a_runner_up_that_also_met_its_target_is_said_to_have_met_it() -> None:
    game = new_game(load_scenario("october-1917"), 3)
    game.legitimacy[:] = 1.0  # every side's score rises: the two front-runners both pass their targets
    finish_by_scores(game, standing.LAST_TURN)
    everyone = standing.standings(game)
    assert game.winner is not None and game.winner >= 0
    leader = everyone[game.winner]
    second = max((s for s in everyone if s.in_race and s.faction != leader.faction), key=lambda s: s.ratio)
    assert leader.ratio >= second.ratio >= 1.0, (leader, second)
    assert f"who also met theirs, at {second.ratio:.0%}), holding" in standing.verdict(game)


def test_a_lone_side_in_the_race_is_said_to_be_so() -> None:
    game = new_game(load_scenario("february-1917"), 1)
    duma = game.index.faction["duma"]
    game.site_holder[:] = duma  # only the Duma holds a palace: the others are out of the race on points
    game.district_controller[:] = duma
    finish_by_scores(game, standing.LAST_TURN)
    assert game.winner == duma
    assert "of its target, the only side left in the race)" in standing.verdict(game)
