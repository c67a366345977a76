"""Rewards for learning agents, from the victory standing.

A faction's standing is how it stands in the race the game is decided by, in the engine's own figures
(`ai.value.standing`: each faction's score over its target, `engine/outcome.py`, and whether it is still in the
race, `engine/standing.py`'s `in_race`, the two things the winner at the last turn is picked by): 0.5 plus half
its lead over the best rival still in the race, clipped to [0, 1], and 0 once it is out of the race. After every
step each faction is rewarded the change in its standing since the previous step, so the rewards of a game add up
to its final standing minus its first. When the game ends the winner also gets +1 and every other faction -1 (a
draw: 0).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from petrograd1917.ai.value import standing

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState

FloatArray = npt.NDArray[np.float64]
WIN = 1.0


def step_rewards(before: FloatArray, state: GameState) -> tuple[FloatArray, FloatArray]:
    """(rewards for the step that led to `state`, the standing to compare the next step with)."""
    after = standing(state)
    rewards = after - before
    if state.is_over() and state.winner is not None and state.winner >= 0:
        bonus = np.full(len(after), -WIN)
        bonus[state.winner] = WIN
        rewards = rewards + bonus
    return rewards, after
