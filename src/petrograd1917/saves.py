"""Saves and replays: one versioned JSON format, because a save IS a replay.

A game is fully determined by its scenario, its seed and the actions applied, so that is what a file stores (plus a
few facts for menus and checks): loading replays the actions through the engine's one door and confirms the final
state hash. Nothing in a save is ever executed, and a file is untrusted input: a corrupt, truncated, foreign,
newer, edited or mismatched file is refused with a `SaveError` that says why, never with a traceback.

Each file carries `checkpoints` (the state hash at the start of every turn), so a replay that goes wrong says in
which turn it left the recorded game, and a `checksum` over its own content, so an edited file is told apart from
an engine that changed its rules.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from petrograd1917 import paths
from petrograd1917.atomic import write_text_atomic
from petrograd1917.engine.actions import Action
from petrograd1917.scenario.model import ActionKind

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Scenario

FORMAT = "petrograd1917-save"
VERSION = 1
MAX_BYTES = 64 * 1024 * 1024  # a real save is a few hundred kB at most; anything bigger is not ours
AUTOSAVE_PREFIX = "autosave-"


class SaveError(Exception):
    """A save that cannot be written, read or replayed; the message is meant for the player."""


class ReplayDivergence(SaveError):
    """The replay left the recorded game: `action` (1-based, 0 = before any action) and `turn` say where."""

    def __init__(self, message: str, action: int, turn: int) -> None:
        super().__init__(message)
        self.action = action
        self.turn = turn


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The state hash when turn `turn` (0-based, as in the engine) began, after `actions` actions."""

    turn: int
    actions: int
    hash: str


@dataclass(frozen=True, slots=True)
class SaveRecord:
    """Everything a save file holds. `turn` is the engine's 0-based turn; `winner` a faction id, "draw" or None."""

    scenario_id: str
    scenario_hash: str
    seed: int
    actions: tuple[Action, ...]
    final_hash: str
    turn: int
    date: str  # ISO date of the last state's turn (Julian)
    checkpoints: tuple[Checkpoint, ...] = ()
    winner: str | None = None
    reason: str = ""
    scenario_title: str = ""
    scenario_file: str = ""  # where the scenario was loaded from, a hint for finding a custom one again
    controllers: dict[str, str] = field(default_factory=dict)  # faction id -> "human" or an agent spec
    saved_at: str | None = None  # wall-clock time of writing (UTC), for menus only
    game_version: str = ""

    @property
    def is_over(self) -> bool:
        return self.winner is not None

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "actions":
                value = [action.to_json() for action in value]
            elif item.name == "checkpoints":
                value = [[c.turn, c.actions, c.hash] for c in value]
            document[item.name] = value
        document["checksum"] = _checksum(document)
        return document


@dataclass(frozen=True, slots=True)
class LoadedGame:
    """A save replayed: the live state, ready to continue, and what the file said."""

    state: GameState
    record: SaveRecord

    @property
    def seed(self) -> int:
        return self.record.seed

    @property
    def actions(self) -> tuple[Action, ...]:
        return self.record.actions

    @property
    def controllers(self) -> dict[str, str]:
        return self.record.controllers


# ----------------------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------------------


def record_game(
    state: GameState, actions: Sequence[Action], seed: int, *, controllers: Mapping[str, str] | None = None
) -> SaveRecord:
    """The record of a game in progress. The actions are replayed once here to collect the per-turn checkpoints
    and to prove they really reproduce `state`: a save that could not be loaded again is refused now."""
    from petrograd1917 import __version__

    checkpoints: list[Checkpoint] = []
    try:
        replayed = _replay(state.scenario, seed, actions, checkpoints.append)
    except ReplayDivergence as error:
        raise SaveError(f"this game cannot be saved: its actions do not replay ({error})") from None
    final_hash = state.state_hash()
    if replayed.state_hash() != final_hash:
        raise SaveError(
            f"this game cannot be saved: replaying its {len(actions)} actions from seed {seed} does not reproduce "
            "it (please report this as a bug, with the scenario and the seed)"
        )
    return SaveRecord(
        scenario_id=state.scenario.id,
        scenario_hash=state.scenario.content_hash,
        seed=seed,
        actions=tuple(actions),
        final_hash=final_hash,
        turn=state.turn,
        date=state.date.isoformat(),
        checkpoints=tuple(checkpoints),
        winner=_winner_id(state),
        reason=state.over_reason,
        scenario_title=state.scenario.title,
        scenario_file=_absolute(state.scenario.source_file),
        controllers=dict(controllers or {}),
        saved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        game_version=__version__,
    )


