"""How the screens speak of a faction: one name that always carries the short name the status bar, the legend
and the log use, and the action points it really gets each turn.

A scenario gives each faction a full name ("The moderate socialists") and a short one ("Soviet"). Where the full
name does not contain the short one, a player meeting both would take them for two factions, so the full name is
shown with the short one beside it. Action points come from the faction's base and from the sites it holds, as
the engine counts them: the briefing, the status bar and the panels all read that one count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from petrograd1917.engine.handover import turn_points as engine_turn_points
from petrograd1917.scenario.model import Faction

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState


def display_name(faction: Faction) -> str:
    """The full name, followed by the short name in brackets when the full name does not contain it as words."""
    words = f" {_words(faction.name)} "
    if f" {_words(faction.short_name)} " in words:
        return faction.name
    return f"{faction.name} ({faction.short_name})"


def _words(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


@dataclass(frozen=True, slots=True)
class TurnPoints:
    """A faction's action points for a turn: the engine's count (`engine.handover.turn_points`), and the held sites
    that add some."""

    total: int
    from_sites: tuple[tuple[str, int], ...]  # (site name, points)

    @property
    def base(self) -> int:
        return self.total - sum(points for _, points in self.from_sites)

    def describe(self) -> str:
        """ "6: 5, and 1 for Smolny Institute", or "5" when no held site adds any."""
        if not self.from_sites:
            return str(self.total)
        sites = ", ".join(f"{points} for {name}" for name, points in self.from_sites)
        return f"{self.total}: {self.base}, and {sites}"


def turn_points(state: GameState, faction_id: str) -> TurnPoints:
    """The points `faction_id` is given at the start of a turn while the sites are held as in `state` (events may
    grant more during a game)."""
    f = state.index.faction[faction_id]
    sites = tuple(
        (s.name, s.gives.action_points)
        for i, s in enumerate(state.scenario.sites)
        if s.gives.action_points and int(state.site_holder[i]) == f
    )
    return TurnPoints(int(engine_turn_points(state)[f]), sites)
