"""The Gymnasium environment: one faction learns, built-in agents play the others.

`reset` starts a game and lets the opponents move until it is the learner's turn; `step(action)` applies the
learner's action and again lets the opponents move. The observation is the vector of `ObservationEncoding`; the
legal actions are in `info["action_mask"]` and `action_masks()` (the convention masked learners read). An action
that is not legal now is not applied: the learner passes instead (or gives the first answer when a card waits)
and `info["illegal"]` says so. Rewards are the learner's, from `rewards.py`, summed over the opponents' moves.
"""

from __future__ import annotations

from typing import Any, SupportsFloat

import gymnasium
import numpy as np
import numpy.typing as npt
from gymnasium import spaces

from petrograd1917.ai.base import Agent, make_agent
from petrograd1917.ai.value import standing
from petrograd1917.engine.game import new_game
from petrograd1917.engine.observation import observe
from petrograd1917.engine.state import GameState
from petrograd1917.env.aec import SEED_RANGE
from petrograd1917.env.encoding import action_encoding, observation_encoding
from petrograd1917.env.rewards import step_rewards
from petrograd1917.scenario.model import Scenario


class PetrogradEnv(gymnasium.Env[npt.NDArray[np.float32], np.int64]):
    metadata = {"render_modes": ["ansi"]}  # noqa: RUF012 (gymnasium declares it an instance attribute)

    def __init__(self, scenario: Scenario, faction: str, opponents: str | dict[str, str] = "heuristic",
                 render_mode: str | None = None) -> None:  # fmt: skip
        ids = [f.id for f in scenario.factions]
        if faction not in ids:
            raise ValueError(f"no faction '{faction}' in {scenario.id}; factions: {', '.join(ids)}")
        self.scenario = scenario
        self.faction = faction
        self.me = ids.index(faction)
        self.opponent_specs = (
            {f: opponents for f in ids if f != faction} if isinstance(opponents, str) else dict(opponents)
        )
        for spec in self.opponent_specs.values():
            make_agent(spec, faction, 0)  # a bad spec fails now, with the registry's message
        self.render_mode = render_mode
        self.actions = action_encoding(scenario)
        self.vectors = observation_encoding(scenario)
        self.observation_space = spaces.Box(0.0, 1.0, shape=(self.vectors.size,), dtype=np.float32)
        self.action_space = spaces.Discrete(self.actions.size)
        self.game: GameState | None = None
        self.opponents: dict[str, Agent] = {}

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None
              ) -> tuple[npt.NDArray[np.float32], dict[str, Any]]:  # fmt: skip
        super().reset(seed=seed)
        game_seed = int(self.np_random.integers(SEED_RANGE))
        self.game = new_game(self.scenario, game_seed)
        streams = np.random.SeedSequence(game_seed).spawn(len(self.scenario.factions))
        self.opponents = {f: make_agent(spec, f, streams[i]) for i, (f, spec) in enumerate(self.opponent_specs.items())}
        self._standing = standing(self.game)
        reward = self._opponents_move()
        return self._observation(), self._info(seed=game_seed, opening_reward=reward)

    def step(self, action: np.int64 | int) -> tuple[npt.NDArray[np.float32], SupportsFloat, bool, bool, dict[str, Any]]:
        game = self.game
        if game is None:
            raise RuntimeError("call reset() before step()")
        if game.is_over():
            raise RuntimeError("the game is over: call reset()")
        legal = game.legal_actions()
        chosen = self.actions.decode(int(action), self.faction)
        illegal = chosen not in legal
        game.apply(legal[0] if illegal else chosen)  # PASS is listed first; while a card waits, its first answer
        rewards, self._standing = step_rewards(self._standing, game)
        reward = float(rewards[self.me]) + self._opponents_move()
        info = self._info(illegal=illegal)
        if game.is_over():
            info["winner"] = game.outcome().winner
        return self._observation(), reward, game.is_over(), False, info

    def _opponents_move(self) -> float:
        """Let the others act until the learner is to move or the game ends; the learner's rewards meanwhile."""
        game = self.game
        assert game is not None
        total = 0.0
        while not game.is_over() and game.current_faction != self.faction:
            game.apply(self.opponents[game.current_faction].choose_action(game))
            rewards, self._standing = step_rewards(self._standing, game)
            total += float(rewards[self.me])
        return total

    def _observation(self) -> npt.NDArray[np.float32]:
        assert self.game is not None
        return self.vectors.encode(observe(self.game, self.faction))

    def action_masks(self) -> npt.NDArray[np.int8]:
        """1 where the action is legal for the learner now."""
        assert self.game is not None
        mine = not self.game.is_over() and self.game.current_faction == self.faction
        return self.actions.mask(self.game.legal_actions()) if mine else np.zeros(self.actions.size, dtype=np.int8)

    def _info(self, **extra: Any) -> dict[str, Any]:
        return {"action_mask": self.action_masks(), **extra}

    def render(self) -> str | None:
        if self.render_mode != "ansi" or self.game is None:
            return None
        scores = ", ".join(f"{f} {s:.2f}" for f, s in self.game.scores().items())
        return f"turn {self.game.turn}; scores: {scores}"
