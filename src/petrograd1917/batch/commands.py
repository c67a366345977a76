"""`petrograd1917 batch`: many seeded computer-vs-computer games, on this machine's cores or on a Dask cluster."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Any

from petrograd1917.ai.base import agent_names
from petrograd1917.batch.runner import BatchConfig, BatchError, read_header, run_batch
from petrograd1917.batch.stats import format_table
from petrograd1917.scenario.errors import ScenarioError

EPILOG = """\
agents: random; heuristic (heuristic:plain skips its lookahead; heuristic:lookahead=5); mcts (levels mcts:easy,
mcts:normal, mcts:hard; options such as mcts:playouts=400,width=8,depth=12,turns=1,rollout=heuristic,c=0.7 or
mcts:time=0.5 — a time budget makes games depend on the machine's speed, so batches are no longer repeatable).

examples:
  petrograd1917 batch october-1917 --games 1000 --out runs/oct --ai bolsheviks=mcts:easy --plot
  petrograd1917 batch october-1917 --games 1000 --out runs/oct --plot --resume
      (after Ctrl-C: plays only the games not yet recorded, with the batch's own seed and agents)
  petrograd1917 batch october-1917 --games 1000 --out runs/oct2 --scheduler tcp://head:8786
      (on a Dask cluster whose workers have petrograd1917 installed; 'local' starts one here)
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "batch",
        help="run many computer-vs-computer games and summarise who wins",
        description="Run N seeded games headlessly; write one JSON line per game, a summary and optional charts.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("scenario", help="a built-in scenario name or a path to a .yaml file")
    parser.add_argument("--games", type=int, default=100, help="number of games (default 100)")
    parser.add_argument(
        "--seed", type=int, default=None, help="batch seed: game i gets a seed spawned from it (default 0)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="worker processes (default: every core; also the size of --scheduler local)",
    )
    parser.add_argument("--out", type=Path, default=None, help="directory for games.jsonl, summary.json, charts")
    parser.add_argument(
        "--ai",
        action="append",
        default=[],
        metavar="FACTION=AGENT",
        help="the agent playing a faction (repeatable)",
    )
    parser.add_argument(
        "--default-ai", default=None, metavar="AGENT", help="for the other factions (default heuristic)"
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="skip the games already recorded in --out (seed and agents, unless given, are the batch's own)",
    )
    parser.add_argument("--plot", action="store_true", help="write PNG charts into --out (needs matplotlib)")
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster (e.g. tcp://host:8786); 'local' starts one on this machine",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def _parse_agents(pairs: list[str]) -> dict[str, str]:
    agents = {}
    for pair in pairs:
        faction, eq, spec = pair.partition("=")
        if not eq or not faction or not spec:
            raise BatchError(f"--ai expects FACTION=AGENT (agents: {', '.join(agent_names())}), got '{pair}'")
        agents[faction.strip()] = spec.strip()
    return agents


def run(args: argparse.Namespace) -> int:
    try:
        if (args.resume or args.plot) and args.out is None:
            raise BatchError("--resume and --plot need --out DIR")
        if args.jobs is not None and args.jobs < 1:
            raise BatchError("--jobs must be at least 1")
        agents = _parse_agents(args.ai)
        before = read_header(args.out) if args.resume else {}
        if not agents and args.default_ai is None and before:
            agents = dict(before.get("agents", {}))  # resuming: the agents the batch was started with
        seed = args.seed if args.seed is not None else int(before.get("seed", 0))
        config = BatchConfig(
            scenario=args.scenario,
            games=args.games,
            seed=seed,
            jobs=args.jobs,
            out=args.out,
            agents=agents,
            default_agent=args.default_ai or "heuristic",
            resume=args.resume,
            plot=args.plot,
            scheduler=args.scheduler,
            progress=not args.quiet,
        )
        summary = run_batch(config)
    except (BatchError, ScenarioError, OSError, RuntimeError) as exc:
        print(f"batch: {exc}", file=sys.stderr)
        return 1
    print(format_table(summary))
    if args.out is not None:
        print(f"records: {args.out / 'games.jsonl'}; summary: {args.out / 'summary.json'}")
    if summary.stopped_by is not None:
        stopped = f"stopped ({summary.stopped_by}); resume with --resume: the same command with it finishes the batch"
        print(stopped, file=sys.stderr)
        return 128 + signal.Signals[summary.stopped_by]
    return 0
