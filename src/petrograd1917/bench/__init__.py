"""`petrograd1917 bench`: how fast the game is, in figures printed beside their goals, never asserted by a test.

One module per part: `engine` (the engine's door and whole games, on the largest scenario present or the one
named; `--scale N` adds the city tiled N times over), `scenario` (loading), `batch` (`--batch`: batch throughput
with 1 and 2 workers), `search` (`--search`: the computer players' playouts per second and seconds per move at each
level and seat) and `ui` with `ui_map` (`--ui`: the window's frame times, headless with
SDL's dummy driver). Only `--ui` imports the window's modules and pygame.
"""

from __future__ import annotations

import argparse


def _largest_scenario() -> str:
    """The built-in (or user) scenario with the most districts x units: the heaviest engine load."""
    from petrograd1917.scenario.catalog import list_scenarios
    from petrograd1917.scenario.loader import load_scenario

    def load(path: str) -> tuple[int, int]:
        s = load_scenario(path)
        return len(s.districts) * max(1, len(s.units)), len(s.events)

    paths = [str(entry.path) for entry in list_scenarios() if not entry.broken]
    if not paths:
        raise SystemExit("bench: no scenario loads; name one with --scenario PATH")
    return max(paths, key=load)


def run(args: argparse.Namespace) -> int:
    from petrograd1917.bench.engine import Figure, measure, scaling
    from petrograd1917.bench.scenario import bench_scenario
    from petrograd1917.engine.compiled import describe
    from petrograd1917.scenario.loader import load_scenario

    name = args.scenario or _largest_scenario()
    scenario = load_scenario(name)
    print(
        f"scenario {scenario.id}: {len(scenario.districts)} districts, {len(scenario.units)} units, "
        f"{len(scenario.factions)} factions, {len(scenario.events)} events"
    )
    print(describe())
    loading = bench_scenario(name)
    rows = [Figure(f"load: {key.removesuffix('_ms')}", value, "ms") for key, value in loading.items()]
    rows += measure(scenario, args.games)
    if args.scale > 1:
        rows += scaling(scenario, args.scale, max(2, args.games // 4))
    if args.batch:
        from petrograd1917.bench.batch import bench_all

        rows += [Figure(key, value, "") for key, value in bench_all(name).items()]
    if args.search:
        from petrograd1917.bench.search import search_figures

        rows += search_figures(name)
    width = max(len(row.name) for row in rows)
    for row in rows:
        print(f"  {row.name:<{width}}  {row.value:10.1f} {row.unit:<4} {row.verdict:<26} {row.note}")
    if args.ui:
        from petrograd1917.bench.ui import bench_ui, report

        print(report(bench_ui(name)))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("bench", help="time the engine: clone, listing, apply, whole random games")
    parser.add_argument("--scenario", help="a built-in scenario name or a path (default: the largest present)")
    from petrograd1917.batch.commands import whole_number  # a count below 1 is a usage error, not a traceback

    parser.add_argument("--games", type=whole_number(1, 100_000), default=20, help="random games to play (default 20)")
    parser.add_argument("--scale", type=int, default=1, help="also play the city tiled N times over (e.g. 10)")
    parser.add_argument("--batch", action="store_true", help="also time batches (1 and 2 workers)")
    parser.add_argument(
        "--search", action="store_true", help="also time the computer players' search at each level and seat (slow)"
    )
    parser.add_argument("--ui", action="store_true", help="also time the window's frames (needs a display or dummy)")
    parser.set_defaults(handler=run)
