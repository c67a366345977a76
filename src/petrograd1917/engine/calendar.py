"""Turns to dates: a scenario's turns may change length (days, then hours on the night of a rising)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from petrograd1917.scenario.model import Calendar

_DEFAULT_TURN_HOURS = 24
T = TypeVar("T")


def at_turn(per_turn: Sequence[T], turn: int) -> T:
    """The entry for turn `turn` of a table with one entry a turn, the last turn's for any later one: the one rule
    for every such table (the turns' dates, lengths and weather, the events open, a record's series)."""
    return per_turn[min(turn, len(per_turn) - 1)]


def turn_hours_at(calendar: Calendar, when: datetime) -> int:
    """Length of a turn starting at `when`: the latest phase that has started (the first one before any)."""
    phases = sorted(calendar.phases, key=lambda p: p.start)
    if not phases:
        return _DEFAULT_TURN_HOURS
    hours = phases[0].turn_hours
    for phase in phases:
        if phase.start <= when:
            hours = phase.turn_hours
    return max(1, hours)


def turn_dates(calendar: Calendar) -> tuple[datetime, ...]:
    """The start date of every turn, from `start` while before `end` (at least one turn)."""
    dates = [calendar.start]
    while True:
        following = dates[-1] + timedelta(hours=turn_hours_at(calendar, dates[-1]))
        if following >= calendar.end:
            return tuple(dates)
        dates.append(following)


def gregorian(julian: datetime, calendar: Calendar) -> datetime:
    """The New Style date beside a Julian one (1917: thirteen days later)."""
    return julian + timedelta(days=calendar.gregorian_offset_days)


def format_date(julian: datetime, calendar: Calendar) -> str:
    """'25 Oct 1917 (7 Nov) 06:00' — Julian first, Gregorian beside it; the hour only when it is not midnight."""
    new_style = gregorian(julian, calendar)
    text = f"{julian.day} {julian:%b %Y} ({new_style.day} {new_style:%b})"
    return text + (f" {julian:%H:%M}" if julian.hour or julian.minute else "")
