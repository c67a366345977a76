"""One side's view of the game: exact for its own units, fixed estimates elsewhere, and nothing else hidden leaks.

The estimate's error belongs to the game (its seed) and the viewer: asking again, on another turn or in and out
of contact, never averages it away; other games' errors are unrelated; informants and contact shrink it but never
to nothing. The computer players read only this view: changing what a side cannot see does not change its moves.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.belief import view_of
from petrograd1917.ai.value import values
from petrograd1917.engine.observation import Observation, believed_state, drawn_seed, observe
from petrograd1917.engine.state import ARRAY_FIELDS, GameState
from petrograd1917.engine.visibility import GRID, _error_parts, clarity, visible_loyalties
from petrograd1917.scenario.model import Scenario


@pytest.fixture(scope="module")
def october() -> Scenario:
    return load_scenario("october-1917")


@pytest.fixture(scope="module")
def foggy(october: Scenario) -> Scenario:
    """October with a wide estimate spread, so the error's parts stand well clear of the reports' rounding."""
    return dataclasses.replace(october, rules=dataclasses.replace(october.rules, loyalty_noise=0.12))


def _played(scenario: Scenario, seed: int, moves: int) -> GameState:
    game = new_game(scenario, seed)
    agents = {f.id: make_agent("random", f.id, seed + i) for i, f in enumerate(scenario.factions)}
    for _ in range(moves):
        if game.is_over():
            break
        game.apply(agents[game.current_faction].choose_action(game))
    return game


def _hidden_error(state: GameState, faction: str) -> np.ndarray:
    seen = observe(state, faction)
    hidden = ~seen.loyalty_known & state.unit_alive
    return np.asarray(seen.unit_loyalty[hidden] - state.unit_loyalty[hidden])


def test_own_units_and_commissars_exact_others_estimated(october: Scenario) -> None:
    game = _played(october, 3, 40)
    for f, faction in enumerate(october.factions):
        seen = observe(game, faction.id)
        known = (game.unit_commander == f) | (game.unit_commissar == f)
        assert np.array_equal(seen.loyalty_known, known)
        assert np.array_equal(seen.unit_loyalty[known], game.unit_loyalty[known])
        assert not np.array_equal(seen.unit_loyalty[~known], game.unit_loyalty[~known])
        assert np.all(seen.unit_loyalty.sum(axis=1) <= 1.0 + 1e-9)
        assert np.all(seen.unit_loyalty >= 0.0)


def test_the_view_is_immutable_and_looking_changes_nothing(october: Scenario) -> None:
    game = _played(october, 4, 30)
    before = game.state_hash()
    seen = observe(game, "bolsheviks")
    assert game.state_hash() == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        seen.turn = 9  # type: ignore[misc]
    for name in ARRAY_FIELDS:
        with pytest.raises(ValueError, match="read-only"):
            getattr(seen, name)[...] = 0
    game.apply(game.legal_actions()[0])
    assert seen.same_view(observe(_played(october, 4, 30), "bolsheviks"))  # what was seen stays what it was


def test_every_state_array_is_in_the_view(october: Scenario) -> None:
    """A new per-game array must be placed in the view on purpose (public, or estimated like loyalty)."""
    names = {f.name for f in dataclasses.fields(Observation)}
    assert set(ARRAY_FIELDS) <= names


def test_the_believed_game_is_the_view_with_other_dice(october: Scenario) -> None:
    game = _played(october, 5, 25)
    seen = observe(game, game.current_faction)
    world = believed_state(seen, np.random.default_rng(0))
    assert world.legal_actions() == game.legal_actions()
    assert np.array_equal(world.unit_loyalty, seen.unit_loyalty)
    assert observe(world, game.current_faction).loyalty_known.tolist() == seen.loyalty_known.tolist()
    assert world.rng.bit_generator.state != game.rng.bit_generator.state


def test_the_believed_game_made_straight_from_the_state_is_the_one_made_from_the_view(october: Scenario) -> None:
    """`view_of` skips the view in between: its world is the same game (every field, the dice, the log and the
    record), and its hidden units those the view does not know, for the side to move at many moments of games
    with the search's worlds (every side in turn)."""
    for seed in (1, 2):
        game = new_game(october, seed)
        agents = {f.id: make_agent("random", f.id, seed + i) for i, f in enumerate(october.factions)}
        for move in range(160):
            if game.is_over():
                break
            if move % 3 == 0:
                seen = observe(game, game.current_faction)
                expected = believed_state(seen, np.random.default_rng(move))
                view = view_of(game, np.random.default_rng(move))
                world = view.world
                assert world.state_hash() == expected.state_hash()
                assert view.hidden.tolist() == np.flatnonzero(~seen.loyalty_known).tolist()
                for name in GameState.__slots__:
                    if name in ("_rng", "_rng_state"):
                        continue
                    mine, theirs = getattr(world, name), getattr(expected, name)
                    if isinstance(mine, np.ndarray):
                        assert mine.tobytes() == theirs.tobytes() and mine.flags.writeable, name
                    else:
                        assert mine == theirs and type(mine) is type(theirs), name
            game.apply(agents[game.current_faction].choose_action(game))