def save_game(
    path: str | os.PathLike[str],
    state: GameState,
    actions: Sequence[Action],
    seed: int,
    *,
    controllers: Mapping[str, str] | None = None,
) -> Path:
    """Write the game to `path` atomically (the folder is created if needed); returns the path."""
    record = record_game(state, actions, seed, controllers=controllers)
    return write_record(path, record)


def write_record(path: str | os.PathLike[str], record: SaveRecord) -> Path:
    target = Path(path)
    write_atomic(target, json.dumps(record.to_json(), indent=1, ensure_ascii=False) + "\n")
    return target


def write_atomic(path: Path, text: str) -> None:
    """Write `path` atomically (see `atomic.py`); a failure becomes a SaveError the window can show."""
    try:
        write_text_atomic(path, text)
    except OSError as error:
        raise SaveError(f"cannot write {path}: {error.strerror or error}") from None


def autosave(
    state: GameState,
    actions: Sequence[Action],
    seed: int,
    *,
    folder: str | os.PathLike[str] | None = None,
    keep: int = 5,
    controllers: Mapping[str, str] | None = None,
) -> Path:
    """Write a numbered autosave into `folder` (default: the saves folder) and delete all but the newest `keep`."""
    target = Path(folder) if folder is not None else paths.saves_dir()
    existing = _autosaves(target)
    number = existing[-1][0] + 1 if existing else 1
    path = target / f"{AUTOSAVE_PREFIX}{number:05d}-{state.scenario.id}-turn{state.turn + 1:03d}.json"
    save_game(path, state, actions, seed, controllers=controllers)
    for _, old in _autosaves(target)[: -max(keep, 1)]:
        with contextlib.suppress(OSError):
            old.unlink()
    return path


_AUTOSAVE_NAME = re.compile(rf"{AUTOSAVE_PREFIX}(\d+)-.*\.json")


def _autosaves(folder: Path) -> list[tuple[int, Path]]:
    """The autosaves in `folder`, oldest first (by their number, not the clock)."""
    if not folder.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := _AUTOSAVE_NAME.fullmatch(p.name))]
    return sorted(found)


# ----------------------------------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------------------------------


def read_save(path: str | os.PathLike[str]) -> SaveRecord:
    """Read and check a save file without replaying it (for menus and `replay` without --verify)."""
    source = Path(path)
    try:
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise SaveError(f"{source}: not a save file ({size // (1024 * 1024)} MB is far too large for one)")
        raw = source.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise SaveError(f"{source}: is a folder, not a save file") from None
    except OSError as error:
        raise SaveError(f"{source}: cannot be read ({error.strerror or error})") from None
    return parse_save(raw, str(source))


