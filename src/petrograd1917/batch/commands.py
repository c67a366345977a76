"""`petrograd1917 batch`: many seeded computer-vs-computer games, on this machine's cores or on a Dask cluster.

The options every run of games shares (`--games`, `--seed`, `--jobs`, `--out`, `--resume`, `--scheduler`,
`--quiet`) and what happens after the games (the records' paths, the stop message and exit code) live here once;
`tournament` uses them too.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Any

from petrograd1917.ai.base import agent_names
from petrograd1917.batch.errors import BatchError
from petrograd1917.batch.folder import GAMES_FILE, SUMMARY_FILE, read_header
from petrograd1917.batch.runner import MAX_GAMES, BatchConfig, run_batch
from petrograd1917.batch.stats import Summary, format_table
from petrograd1917.batch.tasks import MAX_BATCH_SEED
from petrograd1917.scenario.errors import ScenarioError

FAILURES = (BatchError, ScenarioError, OSError, RuntimeError)  # reported in one line, never as a traceback

EPILOG = """\
agents: random; heuristic (heuristic:plain skips its lookahead; heuristic:lookahead=5); mcts (levels mcts:easy,
mcts:normal, mcts:hard; options such as mcts:playouts=400,width=8,depth=12,turns=1,rollout=heuristic,c=0.7 or
mcts:time=0.5 — a time budget makes games depend on the machine's speed, so batches are no longer repeatable).

examples:
  petrograd1917 batch october-1917 --games 1000 --out runs/oct --ai bolsheviks=mcts:easy --plot
  petrograd1917 batch october-1917 --games 1000 --out runs/oct --plot --resume
      (after Ctrl-C or a stop signal: plays only the games not yet recorded, with the batch's own seed and agents)
  petrograd1917 batch october-1917 --games 1000 --out runs/oct2 --scheduler tcp://head:8786
      (on a Dask cluster whose workers have petrograd1917 installed; 'local' starts one here)
"""


def whole_number(low: int, high: int) -> Any:
    """An argparse type: a whole number from `low` to `high`, refused as a usage error otherwise."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not from {low:,} to {high:,}")
        return value

    return parse


def add_run_command(
    subparsers: Any, name: str, help: str, description: str, epilog: str, default_games: int
) -> argparse.ArgumentParser:
    """A sub-command that runs games, with the options every such command takes."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help, description=description, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("scenario", help="a built-in scenario name or a path to a .yaml file")
    parser.add_argument(
        "--games",
        type=whole_number(0, MAX_GAMES),
        default=default_games,
        help=f"number of games (default {default_games}; at most {MAX_GAMES:,})",
    )
    parser.add_argument(
        "--seed",
        type=whole_number(0, MAX_BATCH_SEED),
        default=None,
        help="seed: game i gets a seed spawned from it (default 0; when resuming, the folder's)",
    )
    parser.add_argument(
        "--jobs",
        type=whole_number(1, 1024),
        default=None,
        help="worker processes (default: every core; also the size of --scheduler local)",
    )
    parser.add_argument("--out", type=Path, default=None, help="folder for games.jsonl, summary.json and the rest")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="play only the games not yet recorded in --out (seed and agents, unless given, are the folder's)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster (e.g. tcp://host:8786); 'local' starts one on this machine",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def run_config(args: argparse.Namespace, before: dict[str, Any], **chosen: Any) -> BatchConfig:
    """The run the shared options ask for (seed, unless given, the resumed folder's), with the command's own
    choices (agents or rotation, plots)."""
    return BatchConfig(
        scenario=args.scenario,
        games=args.games,
        seed=args.seed if args.seed is not None else before.get("seed", 0),
        jobs=args.jobs,
        out=args.out,
        resume=args.resume,
        scheduler=args.scheduler,
        progress=not args.quiet,
        **chosen,
    )


def resumed_header(args: argparse.Namespace) -> dict[str, Any]:
    """What the folder's batch was started with, when resuming (empty otherwise); checks --out is given."""
    if args.resume and args.out is None:
        raise BatchError("--resume needs --out DIR")
    return read_header(args.out) if args.resume else {}


def finish(summary: Summary, out: Path | None) -> int:
    """After the games: where the records are, and how the run ended (0, or 128 + the stopping signal)."""
    if out is not None:
        print(f"records: {out / GAMES_FILE}; summary: {out / SUMMARY_FILE}")
    if summary.stopped_by is None:
        return 0
    stopped = f"stopped ({summary.stopped_by}); resume with --resume: the same command with it finishes the run"
    print(stopped, file=sys.stderr)
    return 128 + signal.Signals[summary.stopped_by]


def register(subparsers: Any) -> None:
    parser = add_run_command(
        subparsers,
        "batch",
        help="run many computer-vs-computer games and summarise who wins",
        description="Run N seeded games headlessly; write one JSON line per game, a summary and optional charts.",
        epilog=EPILOG,
        default_games=100,
    )
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
    parser.add_argument("--plot", action="store_true", help="write PNG charts into --out (needs matplotlib)")
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
        if args.plot and args.out is None:
            raise BatchError("--plot needs --out DIR")
        before = resumed_header(args)
        agents = _parse_agents(args.ai)
        if not agents and args.default_ai is None and before:
            agents = dict(before["agents"])  # resuming: the agents the batch was started with
        config = run_config(args, before, agents=agents, default_agent=args.default_ai or "heuristic", plot=args.plot)
        summary = run_batch(config)
    except FAILURES as exc:
        print(f"batch: {exc}", file=sys.stderr)
        return 1
    print(format_table(summary))
    return finish(summary, args.out)
