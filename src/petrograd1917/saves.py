"""Saves and replays: one versioned JSON format, because a save IS a replay.

A game is fully determined by its scenario, its seed and the actions applied, so that is what a file stores (plus a
few facts for menus and checks): loading replays the actions through the engine's one door and confirms the final
state hash. Nothing in a save is ever executed, and a file is untrusted input: a corrupt, truncated, foreign,
newer, edited or mismatched file is refused with a `SaveError` that says why, never with a traceback.

Each file carries `checkpoints` (the state hash at the start of every turn), so a replay that goes wrong says in
which turn it left the recorded game, and a `checksum` over its own content, so a damaged file is told apart from
an engine that changed its rules; and the engine's `RULES` it was played under, so a save whose game plays out
differently now is refused as one from an older (or newer) version of the game. A save written here is also
signed with this installation's own key, so a save edited by hand is refused on this machine; a save from elsewhere
is trusted only as far as its replay goes.

A save names its scenario by id, and only the built-in and user scenario folders are searched for it: no path read
from a file is ever opened. File names are built only from checked scenario ids.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import math
import os
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from petrograd1917 import jsonfile, paths
from petrograd1917.atomic import write_text_atomic
from petrograd1917.engine.actions import Action
from petrograd1917.printable import printable
from petrograd1917.scenario.model import ActionKind
from petrograd1917.scenario.slug import is_slug

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Scenario

FORMAT = "petrograd1917-save"
VERSION = 2  # 2: no scenario path, per-installation signature, summary fields before the actions
OLDEST_VERSION = 1  # version 1 files still load (their scenario path is ignored; they are unsigned)
MAX_SEED = 10**jsonfile.MAX_DIGITS - 1  # the largest seed a save can hold
MAX_ACTIONS = 100_000  # per game, as for batches: a game that long is runaway, and its save is refused
MAX_BYTES = 16 * 1024 * 1024  # a whole game is ~100 bytes an action (60 kB for October): room for MAX_ACTIONS
LIST_MAX_BYTES = 2 * 1024 * 1024  # the load list reads files up to this size; a bigger one is checked when loaded
MAX_DEPTH = 8  # a save nests 3 levels deep (document, actions, action)
AUTOSAVE_PREFIX = "autosave-"
HUMAN = "human"  # the controller of a faction a person plays
KEY_FILE = "save-key"  # in the user folder: the secret this installation signs its saves with
# Computer players a save may name are bounded, so a save cannot make loading hang: any number in an agent spec
# is at most _AGENT_LIMIT, and these options less (an MCTS search's seconds per move, turns looked ahead).
_AGENT_LIMIT = 5000
_AGENT_LIMITS = {"time": 30.0, "turns": 10.0, "depth": 200.0, "width": 100.0}


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
    controllers: dict[str, str] = field(default_factory=dict)  # faction id -> "human" or an agent spec
    saved_at: str | None = None  # wall-clock time of writing (UTC), for menus only
    game_version: str = ""
    rules: int = 1  # the engine's RULES the game was played under (files from before the field: 1)
    signed_here: bool = field(default=False, compare=False)  # read back with this installation's valid signature

    @property
    def is_over(self) -> bool:
        return self.winner is not None

    def to_json(self) -> dict[str, Any]:
        """The file's content, summary first and actions last, with its checksum (unsigned: see `write_record`)."""
        document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        for item in sorted(fields(self), key=lambda f: f.name in ("checkpoints", "actions")):
            if item.name == "signed_here":
                continue
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
    from petrograd1917.engine.state import RULES

    if not is_slug(state.scenario.id):  # checked again here: a save's id becomes a file name
        raise SaveError(
            f"this game cannot be saved: its scenario id '{printable(state.scenario.id)}' is not a valid scenario "
            "id (lower-case letters, digits, '-' and '_', at most 64)"
        )
    if len(actions) > MAX_ACTIONS:
        raise SaveError(f"this game cannot be saved: it has more than {MAX_ACTIONS} actions, far more than a game")
    if not 0 <= seed <= MAX_SEED:
        raise SaveError(f"this game cannot be saved: its seed is not a whole number from 0 to {MAX_SEED}")
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
    remember_scenario(state.scenario)
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
        controllers=dict(controllers or {}),
        saved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        game_version=__version__,
        rules=RULES,
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
    """Write a record, signed with this installation's key when it has (or can make) one."""
    target = Path(path)
    document = record.to_json()
    key = _install_key(create=True)
    if key is not None:
        document = {**document, "signer": _key_id(key)}
        document["checksum"] = _checksum(document)
        document["signature"] = _signature(key, document)
    # ASCII only: a text the file system gave us that is not valid Unicode is kept as an escape, not a crash
    write_atomic(target, json.dumps(document, indent=1, ensure_ascii=True) + "\n")
    return target


