"""Who acts next: the turn passes from faction to faction, and after the last one the end-of-turn phases run
and the next turn begins (or the game ends on its last turn, or when nobody has acted for too long)."""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.compiled import kernel
from petrograd1917.engine.index import IntArray
from petrograd1917.engine.outcome import finish_by_scores
from petrograd1917.engine.phases import end_of_turn
from petrograd1917.engine.series import record_series
from petrograd1917.engine.standing import LAST_TURN
from petrograd1917.engine.state import GameState


def turn_points(state: GameState) -> IntArray:
    """[F] the points each faction is given at the start of a turn while the sites are held as now: its base plus
    what its sites give (the one count the window's briefing, status bar and panels show too)."""
    points = np.zeros(state.index.n_factions, dtype=np.int64)
    _add_turn_points(state, points)
    return points


def grant_action_points(state: GameState) -> None:
    """Added, not set: points granted by effects before the turn survive."""
    _add_turn_points(state, state.action_points)


def _add_turn_points(state: GameState, points: IntArray) -> None:
    index = state.index
    _add_points(points, index.faction_action_points, state.site_holder, index.site_gifts)


@kernel
def _add_points(points: IntArray, base: IntArray, holder: IntArray, gifts: IntArray) -> None:
    """Add to `points` each faction's base and what the sites it holds give (`gifts`: site, points): one call, as
    a turn's start would otherwise pay a few numpy calls for a handful of small whole numbers."""
    for f in range(points.shape[0]):
        points[f] += base[f]
    for k in range(gifts.shape[0]):
        at = holder[gifts[k, 0]]
        if at >= 0:
            points[at] += gifts[k, 1]


def end_faction(state: GameState) -> None:
    """The acting faction is done (passed or out of points): hand over, or end the turn after the last faction."""
    state.action_points[state.faction_cursor] = 0
    state.faction_cursor += 1
    skip_factions_without_points(state)


def skip_factions_without_points(state: GameState) -> None:
    """A faction with no points has nothing to decide; after the last faction the turn ends (maybe several)."""
    n_f = state.index.n_factions
    while not state.is_over() and state.pending_choice is None:
        points, cursor = state.action_points, state.faction_cursor
        while cursor < n_f and points.item(cursor) <= 0:
            cursor += 1
        state.faction_cursor = cursor
        if cursor < n_f:
            return
        _end_turn(state)


def resume_after_choice(state: GameState) -> None:
    """An event choice was answered: play continues with whoever is to act."""
    skip_factions_without_points(state)


def _end_turn(state: GameState) -> None:
    state.idle_turns = 0 if state.turn_acted else state.idle_turns + 1
    end_of_turn(state)
    record_series(state)
    if state.is_over():
        return
    limit = state.scenario.rules.max_turns_without_action
    if state.turn + 1 >= state.index.n_turns:
        finish_by_scores(state, LAST_TURN)
    elif limit and state.idle_turns >= limit:
        finish_by_scores(state, f"nobody acted for {state.idle_turns} turns")
    else:
        _start_turn(state)


def _start_turn(state: GameState) -> None:
    state.turn += 1
    state.faction_cursor = 0
    state.turn_acted = False
    state.unit_moved.fill(False)  # (`fill`: a third of a slice's assignment)
    state.site_defended.fill(-1)
    grant_action_points(state)
