"""The `petrograd1917` command: one sub-command per job, each defined in the module that does that job.

Each module listed in COMMANDS exposes `register(subparsers)`, which adds its sub-command and sets `handler`
(a function taking the parsed arguments and returning the exit code). Exit codes: 0 ok, 1 failure the command
reports (e.g. an invalid scenario), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS = (
    "petrograd1917.scenario.commands",  # validate, schema, scenarios, new-scenario
    "petrograd1917.replay_command",  # replay
    "petrograd1917.ui.commands",  # play
    "petrograd1917.batch.commands",  # batch
    "petrograd1917.batch.tournament_command",  # tournament
    "petrograd1917.history",  # history (calibration against 1917)
    "petrograd1917.bench",  # bench (engine speed)
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="petrograd1917",
        description="Petrograd 1917: play, write and batch-run scenarios of the two revolutions.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMANDS:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        sys.exit(2)
    sys.exit(args.handler(args))
