"""A batch folder: `batch.json` says what the batch is, `games.jsonl` holds its games, `summary.json` what they
show, and `batch.lock` tells other batches the folder is in use.

Everything read back from a folder is checked before a game is added to it: `--resume` carries on the batch the
folder holds, or refuses with the reason; it never mixes in the games of another batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from petrograd1917 import jsonfile
from petrograd1917.atomic import write_text_atomic
from petrograd1917.batch.errors import BatchError
from petrograd1917.batch.records import read_records
from petrograd1917.batch.tasks import MAX_BATCH_SEED, game_seed

GAMES_FILE = "games.jsonl"
SUMMARY_FILE = "summary.json"
BATCH_FILE = "batch.json"
HEADER_BOUNDS = jsonfile.Bounds(1 << 16, max_depth=8)  # a batch's description nests 3 levels deep
IDENTITY = ("scenario_hash", "seed", "agents", "rotation", "rules")  # what a resumed batch must share with the folder's

Lineup = Callable[[int], tuple[tuple[str, str], ...]]  # game index -> (faction, agent spec) in turn order


def _text(value: Any) -> bool:
    return isinstance(value, str)


_HEADER: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
    ("scenario", _text, "a scenario"),
    ("scenario_id", _text, "a scenario id"),
    ("scenario_hash", _text, "a content hash"),
    ("seed", lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_BATCH_SEED, "a seed"),
    ("agents", lambda v: isinstance(v, dict) and all(_text(k) and _text(s) for k, s in v.items()), "agents"),
    ("rotation", lambda v: isinstance(v, list) and all(map(_text, v)), "a list of agents"),
    ("rules", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1, "the engine's rules"),
)


def read_header(out: Path) -> dict[str, Any]:
    """What the batch in `out` was started with (scenario, its hash, seed, agents, rotation); empty when the
    folder holds no batch.json. A damaged one is refused: nothing could tell which games belong to it."""
    path = out / BATCH_FILE
    if not path.exists():
        return {}
    try:
        header = jsonfile.read_json(path, HEADER_BOUNDS, BATCH_FILE)
    except jsonfile.JsonFileError as error:
        detail = str(error).removeprefix(f"{BATCH_FILE}: ")
        raise BatchError(f"cannot resume {out}: {BATCH_FILE} is damaged ({detail})") from None
    if not isinstance(header, dict):
        raise BatchError(f"cannot resume {out}: {BATCH_FILE} is damaged (not a batch's description)")
    header.setdefault("rotation", [])  # written before tournaments existed
    header.setdefault("rules", 1)  # written before the engine's rules were numbered: rules 1
    for key, check, what in _HEADER:
        if key not in header or not check(header[key]):
            raise BatchError(f"cannot resume {out}: {BATCH_FILE} is damaged ('{key}' is missing or not {what})")
    return header


def open_folder(out: Path, header: dict[str, Any], resume: bool, games: int, lineup: Lineup) -> list[dict[str, Any]]:
    """Make `out` this batch's folder and return the games it already holds (when resuming), once each.

    The caller holds the folder's lock; `lineup(i)` is who plays which faction in game i."""
    games_path = out / GAMES_FILE
    if games_path.exists() and not games_path.is_file():
        raise BatchError(f"{games_path} is not a regular file: choose another --out")
    has_games = games_path.exists() and games_path.stat().st_size > 0
    if has_games and not resume:
        raise BatchError(f"{out} already holds a batch: add --resume to continue it, or choose another --out")
    previous: list[dict[str, Any]] = []
    if resume:
        before = read_header(out)
        if has_games and not before:
            raise BatchError(
                f"cannot resume {out}: {BATCH_FILE} is missing, so nothing shows which batch its games belong to"
            )
        changed = [k for k in IDENTITY if before and before.get(k) != header[k]]
        if "rules" in changed:
            raise BatchError(
                f"cannot resume {out}: its games were played under the engine's rules {before['rules']} and this"
                f" version plays rules {header['rules']}, so the rest would be other games: start a new --out"
            )
        if changed:
            raise BatchError(
                f"cannot resume {out}: its batch had another {', '.join(changed)} "
                f"(it was: {', '.join(f'{k}={before.get(k)}' for k in changed)})"
            )
        previous = _this_batchs_games(out, read_records(games_path), header, games, lineup)
    write_json(out / BATCH_FILE, header)
    return previous


def _this_batchs_games(
    out: Path, records: list[dict[str, Any]], header: dict[str, Any], games: int, lineup: Lineup
) -> list[dict[str, Any]]:
    """The records of games 0..games-1, once each, after checking each is the game this batch gives its index."""
    seen: dict[int, dict[str, Any]] = {}
    for record in records:
        index = record["index"]
        expected = dict(lineup(index))
        if record["seed"] != game_seed(header["seed"], index) or record["agents"] != expected:
            raise BatchError(
                f"cannot resume {out}: {GAMES_FILE} holds a game {index} with another seed or other agents than "
                "this batch gives it, so it holds games of another batch"
            )
        winner = record.get("winner")
        if winner is not None and winner not in expected:
            raise BatchError(f"cannot resume {out}: {GAMES_FILE} says game {index} was won by '{winner}', no faction")
        if index < games:
            seen.setdefault(index, record)
    return list(seen.values())


def write_json(path: Path, data: Any) -> None:
    """Atomic: a reader (or a crash) never sees half a file."""
    write_text_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
