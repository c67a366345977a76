"""The historical agent: answers event cards as 1917 did, and otherwise plays like the agent it wraps.

`historical:heuristic` (or `historical:random`, `historical:mcts`) is what the calibration runs use: with every
card answered the historical way, the games can be set beside the history. It lives among the built-in agents so
that any fresh process (a batch worker, a Dask worker) knows the spec without importing the history command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.ai.base import Agent, AgentSpecError, make_agent, register_agent

if TYPE_CHECKING:
    from petrograd1917.engine.actions import Action
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Event

HISTORICAL = "historical"


def historical_choice(event: Event) -> str:
    """The choice marked `historical`; a scenario that marks none falls back to its highest `ai_weight`."""
    marked = next((choice for choice in event.choices if choice.historical), None)
    return (marked or max(event.choices, key=lambda choice: choice.ai_weight)).id


class HistoricalAgent:
    """Wraps another agent; on an event card it picks the historical answer, otherwise the inner agent plays."""

    def __init__(self, faction: str, inner: Agent) -> None:
        self.faction = faction
        self.inner = inner
        self.spec = f"{HISTORICAL}:{inner.spec}"

    def choose_action(self, state: GameState) -> Action:
        pending = state.pending_choice
        if pending is None:
            return self.inner.choose_action(state)
        event = next(e for e in state.scenario.events if e.id == pending.event)
        answer = historical_choice(event)
        return next(a for a in state.legal_actions() if a.choice == answer)


def _build(faction: str, rng: np.random.Generator, options: dict[str, str]) -> HistoricalAgent:
    inner_spec = options.pop("level", "heuristic")
    if options:
        raise AgentSpecError(f"{HISTORICAL}: takes only the inner agent, e.g. {HISTORICAL}:heuristic")
    return HistoricalAgent(faction, make_agent(inner_spec, faction, rng))


register_agent(HISTORICAL, _build)
