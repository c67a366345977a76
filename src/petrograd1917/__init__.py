"""Petrograd 1917: a turn-based strategy game of the two revolutions in the capital.

The public door for scripts, computer players and tests:

    from petrograd1917 import load_scenario, new_game
    game = new_game(load_scenario("october-1917"), seed=1)
    while not game.is_over():
        game.apply(game.legal_actions()[0])
"""

from petrograd1917.engine.game import new_game
from petrograd1917.scenario.loader import load_scenario

__all__ = ["load_scenario", "new_game"]
__version__ = "0.1.0"
