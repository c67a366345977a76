"""The computer players' search speed for `petrograd1917 bench --search`: playouts per second and seconds per move
at each level, in the seat that opens the turn and in the next one, beside their goals.

The two seats differ in kind, not by chance: the opener scores its leaves mid-turn, the others play each playout
to the turn's end (`ai/mcts.py`), so their playouts also pay for the engine's end of turn. Times are CPU time of
this process, as the engine's figures are: the machine may be shared. Each figure is the mean over seeds 0 and 1.
"""

from __future__ import annotations

import time

from petrograd1917.ai.base import make_agent
from petrograd1917.ai.mcts import LEVELS, MctsAgent
from petrograd1917.bench.engine import Figure
from petrograd1917.engine.game import new_game
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import Scenario

PLAYOUTS_PER_SECOND = 2_000.0  # at least, per core, at every level and seat
MOVE_MS = {"normal": 1_000.0, "hard": 5_000.0}  # milliseconds a move, at most
SEATS = ("opener", "second")


def mcts_speed(
    scenario: str | Scenario, level: str = "normal", moves: int = 6, seed: int = 0, seat: int = 0
) -> tuple[float, float]:
    """(playouts per second, seconds per move) of an MCTS agent at `level` in the `seat`-th faction, choosing its
    first `moves` moves of a game whose other factions play at random. `scenario`: a name or path, or a scenario
    already loaded (whose tables, built on its first game, later games share)."""
    loaded = load_scenario(scenario) if isinstance(scenario, str) else scenario
    game = new_game(loaded, seed)
    searcher = loaded.factions[seat % len(loaded.factions)].id
    agents = {f.id: make_agent("random", f.id, seed + i) for i, f in enumerate(loaded.factions)}
    mcts = make_agent(f"mcts:{level}", searcher, seed)
    assert isinstance(mcts, MctsAgent)
    agents[searcher] = mcts
    thinking, decided = 0.0, 0
    while decided < moves and not game.is_over():
        faction = game.current_faction
        if faction == searcher and len(game.legal_actions()) > 1:
            started = time.process_time()
            action = mcts.choose_action(game)
            thinking += time.process_time() - started
            decided += 1
        else:
            action = agents[faction].choose_action(game)
        game.apply(action)
    if not decided or thinking <= 0.0:
        return 0.0, 0.0
    return mcts.playouts_run / thinking, thinking / decided


def search_figures(scenario: str, seeds: tuple[int, ...] = (0, 1), moves: int = 6) -> list[Figure]:
    """Playouts per second and seconds per move for every level and both seats, with their goals. The scenario is
    loaded once and a first move searched untimed, as a batch worker keeps its scenario from game to game: what is
    built once per scenario (the priors' tables, the listing's actions) is not counted in the figures."""
    loaded = load_scenario(scenario)
    mcts_speed(loaded, next(iter(LEVELS)), moves=1)
    figures = []
    for level in LEVELS:
        for seat, seat_name in enumerate(SEATS):
            runs = [mcts_speed(loaded, level, moves, seed, seat) for seed in seeds]
            playouts = sum(r[0] for r in runs) / len(runs)
            per_move = sum(r[1] for r in runs) / len(runs)
            budget = f"{LEVELS[level].playouts} playouts a move"
            figures.append(
                Figure(f"MCTS {level}, {seat_name}: playouts", playouts, "/s", budget, PLAYOUTS_PER_SECOND, True)
            )
            figures.append(Figure(f"MCTS {level}, {seat_name}: a move", per_move * 1000, "ms", "", MOVE_MS.get(level)))
    return figures
