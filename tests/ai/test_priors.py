"""The priors' slots: every order the engine lists has a slot of its own, in the block of its kind."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai import priors
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.belief import view_of
from petrograd1917.ai.priors import GROUPS, Situation, best_first
from petrograd1917.engine.listing import listed_places
from petrograd1917.engine.observation import looked_at
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind

NOTHING = (ActionKind.PASS, ActionKind.CHOOSE)


def random_game(seed: int, moves: int, name: str = "october-1917", agents_seed: int = 0) -> Iterator[GameState]:
    """A game between random agents (seeded from `agents_seed` on): the game before each of its first `moves`
    moves (fewer if it ends)."""
    scenario = load_scenario(name)
    game = new_game(scenario, seed)
    agents = {f.id: make_agent("random", f.id, agents_seed + i) for i, f in enumerate(scenario.factions)}
    for _ in range(moves):
        if game.is_over():
            return
        yield game
        game.apply(agents[game.current_faction].choose_action(game))


def test_each_legal_action_has_its_own_slot_of_its_kind() -> None:
    kinds_seen: set[ActionKind] = set()
    for game in random_game(5, 300):
        legal = game.legal_actions()
        layout = Situation.of(game).layout
        slots = layout.slots(legal).tolist()
        orders = [slot for a, slot in zip(legal, slots, strict=True) if a.kind not in NOTHING]
        assert len(set(orders)) == len(orders)  # PASS and the event answers share the slot worth nothing
        for action, slot in zip(legal, slots, strict=True):
            kind = GROUPS[int(layout.group[slot])][1]
            assert kind is action.kind or (kind is ActionKind.PASS and action.kind is ActionKind.CHOOSE)
            kinds_seen.add(action.kind)
    assert len(kinds_seen) >= 12  # the game went through most kinds of order


def test_slots_stay_right_when_the_layout_starts_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """With room for a few hundred actions only, the kept entries are dropped again and again: every slot found is
    still the action's own (its kind's block, the one `_slot` works out), whether found kept or afresh."""
    monkeypatch.setattr(priors, "SLOTS_KEPT", 300)
    for game in random_game(6, 120):
        legal = game.legal_actions()
        layout = Situation.of(game).layout
        for _ in range(2):  # afresh, then (where the entries were not dropped meanwhile) kept
            assert layout.slots(legal).tolist() == [layout._slot(a) for a in legal]
        assert len(layout.found) <= 300 + len(legal)


def test_slots_found_by_place_are_those_found_by_action() -> None:
    """The heuristic finds its slots by where the listing put each action (`listing.listed_places`): the same slot
    as by the action itself, for every side's lists of a game, places first seen and places seen before alike."""
    for game in random_game(7, 300):
        legal = game.legal_actions()
        places = listed_places(game)
        if game.pending_choice is None:
            assert places is not None and len(places) == len(legal)
            layout = Situation.of(game).layout
            for _ in range(2):  # places first seen, then found
                found = layout.found_at(game.current_faction_index, places, legal)[places]
                assert found.tolist() == [layout._slot(a) for a in legal]


def test_the_best_first_are_the_head_of_a_stable_sort() -> None:
    """`best_first` is `np.argsort(-priors, kind="stable")[:k]`, ties (signed zeros, infinities, repeats) in index
    order, for lists long and short and every k up to past their length."""
    rng = np.random.default_rng(4)
    for n in (1, 2, 3, 5, 40, 180):
        for _ in range(40):
            priors = rng.choice([-np.inf, -1.0, -0.0, 0.0, 0.5, 1.0, np.inf], size=n)
            drawn = rng.random(n) < 0.5
            priors[drawn] = rng.normal(size=int(drawn.sum()))
            for k in (1, 2, 3, n, n + 2):
                assert best_first(priors, k).tolist() == np.argsort(-priors, kind="stable")[:k].tolist()


@pytest.mark.parametrize("name", ["october-1917", "february-1917"])
def test_no_seizure_or_arrest_has_better_odds_than_its_base(name: str) -> None:
    """What the priors' ceiling for their odds stands on (`priors.BELOW_BASE`), to within a rounding (the ceiling's
    room for rounding, a billionth, covers it many times over)."""
    scenario = load_scenario(name)
    asked = 0
    for seed in range(3):
        game = new_game(scenario, seed)
        agents = {f.id: make_agent("random", f.id, seed * 10 + i) for i, f in enumerate(scenario.factions)}
        while not game.is_over():
            for action in game.legal_actions():
                if action.kind in priors.BELOW_BASE:
                    most = min(game.index.rules[action.kind].base_odds, 1.0)
                    assert game.odds(action) <= most * (1.0 + 1e-12), action
                    asked += 1
            game.apply(agents[game.current_faction].choose_action(game))
    assert asked > 50


@pytest.mark.parametrize("name", ["october-1917", "february-1917"])
def test_the_priors_read_of_the_loyalties_only_the_sides_own_units(name: str) -> None:
    """A decision's priors are handed the game's own loyalties (`Situation.seen`): the kernel reads only the rows of
    the side's own units, which every side sees as they are, so they are to the bit the priors worked out on the
    loyalties the side sees (its estimates of every other unit), and the estimates are not worked out for them."""
    differ = 0
    for move, game in enumerate(random_game(9, 150, name, agents_seed=40)):
        actions = game.legal_actions()
        if move % 3 == 0 and len(actions) > 1:
            view = view_of(game, np.random.default_rng(move))
            noise = np.random.default_rng(move).random(len(actions))
            mine, mine_best = priors.best_priors(Situation.seen(view), actions, 3, noise, listed_places(game))
            assert view.sight is None or view.looking is not None  # the estimates only for the rules' odds
            seen = looked_at(game, view.loyalty)
            theirs, theirs_best = priors.best_priors(Situation.of(seen), actions, 3, noise)
            assert mine.tobytes() == theirs.tobytes() and mine_best == theirs_best
            differ += not np.array_equal(view.loyalty, game.unit_loyalty)
    assert differ > 10