def write_atomic(path: Path, text: str) -> None:
    """Write `path` atomically (see `atomic.py`); a failure becomes a SaveError the window can show."""
    try:
        write_text_atomic(path, text)
    except OSError as error:
        raise SaveError(f"cannot write {printable(str(path))}: {error.strerror or error}") from None
    except UnicodeError:
        raise SaveError(f"cannot write {printable(str(path))}: the file name is not valid text") from None


def file_slug(scenario_id: str) -> str:
    """The scenario part of a save's file name: the id when it is a valid one, else a neutral word."""
    return scenario_id if is_slug(scenario_id) else "game"


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
    path = target / f"{AUTOSAVE_PREFIX}{number:05d}-{file_slug(state.scenario.id)}-turn{state.turn + 1:03d}.json"
    save_game(path, state, actions, seed, controllers=controllers)
    for _, old in _autosaves(target)[: -max(keep, 1)]:
        with contextlib.suppress(OSError):
            old.unlink()
    return path


_AUTOSAVE_NAME = re.compile(rf"{AUTOSAVE_PREFIX}(\d{{1,9}})-.*\.json")


def _autosaves(folder: Path) -> list[tuple[int, Path]]:
    """The autosaves in `folder`, oldest first (by their number, not the clock)."""
    try:
        names = [p for p in folder.iterdir()] if folder.is_dir() else []
    except OSError:
        return []
    found = [(int(m.group(1)), p) for p in names if (m := _AUTOSAVE_NAME.fullmatch(p.name))]
    return sorted(found)


# ----------------------------------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------------------------------


def read_save(path: str | os.PathLike[str], max_bytes: int | None = None) -> SaveRecord:
    """Read and check a save file without replaying it (for menus and `replay` without --verify). Only a regular
    file of at most `max_bytes` (default MAX_BYTES) is read: a folder, pipe or dangling link is refused at once."""
    name = printable(os.fspath(path))
    try:
        raw = jsonfile.read_bytes(path, MAX_BYTES if max_bytes is None else max_bytes, name)
    except jsonfile.JsonFileError as error:
        raise SaveError(str(error)) from None
    return parse_save(raw, name)


