"""A recorded game played back move by move: from one game of a batch (`runs/oct/games.jsonl:37`) or from a save.

A game is its scenario, its seed and its moves, so playing it back is replaying the moves through the engine's
one door (`state.apply`), at the pace the viewer sets. A batch record is read from its `games.jsonl` line and the
scenario from the `batch.json` beside it. Everything read is untrusted: a file that is missing, damaged or made for
another version of the scenario is refused with a message that says which and where, never a traceback.

No window here: the replay scene only draws what `Playback` holds, and tests drive it without a screen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from petrograd1917.engine.actions import Action
from petrograd1917.scenario.model import Scenario

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)  # moves a second
BATCH_FILE = "batch.json"  # beside games.jsonl: what the batch was (scenario, its hash, seed, agents)


class ReplayError(Exception):
    """A recorded game that cannot be played back; the message says why, naming the file."""


@dataclass(frozen=True, slots=True)
class Recording:
    """What a recorded game is: enough to play it again exactly."""

    title: str  # "october-1917, game 37 of runs/oct" or the save's file name
    scenario: Scenario
    seed: int
    moves: tuple[Action, ...]
    players: dict[str, str]  # faction id -> who played it (an agent spec, or "human")
    winner: str | None = None  # as recorded, to compare with the playback's end


def read_recording(spec: str) -> Recording:
    """`PATH.jsonl:N` (game N of a batch) or a save file."""
    path, colon, number = spec.rpartition(":")
    if colon and path.endswith(".jsonl") and number.strip().isdigit():
        return _batch_game(Path(path), int(number))
    if spec.endswith(".jsonl"):
        raise ReplayError(f"{spec}: say which game of the batch to watch, e.g. {spec}:0")
    return _save(Path(spec))


def _batch_game(path: Path, index: int) -> Recording:
    if not path.is_file():
        raise ReplayError(f"{path}: no such batch file")
    record = _batch_record(path, index)
    if record.get("error"):
        raise ReplayError(f"{path}: game {index} stopped with an error, so it cannot be watched: {record['error']}")
    moves = record.get("moves")
    if not isinstance(moves, list):
        raise ReplayError(
            f"{path}: game {index} has no recorded moves (batches written before moves were recorded keep only "
            "their results); run the batch again to watch its games"
        )
    header = _batch_header(path)
    scenario = _scenario(str(header.get("scenario", "")), str(header.get("scenario_hash", "")), path)
    seed = record.get("seed")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ReplayError(f"{path}: game {index} has no whole-number seed")
    agents = record.get("agents")
    players = {str(k): str(v) for k, v in agents.items()} if isinstance(agents, dict) else {}
    winner = record.get("winner")
    return Recording(
        title=f"{scenario.id}, game {index} of {path.parent.name or path.name}",
        scenario=scenario,
        seed=seed,
        moves=_moves(moves, f"{path}: game {index}"),
        players=players,
        winner=winner if isinstance(winner, str) else None,
    )


def _batch_record(path: Path, index: int) -> dict[str, Any]:
    from petrograd1917.batch.records import read_records

    try:
        records = read_records(path)
    except (OSError, UnicodeDecodeError) as error:
        raise ReplayError(f"{path}: cannot be read: {error}") from None
    found = [r for r in records if r.get("index") == index]
    if not found:
        have = sorted(int(r["index"]) for r in records if isinstance(r.get("index"), int))
        span = f"games {have[0]} to {have[-1]}" if have else "no finished games"
        raise ReplayError(f"{path}: no game {index} in this batch ({span})")
    return found[0]


def _batch_header(path: Path) -> dict[str, Any]:
    header_path = path.parent / BATCH_FILE
    try:
        header = json.loads(header_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReplayError(f"{header_path}: missing; it says which scenario the batch played") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReplayError(f"{header_path}: cannot be read: {error}") from None
    if not isinstance(header, dict):
        raise ReplayError(f"{header_path}: not a batch description")
    return header


def _scenario(ref: str, expected_hash: str, path: Path) -> Scenario:
    from petrograd1917 import load_scenario
    from petrograd1917.scenario.errors import ScenarioError

    if not ref:
        raise ReplayError(f"{path.parent / BATCH_FILE}: names no scenario")
    try:
        scenario = load_scenario(ref)
    except ScenarioError as error:
        raise ReplayError(f"{path}: the batch's scenario '{ref}' cannot be loaded:\n{error}") from None
    if expected_hash and scenario.content_hash and scenario.content_hash != expected_hash:
        raise ReplayError(
            f"{path}: the scenario '{ref}' has changed since the batch was run "
            f"({scenario.content_hash[:12]} now, {expected_hash[:12]} then): its moves would not replay the same"
        )
    return scenario


def _moves(raw: list[Any], where: str) -> tuple[Action, ...]:
    out = []
    for number, item in enumerate(raw, 1):
        try:
            if not isinstance(item, dict):
                raise TypeError("not an object")
            out.append(Action.from_json(item))
        except (TypeError, ValueError, KeyError) as error:
            raise ReplayError(f"{where}: move {number} is not a move ({error})") from None
    return tuple(out)


def _save(path: Path) -> Recording:
    from petrograd1917 import saves

    try:
        record = saves.read_save(path)
        scenario = saves.find_scenario(record)
    except saves.SaveError as error:
        raise ReplayError(f"{path}: {error}") from None
    return Recording(
        title=path.name,
        scenario=scenario,
        seed=record.seed,
        moves=tuple(record.actions),
        players=dict(record.controllers),
        winner=record.winner,
    )


@dataclass
class Playback:
    """The recorded game as far as it has been played back, and the pace: paused or running at a speed.

    `update(dt)` plays the moves due in `dt` seconds; `step()` plays one (paused or not). A move the rules now
    refuse stops the playback with `problem` set, and the game shown stays as it was before that move."""

    recording: Recording
    speed: float = 2.0
    paused: bool = False
    played: int = 0
    problem: str = ""
    state: Any = field(init=False)
    _due: float = field(default=0.0, init=False)

    def __post_init__(self) -> None:
        from petrograd1917 import new_game

        self.state = new_game(self.recording.scenario, self.recording.seed)

    @property
    def finished(self) -> bool:
        return self.played >= len(self.recording.moves) or bool(self.problem)

    def step(self) -> bool:
        """Play the next move; false at the end, or when the move cannot be played."""
        if self.finished:
            return False
        move = self.recording.moves[self.played]
        from petrograd1917.engine.legality import IllegalActionError

        try:
            self.state.apply(move)
        except IllegalActionError as error:
            self.problem = f"move {self.played + 1} cannot be played under the present rules: {error}"
            self.paused = True
            return False
        self.played += 1
        return True

    def update(self, dt: float) -> int:
        """Advance `dt` seconds of playback; returns the moves played."""
        if self.paused or self.finished:
            self._due = 0.0
            return 0
        self._due += dt * self.speed
        played = 0
        while self._due >= 1.0 and self.step():
            self._due -= 1.0
            played += 1
        return played

    def toggle(self) -> None:
        self.paused = not self.paused

    def faster(self, steps: int = 1) -> None:
        """Change speed by `steps` along SPEEDS (negative: slower)."""
        at = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - self.speed))
        self.speed = SPEEDS[max(0, min(len(SPEEDS) - 1, at + steps))]
