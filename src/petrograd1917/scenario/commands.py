"""Sub-commands for scenario files: validate, schema, scenarios, new-scenario.

Exit codes follow `cli.py`: 0 ok, 1 a scenario has errors (all of them are printed), 2 a usage error such as a
file that does not exist.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from petrograd1917 import paths
from petrograd1917.scenario.catalog import list_scenarios
from petrograd1917.scenario.errors import ScenarioError, printable
from petrograd1917.scenario.loader import check_file, display_name, find_scenario, load_scenario
from petrograd1917.scenario.model import Scenario
from petrograd1917.scenario.schema import SCHEMA_FILE, schema_text
from petrograd1917.scenario.slug import SLUG_RULE, is_slug, quoted


def register(subparsers: Any) -> None:
    validate = subparsers.add_parser(
        "validate", help="check scenario files and list every error", description="Check scenario files."
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a .yaml file or a scenario name")
    validate.set_defaults(handler=validate_command)

    schema = subparsers.add_parser("schema", help="print the JSON Schema of scenario files")
    schema.add_argument("--write", action="store_true", help="rewrite the schema file shipped with the package")
    schema.set_defaults(handler=schema_command)

    scenarios = subparsers.add_parser("scenarios", help="list built-in and your own scenarios")
    scenarios.set_defaults(handler=scenarios_command)

    new = subparsers.add_parser(
        "new-scenario",
        help="write a starter scenario that extends a built-in one",
        description="Write NAME.yaml, a scenario that extends SCENARIO and overrides what you change.",
    )
    new.add_argument("name", metavar="NAME", help="file and scenario id, e.g. my-october")
    new.add_argument("--from", dest="base", required=True, metavar="SCENARIO", help="scenario to start from")
    new.add_argument("--dir", type=Path, default=None, help="folder to write to (default: your scenarios folder)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(handler=new_scenario_command)


def validate_command(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not _exists(p)]
    for path in missing:
        print(f"{path}: error: no such file or scenario", file=sys.stderr)
    if missing:
        return 2
    failed = False
    for path in args.paths:
        try:
            scenario = check_file(path)
        except ScenarioError as exc:
            failed = True
            for diagnostic in exc.diagnostics:
                print(diagnostic)
            count = len(exc.diagnostics)
            print(f"{path}: {count} error{'s' if count != 1 else ''}")
            continue
        print(
            f"{path}: ok"
            + (" (fragment: its cross-references are checked where it is included)" if scenario is None else "")
        )
    return 1 if failed else 0


def _exists(path: str) -> bool:
    try:
        find_scenario(path)
    except ScenarioError:
        return False
    return True


def schema_command(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.write:
        SCHEMA_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {display_name(SCHEMA_FILE)}")
    else:
        sys.stdout.write(text)
    return 0


def scenarios_command(args: argparse.Namespace) -> int:
    entries = list_scenarios()
    if not entries:
        print(f"no scenarios found in {paths.builtin_scenarios_dir()} or {paths.user_scenarios_dir()}")
    for entry in entries:
        origin = "built-in" if entry.builtin else "yours"
        if entry.broken:
            print(printable(f"{entry.id}  [{origin}, BROKEN]  {entry.error}"))
            continue
        dates = f"{entry.start:%Y-%m-%d} to {entry.end:%Y-%m-%d}" if entry.start and entry.end else ""
        print(printable(f"{entry.id}  [{origin}]  {entry.title}  ({dates}, Julian)"))
        print(printable(f"    factions: {', '.join(entry.factions)}"))
    return 0


def new_scenario_command(args: argparse.Namespace) -> int:
    if not is_slug(args.name):
        print(f"error: {quoted(args.name)} is not a usable name: use {SLUG_RULE}", file=sys.stderr)
        return 2
    try:
        base = load_scenario(args.base)
    except ScenarioError as exc:
        print(f"error: cannot start from '{args.base}':", file=sys.stderr)
        for diagnostic in exc.diagnostics[:10]:
            print(f"  {diagnostic}", file=sys.stderr)
        return 2
    folder: Path = args.dir or paths.user_scenarios_dir()
    target = folder / f"{args.name}.yaml"
    if target.exists() and not args.force:
        print(f"error: {target} already exists (use --force to overwrite it)", file=sys.stderr)
        return 2
    try:
        folder.mkdir(parents=True, exist_ok=True)
        base_ref = _reference(find_scenario(args.base), folder)
        if base_ref is None:
            print(
                f"error: '{args.base}' must be a built-in scenario, one of yours, or a file in {folder}",
                file=sys.stderr,
            )
            return 2
        target.write_text(starter_text(args.name, base_ref, base), encoding="utf-8")
    except OSError as exc:  # a read-only home, a home that is a file, a full disk
        print(f"error: cannot write {target}: {exc.strerror or 'the system refused'}", file=sys.stderr)
        return 2
    try:
        load_scenario(target)
    except ScenarioError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic)
        return 1
    print(f"wrote {target}: ok")
    print(f"edit it, then check it with: petrograd1917 validate {target}")
    return 0


def _reference(base: Path, folder: Path) -> str | None:
    """How the new file names its base: by name from the scenario folders, by file name from its own folder."""
    real = base.resolve()
    if real.parent == folder.resolve():
        return real.name
    if real.parent in (paths.builtin_scenarios_dir().resolve(), paths.user_scenarios_dir().resolve()):
        return real.stem
    return None


def _yaml_text(text: str) -> str:
    """`text` as one double-quoted YAML scalar: quotes, line breaks and control characters escaped."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1_000_000).rstrip("\n")


def _one_line(text: str) -> str:
    """`text` fit for a comment line: no line breaks, no control characters."""
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


def starter_text(name: str, base_ref: str, base: Scenario) -> str:
    """A file that extends `base` and shows, commented out, how to change, add and remove things."""
    unit = base.units[0] if base.units else None
    faction = base.factions[0] if base.factions else None
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_FILE.resolve().as_uri()}",
        f"# {name}: a variant of '{_one_line(base.title)}'. Everything not written here comes from the scenario in "
        "'extends'.",
        "# Lists of items (districts, units, factions, events, ...) merge by id: write the id and the keys you",
        "# change; a new id adds an item; 'remove: true' deletes one. The modder's guide is docs/scenarios.md.",
        f"extends: {_yaml_text(base_ref)}",
        f"id: {name}",
        f"title: {_yaml_text(f'{base.title} ({name})')}",
        f"summary: {_yaml_text(f'My variant of {_one_line(base.title)}.')}",
        "",
        "# Examples: remove the leading '# ' of a block to use it.",
    ]
    if unit is not None:
        lines += [
            "# units:",
            f"#   - id: {unit.id}",
            f"#     strength: {unit.strength * 2}   # twice as many men as in '{base.id}'",
        ]
        if len(base.units) > 1:
            lines += [f"#   - id: {base.units[-1].id}", "#     remove: true     # take this unit out of the game"]
    lines += [
        "# food:",
        f"#   stock_tonnes: {base.food.stock_tonnes / 2:g}   # half the flour in the warehouses",
    ]
    if faction is not None:
        lines += [
            "# factions:",
            f"#   - id: {faction.id}",
            f"#     action_points: {faction.action_points + 1}",
        ]
    lines += [
        "# events:",
        "#   - id: my_event",
        "#     title: A new event",
        "#     text: What the player reads on the card.",
        "#     note: A short note in your own words.",
        "#     if: turn >= 2",
        "#     effects:",
        "#       - {kind: add_food, amount: 500, text: Extra trains get through.}",
        "",
    ]
    return "\n".join(lines)