def parse_save(raw: bytes, name: str = "<save>") -> SaveRecord:
    """Decode and check the bytes of a save file."""
    try:
        document = jsonfile.parse_json(raw, jsonfile.Bounds(MAX_BYTES, MAX_DEPTH), name)
    except jsonfile.JsonFileError as error:
        raise SaveError(f"not a readable save: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SaveError(f'{name}: not a Petrograd 1917 save (no "format": "{FORMAT}" in it)')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < OLDEST_VERSION:
        shown = printable(repr(version)[:40])
        raise SaveError(f"{name}: the save is corrupt: its format version {shown} is not a positive whole number")
    if version > VERSION:
        raise SaveError(
            f"{name}: this save was written by a newer version of the game (save format {version}; "
            f"this version reads up to {VERSION}): update the game to load it"
        )
    if document.get("checksum") != _checksum(document):
        raise SaveError(f"{name}: the save has been changed since it was written (its checksum does not match)")
    signed_here = _signed_here(document, name)
    try:
        record = _record_from_json(document)
    except _Invalid as error:
        raise SaveError(f"{name}: the save is corrupt: {error}") from None
    return replace(record, signed_here=signed_here)


def _checksum(document: Mapping[str, Any]) -> str:
    """sha256 of the content without checksum and signature: catches damage, not a careful forgery."""
    return hashlib.sha256(_canonical(document)).hexdigest()


def _canonical(document: Mapping[str, Any]) -> bytes:
    content = {key: value for key, value in document.items() if key not in ("checksum", "signature")}
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _signature(key: bytes, document: Mapping[str, Any]) -> str:
    return hmac.new(key, _canonical(document), hashlib.sha256).hexdigest()


def _key_id(key: bytes) -> str:
    """Names the key in a save without revealing it, so a save from another installation is told apart."""
    return hashlib.sha256(b"petrograd1917 save key id\0" + key).hexdigest()[:16]


def _signed_here(document: Mapping[str, Any], name: str) -> bool:
    """True for a save this installation signed; a save claiming our key whose signature is false was edited."""
    signer = document.get("signer")
    if signer is None:
        return False
    key = _install_key(create=False)
    if key is None or signer != _key_id(key):
        return False  # written elsewhere (or before this key existed): trusted only as far as its replay goes
    signature = document.get("signature")
    if not isinstance(signature, str) or not hmac.compare_digest(signature, _signature(key, document)):
        raise SaveError(
            f"{name}: this save was edited after this installation wrote it (its signature does not match), "
            "so it is refused"
        )
    return True


def _install_key(*, create: bool) -> bytes | None:
    """This installation's signing key (a random secret in the user folder, readable by its owner only), made
    on first use when `create`; None when there is none and none can be made (a read-only home)."""
    path = paths.user_dir() / KEY_FILE
    if not os.path.lexists(path):
        if not create:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as stream:
                stream.write(secrets.token_hex(32) + "\n")
        except FileExistsError:
            pass  # another game made it at the same moment: read theirs
        except OSError:
            return None
    try:
        text = jsonfile.read_bytes(path, 256).decode("ascii").strip()
    except (jsonfile.JsonFileError, UnicodeDecodeError):
        return None
    return text.encode("ascii") if re.fullmatch(r"[0-9a-f]{64}", text) else None


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


def _not_negative(value: int, key: str) -> int:
    if value < 0:
        raise _Invalid(f"the field '{key}' must not be negative")
    return value


def _rules(value: int | None) -> int:
    """The engine's rules a save was played under: 1 for a file from before saves recorded them."""
    if value is None:
        return 1
    if value < 1:
        raise _Invalid("the field 'rules' must be a positive whole number")
    return value


def _scenario_id(value: str) -> str:
    if not is_slug(value):
        raise _Invalid(f"'{printable(value[:80])}' is not a scenario id (lower-case letters, digits, '-' and '_')")
    return value


def check_controller(faction: str, spec: str) -> None:
    """Refuse a controller this game cannot build, or a computer player so strong it would never answer."""
    if spec == HUMAN:
        return
    from petrograd1917.ai.base import check_spec, parse_spec

    shown = printable(spec[:80])
    try:
        check_spec(spec)
    except (ValueError, TypeError) as error:
        why = f"which this game cannot build ({printable(str(error))})"
        raise _Invalid(f"the player of '{printable(faction)}' is '{shown}', {why}") from None
    for option, value in parse_spec(spec)[1].items():
        try:
            number = float(value)
        except ValueError:
            continue
        limit = _AGENT_LIMITS.get(option, _AGENT_LIMIT)
        if not math.isfinite(number) or abs(number) > limit:
            raise _Invalid(
                f"the player of '{printable(faction)}' is '{shown}': {printable(option)}={printable(value[:20])} "
                f"is more than a save may ask for (at most {limit:g})"
            )


def _record_from_json(document: Mapping[str, Any]) -> SaveRecord:
    actions = _field(document, "actions", list)
    if len(actions) > MAX_ACTIONS:
        raise _Invalid(f"it holds {len(actions)} actions, more than the {MAX_ACTIONS} a game may have")
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
    for faction, spec in controllers.items():
        check_controller(faction, spec)
    return SaveRecord(
        scenario_id=_scenario_id(_field(document, "scenario_id", str)),
        scenario_hash=_field(document, "scenario_hash", str),
        seed=_not_negative(_field(document, "seed", int), "seed"),
        actions=tuple(_action_from_json(data, n) for n, data in enumerate(actions, start=1)),
        final_hash=_field(document, "final_hash", str),
        turn=_not_negative(_field(document, "turn", int), "turn"),
        date=_field(document, "date", str),
        checkpoints=tuple(checkpoints),
        winner=_field(document, "winner", str, optional=True),
        reason=_field(document, "reason", str, optional=True) or "",
        scenario_title=_field(document, "scenario_title", str, optional=True) or "",
        controllers=dict(controllers),
        saved_at=_field(document, "saved_at", str, optional=True),
        game_version=_field(document, "game_version", str, optional=True) or "",
        rules=_rules(_field(document, "rules", int, optional=True)),
    )


# ----------------------------------------------------------------------------------------------------------
# Replaying
# ----------------------------------------------------------------------------------------------------------


def find_scenario(record: SaveRecord, scenario: Scenario | None = None) -> Scenario:
    """The scenario a save was played on: `scenario` if given, else the built-in or user scenario with the save's
    id (never a path from the file). Its content must be exactly the one saved with (same hash)."""
    if scenario is not None:
        if scenario.content_hash != record.scenario_hash:
            raise SaveError(_changed(record))
        return scenario
    if not is_slug(record.scenario_id):
        raise SaveError(f"'{printable(record.scenario_id[:80])}' is not a scenario id")
    remembered = _saved_here.get(record.scenario_hash)
    if remembered is not None and remembered.id == record.scenario_id:
        return remembered
    problems: list[str] = []
    found_any = False
    for path in _scenario_files(record.scenario_id):
        candidate = _try_scenario(path, problems if path.stem == record.scenario_id else [])
        if candidate is None or candidate.id != record.scenario_id:
            continue
        if candidate.content_hash == record.scenario_hash:
            return candidate
        found_any = True
    if found_any:
        raise SaveError(_changed(record))
    why = f" ({'; '.join(problems[:3])})" if problems else ""
    raise SaveError(
        f"the scenario '{record.scenario_id}' of this save cannot be found among the built-in or user scenarios"
        f"{why}; give it with --scenario"
    )


_SCAN_LIMIT = 500  # scenario files looked into when none is named after the id
_saved_here: dict[str, Scenario] = {}  # content hash -> a scenario this process saved a game of (kept in memory)
_REMEMBERED = 8


def remember_scenario(scenario: Scenario) -> None:
    """Offer a scenario for loading saves in this run, besides the two scenario folders: each one a game was saved
    from (so a quick load works for a scenario kept elsewhere) and one the player names (`play --load FILE
    SCENARIO`). Kept in memory by content hash; no path in a file is involved."""
    _saved_here.pop(scenario.content_hash, None)
    _saved_here[scenario.content_hash] = scenario
    while len(_saved_here) > _REMEMBERED:
        del _saved_here[next(iter(_saved_here))]


def _scenario_files(scenario_id: str) -> list[Path]:
    """Files that may hold the scenario: those named after its id first, then the rest of both folders (a
    scenario's file may be named otherwise). Only files inside the two scenario folders are ever listed."""
    from petrograd1917.scenario.loader import SUFFIXES

    folders = [paths.builtin_scenarios_dir(), paths.user_scenarios_dir()]
    named = [folder / f"{scenario_id}{suffix}" for folder in folders for suffix in SUFFIXES]
    others: list[Path] = []
    for folder in folders:
        with contextlib.suppress(OSError):
            others += sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p not in named)
    return [p for p in named + others[:_SCAN_LIMIT] if jsonfile.is_regular_file(p)]


