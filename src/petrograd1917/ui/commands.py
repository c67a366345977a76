"""`petrograd1917 play`: open the window — at the main menu, straight into a scenario, or into a saved game.

    petrograd1917 play                                   the main menu
    petrograd1917 play october-1917 --as bolsheviks      you play the Bolsheviks, the computer the rest
    petrograd1917 play october-1917 --as bolsheviks --as government      hotseat
    petrograd1917 play october-1917 --ai government=mcts:hard            choose a computer player
    petrograd1917 play february-1917 --ai all=heuristic                  watch the computer play itself
    petrograd1917 play --load my-game.json
    petrograd1917 play --load my-game.json path/to/custom.yaml           a save of a scenario kept elsewhere
    petrograd1917 play --replay runs/oct/games.jsonl:37              watch game 37 of a batch (or a save)

A game stops as runaway, with a bug report kept, after 100,000 actions or 5,000 in one turn (as batches do): a
real game of October has about 600.

Everything a command line can get wrong (an unknown scenario, faction or agent, an unreadable save) is reported
before the window opens, with exit code 1 (a scenario or save that cannot be used) or 2 (a usage error).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from petrograd1917.scenario.suggest import did_you_mean

if TYPE_CHECKING:
    from petrograd1917.scenario.model import Scenario
    from petrograd1917.ui.session import GameSession


def register(subparsers: Any) -> None:
    play = subparsers.add_parser(
        "play",
        help="open the game window",
        description="Play in a window. With no arguments the main menu opens.",
        epilog="Computer players: " + ", ".join(_agent_help()),
    )
    play.add_argument(
        "scenario", nargs="?", metavar="SCENARIO",
        help="a scenario name or .yaml file: start at once (with --load: the scenario the save was played on, "
        "when it is not among the built-in or user scenarios)",
    )  # fmt: skip
    play.add_argument(
        "--as", dest="humans", action="append", default=[], metavar="FACTION",
        help="a faction you play (repeat for hotseat); default: the first faction",
    )  # fmt: skip
    play.add_argument(
        "--ai", action="append", default=[], metavar="FACTION=AGENT",
        help="the computer player of a faction, e.g. government=mcts:hard ('all=AGENT' for every other faction)",
    )  # fmt: skip
    play.add_argument("--load", type=Path, metavar="FILE", help="continue a saved game")
    play.add_argument(
        "--replay", metavar="GAMES.jsonl:N|SAVE", help="watch a recorded game: game N of a batch, or a save"
    )
    play.add_argument(
        "--seed", type=_seed, default=None, metavar="N", help="the game's seed, a whole number (default: a new one)"
    )
    play.set_defaults(handler=play_command)


def _agent_help() -> list[str]:
    from petrograd1917.ui.session import AI_LEVELS

    return [f"{level} = {spec}" for level, spec in AI_LEVELS.items()] + ["or any agent spec (see 'batch --help')"]


class UsageError(Exception):
    pass


def _seed(text: str) -> int:
    from petrograd1917.saves import MAX_SEED

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"{value} is not a seed: give a whole number from 0 to {MAX_SEED}")
    return value


def play_command(args: argparse.Namespace) -> int:
    if getattr(args, "replay", None):
        return _watch(args)
    try:
        session = _session(args)
    except UsageError as error:
        print(f"petrograd1917 play: error: {error}", file=sys.stderr)
        return 2
    except _Unusable as error:
        print(error, file=sys.stderr)
        return 1
    from petrograd1917.ui.app import App
    from petrograd1917.ui.flow import start_game, to_menu

    app = App()
    if session is None:
        to_menu(app)
    else:
        start_game(app, session)
    return app.run()


def _watch(args: argparse.Namespace) -> int:
    """`--replay`: the recording is read (and refused with its reason) before the window opens."""
    if args.scenario or args.load or args.humans or args.ai or args.seed is not None:
        print("petrograd1917 play: error: --replay takes no SCENARIO, --load, --as, --ai or --seed", file=sys.stderr)
        return 2
    from petrograd1917.ui.replay import ReplayError, read_recording

    try:
        recording = read_recording(args.replay)
    except ReplayError as error:
        print(f"petrograd1917 play: cannot watch {args.replay}: {error}", file=sys.stderr)
        return 1
    from petrograd1917.ui.app import App
    from petrograd1917.ui.flow import to_menu
    from petrograd1917.ui.scene_replay import ReplayScene

    app = App()
    to_menu(app)
    app.push(ReplayScene(app, recording))
    return app.run()


class _Unusable(Exception):
    """A scenario or save that cannot be played; the message is the full report."""


def _session(args: argparse.Namespace) -> GameSession | None:
    from petrograd1917.ui.session import GameSession

    if args.load is not None:
        if args.seed is not None:
            raise UsageError("a loaded game keeps its seed: give --seed only with a new game")
        from petrograd1917.printable import printable
        from petrograd1917.saves import SaveError, remember_scenario

        if args.scenario:
            remember_scenario(_scenario(args.scenario))
        try:
            loaded = GameSession.load(args.load)
        except SaveError as error:
            shown = printable(str(error), keep_newlines=True)
            raise _Unusable(f"{printable(str(args.load))}: cannot load this save: {shown}") from None
        if args.humans or args.ai:
            loaded.controllers = controllers(loaded.scenario, args.humans, args.ai, loaded.controllers)
        return loaded
    if not args.scenario:
        if args.humans or args.ai or args.seed is not None:
            raise UsageError("--as, --ai and --seed need a SCENARIO")
        return None
    scenario = _scenario(args.scenario)
    from petrograd1917.ui.session import random_seed

    seed = args.seed if args.seed is not None else random_seed()
    return GameSession.new(scenario, seed, controllers(scenario, args.humans, args.ai))


def _scenario(name: str) -> Scenario:
    from petrograd1917 import load_scenario
    from petrograd1917.scenario.errors import ScenarioError

    try:
        return load_scenario(name)
    except ScenarioError as error:
        raise _Unusable(str(error)) from None


def controllers(
    scenario: Scenario, humans: list[str], ai: list[str], start: dict[str, str] | None = None
) -> dict[str, str]:
    """Who plays each faction from --as and --ai, on top of `start` (a loaded game's sides). For a new game
    without --as, the first playable faction not given to the computer is the player's; `--ai all=SPEC` sets
    every faction not named otherwise (so `--ai all=heuristic` alone is a game to watch)."""
    from petrograd1917.ai.base import AgentSpecError, check_spec
    from petrograd1917.ui.session import AI_LEVELS, HUMAN

    ids = [f.id for f in scenario.factions]

    def known(faction: str, option: str) -> str:
        if faction not in ids:
            raise UsageError(f"{option}: no faction '{faction}' in {scenario.id}{did_you_mean(faction, ids)}; "
                             f"factions: {', '.join(ids)}")  # fmt: skip
        return faction

    chosen: dict[str, str] = {}
    default = AI_LEVELS["normal"]
    for item in ai:
        faction, eq, spec = item.partition("=")
        if not eq or not spec:
            raise UsageError(f"--ai {item}: expected FACTION=AGENT, e.g. government=mcts:hard")
        spec = AI_LEVELS.get(spec, spec)
        try:
            check_spec(spec)
        except AgentSpecError as error:
            raise UsageError(f"--ai {item}: {error}") from None
        if faction == "all":
            default = spec
        else:
            chosen[known(faction, "--ai")] = spec
    for faction in humans:
        if chosen.get(known(faction, "--as")) is not None:
            raise UsageError(f"{faction} is given both to you (--as) and to the computer (--ai)")
        chosen[faction] = HUMAN
    if start is None and not humans and not any(item.startswith("all=") for item in ai):
        first = next((f.id for f in scenario.factions if f.playable and f.id not in chosen), None)
        if first is not None:
            chosen[first] = HUMAN
    before = start or {}
    return {f: chosen.get(f, before.get(f, default)) for f in ids}
