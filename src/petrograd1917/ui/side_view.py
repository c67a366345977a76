"""What the window may show one side: its observation (`engine.observation.observe`) and the game believed from it.

The map, its tooltips and the panels read a `SideView`, never the live `GameState`: the map and the tooltips read
the snapshot built from the observation, and the panels ask the engine (legal orders, previews and their odds,
standings, the figures of control, a card's consequences) about `world`, the game rebuilt from the observation
alone (`believed_state`: estimates for the loyalties the side cannot see, dice of its own). So the odds a tooltip
gives are the side's own reckoning, as a computer player's are, and nothing hidden from the side reaches the
screen: a game that differs only in what the side cannot see looks exactly the same.

Whose side: the human at the screen (in hot seat, the one the screen was last handed to); with only computer
players, the side whose turn it is (`PlayFlow.viewer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.engine.observation import Observation, believed_state, observe
from petrograd1917.ui.map_state import MapSnapshot, snapshot

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState

# The believed game's own dice: previews never draw, but a card's consequences are tried on a copy of it, so the
# generator is fixed for the same view to read the same.
WORLD_SEED = 1917


@dataclass(frozen=True, slots=True, eq=False)
class SideView:
    """One side's view: the observation, the map snapshot read from it, and the game believed from it."""

    observation: Observation
    snap: MapSnapshot
    world: GameState  # never the live game: read it, never apply to it

    @property
    def faction(self) -> str:
        return self.observation.faction


def side_view(state: GameState, faction: str) -> SideView:
    """What `faction` sees of `state` now (looking never changes the game)."""
    observation = observe(state, faction)
    world = believed_state(observation, np.random.default_rng(WORLD_SEED))
    return SideView(observation, snapshot(observation), world)
