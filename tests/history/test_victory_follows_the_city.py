"""Victory follows what happened in the city: one test per absurd result seen in played games, each proving it can
no longer happen, plus the shape of the standing the window shows."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine import loyalty, standing
from petrograd1917.engine.control import city_districts, within_reach
from petrograd1917.engine.outcome import finish_by_scores
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario


@pytest.fixture(scope="module")
def february() -> Scenario:
    return load_scenario("february-1917")


@pytest.fixture(scope="module")
def october() -> Scenario:
    return load_scenario("october-1917")


def _f(state: GameState, faction: str) -> int:
    return state.index.faction[faction]


def _site(state: GameState, site: str) -> int:
    return state.index.site[site]


def _unit(state: GameState, unit: str) -> int:
    return state.unit_ids[unit]


def _give_army(state: GameState, faction: str) -> None:
    """Every unit obeys `faction`: its armed share is 1, so only the rules below can stop it winning on points."""
    state.unit_commander[:] = _f(state, faction)


def test_the_tsarist_government_cannot_win_on_points_after_the_abdication(february: Scenario) -> None:
    game = new_game(february, 1)
    _give_army(game, "tsarist")
    assert standing.in_race(game, _f(game, "tsarist"))
    game.flags.add("abdication")
    finish_by_scores(game, standing.LAST_TURN)
    assert game.winner != _f(game, "tsarist")
    tsarist = next(s for s in standing.standings(game) if s.faction == "tsarist")
    assert not tsarist.in_race and "abdicated" in tsarist.out_reason


def test_the_tsarist_government_cannot_win_on_points_with_five_districts(february: Scenario) -> None:
    game = new_game(february, 1)
    _give_army(game, "tsarist")
    city = city_districts(february)
    game.district_controller[:] = _f(game, "bolsheviks")
    game.district_controller[city[:5]] = _f(game, "tsarist")
    finish_by_scores(game, standing.LAST_TURN)
    assert game.winner != _f(game, "tsarist")
    assert standing.title(game) and "tsarist" not in standing.title(game)


def test_the_bolsheviks_cannot_win_on_points_while_the_duma_holds_the_seats_of_power(february: Scenario) -> None:
    game = new_game(february, 1)
    _give_army(game, "bolsheviks")
    game.influence[:] = 0.0
    game.influence[:, _f(game, "bolsheviks")] = 1.0
    game.site_holder[:] = _f(game, "bolsheviks")
    game.site_holder[_site(game, "winter_palace")] = _f(game, "duma")
    game.site_holder[_site(game, "tauride_palace")] = _f(game, "duma")
    finish_by_scores(game, standing.LAST_TURN)
    assert game.winner != _f(game, "bolsheviks")
    assert game.winner == _f(game, "duma")  # the only faction left in the race
    assert standing.verdict(game).startswith("The Duma liberals won on points")


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_a_side_with_nothing_in_the_city_never_outscores_one_holding_it(name: str) -> None:
    """A side with no troops, no seat of power and a single district never wins on points over a rival that holds
    the rest of the city, its seats and every regiment, however many regiments changed hands (once, in February,
    the Bolsheviks won with one district and no troops, credited with the mutinies that went to the Duma; in
    October the right won on the trust of the propertied alone), even with half the city's following behind it."""
    scenario = load_scenario(name)
    for weak, strong in itertools.permutations(range(len(scenario.factions)), 2):
        game = new_game(scenario, 1)
        city = city_districts(scenario)
        game.unit_commander[:] = strong  # every regiment, mutinied to the strong side unless it started there
        game.site_holder[:] = strong
        game.district_controller[:] = strong
        game.district_controller[city[0]] = weak
        game.influence[:] = 0.0
        game.influence[:, weak] = game.influence[:, strong] = 0.5
        assert standing.in_race(game, strong)  # the weak side may be out already (the tsar's, with one district)
        finish_by_scores(game, standing.LAST_TURN)
        assert game.winner == strong, (scenario.factions[weak].id, scenario.factions[strong].id)


