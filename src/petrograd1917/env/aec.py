"""The PettingZoo AEC environment: every faction is an agent, acting in the engine's own order.

A faction usually acts several times in a row (one action per step while its action points last), and the one who
answers an event card acts out of turn: `agent_selection` is always the engine's faction to move. Each agent's
observation is a dict: `observation`, the vector `ObservationEncoding` builds from `observe(state, faction)`, and
`action_mask`, 1 where an action of the fixed encoding is legal for it now (all 0 when it is not its move).
Rewards: `rewards.py`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv

from petrograd1917.ai.value import standing
from petrograd1917.engine.game import new_game
from petrograd1917.engine.observation import observe
from petrograd1917.engine.state import GameState
from petrograd1917.env.encoding import action_encoding, observation_encoding
from petrograd1917.env.rewards import step_rewards
from petrograd1917.scenario.model import Scenario

SEED_RANGE = 2**63


class PetrogradAEC(AECEnv[str, dict[str, Any], int]):  # type: ignore[misc]  # pettingzoo ships no type hints
    metadata: ClassVar[dict[str, Any]] = {
        "name": "petrograd1917_v0",
        "render_modes": ["ansi"],
        "is_parallelizable": False,
    }

    def __init__(self, scenario: Scenario, render_mode: str | None = None, max_steps: int = 100_000) -> None:
        super().__init__()
        self.scenario = scenario
        self.render_mode = render_mode
        self.max_steps = max_steps
        self.actions = action_encoding(scenario)
        self.vectors = observation_encoding(scenario)
        self.possible_agents = [f.id for f in scenario.factions]
        box = spaces.Box(0.0, 1.0, shape=(self.vectors.size,), dtype=np.float32)
        mask = spaces.Box(0, 1, shape=(self.actions.size,), dtype=np.int8)
        self.observation_spaces = {
            a: spaces.Dict({"observation": box, "action_mask": mask}) for a in self.possible_agents
        }
        self.action_spaces = {a: spaces.Discrete(self.actions.size) for a in self.possible_agents}
        self.state_: GameState | None = None
        self._seeds = np.random.SeedSequence()

    def observation_space(self, agent: str) -> spaces.Space[Any]:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space[Any]:
        return self.action_spaces[agent]

    @property
    def game(self) -> GameState:
        """The game being played (reset first)."""
        if self.state_ is None:
            raise RuntimeError("call reset() before using the environment")
        return self.state_

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        if seed is not None:
            self._seeds = np.random.SeedSequence(seed)
        game_seed = int(self._seeds.spawn(1)[0].generate_state(1, np.uint64)[0]) % SEED_RANGE
        self.state_ = new_game(self.scenario, game_seed)
        self.agents = list(self.possible_agents)
        self.rewards = dict.fromkeys(self.agents, 0.0)
        self._cumulative_rewards = dict.fromkeys(self.agents, 0.0)
        self.terminations = dict.fromkeys(self.agents, False)
        self.truncations = dict.fromkeys(self.agents, False)
        self.infos: dict[str, dict[str, Any]] = {a: {"seed": game_seed} for a in self.agents}
        self._standing = standing(self.state_)
        self._steps = 0
        self.agent_selection = self.state_.current_faction

    def observe(self, agent: str) -> dict[str, Any]:
        game = self.game
        mine = not game.is_over() and game.current_faction == agent
        mask = self.actions.mask(game.legal_actions()) if mine else np.zeros(self.actions.size, dtype=np.int8)
        return {"observation": self.vectors.encode(observe(game, agent)), "action_mask": mask}

    def step(self, action: int | None) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        game = self.game
        if action is None:
            raise ValueError(f"{agent} must act: None is only for agents whose game has ended")
        chosen = self.actions.decode(int(action), agent)
        legal = game.legal_actions()
        if chosen not in legal:
            raise ValueError(f"action {action} ({chosen.kind.value}) is not legal for {agent} now; use the mask")
        self._cumulative_rewards[agent] = 0.0
        game.apply(chosen)
        self._steps += 1
        rewards, self._standing = step_rewards(self._standing, game)
        self.rewards = {a: float(r) for a, r in zip(self.possible_agents, rewards, strict=True)}
        if game.is_over():
            self.terminations = dict.fromkeys(self.agents, True)
            winner = game.outcome().winner
            for a in self.agents:
                self.infos[a] = {**self.infos[a], "winner": winner}
        elif self._steps >= self.max_steps:
            self.truncations = dict.fromkeys(self.agents, True)
        self._accumulate_rewards()
        if game.is_over() or self._steps >= self.max_steps:
            self.agent_selection = self.agents[0]  # each ended agent steps once with None to leave
        else:
            self.agent_selection = game.current_faction

    def render(self) -> str | None:
        if self.render_mode != "ansi" or self.state_ is None:
            return None
        game = self.game
        scores = ", ".join(f"{f} {s:.2f}" for f, s in game.scores().items())
        return f"turn {game.turn}, {game.current_faction} to move; scores: {scores}"

    def close(self) -> None:
        self.state_ = None
