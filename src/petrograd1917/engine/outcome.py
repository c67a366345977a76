"""How a game ended and how each faction stands: objective scores through the condition evaluator, and the
winner at the last turn (the best score against its own target among the factions still in the race; a tie is a
draw). The named terms of each score and the winner's one-sentence reason are `standing.py`'s."""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from petrograd1917.engine.evaluate import reading
from petrograd1917.engine.log import write
from petrograd1917.engine.standing import Objective, objectives
from petrograd1917.engine.words import and_list, cap, the

if TYPE_CHECKING:
    from petrograd1917.engine.index import ScenarioIndex
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Scenario

_TIE = 1e-9


@dataclass(frozen=True, slots=True)
class Outcome:
    winner: str | None  # faction id; None for a draw (or a game still running: see `over`)
    scores: dict[str, float]
    turns: int  # turns played (the turn the game ended in, counted from 1)
    key_events: dict[str, int] = field(default_factory=dict)  # key event id -> turn it first happened
    reason: str = ""
    over: bool = True


def scores(state: GameState) -> dict[str, float]:
    """Each faction's objective score now (0 for a faction whose objective has no score expression)."""
    return {state.index.faction_ids[o.faction]: o.score_now(state) for o in objectives(state)}


def ratios(state: GameState) -> dict[str, float]:
    """Score over target per faction: how far each has come towards its own objective."""
    return dict(zip(state.index.faction_ids, ratios_and_race(state)[0], strict=True))


def ratios_and_race(state: GameState) -> tuple[tuple[float, ...], tuple[bool, ...]]:
    """The two things the last turn's winner is picked by, per faction in scenario order: its score over target
    (`ratios`), and whether it is still in the race (`standing.in_race`). Kept for the last few positions, by all
    the objectives read of them: a computer player weighs a position and a few orders from it, most of which
    leave the race as it was, and its next decision starts from one of them; and each objective's part by what
    that objective reads (an order that moves the race mostly moves one side's score). Tuples, so the answer kept
    is handed out as it is."""
    race = _race(state)
    key = race.key(state)
    found = race.known.get(key)
    if found is None:
        parts = []
        for objective, own, known in race.parts:  # each objective's part, kept by its own part of the key
            part_key = own(key)
            part = known.get(part_key)
            if part is None:
                score = objective.score_now(state)
                part = (score / objective.target if objective.target else score, objective.in_race(state))
                _keep(known, part_key, part)
            parts.append(part)
        ratios, racing = zip(*parts, strict=True)
        found = (ratios, racing)
        _keep(race.known, key, found)
    return found


@dataclass(frozen=True, slots=True)
class _Race:
    """The objectives of one scenario and index; the key of a game by all they read (`evaluate.reading`, the
    fields in their sorted order); the ratios and race of the last few keys found; and per objective, its own key
    picked out of the game's (its fields' places, in one call) and its part of the last few of its own."""

    scenario: Scenario
    index: ScenarioIndex
    key: Callable[[GameState], tuple[Hashable, ...]]
    known: dict[tuple[Hashable, ...], tuple[tuple[float, ...], tuple[bool, ...]]]
    parts: tuple[_Part, ...]


_Part = tuple[Objective, Callable[[tuple[Hashable, ...]], Hashable], dict[Hashable, tuple[float, bool]]]


_POSITIONS_KEPT = 8
_LOCK = threading.Lock()
_LAST_RACE: list[_Race | None] = [None]  # the last scenario's: a game, or a search, asks for the same one


def _race(state: GameState) -> _Race:
    last = _LAST_RACE[0]
    if last is None or last.index is not state.index or last.scenario is not state.scenario:
        found = objectives(state)
        fields = sorted(frozenset().union(*(o.reads for o in found)))
        parts: tuple[_Part, ...] = tuple((o, _picker([fields.index(n) for n in sorted(o.reads)]), {}) for o in found)
        last = _LAST_RACE[0] = _Race(state.scenario, state.index, reading(fields), {}, parts)
    return last


def _picker(places: list[int]) -> Callable[[tuple[Hashable, ...]], Hashable]:
    """The parts of a key at `places`, as `itemgetter` picks them (a lone part itself, not in a tuple: a key all
    the same, in its objective's memo alone); for an objective that reads nothing, the empty key."""
    return operator.itemgetter(*places) if places else lambda key: ()


def _keep(known: dict[Any, Any], key: Any, value: Any) -> None:
    """`known[key] = value`, the oldest entry dropped to keep `_POSITIONS_KEPT`."""
    with _LOCK:  # a computer player thinking in the background and the window may both be asking
        if len(known) >= _POSITIONS_KEPT:
            del known[next(iter(known))]
        known[key] = value


def finish_by_scores(state: GameState, reason: str) -> None:
    """End the game now: of the factions still in the race (no `out_if` holding: a cause not ended, a capital not
    lost), the one furthest towards its objective wins; a tie at the top, or nobody left in the race, is a draw.
    `reason` says what ended it, in words that follow "when" (the verdict's "won on points when the tsar
    abdicated"), or is `standing.LAST_TURN`."""
    values, still_in = ratios_and_race(state)
    standing = dict(zip(state.index.faction_ids, values, strict=True))
    racing = [f for f in range(len(values)) if still_in[f]]
    best = max((values[f] for f in racing), default=0.0)
    leaders = [f for f in racing if best - values[f] <= _TIE]
    rounded = {k: round(v, 3) for k, v in standing.items()}
    out = [state.index.faction_ids[f] for f in range(len(values)) if f not in racing]
    state.pending_choice = None
    if len(leaders) == 1:
        state.winner = leaders[0]
        name = the(state.faction_name(leaders[0]), start=False)
        state.over_reason = f"{reason}; measured against the objectives, {name} finished ahead"
        write(state, "victory", f"{cap(reason)}. Measured against the objectives, {name} finished ahead.",
              state.index.faction_ids[leaders[0]], ratios=rounded, out_of_race=out, ended=reason)  # fmt: skip
    else:
        state.winner = -1
        names = and_list([the(state.faction_name(f), start=False) for f in leaders]) if leaders else ""
        state.over_reason = f"{reason}: a draw between {names}" if names else f"{reason}: a draw, nobody in the race"
        write(state, "victory", f"{cap(state.over_reason)}.", ratios=rounded, out_of_race=out, ended=reason)


def outcome(state: GameState) -> Outcome:
    """The result so far: final once `state.is_over()`, else `over=False` with the live scores."""
    winner = state.index.faction_ids[state.winner] if state.winner is not None and state.winner >= 0 else None
    return Outcome(
        winner=winner,
        scores=scores(state),
        turns=state.turn + 1,
        key_events=dict(state.key_events),
        reason=state.over_reason.strip() if state.is_over() else "the game is still being played",
        over=state.is_over(),
    )
