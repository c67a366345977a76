"""`petrograd1917 tournament`: agents take turns in every seat of a scenario; they are rated against each other.

A tournament is a batch whose seating rotates (see `seating.rotation`), so it has everything a batch has: seeds
spawned per game, `--resume`, `--jobs` and `--scheduler`, the folder's games.jsonl and summary.json. It adds
standings.json and the standings table.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from petrograd1917.batch.commands import FAILURES, add_run_command, finish, resumed_header, run_config
from petrograd1917.batch.errors import BatchError
from petrograd1917.batch.folder import write_json
from petrograd1917.batch.runner import run_batch
from petrograd1917.batch.tournament import HOW_A_GAME_COUNTS, format_standings, standings

STANDINGS_FILE = "standings.json"

EPILOG = f"""\
seats: with fewer agents than factions, the agents sit in the order given and move one seat on every game; with
at least as many, every choice of agents in every order is played in turn. A game's seating and seed depend on
its number alone, so results do not depend on --jobs, the executor or a resume. Play a multiple of the cycle
(printed at the start) for seats balanced exactly.

how a game counts: {HOW_A_GAME_COUNTS}.

ratings: Bradley–Terry on the Elo scale (400 points apart: 10-to-1 odds), the agents' mean at 0, 95% intervals
from 1,000 resamples of the games; win rates with 95% Wilson intervals, per agent and per agent and seat.

examples:
  petrograd1917 tournament october-1917 --agents random,heuristic --games 40 --jobs 1
  petrograd1917 tournament october-1917 --agents random,heuristic,mcts:easy,mcts:normal --games 480 --out runs/t
  petrograd1917 tournament october-1917 --games 480 --out runs/t --resume
      (the agents and seed are the folder's)
"""


def register(subparsers: Any) -> None:
    parser = add_run_command(
        subparsers,
        "tournament",
        help="rate computer players against each other, each in every seat",
        description="Play seeded games in which the agents take turns in every faction; print their ratings, "
        "win rates and win rates per seat.",
        epilog=EPILOG,
        default_games=40,
    )
    parser.add_argument(
        "--agents",
        metavar="AGENT,AGENT,...",
        help="two or more agents, comma-separated (e.g. random,heuristic,mcts:easy,mcts:normal); "
        "an agent's own options stay with it: mcts:playouts=400,width=8,heuristic",
    )
    parser.set_defaults(handler=run)


def split_agents(text: str) -> list[str]:
    """`random,mcts:playouts=400,width=8` -> ["random", "mcts:playouts=400,width=8"]: a piece with '=' but no
    ':' is an option of the agent before it."""
    agents: list[str] = []
    for piece in (p.strip() for p in text.split(",")):
        if agents and "=" in piece and ":" not in piece:
            agents[-1] += "," + piece
        elif piece:
            agents.append(piece)
    return agents


def run(args: argparse.Namespace) -> int:
    try:
        before = resumed_header(args)
        if args.agents is not None:
            agents = split_agents(args.agents)
        elif before.get("rotation"):
            agents = list(before["rotation"])
        else:
            raise BatchError("--agents is needed (e.g. --agents random,heuristic)")
        summary = run_batch(run_config(args, before, rotation=tuple(agents)))
        table = standings(summary.records, agents, list(summary.wins), summary.scenario)
        if args.out is not None:
            write_json(args.out / STANDINGS_FILE, table.to_json())
    except FAILURES as exc:
        print(f"tournament: {exc}", file=sys.stderr)
        return 1
    if summary.interrupted:
        print("(stopped early: the standings cover the games finished so far)")
    print(format_standings(table))
    if args.out is not None:
        print(f"standings: {args.out / STANDINGS_FILE}")
    return finish(summary, args.out)