def test_red_guards_the_aurora_and_the_smolny_guard_never_lean_to_the_moderates(october: Scenario) -> None:
    game = new_game(october, 3)
    socialists = _f(game, "socialists")
    game.influence[:] = 0.0
    game.influence[:, socialists] = 1.0
    game.legitimacy[:] = 0.0
    game.legitimacy[socialists] = 1.0
    game.crowd[:] = game.index.population * 0.5
    red = [_unit(game, u) for u in ("red_guard_vyborg", "red_guard_narva", "smolny_guard", "aurora")]
    for _ in range(30):
        loyalty.run(game)
        assert np.all(game.unit_loyalty[red, socialists] == 0.0)
        assert np.all(game.unit_commander[red] != socialists)


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_no_unit_ever_obeys_a_faction_it_could_never_join(name: str) -> None:
    """Loyalty moves only between the sides the scenario names for each unit, in whole games between random
    players (the police of February stay with the government or with no one)."""
    from petrograd1917.ai.base import make_agent
    from petrograd1917.ai.play import play_out

    scenario = load_scenario(name)
    for seed in range(3):
        game = new_game(scenario, seed)
        agents = {f.id: make_agent("random", f.id, seed) for f in scenario.factions}
        play_out(game, agents)
        mask = loyalty.plausible_sides(game)
        assert mask is not None
        commander = game.unit_commander
        obeyed = commander >= 0
        assert np.all(mask[obeyed.nonzero()[0], commander[obeyed]] == 1.0)
        assert np.all(game.unit_loyalty * (1.0 - mask) == 0.0)


def test_troops_outside_the_city_count_only_while_they_can_reach_it(february: Scenario) -> None:
    game = new_game(february, 1)
    sailors = _unit(game, "kronstadt_sailors")
    assert game.unit_district[sailors] not in city_districts(february)
    assert within_reach(game)[sailors]  # the gulf is frozen: they can walk across the ice
    thawed = new_game(load_scenario("october-1917"), 1)
    kronstadt = thawed.index.district["kronstadt"]
    soldiers = _unit(thawed, "pavlovsky_regiment")
    thawed.unit_district[soldiers] = kronstadt  # infantry on the island: no ice in October, and no ship of its own
    reach = within_reach(thawed)
    assert reach[_unit(thawed, "kronstadt_sailors")] and not reach[soldiers]
    thawed.unit_commander[:] = -1
    thawed.unit_commander[soldiers] = _f(thawed, "right")
    assert thawed.scores()["right"] == pytest.approx(10 * thawed.legitimacy[_f(thawed, "right")])  # no armed share


def test_the_standing_splits_the_score_into_named_terms(october: Scenario) -> None:
    game = new_game(october, 1)
    scores = game.scores()
    for entry in standing.standings(game):
        assert entry.terms and entry.target > 0
        assert entry.score == pytest.approx(scores[entry.faction])
        assert entry.score == pytest.approx(sum(t.points for t in entry.terms))
        for term in entry.terms:
            assert term.label and term.moves and term.shown
            assert term.points == pytest.approx(term.weight * term.value)
    government = next(s for s in standing.standings(game) if s.faction == "government")
    assert [t.id for t in government.terms] == ["held_points", "armed_share"]
    assert government.in_race and not government.out_reason


def test_the_winners_title_is_good_english_for_any_name(february: Scenario) -> None:
    game = new_game(february, 1)
    assert standing.title(game) == "" and standing.verdict(game) == ""
    game.winner = _f(game, "tsarist")
    assert standing.title(game) == "The tsarist government won"
    game.winner = _f(game, "bolsheviks")
    assert standing.title(game) == "The Bolsheviks won"
    game.winner = -1
    assert standing.title(game) == "A draw"


def test_the_bolsheviks_do_not_sit_in_the_winter_palace_before_the_rising(october: Scenario) -> None:
    """A palace seized on 21-23 October is cleared at the end of the turn; from the 24th it can be kept."""
    from petrograd1917.engine.events import run as run_events

    palace = october.sites.index(next(s for s in october.sites if s.id == "winter_palace"))
    for day in (21, 22, 23):
        game = new_game(october, day)
        game.turn = next(t for t, when in enumerate(game.index.turn_dates) if when.day == day)
        game.site_holder[palace] = _f(game, "bolsheviks")
        run_events(game)
        assert game.site_holder[palace] == _f(game, "government"), day
    game = new_game(october, 1)
    game.turn = next(t for t, when in enumerate(game.index.turn_dates) if when.day == 24 and when.hour >= 6)
    game.site_holder[palace] = _f(game, "bolsheviks")
    run_events(game)
    assert game.site_holder[palace] == _f(game, "bolsheviks")


