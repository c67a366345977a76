"""The window shows a side only what it can see: the map, every tooltip and every panel read the side's observation
(and the game believed from it), so a game that differs only in hidden facts (the true loyalty of units the side
neither commands nor watches, and the dice) looks exactly the same, pixel for pixel and text for text."""

from __future__ import annotations

from typing import Any

import numpy as np
import pygame
import pygame_gui
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine.observation import observe
from petrograd1917.engine.state import GameState
from petrograd1917.ui.app import App
from petrograd1917.ui.panels_actions import Selection
from petrograd1917.ui.rules_text import control_html, odds_explained
from petrograd1917.ui.scene_game import GameScene
from petrograd1917.ui.session import AI_LEVELS, HUMAN, GameSession
from petrograd1917.ui.side_view import side_view

SCALES = (0.98, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6)  # moves tried on each hidden loyalty row, the largest kept


def played(name: str, seed: int, moves: int, to_move: str | None = None) -> GameState:
    """A game after `moves` random orders, played on until `to_move` is to move (with no card waiting)."""
    state = new_game(load_scenario(name), seed)
    rng = np.random.default_rng(seed)
    for n in range(10 * moves):
        if n >= moves and to_move in (None, state.current_faction) and state.pending_choice is None:
            break
        legal = state.legal_actions()
        state.apply(legal[int(rng.integers(len(legal)))])
    assert not state.is_over()
    return state


def hidden_twin(state: GameState, faction: str) -> GameState:
    """A game `faction` cannot tell from `state`: other dice, and each share of loyalty it cannot see scaled down as
    far as the side's report of it stays the same."""
    twin = state.clone()
    twin.rng = np.random.Generator(np.random.PCG64(4242))
    seen = observe(state, faction)
    hidden = ~seen.loyalty_known
    for scale in SCALES:
        trial = state.clone()
        trial.unit_loyalty[hidden] *= scale
        same = hidden[:, None] & (observe(trial, faction).unit_loyalty == seen.unit_loyalty)
        twin.unit_loyalty[same] = trial.unit_loyalty[same]
    told = np.any(observe(twin, faction).unit_loyalty != seen.unit_loyalty, axis=1)  # a report scaled as a row
    twin.unit_loyalty[told] = state.unit_loyalty[told]
    assert observe(twin, faction).same_view(seen)
    return twin


def shown(app: App, scene: GameScene) -> list[Any]:
    """Everything the game screen shows: the pixels, every hover on the map, and for every selection the details
    panel and each order's row and tooltip, with the status bar and the standing panel."""
    scene.select(None)
    scene.refresh()
    app.run_frames(1)
    seen: list[Any] = [pygame.image.tobytes(app.window, "RGB")]
    assert scene.map._tokens is not None
    seen += [scene.hover_text(hit) for _, hit in scene.map._tokens.hits]
    scenario = scene.session.scenario
    selections = [None] + [Selection("district", d.id) for d in scenario.districts]
    selections += [Selection("unit", u.id) for u in scene.snap.units]
    selections += [Selection("site", s.id) for s in scenario.sites]
    for selection in selections:
        scene.select(selection)
        buttons = [e for e in scene.parts["actions"] if isinstance(e, pygame_gui.elements.UIButton)]
        seen += [scene.details_box.html_text, [(b.text, b.tool_tip_text) for b in buttons]]
    seen += [scene.status_shown, scene.standing]
    return seen


@pytest.mark.parametrize(("name", "seed", "human"), [("october-1917", 5, "bolsheviks"), ("february-1917", 8, "soviet")])
def test_changing_only_hidden_facts_leaves_the_screen_unchanged(
    fast_app: App, monkeypatch: pytest.MonkeyPatch, name: str, seed: int, human: str
) -> None:
    monkeypatch.setattr(pygame.time, "get_ticks", lambda: 1000)  # the map's pulse stands still
    game = played(name, seed, 40, human)
    twin = hidden_twin(game, human)
    assert np.abs(twin.unit_loyalty - game.unit_loyalty).max() > 0.02  # the truth did change
    # a window reading the truth would tell them apart: the force behind control, or an order's odds
    districts = [d.id for d in game.scenario.districts]
    leaks = sum(control_html(game, d) != control_html(twin, d) for d in districts)
    leaks += sum(odds_explained(game, a) != odds_explained(twin, a) for a in game.legal_actions())
    assert leaks > 0
    controllers = {f.id: HUMAN if f.id == human else AI_LEVELS["easy"] for f in game.scenario.factions}
    session = GameSession(game.scenario, game, seed, controllers)
    scene = GameScene(fast_app, session)
    fast_app.reset(scene)
    fast_app.run_frames(2)
    assert fast_app.top is scene and scene.viewer == human
    first = shown(fast_app, scene)
    assert shown(fast_app, scene) == first  # the screen is steady: a difference below comes from the game
    session.state = twin
    assert shown(fast_app, scene) == first


def test_the_panels_read_the_believed_game_never_the_live_one() -> None:
    game = played("october-1917", 6, 30)
    view = side_view(game, "bolsheviks")
    assert view.world is not game and view.faction == "bolsheviks"
    assert view.world.legal_actions() == game.legal_actions()  # what a side may order is no secret
    assert np.array_equal(view.world.unit_loyalty, view.observation.unit_loyalty)  # estimates, not the truth
    assert not np.array_equal(view.world.unit_loyalty, game.unit_loyalty)
    looked = side_view(game, "bolsheviks")  # looking again reads the same, and never changes the game
    assert np.array_equal(looked.world.unit_loyalty, view.world.unit_loyalty) and looked.snap == view.snap
    assert game.state_hash() == played("october-1917", 6, 30).state_hash()


def test_whose_eyes_the_window_uses() -> None:
    """The human at the screen; with only computer players, the side whose turn it is."""
    scenario = load_scenario("october-1917")
    watched = GameSession.new(scenario, 3, {f.id: AI_LEVELS["easy"] for f in scenario.factions})
    for _ in range(12):
        assert watched.viewer == watched.state.current_faction
        watched.computer_move()
    solo = GameSession.new(scenario, 3, {f.id: HUMAN if f.id == "bolsheviks" else "random" for f in scenario.factions})
    for _ in range(30):
        assert solo.viewer == "bolsheviks"
        if solo.human_to_move:
            solo.end_turn()
        else:
            solo.computer_move()


@pytest.mark.parametrize("human", [None, "bolsheviks"])
def test_the_standing_panel_says_you_only_to_a_human(fast_app: App, human: str | None) -> None:
    """A watched computer game marks the side whose eyes the map uses "(view)", and never calls it "you"."""
    game = played("october-1917", 4, 10, human)
    controllers = {f.id: HUMAN if f.id == human else AI_LEVELS["easy"] for f in game.scenario.factions}
    scene = GameScene(fast_app, GameSession(game.scenario, game, 4, controllers))
    fast_app.reset(scene)
    fast_app.run_frames(1)
    marked = {row.faction: row.label for row in scene.standing if "(" in row.label}
    expected = "(you)" if human else "(view)"
    assert list(marked) == [scene.viewer] and marked[scene.viewer].endswith(expected)
