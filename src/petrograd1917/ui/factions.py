"""How the screens speak of a faction: one name that always carries the short name the status bar, the legend
and the log use, and the action points it really gets each turn.

A scenario gives each faction a full name ("The moderate socialists") and a short one ("Soviet"). Where the full
name does not contain the short one, a player meeting both would take them for two factions, so the full name is
shown with the short one beside it. Action points come from the faction's base and from the sites it holds, so
the number of the briefing and of the status bar are both counted here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from petrograd1917.scenario.model import Faction, Scenario


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
    """A faction's action points for a turn: its base and one entry per held site that adds some."""

    base: int
    from_sites: tuple[tuple[str, int], ...]  # (site name, points)

    @property
    def total(self) -> int:
        return self.base + sum(points for _, points in self.from_sites)

    def describe(self) -> str:
        """ "6: 5, and 1 for Smolny Institute", or "5" when no held site adds any."""
        if not self.from_sites:
            return str(self.base)
        sites = ", ".join(f"{points} for {name}" for name, points in self.from_sites)
        return f"{self.total}: {self.base}, and {sites}"


def turn_points(scenario: Scenario, faction_id: str, holders: Mapping[str, str | None] | None = None) -> TurnPoints:
    """The points `faction_id` is given at the start of a turn while the sites are held as in `holders` (site id
    -> faction id; by default as the scenario starts). Events may grant more during a game."""
    held = holders if holders is not None else {s.id: s.holder for s in scenario.sites}
    sites = tuple(
        (s.name, s.gives.action_points)
        for s in scenario.sites
        if s.gives.action_points and held.get(s.id) == faction_id
    )
    return TurnPoints(scenario.faction(faction_id).action_points, sites)