def test_the_abdication_and_a_new_government_end_february_at_once(february: Scenario) -> None:
    """Once the tsar has gone and a cabinet has been named there is nothing left to play for: the game ends that
    turn, measured against the objectives, and the tsarist side is out of the race."""
    from petrograd1917.engine.events import run as run_events

    game = new_game(february, 2)
    game.turn = next(t for t, when in enumerate(game.index.turn_dates) if when.day == 2 and when.month == 3)
    _give_army(game, "tsarist")  # the best score on paper, yet the tsar has gone
    game.flags.add("provisional_government")
    run_events(game)
    assert not game.is_over()  # a new cabinet alone does not end it while the tsar still reigns
    game.flags.add("abdication")
    run_events(game)
    assert game.is_over() and game.winner is not None and game.winner != _f(game, "tsarist")
    assert "abdicated" in game.over_reason and "measured against the objectives" in game.over_reason
    said = standing.verdict(game)
    assert " on points when the tsar abdicated and a new government took office, " in said, said
    assert "last turn" not in said


def test_the_verdict_says_what_ended_a_game_decided_on_points(february: Scenario) -> None:
    """'at the last turn' only when the calendar ran out; otherwise the cause, written to follow 'when'."""
    for reason, occasion in (
        (standing.LAST_TURN, " on points at the last turn, "),
        ("nobody acted for 3 turns", " on points when nobody acted for 3 turns, "),
    ):
        game = new_game(february, 1)
        finish_by_scores(game, reason)
        assert game.winner == _f(game, "tsarist") and occasion in standing.verdict(game), standing.verdict(game)
    game = new_game(february, 1)
    game.flags.add("abdication")
    game.site_holder[:] = -1  # nobody left in the race: a draw, with its occasion
    finish_by_scores(game, "the tsar abdicated")
    assert standing.verdict(game) == "A draw when the tsar abdicated: no side was left that could win on points."


def test_the_government_does_not_storm_smolny_before_the_24th(october: Scenario) -> None:
    """Before the small hours of 24 October the cabinet fought the MRC with ultimatums, not troops: in games between
    computer players it takes no site a rival holds (Smolny above all) before then, unless a premature rising has
    given it the cause (its `storm_if`); from the 24th it may."""
    from petrograd1917.ai.base import make_agent
    from petrograd1917.engine.actions import Action
    from petrograd1917.engine.legality import validate
    from petrograd1917.engine.listing import legal_actions
    from petrograd1917.engine.orders.base import IllegalActionError
    from petrograd1917.scenario.model import ActionKind

    dates = new_game(october, 0).index.turn_dates
    the_24th = next(t for t, when in enumerate(dates) if when.day == 24)
    for seed in range(6):
        game = new_game(october, seed)
        agents = {f.id: make_agent("heuristic", f.id, i) for i, f in enumerate(october.factions)}
        while not game.is_over() and game.turn < the_24th:
            game.apply(agents[game.current_faction].choose_action(game))
        rising = next((e.turn for e in game.log if e.kind == "event" and e.data["event"] == "premature_rising"), None)
        stormed = [e for e in game.log if e.kind == "seize" and e.faction == "government" and e.data.get("from")]
        assert all(rising is not None and e.turn >= rising for e in stormed), (seed, stormed[0].text)
        if rising is None:
            assert game.site_holder[_site(game, "smolny")] == _f(game, "bolsheviks"), seed
    game = new_game(october, 1)
    game.unit_district[_unit(game, "don_cossacks_1")] = game.index.district["rozhdestvensky"]
    storm = Action(ActionKind.SEIZE, "government", target="smolny")
    with pytest.raises(IllegalActionError, match="not until"):
        validate(game, storm)
    assert storm not in legal_actions(game, "government")
    game.turn = the_24th
    validate(game, storm)
    assert storm in legal_actions(game, "government")
