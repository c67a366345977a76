"""The who's-who as one searchable list: the scenario's glossary, its leaders, units, sites and districts."""

from __future__ import annotations

from dataclasses import dataclass

from petrograd1917.scenario.model import Scenario
from petrograd1917.ui.factions import display_name

CATEGORIES = ("All", "People", "Parties", "Units", "Places", "Terms")


@dataclass(frozen=True)
class Entry:
    name: str
    category: str  # one of CATEGORIES[1:]
    kind: str  # a finer word shown beside the name ("leader", "cossacks", "station", ...)
    text: str
    detail: str = ""  # a few facts in numbers (strength, population, ...)
    aliases: tuple[str, ...] = ()

    def matches(self, query: str) -> bool:
        q = query.casefold().strip()
        if not q:
            return True
        return any(q in s.casefold() for s in (self.name, self.kind, self.text, *self.aliases))


_GLOSSARY_CATEGORY = {"person": "People", "party": "Parties", "unit": "Units", "place": "Places", "term": "Terms"}


def entries(scenario: Scenario) -> list[Entry]:
    """Every name worth explaining, glossary first; a leader or unit the glossary already explains is not repeated."""
    out: list[Entry] = []
    seen: set[str] = set()

    def add(entry: Entry) -> None:
        key = entry.name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(entry)

    for g in scenario.glossary:
        add(Entry(g.name, _GLOSSARY_CATEGORY.get(str(g.kind), "Terms"), str(g.kind), g.text, aliases=g.aliases))
    for f in scenario.factions:
        wins = f"Wins by: {f.objective.description}"
        add(Entry(display_name(f), "Parties", "faction", f.description, wins, aliases=(f.short_name,)))
        for leader in f.leaders:
            add(Entry(leader.name, "People", f"leader, {f.short_name}", leader.bio or leader.role, leader.role))
    districts = {d.id: d.name for d in scenario.districts}
    factions = {f.id: display_name(f) for f in scenario.factions}
    for u in scenario.units:
        commander = factions.get(u.commander or "", "no one (in barracks)")
        detail = f"{u.strength:,} men in {districts.get(u.district, u.district)}; takes orders from {commander}"
        add(Entry(u.name, "Units", str(u.kind).replace("_", " "), u.description, detail))
    for s in scenario.sites:
        add(Entry(s.name, "Places", f"{s.kind} in {districts.get(s.district, s.district)}", s.description))
    for d in scenario.districts:
        detail = f"{d.population:,} people, {d.workers:,} factory workers, {d.soldiers:,} soldiers quartered"
        add(Entry(d.name, "Places", f"{d.character} district", d.description, detail))
    return sorted(out, key=lambda e: e.name.casefold())