def _try_scenario(path: Path, problems: list[str]) -> Scenario | None:
    """The scenario in `path`, or None with why it does not load added to `problems`."""
    from petrograd1917.scenario.errors import ScenarioError
    from petrograd1917.scenario.loader import load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as error:
        problems.append(printable(str(error.diagnostics[0]) if error.diagnostics else str(error)))
    except (OSError, ValueError, RecursionError) as error:
        problems.append(f"{printable(path.name)}: cannot be read ({type(error).__name__})")
    return None


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

    try:
        state = _replay(found, record.seed, record.actions, compare)
        if len(seen) != len(recorded) or state.state_hash() != record.final_hash:
            raise ReplayDivergence(
                f"the replay diverged {since_last_match()}: the final state differs from the saved one",
                len(record.actions),
                state.turn,
            )
    except ReplayDivergence as error:
        raise _other_rules(record, error) from None
    _check_summary(record, state)
    return state


def _other_rules(record: SaveRecord, error: ReplayDivergence) -> ReplayDivergence:
    """The divergence as the player should read it: a save made under other rules of the engine plays out
    differently here (a save made before a change of the rules still loads while its game is the same)."""
    from petrograd1917.engine.state import RULES

    if record.rules == RULES:
        return error
    newer = record.rules > RULES
    return ReplayDivergence(
        f"it was made by {'a newer' if newer else 'an older'} version of the game, whose games play out "
        f"differently (rules {record.rules}; this version plays rules {RULES}), "
        f"{'update the game to replay it' if newer else 'so it cannot be replayed here'} ({error})",
        error.action,
        error.turn,
    )