def _seen_numpy(state: GameState, viewer: int) -> np.ndarray:
    """`visible_loyalties` as whole-array numpy operations: the reference for the kernel's bits."""
    true = state.unit_loyalty
    parts = _error_parts(state.seed, viewer, true.shape, state.scenario.rules.loyalty_noise)
    informed, in_contact = clarity(state, viewer)
    error = parts[0] + np.where(informed[:, None], 0.0, parts[1]) + np.where(in_contact[:, None], 0.0, parts[2])
    seen = np.round(np.clip(true + error, 0.0, 1.0) / GRID) * GRID
    totals = seen.sum(axis=1, keepdims=True)
    seen = np.where(totals > 1.0, seen / np.maximum(totals, 1.0), seen)
    known = (state.unit_commander == viewer) | (state.unit_commissar == viewer)
    seen[known] = true[known]
    return np.asarray(seen)


def test_the_believed_game_of_a_game_keeping_no_record_keeps_its_own(october: Scenario) -> None:
    """A search's world keeps no record and shares its log; the game believed from it keeps a record, in a log of
    its own, as the one made from the view does."""
    game = _played(october, 5, 25)
    game.keeps_record = False
    world = view_of(game, np.random.default_rng(3)).world
    expected = believed_state(observe(game, game.current_faction), np.random.default_rng(3))
    assert world.keeps_record and expected.keeps_record
    assert world.log == expected.log == game.log and world.log is not game.log
    assert world.state_hash() == expected.state_hash()


def test_the_game_looked_at_gives_the_believed_games_odds_and_changes_nothing(october: Scenario) -> None:
    """`View.asked` hands out the game looked at with the side's loyalties until the believed game is built: the
    rules' odds of every listed order are those the believed game gives, and asking changes neither game."""
    game = new_game(october, 8)
    agents = {f.id: make_agent("random", f.id, 30 + i) for i, f in enumerate(october.factions)}
    asked = 0
    for move in range(120):
        if game.is_over():
            break
        actions = game.legal_actions()
        if move % 4 == 0:
            view = view_of(game, np.random.default_rng(move))
            before = game.state_hash()
            looked = view.asked()
            assert looked is not game and looked.unit_loyalty is view.loyalty
            odds = [looked.odds(action) for action in actions]
            assert view.asked() is looked and view.built is None  # the believed game is not built for odds
            assert odds == [view.world.odds(action) for action in actions]
            assert view.asked() is view.world  # once built, the believed game is asked
            assert game.state_hash() == before
            asked += len(actions)
        game.apply(agents[game.current_faction].choose_action(game))
    assert asked > 500


