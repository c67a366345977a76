"""The research door: the game as a PettingZoo AEC environment and as a Gymnasium environment (docs/ai-research.md).

Both need the optional extra `petrograd1917[rl]` (pettingzoo and gymnasium); the encodings themselves do not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from petrograd1917.scenario.loader import load_scenario

if TYPE_CHECKING:
    from petrograd1917.env.aec import PetrogradAEC
    from petrograd1917.env.single import PetrogradEnv


def env(scenario: str = "october-1917", **options: Any) -> PetrogradAEC:
    """A PettingZoo AEC environment in which every faction is an agent. Options: `render_mode` ("ansi"),
    `max_steps` (actions before the game is truncated)."""
    from petrograd1917.env.aec import PetrogradAEC

    return PetrogradAEC(load_scenario(scenario), **options)


def gym_env(scenario: str = "october-1917", faction: str | None = None, opponents: str | dict[str, str] = "heuristic",
            **options: Any) -> PetrogradEnv:  # fmt: skip
    """A Gymnasium environment for `faction` (default: the scenario's first) against built-in agents given by spec,
    one for all (`"heuristic"`) or per faction (`{"government": "mcts:easy", ...}`)."""
    from petrograd1917.env.single import PetrogradEnv

    loaded = load_scenario(scenario)
    return PetrogradEnv(loaded, faction or loaded.factions[0].id, opponents, **options)
