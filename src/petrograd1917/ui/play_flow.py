"""The flow of play around the game screen, without a window: the computer players' pacing, the queue of what must
be shown (event cards, the day's summary, the hotseat hand-over, the end), and orders submitted with their errors
sorted into "not possible" and "a bug".

The game screen asks `PlayFlow.advance(dt)` each frame and shows whatever `Prompt` it returns; everything that
decides *when* something happens lives here, so it is tested without opening a window.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from petrograd1917.engine.legality import IllegalActionError
from petrograd1917.engine.standing import Standing, standings
from petrograd1917.scenario.model import ActionKind
from petrograd1917.ui.session import GameFault

if TYPE_CHECKING:
    from petrograd1917.engine.actions import Action
    from petrograd1917.engine.log import LogEntry
    from petrograd1917.scenario.model import Event
    from petrograd1917.ui.session import GameSession

FAST_MOVES_PER_FRAME = 40  # fast-forward: at most this many computer moves per frame...
FAST_BUDGET = 0.025  # ...and at most this long (seconds) waiting for them, so the window stays responsive
MOVE_WAIT = 0.004  # at normal speeds, how long a frame may wait for a move that is nearly thought out
THINKING_SHOWN_AFTER = 0.25  # seconds of waiting for a computer player before "thinking..." shows
PANELS_EVERY = 0.5  # fast-forward: the panels follow the moves this often (the map follows every move)


@dataclass(frozen=True)
class ShowCard:
    """An event card: to read, or (with `options`) for the human to move to answer."""

    event: Event
    options: tuple[Action, ...] = ()


@dataclass(frozen=True)
class ShowAnswer:
    """What an event card's answer changed, shown right after it is given: `before` is each side's standing as it
    was, to compare with the state now."""

    event: Event
    choice: str  # the choice's id
    before: tuple[Standing, ...]


@dataclass(frozen=True)
class ShowSummary:
    """What happened at the end of a turn (cards already shown left out)."""

    turn: int  # counted from 0
    entries: tuple[LogEntry, ...]


@dataclass(frozen=True)
class HandOver:
    """Hotseat: hide the map until the next human is at the screen."""

    faction: str


@dataclass(frozen=True)
class GameOver:
    """Every card is shown and the game has ended: the end screen."""


@dataclass(frozen=True)
class ShowFault:
    """A bug stopped an action; the game is as before it (`fatal`: a computer player's move, so play cannot go on)."""

    fault: GameFault
    fatal: bool


Prompt = ShowCard | ShowAnswer | ShowSummary | HandOver | GameOver | ShowFault


@dataclass(frozen=True)
class Refused:
    """The engine refused an order (the state is unchanged): why, in its words."""

    reason: str


@dataclass(frozen=True)
class Step:
    """One frame's worth of play: what to show now (if anything), and what changed."""

    prompt: Prompt | None = None
    moved: int = 0  # computer moves played this frame
    refresh: bool = False  # the panels should show the new state now


@dataclass
class PlayFlow:
    session: GameSession
    queue: deque[Prompt] = field(default_factory=deque)
    fast: bool = False
    last_move: tuple[str, Action] | None = None  # the computer's last move on screen: (faction id, action)
    ai_timer: float = 0.0
    waited: float = 0.0  # how long the screen has waited for the computer player's move
    panel_age: float = 0.0
    ended: bool = False
    halted: bool = False  # a computer player failed: nothing more is played
    shown_to: str | None = None  # whose eyes the map was last shown to
    turn_seen: int = 0
    turn_log_start: int = 0
    cards_shown: set[str] = field(default_factory=set)  # events shown as cards since the last summary

    def __post_init__(self) -> None:
        session = self.session
        self.turn_seen = session.state.turn
        self.turn_log_start = len(session.state.log)
        # in hotseat even the first player gets the hand-over screen
        if self.shown_to is None and session.human_to_move and not session.hotseat:
            self.shown_to = session.viewer

    # -- whose eyes --------------------------------------------------------------------------------------------
    @property
    def viewer(self) -> str:
        """Whose eyes the screen uses. In hotseat, the player last handed the screen keeps it while the computer
        moves, so nobody glimpses the other human's estimates."""
        if self.session.hotseat and self.shown_to and not self.session.human_to_move:
            return self.shown_to
        return self.session.viewer

    @property
    def thinking(self) -> str:
        """The faction id the screen has waited on long enough to say it is thinking, else ""."""
        session = self.session
        if not session.thinking or session.human_to_move or self.waited < THINKING_SHOWN_AFTER:
            return ""
        return session.state.current_faction

    # -- orders ------------------------------------------------------------------------------------------------
    def submit(self, action: Action) -> Refused | ShowFault | None:
        """A human's order. A refusal is returned to say "not possible"; a bug as a fault to report (the state is
        unchanged after both); otherwise what the order revealed is queued."""
        state = self.session.state
        if action.kind is not ActionKind.CHOOSE or state.pending_choice is None:
            return self._play(lambda: self.session.apply(action))
        event = next(e for e in self.session.scenario.events if e.id == state.pending_choice.event)
        before = standings(state)
        result = self._play(lambda: self.session.apply(action))
        if result is None and action.choice is not None:
            self.queue.appendleft(ShowAnswer(event, action.choice, before))  # before the cards it may bring
        return result

    def end_turn(self) -> Refused | ShowFault | None:
        """The human to move ends their part of the turn (with points left or none)."""
        session = self.session
        if not session.human_to_move or session.state.pending_choice is not None:
            return Refused("it is not your turn to end")
        return self._play(session.end_turn)

    def _play(self, move: Callable[[], list[LogEntry]]) -> Refused | ShowFault | None:
        try:
            entries = move()
        except IllegalActionError as error:
            return Refused(str(error))
        except GameFault as fault:
            return ShowFault(fault, fatal=False)
        self.after_move(entries)
        return None

    def after_move(self, entries: list[LogEntry]) -> None:
        """Queue what a move revealed: event cards, and the day's summary when the turn changed. With no human
        at the screen nothing is queued: the computer players' game runs on to its end."""
        session = self.session
        state = session.state
        if not session.humans:
            self.queue.clear()
            return
        events = {e.id: e for e in session.scenario.events}
        pending = state.pending_choice.event if state.pending_choice is not None else None
        for entry in entries:
            event_id = entry.data.get("event") if isinstance(entry.data, dict) else None
            if entry.kind == "event" and event_id in events and event_id != pending:
                self.queue.append(ShowCard(events[event_id]))
                self.cards_shown.add(event_id)
        if state.turn != self.turn_seen and not state.is_over():
            finished = [e for e in state.log[self.turn_log_start :] if e.turn == self.turn_seen]
            self.queue.append(ShowSummary(self.turn_seen, tuple(self.summary_entries(finished))))
            self.cards_shown.clear()
            self.turn_seen = state.turn
            self.turn_log_start = len(state.log)

    def summary_entries(self, entries: list[LogEntry]) -> list[LogEntry]:
        """The lines of a finished turn worth a summary: not the cards the player has just read."""
        return [
            e
            for e in entries
            if not (e.kind == "event" and isinstance(e.data, dict) and e.data.get("event") in self.cards_shown)
        ]

    def skip(self) -> None:
        """Fast forward: the computer players' moves at once."""
        self.fast = True

    # -- each frame --------------------------------------------------------------------------------------------
    def think_ahead(self) -> None:
        """While a card or summary is read: the computer player to move may start thinking (nothing on the card
        changes the game; a hand-over or a human's card means a human moves next)."""
        session = self.session
        if not session.human_to_move and not session.state.is_over() and not self.halted:
            session.begin_computer_move()

    def advance(self, dt: float, ai_delay: float) -> Step:
        """One frame: the next thing to show, or the computer's moves that are due."""
        session = self.session
        state = session.state
        if self.queue:
            return Step(self.queue.popleft())
        if state.is_over():
            if self.ended:
                return Step()
            self.ended = True
            return Step(GameOver())
        if self.halted:
            return Step()
        if session.human_to_move:
            self.fast = False
            self.last_move = None  # a human's turn: the computer's moves are past
            if session.hotseat and self.shown_to != state.current_faction:
                self.shown_to = state.current_faction
                return Step(HandOver(state.current_faction), refresh=True)
            self.shown_to = state.current_faction
            if state.pending_choice is not None:
                event = next(e for e in session.scenario.events if e.id == state.pending_choice.event)
                options = tuple(a for a in state.legal_actions() if a.kind is ActionKind.CHOOSE)
                return Step(ShowCard(event, options))
            return Step()
        return self._computer_turn(dt, ai_delay)

    def _computer_turn(self, dt: float, ai_delay: float) -> Step:
        """A computer player moves: it thinks in the background from the moment its turn comes (while the last
        move is still on screen), and its move is played once the move before has been shown `ai_delay` seconds.
        Fast forward plays as many moves as are ready within a frame's budget."""
        session = self.session
        session.begin_computer_move()
        self.ai_timer += dt
        if not self.fast and self.ai_timer < ai_delay:
            return Step()
        deadline = time.perf_counter() + (FAST_BUDGET if self.fast else MOVE_WAIT)
        moved = 0
        while session.wait_computer_move(deadline - time.perf_counter()):
            who = session.state.current_faction
            try:
                action, entries = session.finish_computer_move()
            except GameFault as fault:
                self.halted = True
                return Step(ShowFault(fault, fatal=True), moved, refresh=True)
            moved += 1
            self.last_move = (who, action)
            self.after_move(entries)
            if not self.fast or moved >= FAST_MOVES_PER_FRAME:
                break
            if self.queue or session.human_to_move or session.state.is_over():
                break
            session.begin_computer_move()
        self.panel_age += dt
        if not moved:
            self.waited += dt
            return Step()
        self.waited = 0.0
        self.ai_timer = 0.0
        busy = self.queue or session.human_to_move or session.state.is_over()
        if self.fast and not busy and self.panel_age < PANELS_EVERY:
            return Step(moved=moved)  # the map follows every move; the panels twice a second
        self.panel_age = 0.0
        return Step(moved=moved, refresh=True)