@pytest.mark.parametrize("bits", [np.random.PCG64, np.random.MT19937])
def test_a_drawn_seed_is_numpys_draw_and_leaves_the_generator_as_numpy_does(bits: type) -> None:
    """`drawn_seed` is `int(rng.integers(2**63))`, number and generator state, among other draws of every width."""
    mine, numpys = np.random.Generator(bits(11)), np.random.Generator(bits(11))
    for i in range(20_000):
        assert drawn_seed(mine) == int(numpys.integers(2**63))
        if i % 3 == 0:  # a 32-bit draw leaves half a word buffered
            assert mine.integers(7) == numpys.integers(7)
        if i % 5 == 0:
            assert mine.uniform(size=2).tolist() == numpys.uniform(size=2).tolist()
    assert mine.integers(2**62, size=50).tolist() == numpys.integers(2**62, size=50).tolist()  # in the same state


def test_the_compiled_estimates_are_the_numpy_estimates(october: Scenario, foggy: Scenario) -> None:
    """Every side's view of every unit, at many moments of games of a plain and a foggy city, to the bit; and
    `clarity` as the rule says (informants where the side's following reaches INFORMANT_INFLUENCE, contact where
    one of its own living units stands)."""
    for scenario in (october, foggy):
        for seed in (1, 2):
            game = _played(scenario, seed, 0)
            agents = {f.id: make_agent("random", f.id, seed + i) for i, f in enumerate(scenario.factions)}
            for move in range(200):
                if game.is_over():
                    break
                if move % 5 == 0:
                    for viewer in range(len(scenario.factions)):
                        assert visible_loyalties(game, viewer).tobytes() == _seen_numpy(game, viewer).tobytes()
                        informed, in_contact = clarity(game, viewer)
                        own = (game.unit_commander == viewer) & game.unit_alive
                        assert informed.tolist() == (game.influence[game.unit_district, viewer] >= 0.25).tolist()
                        assert in_contact.tolist() == np.isin(game.unit_district, game.unit_district[own]).tolist()
                game.apply(agents[game.current_faction].choose_action(game))


def test_asking_again_over_turns_never_averages_the_error_away(foggy: Scenario) -> None:
    """The old leak: fresh noise each turn, so the mean of many looks converged on the truth. Now the same truth
    seen on thirty turns gives thirty identical estimates: their mean is no closer than one look."""
    game = _played(foggy, 6, 20)
    first = _hidden_error(game, "bolsheviks")
    looks = []
    for turn in range(30):
        again = game.clone()
        again.turn = turn
        looks.append(_hidden_error(again, "bolsheviks"))
    assert np.abs(first).mean() > 0.03
    for look in looks:
        assert np.array_equal(look, first)
    assert np.abs(np.mean(looks, axis=0)).mean() == pytest.approx(np.abs(first).mean())


def test_the_error_persists_as_the_game_goes_on(foggy: Scenario) -> None:
    """Over a played game, a unit's error before and after many turns is the same draw (while nothing was
    learnt about it): the correlation of the two is high, where fresh draws would be unrelated."""
    game = _played(foggy, 7, 0)
    later = _played(foggy, 7, 160)
    assert later.turn > game.turn + 3
    parts = _error_parts(game.seed, 0, game.unit_loyalty.shape, foggy.rules.loyalty_noise)
    parts_later = _error_parts(later.seed, 0, later.unit_loyalty.shape, foggy.rules.loyalty_noise)
    n = game.n_units
    assert np.array_equal(parts, parts_later[:, :n])  # the same error, not a fresh one
    early, late = _hidden_error(game, "bolsheviks"), _hidden_error(later, "bolsheviks")
    assert np.abs(early).mean() > 0.03 and np.abs(late).mean() > 0.03


def test_other_games_have_unrelated_errors(foggy: Scenario) -> None:
    """Learning the error in one game (say, by sending a commissar) tells nothing of another's: across seeds the
    errors are uncorrelated; the same seed (a replay, a reloaded save) gives the same error."""
    base = _hidden_error(new_game(foggy, 1), "bolsheviks").ravel()
    assert np.array_equal(base, _hidden_error(new_game(foggy, 1), "bolsheviks").ravel())
    others = [_hidden_error(new_game(foggy, s), "bolsheviks").ravel() for s in range(2, 12)]
    correlations = [np.corrcoef(base, other)[0, 1] for other in others]
    assert abs(float(np.mean(correlations))) < 0.2


