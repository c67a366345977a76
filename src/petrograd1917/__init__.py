"""Petrograd 1917: a turn-based strategy game of the two revolutions in the capital.

The public door for scripts, computer players and tests:

    from petrograd1917 import load_scenario, new_game
    game = new_game(load_scenario("october-1917"), seed=1)
    while not game.is_over():
        game.apply(game.legal_actions()[0])

Both names load on first use, so importing one part of the package (the scenario loader, say) does not pull in
the engine and numpy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from petrograd1917.engine.game import new_game
    from petrograd1917.scenario.loader import load_scenario

__all__ = ["load_scenario", "new_game"]
__version__ = "0.1.0"

_HOMES = {"new_game": "petrograd1917.engine.game", "load_scenario": "petrograd1917.scenario.loader"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'petrograd1917' has no attribute '{name}'")
    return getattr(import_module(home), name)
