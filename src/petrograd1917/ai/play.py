"""Playing a game to its end between agents: the loop the batch runner, the calibration command and tests share; and
the warm-up that compiles the engine's and the players' kernels before anyone waits on them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.ai.base import Agent, make_agent
from petrograd1917.ai.priors import best_first
from petrograd1917.engine import game
from petrograd1917.engine.compiled import COMPILED

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Scenario


class RunawayGameError(RuntimeError):
    """A game that did not end within its action budget: an engine or agent bug, reported rather than hung on."""


def play_out(state: GameState, agents: Mapping[str, Agent], max_actions: int = 100_000) -> int:
    """Let each faction's agent act until the game is over; returns the number of actions applied."""
    for count in range(max_actions):
        if state.is_over():
            return count
        state.apply(agents[state.current_faction].choose_action(state))
    if state.is_over():
        return max_actions
    raise RunawayGameError(f"game not over after {max_actions} actions (turn {state.turn})")


def warm_up(scenario: Scenario) -> None:
    """`engine.game.warm_up`, then the heuristic's decisions on a throwaway game (its own seeds) until every side
    has moved once (a side that sees every unit's loyalty redraws none), so that numba compiles the computer
    players' kernels too (their view, priors and position values, which the search shares), or loads them from
    its disk cache, before a player waits on its first think; and the priors' ranking, which a decision calls
    itself only when the rules' odds come into its best few (`priors.best_priors`), which these moves may not
    reach. Nothing to do for plain Python."""
    game.warm_up(scenario)
    if not COMPILED:
        return
    state = game.new_game(scenario, 0)
    agents = {f.id: make_agent("heuristic", f.id, i) for i, f in enumerate(scenario.factions)}
    moved: set[str] = set()
    while not state.is_over() and len(moved) < len(agents):
        moved.add(state.current_faction)
        state.apply(agents[state.current_faction].choose_action(state))
    best_first(np.zeros(1), 1)