def _rms_by_clarity(scenario: Scenario, informed: bool, contact: bool) -> float:
    """Root-mean-square error of the bolsheviks' estimates of the units they cannot see, over many games, with
    informants and contact set by hand (shares between 0.1 and 0.9, away from the clipping at 0 and 1)."""
    errors = []
    bolsheviks = 1
    for seed in range(60):
        game = new_game(scenario, seed)
        game.influence[:, bolsheviks] = 0.9 if informed else 0.0
        own = np.flatnonzero(game.unit_commander == bolsheviks)
        others = np.flatnonzero(game.unit_commander != bolsheviks)
        game.unit_district[own] = 0
        game.unit_district[others] = 0 if contact else 1 + np.arange(len(others)) % 3
        game.unit_commissar[:] = -1
        assert clarity(game, bolsheviks)[0][others].all() == informed
        assert clarity(game, bolsheviks)[1][others].all() == contact
        seen = observe(game, "bolsheviks")
        truth = game.unit_loyalty[others]
        middle = (truth > 0.1) & (truth < 0.9)
        errors.append((seen.unit_loyalty[others] - truth)[middle])
    return float(np.sqrt(np.mean(np.concatenate(errors) ** 2)))


def test_informants_and_contact_sharpen_the_estimate_but_never_to_the_truth(foggy: Scenario) -> None:
    blind = _rms_by_clarity(foggy, informed=False, contact=False)
    informed = _rms_by_clarity(foggy, informed=True, contact=False)
    in_contact = _rms_by_clarity(foggy, informed=False, contact=True)
    both = _rms_by_clarity(foggy, informed=True, contact=True)
    assert blind > informed > both
    assert blind > in_contact > both
    assert both > 0.03  # the residue: moving in and out of contact never solves for the truth


def test_a_commissar_reveals_the_truth(october: Scenario) -> None:
    game = new_game(october, 2)
    bolsheviks = 1
    target = int(np.flatnonzero(game.unit_commander != bolsheviks)[0])
    game.unit_commissar[target] = bolsheviks
    assert np.array_equal(observe(game, "bolsheviks").unit_loyalty[target], game.unit_loyalty[target])


def _hidden_twin(state: GameState, faction: str) -> GameState:
    """A game the side cannot tell from `state`: other dice, and every hidden loyalty share moved (down, within
    the band its report rounds to) — a different truth behind the same reports."""
    twin = state.clone()
    twin.rng = np.random.Generator(np.random.PCG64(987654321))
    viewer = state.index.faction[faction]
    parts = _error_parts(state.seed, viewer, state.unit_loyalty.shape, state.scenario.rules.loyalty_noise)
    informed, in_contact = clarity(state, viewer)
    error = parts[0] + np.where(informed[:, None], 0.0, parts[1]) + np.where(in_contact[:, None], 0.0, parts[2])
    truth = state.unit_loyalty
    report = np.round(np.clip(truth + error, 0.0, 1.0) / GRID) * GRID
    lowest = np.where(report > 0, np.maximum(report - GRID / 2 - error, 0.0) + 1e-6, 0.0)
    moved = lowest + 0.1 * (truth - lowest)
    hidden = ~observe(state, faction).loyalty_known
    twin.unit_loyalty[hidden] = moved[hidden]
    return twin


@pytest.mark.parametrize("spec", ["random", "heuristic", "heuristic:plain", "mcts:easy"])
def test_an_agents_choices_do_not_change_when_only_hidden_facts_change(october: Scenario, spec: str) -> None:
    for seed in (11, 12):
        game = _played(october, seed, 30 + seed)
        faction = game.current_faction
        twin = _hidden_twin(game, faction)
        assert observe(game, faction).same_view(observe(twin, faction))
        assert np.abs(twin.unit_loyalty - game.unit_loyalty).max() > 0.02  # the truth did change
        assert twin.rng.bit_generator.state != game.rng.bit_generator.state
        assert not np.allclose(values(game), values(twin))  # an evaluator reading the truth would tell them apart
        picks = [make_agent(spec, faction, 77).choose_action(g) for g in (game, twin)]
        assert picks[0] == picks[1]