def parse_save(raw: bytes, name: str = "<save>") -> SaveRecord:
    """Decode and check the bytes of a save file."""
    if not raw.strip():
        raise SaveError(f"{name}: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SaveError(f"{name}: not a save file (not UTF-8 text at byte {error.start})") from None
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        # Every save this game writes ends with its closing brace: without one, the file was cut short.
        what = "corrupt" if text.rstrip().endswith("}") else "truncated (it ends in the middle)"
        where = f"line {error.lineno}, column {error.colno}"
        raise SaveError(f"{name}: the save is {what}: {error.msg.removesuffix(' at')} ({where})") from None
    except ValueError as error:
        raise SaveError(f"{name}: the save is corrupt: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SaveError(f'{name}: not a Petrograd 1917 save (no "format": "{FORMAT}" in it)')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError(f"{name}: the save is corrupt: its format version {version!r} is not a positive whole number")
    if version > VERSION:
        raise SaveError(
            f"{name}: this save was written by a newer version of the game (save format {version}; "
            f"this version reads up to {VERSION}): update the game to load it"
        )
    if document.get("checksum") != _checksum(document):
        raise SaveError(f"{name}: the save has been changed since it was written (its checksum does not match)")
    try:
        return _record_from_json(document)
    except _Invalid as error:
        raise SaveError(f"{name}: the save is corrupt: {error}") from None


def _reject_constant(word: str) -> Any:
    raise ValueError(f"'{word}' is not a number a save may hold")


def _checksum(document: Mapping[str, Any]) -> str:
    content = {key: value for key, value in document.items() if key != "checksum"}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


class _Invalid(Exception):
    """A field of the wrong shape (turned into a SaveError naming the file)."""


def _field(document: Mapping[str, Any], key: str, kind: type | tuple[type, ...], *, optional: bool = False) -> Any:
    if key not in document:
        if optional:
            return None
        raise _Invalid(f"the field '{key}' is missing")
    value = document[key]
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _Invalid(f"the field '{key}' has the wrong type ({type(value).__name__})")
    return value


_ACTION_TEXT_FIELDS = ("faction", "district", "unit", "target", "choice")


def _action_from_json(data: Any, number: int) -> Action:
    if not isinstance(data, dict):
        raise _Invalid(f"action {number} is not an object")
    unknown = set(data) - {"kind", "amount", *_ACTION_TEXT_FIELDS}
    if unknown:
        raise _Invalid(f"action {number} has an unknown field '{sorted(unknown)[0]}'")
    kind = data.get("kind")
    if kind not in {k.value for k in ActionKind}:
        raise _Invalid(f"action {number} has an unknown kind {kind!r}")
    if not isinstance(data.get("faction"), str):
        raise _Invalid(f"action {number} names no faction")
    for key in _ACTION_TEXT_FIELDS:
        if key in data and not isinstance(data[key], str):
            raise _Invalid(f"action {number}: '{key}' must be text")
    amount = data.get("amount")
    if amount is not None and (
        isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount)
    ):
        raise _Invalid(f"action {number}: 'amount' must be a number")
    return Action.from_json(data)


def _seed(value: int) -> int:
    if value < 0:
        raise _Invalid("the field 'seed' must not be negative")
    return value


def _record_from_json(document: Mapping[str, Any]) -> SaveRecord:
    actions = _field(document, "actions", list)
    checkpoints: list[Checkpoint] = []
    for entry in _field(document, "checkpoints", list):
        if not (
            isinstance(entry, list)
            and len(entry) == 3
            and all(isinstance(x, int) and not isinstance(x, bool) for x in entry[:2])
            and isinstance(entry[2], str)
        ):
            raise _Invalid("a checkpoint is not [turn, actions, hash]")
        checkpoints.append(Checkpoint(entry[0], entry[1], entry[2]))
    controllers = _field(document, "controllers", dict, optional=True) or {}
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in controllers.items()):
        raise _Invalid("the field 'controllers' must map faction ids to text")
    return SaveRecord(
        scenario_id=_field(document, "scenario_id", str),
        scenario_hash=_field(document, "scenario_hash", str),
        seed=_seed(_field(document, "seed", int)),
        actions=tuple(_action_from_json(data, n) for n, data in enumerate(actions, start=1)),
        final_hash=_field(document, "final_hash", str),
        turn=_field(document, "turn", int),
        date=_field(document, "date", str),
        checkpoints=tuple(checkpoints),
        winner=_field(document, "winner", str, optional=True),
        reason=_field(document, "reason", str, optional=True) or "",
        scenario_title=_field(document, "scenario_title", str, optional=True) or "",
        scenario_file=_field(document, "scenario_file", str, optional=True) or "",
        controllers=dict(controllers),
        saved_at=_field(document, "saved_at", str, optional=True),
        game_version=_field(document, "game_version", str, optional=True) or "",
    )


# ----------------------------------------------------------------------------------------------------------
# Replaying
# ----------------------------------------------------------------------------------------------------------


def find_scenario(record: SaveRecord, scenario: Scenario | None = None) -> Scenario:
    """The scenario a save was played on: `scenario` if given, else the built-in or user scenario of that id, else
    the file it was loaded from. Its content must be exactly the one saved with (same hash)."""
    from petrograd1917.scenario.errors import ScenarioError
    from petrograd1917.scenario.loader import load_scenario

    if scenario is not None:
        if scenario.content_hash != record.scenario_hash:
            raise SaveError(_changed(record))
        return scenario
    problems: list[str] = []
    found_any = False
    for where in dict.fromkeys(x for x in (record.scenario_id, record.scenario_file) if x):
        try:
            candidate = load_scenario(where)
        except ScenarioError as error:
            problems.append(str(error.diagnostics[0]) if error.diagnostics else str(error))
            continue
        except OSError as error:
            problems.append(f"{where}: {error}")
            continue
        if candidate.content_hash == record.scenario_hash:
            return candidate
        found_any = True
    if found_any:
        raise SaveError(_changed(record))
    raise SaveError(f"the scenario '{record.scenario_id}' of this save cannot be found ({'; '.join(problems)})")


