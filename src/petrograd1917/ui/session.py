"""One game being played in the window: the scenario, its state, who plays each faction, and undo.

The window never changes a `GameState` itself: every change goes through `GameSession.apply` (human orders) or
`GameSession.computer_move` (a computer faction's turn), both of which call the engine's one door,
`state.apply(action)`. The session also keeps every applied action (what a save or replay needs) and the undo
points of the current human faction's turn.

Undo follows the rules of the table: a player may take back orders given this turn as long as no die has been
cast since. An order with odds below 1 (a gamble) reveals its result, so it cannot be taken back, nor can anything
before it; neither can anything once another faction has moved. A human's part of the turn ends only when they
end it (`end_turn`), even with no points left, so the last order can be taken back too.

An error from the engine other than a refused order is a bug: the state is put back as it was before the action,
the game up to it is kept as a replay file, and `GameFault` says where.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from petrograd1917 import paths
from petrograd1917.engine.legality import IllegalActionError

if TYPE_CHECKING:
    from petrograd1917.ai.base import Agent
    from petrograd1917.engine.actions import Action
    from petrograd1917.engine.log import LogEntry
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Scenario

HUMAN = "human"
# What the set-up screen's levels mean in agent specs (see ai/base.py for the spec syntax).
AI_LEVELS: dict[str, str] = {"easy": "heuristic", "normal": "mcts:normal", "hard": "mcts:hard"}


def controller_label(controller: str) -> str:
    """ "human" -> "Human"; "mcts:hard" -> "Computer (hard)"; any other spec is shown as written."""
    if controller == HUMAN:
        return "Human"
    for level, spec in AI_LEVELS.items():
        if spec == controller:
            return f"Computer ({level})"
    return f"Computer ({controller})"


MAX_TURN_ACTIONS = 5_000  # actions in one turn before play stops as runaway (a real turn has a few dozen)


class GameFault(Exception):
    """The engine (or a computer player) failed on an action: a bug. The game is as it was before the action, and
    `report` is the replay file kept for the bug report (None if even that could not be written)."""

    def __init__(self, action: Action | None, error: BaseException, report: Path | None) -> None:
        self.action = action
        self.error = error
        self.report = report
        kept = f" The game up to here is kept as {report.name}." if report else ""
        super().__init__(f"{type(error).__name__}: {error}.{kept}")


@dataclass
class UndoPoint:
    state: GameState
    n_actions: int  # len(session.actions) before the order


@dataclass
class GameSession:
    scenario: Scenario
    state: GameState
    seed: int
    controllers: dict[str, str]  # faction id -> HUMAN or an agent spec
    actions: list[Action] = field(default_factory=list)  # every action applied since the start
    save_path: Path | None = None  # where the player last saved (or loaded) this game
    on_turn_end: Callable[[GameSession], None] | None = None  # e.g. autosave; called after each whole turn
    _agents: dict[str, Agent] = field(default_factory=dict, repr=False)
    _undo: list[UndoPoint] = field(default_factory=list, repr=False)
    _undo_faction: str | None = field(default=None, repr=False)
    _thinking: tuple[threading.Thread, dict[str, Any], int] | None = field(default=None, repr=False)
    _turn_began: int | None = field(default=None, repr=False)  # len(actions) when the current turn began

    # -- making one ------------------------------------------------------------------------------------------
    @classmethod
    def new(cls, scenario: Scenario, seed: int, controllers: Mapping[str, str]) -> GameSession:
        from petrograd1917 import new_game

        full = {f.id: controllers.get(f.id, AI_LEVELS["normal"]) for f in scenario.factions}
        return cls(scenario=scenario, state=new_game(scenario, seed), seed=seed, controllers=full)

    # -- who plays -------------------------------------------------------------------------------------------
    def is_human(self, faction: str) -> bool:
        return self.controllers.get(faction) == HUMAN

    @property
    def humans(self) -> list[str]:
        return [f.id for f in self.scenario.factions if self.is_human(f.id)]

    @property
    def human_to_move(self) -> bool:
        return not self.state.is_over() and self.is_human(self.state.current_faction)

    @property
    def hotseat(self) -> bool:
        """More than one human at the same screen: hand the screen over between them."""
        return len(self.humans) > 1

    @property
    def viewer(self) -> str:
        """Whose eyes the window uses (what a side sees: `engine.observation`): the human to move, else the first
        human; with only computer players, the side to move (a game watched as each side sees it in turn)."""
        if self.human_to_move:
            return self.state.current_faction
        humans = self.humans
        return humans[0] if humans else self.state.current_faction

    def agent(self, faction: str) -> Agent:
        if faction not in self._agents:
            from petrograd1917.ai.base import make_agent

            index = [f.id for f in self.scenario.factions].index(faction)
            self._agents[faction] = make_agent(self.controllers[faction], faction, self.seed * 1009 + index)
        return self._agents[faction]

    # -- playing ---------------------------------------------------------------------------------------------
    def apply(self, action: Action) -> list[LogEntry]:
        """Submit a human's order. Raises `IllegalActionError` for an illegal one and `GameFault` for a bug (the
        state is unchanged after either). The faction stays to move after spending its last point."""
        faction = self.state.current_faction
        if self._undo_faction != faction:
            self._undo.clear()
            self._undo_faction = faction
        gamble = self._is_gamble(action)
        point = UndoPoint(self.state.clone(), len(self.actions))
        entries = self._submit(action, point.state, hold_turn=True)
        if gamble or self.state.current_faction != faction or self.state.is_over():
            self._undo.clear()
        else:
            self._undo.append(point)
        return entries

    @property
    def spent(self) -> bool:
        """The faction to move has used all its points and only waits to end its part of the turn."""
        state = self.state
        return (
            not state.is_over()
            and state.pending_choice is None
            and int(state.action_points[state.index.faction[state.current_faction]]) <= 0
        )

    def end_turn(self) -> list[LogEntry]:
        """End the human's part of the turn: a pass, or with no points left what the last order would have done
        without `hold_turn` (so the recorded orders replay the same)."""
        from petrograd1917.engine.actions import Action
        from petrograd1917.engine.game import end_faction
        from petrograd1917.scenario.model import ActionKind

        faction = self.state.current_faction
        if not self.spent:
            return self.apply(Action(ActionKind.PASS, faction))
        self._undo.clear()
        before = self.state.clone()
        turn, start = self.state.turn, len(self.state.log)
        try:
            end_faction(self.state)
        except Exception as error:
            self.state = before
            raise GameFault(None, error, self.keep_for_report(None, error)) from error
        self._after_submit(turn)
        return self.state.log[start:]

    def computer_move(self) -> tuple[Action, list[LogEntry]]:
        """Let the computer player whose turn it is choose and play one action (blocks while it thinks)."""
        faction = self.state.current_faction
        action = self.agent(faction).choose_action(self.state)
        self._undo.clear()
        return action, self._submit(action, self.state.clone())

    # A search can take seconds; thinking on a clone in a thread keeps the window drawing meanwhile. The agent
    # sees the same state as `computer_move` would give it, so the game is the same move for move.
    def begin_computer_move(self) -> None:
        """Start the computer player to move thinking in the background (no-op if it already is)."""
        if self._thinking is not None:
            return
        agent = self.agent(self.state.current_faction)
        position = self.state.clone()
        result: dict[str, Any] = {}

        def think() -> None:
            try:
                result["action"] = agent.choose_action(position)
            except BaseException as error:  # handed to the main thread by finish_computer_move
                result["error"] = error

        thread = threading.Thread(target=think, name="computer-player", daemon=True)
        self._thinking = (thread, result, len(self.actions))
        thread.start()

    @property
    def computer_move_ready(self) -> bool:
        return self._thinking is not None and not self._thinking[0].is_alive()

    @property
    def thinking(self) -> bool:
        """A background move has been begun and not yet played (it may be ready)."""
        return self._thinking is not None

    def wait_computer_move(self, timeout: float) -> bool:
        """Wait at most `timeout` seconds for the background move; True once it is ready to be played."""
        if self._thinking is None:
            return False
        self._thinking[0].join(max(0.0, timeout))
        return self.computer_move_ready

    def finish_computer_move(self) -> tuple[Action, list[LogEntry]]:
        """Wait for the background move (if still thinking) and play it."""
        assert self._thinking is not None, "begin_computer_move first"
        thread, result, n_actions = self._thinking
        thread.join()
        self._thinking = None
        if n_actions != len(self.actions):
            raise RuntimeError("the game changed while the computer was thinking")
        if "error" in result:  # the computer player itself failed: a bug, reported with the game so far
            error = result["error"]
            raise GameFault(None, error, self.keep_for_report(None, error)) from error
        action: Action = result["action"]
        self._undo.clear()
        return action, self._submit(action, self.state.clone())

    def _submit(self, action: Action, before: GameState, *, hold_turn: bool = False) -> list[LogEntry]:
        """Apply through the engine's one door. `before` is a copy of the state to put back if the engine fails
        part-way: a refusal passes on as it is; any other error becomes a `GameFault`."""
        turn = self.state.turn
        self._check_runaway(action)
        try:
            entries = self.state.apply(action, hold_turn=hold_turn)
        except IllegalActionError:
            self.state = before  # refused before anything changed; put back all the same
            raise
        except Exception as error:
            self.state = before
            raise GameFault(action, error, self.keep_for_report(action, error)) from error
        self.actions.append(action)
        self._after_submit(turn)
        return entries

    def _after_submit(self, turn: int) -> None:
        if self.state.turn != turn:
            self._turn_began = len(self.actions)
        if self.state.turn != turn and self.on_turn_end is not None:
            self.on_turn_end(self)

    def _check_runaway(self, action: Action) -> None:
        """The batches' runaway guard, in play: a game of MAX_ACTIONS actions not yet over (the most a save holds),
        or a turn of MAX_TURN_ACTIONS, is a bug in a scenario or a computer player: it stops as a GameFault (with
        a report) instead of running on unwatched."""
        from petrograd1917.ai.play import RunawayGameError
        from petrograd1917.saves import MAX_ACTIONS

        if self._turn_began is None:
            self._turn_began = len(self.actions)
        in_turn = len(self.actions) - self._turn_began
        if len(self.actions) >= MAX_ACTIONS or in_turn >= MAX_TURN_ACTIONS:
            error = RunawayGameError(
                f"the game is not over after {len(self.actions)} actions, {in_turn} of them in turn "
                f"{self.state.turn + 1} (at most {MAX_ACTIONS} a game and {MAX_TURN_ACTIONS} a turn)"
            )
            raise GameFault(action, error, self.keep_for_report(action, error))

    def keep_for_report(self, action: Action | None, error: BaseException) -> Path | None:
        """Keep the game up to the failing action as a replay file in the reports folder, with the error and
        the action beside it in a text file of the same name; the path, or None if nothing could be written."""
        import traceback

        from petrograd1917 import saves

        folder = paths.user_dir() / "reports"
        n = 1
        while (folder / f"bug-{self.scenario.id}-{n:03d}.json").exists():
            n += 1
        path = folder / f"bug-{self.scenario.id}-{n:03d}.json"
        try:
            saves.save_game(path, self.recorded_state(), self.actions, self.seed, controllers=self.controllers)
            lines = [f"turn {self.state.turn + 1}, {self.state.current_faction} to move"]
            lines.append(f"the failing action: {action!r}" if action else "the failing step: ending a turn")
            lines += traceback.format_exception(error)
            saves.write_atomic(path.with_suffix(".txt"), "\n".join(lines) + "\n")
        except Exception:  # a report that cannot be written must not hide the error it reports
            return None
        return path

    def _is_gamble(self, action: Action) -> bool:
        try:
            return float(self.state.preview(action).odds) < 1.0
        except Exception:  # a kind without a preview is not a gamble
            return False

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and self._undo_faction == self.state.current_faction

    def undo(self) -> bool:
        """Take back the last order of this turn, if the rules allow. True if something was undone."""
        if not self.can_undo:
            return False
        point = self._undo.pop()
        self.state = point.state
        del self.actions[point.n_actions :]
        return True

    # -- saving ----------------------------------------------------------------------------------------------
    def recorded_state(self) -> GameState:
        """The state a save records: while a faction waits with no points left, as it will be once it ends its
        part of the turn (what the recorded orders replay to; the live game is not touched)."""
        if not self.spent:
            return self.state
        from petrograd1917.engine.game import end_faction

        state = self.state.clone()
        end_faction(state)
        return state

    def save(self, path: Path | None = None) -> Path:
        """Write the game (atomic JSON via `petrograd1917.saves`); remembers the path for the next quick save."""
        from petrograd1917 import saves

        path = path or self.save_path or default_save_path(self.scenario.id)
        saves.save_game(path, self.recorded_state(), self.actions, self.seed, controllers=self.controllers)
        self.save_path = path
        return path

    def autosave(self) -> Path:
        """A numbered autosave in the saves folder (the oldest beyond a few are deleted by `saves.autosave`)."""
        from petrograd1917 import saves

        return saves.autosave(self.recorded_state(), self.actions, self.seed, controllers=self.controllers)

    @classmethod
    def load(cls, path: Path, controllers: Mapping[str, str] | None = None) -> GameSession:
        """Read a save; raises `saves.SaveError` (with a message for the player) for a corrupt or foreign file."""
        from petrograd1917 import saves

        loaded = saves.load_game(path)
        state = loaded.state
        chosen = dict(loaded.controllers)
        chosen.update(controllers or {})
        if not chosen:
            chosen = {f.id: HUMAN for f in state.scenario.factions}
        session = cls(
            scenario=state.scenario,
            state=state,
            seed=int(loaded.seed),
            controllers={f.id: chosen.get(f.id, AI_LEVELS["normal"]) for f in state.scenario.factions},
            actions=list(loaded.actions),
            save_path=path,
        )
        return session


def random_seed() -> int:
    """A fresh seed for a new game (the engine itself never reads the system's randomness)."""
    return int.from_bytes(os.urandom(3), "big")


def default_save_path(scenario_id: str) -> Path:
    """A new numbered file in the saves folder: october-1917-001.json, -002, ... (named from a checked id only)."""
    from petrograd1917.saves import file_slug

    folder = paths.saves_dir()
    scenario_id = file_slug(scenario_id)
    n = 1
    while (folder / f"{scenario_id}-{n:03d}.json").exists():
        n += 1
    return folder / f"{scenario_id}-{n:03d}.json"
