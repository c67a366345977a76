"""A determinized world redraws only what its side cannot see: the hidden units' loyalties, around the estimates,
clipped and scaled as the numpy form does to the bit (kept here as the reference), with the same draws from the
searcher's generator; the rest of the world is the believed one."""

from __future__ import annotations

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.belief import View, determinize, view_of
from petrograd1917.engine.listing import listed_form


def _redrawn_numpy(view: View, rng: np.random.Generator) -> np.ndarray:
    loyalty = view.world.unit_loyalty.copy()
    rows = view.believed + rng.normal(0.0, view.spread, size=view.believed.shape)
    rows = np.minimum(np.maximum(rows, 0.0), 1.0)
    rows /= np.maximum(rows.sum(axis=1, keepdims=True), 1.0)
    loyalty[view.hidden] = rows
    return loyalty


@pytest.mark.parametrize("name", ["october-1917", "february-1917"])
def test_a_world_redraws_the_hidden_loyalties_as_numpy_did(name: str) -> None:
    scenario = load_scenario(name)
    game = new_game(scenario, 4)
    agents = {f.id: make_agent("random", f.id, i) for i, f in enumerate(scenario.factions)}
    redrawn = 0
    for move in range(300):
        if game.is_over():
            break
        if move % 3 == 0:
            view = view_of(game, np.random.default_rng(move))
            world = determinize(view, np.random.default_rng(move + 1))
            assert world.unit_loyalty.tobytes() == _redrawn_numpy(view, np.random.default_rng(move + 1)).tobytes()
            known = np.setdiff1d(np.arange(game.n_units), view.hidden)
            assert np.array_equal(world.unit_loyalty[known], view.world.unit_loyalty[known])
            assert np.all(world.unit_loyalty.sum(axis=1) <= 1.0 + 1e-12)
            redrawn += len(view.hidden)
        game.apply(agents[game.current_faction].choose_action(game))
    assert redrawn > 100


def test_the_last_world_of_a_view_is_its_own_world_redrawn_as_a_clone_of_it_would_be() -> None:
    """`determinize(..., last=True)` spends the view: the world it gives is the view's own, and it is the world a
    clone of it would have become (every field, the dice and the mode)."""
    scenario = load_scenario("october-1917")
    game = new_game(scenario, 6)
    agents = {f.id: make_agent("random", f.id, i) for i, f in enumerate(scenario.factions)}
    for move in range(120):
        if move % 10 == 0:
            cloned = determinize(view_of(game, np.random.default_rng(move)), np.random.default_rng(move + 1))
            view = view_of(game, np.random.default_rng(move))
            listed = view.world.legal_actions()[-1]
            assert listed_form(view.world, listed) is not None  # the list spares its orders their check ...
            drawn = determinize(view, np.random.default_rng(move + 2))
            assert listed_form(drawn, listed) is not None  # ... in every world drawn from the view
            spent = determinize(view, np.random.default_rng(move + 1), last=True)
            assert spent is view.world and spent.state_hash() == cloned.state_hash()
            assert not spent.keeps_record and spent.log == cloned.log and spent.series == cloned.series
            assert listed_form(spent, listed) is not None  # (no check of what may be ordered reads a loyalty)
        game.apply(agents[game.current_faction].choose_action(game))


def test_the_last_world_of_a_view_never_built_is_the_believed_world_redrawn_but_for_its_record() -> None:
    """A view whose believed game was never built (a decision that asked no odds of it) draws its last world
    straight from the game looked at, without building the believed game: the same world to the rules as the
    believed game redrawn (every hashed field, the dice), the same log, the record's figures as they were."""
    scenario = load_scenario("october-1917")
    game = new_game(scenario, 7)
    agents = {f.id: make_agent("random", f.id, i) for i, f in enumerate(scenario.factions)}
    for move in range(120):
        if move % 10 == 0:
            built = view_of(game, np.random.default_rng(move))
            assert built.world.keeps_record  # the believed game, built
            believed = determinize(built, np.random.default_rng(move + 1), last=True)
            assert believed is built.world
            view = view_of(game, np.random.default_rng(move))
            listed = game.legal_actions()[-1]
            spent = determinize(view, np.random.default_rng(move + 1), last=True)
            assert view.built is None and spent is not game and spent.unit_loyalty is view.loyalty
            assert spent.state_hash() == believed.state_hash() and spent.seed == believed.seed
            assert not spent.keeps_record and spent.log == believed.log
            assert {key: list(v) for key, v in spent.series.items()} == {
                key: list(v) for key, v in believed.series.items()
            }
            assert listed_form(spent, listed) is not None
        game.apply(agents[game.current_faction].choose_action(game))