def _changed(record: SaveRecord) -> str:
    return (
        f"the scenario '{record.scenario_id}' has changed since this game was saved (its content hash differs), "
        "so the game cannot be replayed on it"
    )


def replay(record: SaveRecord, scenario: Scenario | None = None) -> GameState:
    """Replay a save from its seed and confirm every checkpoint and the final hash; raise ReplayDivergence (a
    SaveError) saying where the replay left the recorded game."""
    found = find_scenario(record, scenario)
    if found.id != record.scenario_id:
        raise SaveError(f"this save belongs to scenario '{record.scenario_id}', not '{found.id}'")
    recorded = record.checkpoints
    seen: list[Checkpoint] = []

    def since_last_match() -> str:
        """The turn in which the replay left the record, counted from 1 as players do."""
        start = seen[-1] if seen else Checkpoint(0, 0, "")
        return f"during turn {start.turn + 1} (after action {start.actions})"

    def compare(checkpoint: Checkpoint) -> None:
        k = len(seen)
        if k >= len(recorded) or recorded[k] != checkpoint:
            turn = seen[-1].turn if seen else 0
            raise ReplayDivergence(
                f"the replay diverged {since_last_match()}: the next turn began differently from the saved game",
                checkpoint.actions,
                turn,
            )
        seen.append(checkpoint)

    state = _replay(found, record.seed, record.actions, compare)
    if len(seen) != len(recorded) or state.state_hash() != record.final_hash:
        raise ReplayDivergence(
            f"the replay diverged {since_last_match()}: the final state differs from the saved one",
            len(record.actions),
            state.turn,
        )
    return state


def load_game(path: str | os.PathLike[str], scenario: Scenario | None = None) -> LoadedGame:
    """Read a save and replay it into a live game; raise SaveError (never anything else) when that fails."""
    record = read_save(path)
    try:
        state = replay(record, scenario)
    except ReplayDivergence as error:
        raise SaveError(f"{path}: this save does not replay to the game it recorded: {error}") from None
    except SaveError as error:
        raise SaveError(f"{path}: {error}") from None
    return LoadedGame(state, record)


def _replay(
    scenario: Scenario, seed: int, actions: Sequence[Action], on_turn: Callable[[Checkpoint], None]
) -> GameState:
    """A new game with the actions applied in order; `on_turn` sees a checkpoint each time a turn begins."""
    from petrograd1917.engine.game import new_game

    try:
        state = new_game(scenario, seed)
    except ValueError as error:
        raise ReplayDivergence(f"the game cannot be started from seed {seed}: {error}", 0, 0) from None
    turn = state.turn
    for number, action in enumerate(actions, start=1):
        if state.is_over():
            raise ReplayDivergence(f"action {number} comes after the end of the game", number, state.turn)
        try:
            state.apply(action)
        except Exception as error:  # a save is untrusted input: whatever the engine refuses, say so plainly
            raise ReplayDivergence(
                f"the replay diverged at action {number} of {len(actions)} (turn {state.turn + 1}): "
                f"{_describe(action)} was refused: {error}",
                number,
                state.turn,
            ) from None
        if state.turn != turn:
            turn = state.turn
            on_turn(Checkpoint(turn, number, state.state_hash()))
    return state


def _describe(action: Action) -> str:
    named = [f"{key} {value}" for key, value in action.to_json().items() if key not in ("kind", "faction")]
    return f"'{action.kind.value}' by {action.faction}" + (f" ({', '.join(named)})" if named else "")


def _absolute(file: str) -> str:
    """The loader names files relative to the working folder; a save may be loaded from anywhere."""
    return str(Path(file).resolve()) if file and Path(file).is_file() else file


def _winner_id(state: GameState) -> str | None:
    if state.winner is None:
        return None
    return "draw" if state.winner < 0 else state.index.faction_ids[state.winner]


def saves_in(folder: str | os.PathLike[str] | None = None) -> list[tuple[Path, SaveRecord | SaveError]]:
    """Every .json file of a saves folder with its record (or why it cannot be read), newest first: the load menu."""
    target = Path(folder) if folder is not None else paths.saves_dir()
    if not target.is_dir():
        return []
    files = sorted(target.glob("*.json"), key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    result: list[tuple[Path, SaveRecord | SaveError]] = []
    for path in files:
        try:
            result.append((path, read_save(path)))
        except SaveError as error:
            result.append((path, error))
    return result