def _check_summary(record: SaveRecord, state: GameState) -> None:
    """The turn, date, winner and reason a file states are only words until the replay derives them: refuse a
    save whose words are false (menus and `replay` show them)."""
    derived = {"turn": state.turn, "date": state.date.isoformat(), "winner": _winner_id(state)}
    derived["reason"] = state.over_reason
    stated = {"turn": record.turn, "date": record.date, "winner": record.winner, "reason": record.reason}
    for key, value in derived.items():
        if stated[key] != value:
            raise SaveError(
                f"the save's {key} is false: it says {printable(repr(stated[key])[:80])}, "
                f"but its replay gives {printable(repr(value)[:80])}"
            )


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


def _winner_id(state: GameState) -> str | None:
    if state.winner is None:
        return None
    return "draw" if state.winner < 0 else state.index.faction_ids[state.winner]


def saves_in(folder: str | os.PathLike[str] | None = None) -> list[tuple[Path, SaveRecord | SaveError]]:
    """Every *.json entry of a saves folder with its record (or why it cannot be read), newest first: the load
    menu. Nothing in the folder can stop the listing: links to nowhere, pipes, folders and files too large to
    read for a list are listed with the reason; files up to LIST_MAX_BYTES are read, none is replayed."""
    target = Path(folder) if folder is not None else paths.saves_dir()
    try:
        files = list(target.glob("*.json")) if target.is_dir() else []
    except OSError:
        return []
    files.sort(key=lambda p: (_modified(p), p.name), reverse=True)
    result: list[tuple[Path, SaveRecord | SaveError]] = []
    for path in files:
        try:
            result.append((path, _listed(path)))
        except SaveError as error:
            result.append((path, error))
    return result


def _listed(path: Path) -> SaveRecord:
    with contextlib.suppress(OSError):
        size = path.stat().st_size
        if jsonfile.is_regular_file(path) and LIST_MAX_BYTES < size <= MAX_BYTES:
            raise SaveError(
                f"{printable(path.name)}: {size // 1024} kB is too large to read for this list; "
                "Load reads and checks it in full"
            )
    return read_save(path, LIST_MAX_BYTES if jsonfile.is_regular_file(path) else MAX_BYTES)


def _modified(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0
