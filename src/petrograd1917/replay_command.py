"""`petrograd1917 replay FILE [--verify]`: what a save or replay holds, and whether it still replays exactly."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from petrograd1917 import saves
from petrograd1917.printable import printable

if TYPE_CHECKING:
    from petrograd1917.scenario.model import Scenario


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "replay",
        help="show a save or replay file; --verify replays it and checks the final state",
        description="Show the scenario, seed, turns and winner a save states (a save is a replay). With --verify, "
        "replay every action from the seed, confirm the saved final state hash and derive the turn, date and winner "
        "again; exit 1 and say where the replay left the recorded game, or which stated fact is false.",
    )
    parser.add_argument("file", help="a save or replay file (.json)")
    parser.add_argument("--verify", action="store_true", help="replay the game and confirm its final state hash")
    parser.add_argument(
        "--scenario", metavar="SCENARIO", help="the scenario to replay on (a name or a .yaml path), if not found"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        record = saves.read_save(args.file)
    except saves.SaveError as error:
        print(f"error: {printable(str(error), keep_newlines=True)}", file=sys.stderr)
        return 1
    print(summary(args.file, record))
    if not args.verify:
        return 0
    try:
        scenario = _scenario(args.scenario)
        state = saves.replay(record, scenario)
    except saves.SaveError as error:
        print(f"verify: FAILED: {printable(str(error), keep_newlines=True)}", file=sys.stderr)
        return 1
    print(
        f"verify: ok: {len(record.actions)} actions replay to the saved final state ({state.state_hash()[:16]}…), "
        "with the turn, date and winner it states"
    )
    return 0


def _scenario(name: str | None) -> Scenario | None:
    if name is None:
        return None
    from petrograd1917.scenario.errors import ScenarioError
    from petrograd1917.scenario.loader import load_scenario

    try:
        return load_scenario(name)
    except ScenarioError as error:
        raise saves.SaveError(f"the scenario given with --scenario cannot be loaded:\n{error}") from None


def summary(file: str, record: saves.SaveRecord) -> str:
    """What the file states, every text from it escaped (the facts are checked only by --verify)."""
    reason = printable(" ".join(record.reason.split()))
    winner = printable(record.winner or "")
    scenario_title = printable(record.scenario_title)
    title = f"{scenario_title} ({record.scenario_id})" if scenario_title else record.scenario_id
    if record.winner is None:
        result = "none yet (the game is not over)"
    elif record.winner == "draw":
        result = f"draw — {reason}" if reason else "draw"
    else:
        result = f"{winner} — {reason}" if reason else winner
    origin = "signed by this installation" if record.signed_here else "from elsewhere or unsigned (--verify checks it)"
    lines = [
        ("file", printable(file)),
        ("scenario", f"{title}, content hash {record.scenario_hash[:16]}…"),
        ("seed", str(record.seed)),
        ("actions", str(len(record.actions))),
        ("turns", f"{record.turn + 1} (the last began {printable(record.date.replace('T', ' '))})"),
        ("winner", result),
        ("origin", origin),
    ]
    if record.saved_at:
        lines.append(("saved", printable(record.saved_at)))
    return "\n".join(f"{key + ':':10}{value}" for key, value in lines)
