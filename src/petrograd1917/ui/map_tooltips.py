"""Words for everything on the map: hover tooltips and the details panel share these texts.

Each name is followed by who or what it is (the scenario's descriptions and glossary), and each number says what
it measures and which way is good, so a player new to 1917 never has to guess.
"""

from __future__ import annotations

from petrograd1917.engine.control import EBB, GONE
from petrograd1917.scenario.model import LinkKind, Scenario, Site
from petrograd1917.ui import map_icons
from petrograd1917.ui.factions import display_name
from petrograd1917.ui.map_glossary import Glossary
from petrograd1917.ui.map_state import MapSnapshot, UnitView
from petrograd1917.ui.map_view import Hit
from petrograd1917.ui.panels_status import faction_html
from petrograd1917.ui.widgets import esc

CHARACTER_WORDS = {
    "industrial": "factory district, where strikes start",
    "central": "city centre, where ministries and palaces sit",
    "residential": "residential district",
    "garrison": "barracks quarter, home to many soldiers",
    "suburb": "suburb",
    "approach": "outside the city, where troops come from",
}

NUMBER_HELP = {
    "unrest": "Unrest {v}: how near this district is to open revolt (0% calm, 100% insurrection). High unrest brings "
    "crowds and strikes and strains the soldiers' loyalty: good for insurgents, bad for whoever holds power.",
    "bread": "Bread: {v} left in the shops and bakeries. Under one day the queues turn angry and unrest rises; "
    "more is better for everyone.",
    "crowd": "Crowd: {v} people on the streets. A big crowd is hard to disperse and pulls nearby soldiers its way.",
    "strikers": "Strikers: {v} workers out of the factories. Strikes feed the crowd and slow the bread trains.",
}


STACK_LINES = 6  # units listed one by one in a stack's hover: a longer list would not fit a small window


def pct(x: float) -> str:
    return f"{round(100 * x)}%"


def people(n: float) -> str:
    return f"{round(n):,}".replace(",", " ")


class Explainer:
    """Builds tooltip and panel texts (pygame_gui HTML) for one scenario."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.glossary = Glossary(scenario)
        self.names = {f.id: display_name(f) for f in scenario.factions}
        self._sites = {s.id: s for s in scenario.sites}
        self._districts = {d.id: d for d in scenario.districts}
        self._links = {link.id: link for link in scenario.links}

    def whos_who(self, text: str, skip: str = "") -> str:
        """Who's-who lines for the names a text mentions (HTML, empty if none): one sentence each."""
        entries = [e for e in self.glossary.mentioned(text) if e.name != skip]
        if not entries:
            return ""
        lines = [f"<b>{esc(e.name)}</b>: {esc(e.text)}" for e in entries]
        return "<font color='#d9b45f'>Who's who</font><br>" + "<br>".join(lines)

    def faction(self, faction_id: str | None) -> str:
        return self.names.get(faction_id or "", "no one")

    def hover(self, hit: Hit, snap: MapSnapshot, stack: list[str] | None = None) -> str:
        """The short text for a hover over `hit` (a stack of units lists each of them)."""
        if hit.kind == "district":
            return self.district(hit.id, snap, short=True)
        if hit.kind == "unit":
            units = [u for u in (snap.unit(i) for i in (stack or [hit.id])) if u is not None]
            if len(units) == 1:
                return self.unit(units[0], short=True)
            return self.stack(units, snap)
        if hit.kind == "site":
            return self.site(self._sites[hit.id], snap)
        if hit.kind == "link":
            return self.link(hit.id, snap)
        if hit.kind == "faction":
            if not hit.id:
                return (
                    "<b>Contested</b><br>No faction controls this district: none has enough influence there, or"
                    " hostile troops stand in the way."
                )
            return faction_html(self.scenario, hit.id)
        view = snap.districts[hit.id]
        value = {
            "unrest": pct(view.unrest),
            "bread": f"{view.bread_days:.1f} days",
            "crowd": people(view.crowd),
            "strikers": people(view.strikers),
        }[hit.kind]
        return f"<b>{esc(view.name)}</b><br>" + esc(NUMBER_HELP[hit.kind].format(v=value))

    def district(self, district_id: str, snap: MapSnapshot, short: bool = False) -> str:
        d = self._districts[district_id]
        view = snap.districts[district_id]
        lines = [f"<b>{esc(d.name)}</b> — <i>{esc(CHARACTER_WORDS.get(d.character, d.character))}</i>"]
        about = d.description or self.glossary.explain(d.id, d.name)
        if about:
            lines.append(esc(about))
        held = (
            f"Controlled by <b>{esc(self.faction(view.controller))}</b>"
            if view.controller
            else "Contested: no faction controls it"
        )
        lines.append(held)
        lines.append(
            f"Unrest <b>{pct(view.unrest)}</b> (0% calm, 100% revolt) · bread <b>{view.bread_days:.1f} days</b>"
            " (under 1 day means angry queues)"
        )
        if view.crowd >= 1 or view.strikers >= 1:
            lines.append(f"On the streets {people(view.crowd)} · on strike {people(view.strikers)}")
        if not short:
            lines.append(f"Population {people(d.population)}, of whom {people(d.workers)} factory workers")
            shares = sorted(view.influence.items(), key=lambda kv: -kv[1])
            lines.append(
                "Influence (who people listen to; above the control threshold with no hostile troops means control;"
                f" a side whose legitimacy falls below {pct(GONE)} loses it to the others, up to {pct(EBB)} a day): "
                + ", ".join(f"{esc(self.faction(f))} {pct(v)}" for f, v in shares if v > 0.005)
            )
            sites = [s.name for s in self.scenario.sites if s.district == district_id]
            if sites:
                lines.append("Sites: " + esc(", ".join(sites)))
            names = self.whos_who(about, d.name)
            if names:
                lines.append("<br>" + names)
        return "<br>".join(lines)

    def stack(self, units: list[UnitView], snap: MapSnapshot) -> str:
        """Several units under one counter: a line each, then how to reach them one by one."""
        where = snap.districts[units[0].district].name
        total = sum(u.strength for u in units)
        commanders = {u.commander for u in units}
        side = self.faction(units[0].commander) if len(commanders) == 1 else f"{len(commanders)} sides"
        lines = [f"<b>{len(units)} units of {esc(side)}</b> in {esc(where)}: {people(total)} men"]
        short = {f.id: f.short_name for f in self.scenario.factions}
        listed = units if len(units) <= STACK_LINES else units[: STACK_LINES - 1]
        for u in listed:
            best = max(u.loyalty.items(), key=lambda kv: kv[1], default=("", 0.0))
            leaning = (
                f"leans to {esc(short.get(best[0], 'no one'))} {pct(best[1])}" if best[1] > 0 else "loyal to no one"
            )
            lines.append(f"• <b>{esc(u.name)}</b>: {people(u.strength)} men, {leaning}")
        rest = units[len(listed) :]
        if rest:
            lines.append(f"• and {len(rest)} more, {people(sum(u.strength for u in rest))} men")
        lines.append("<i>Click the counter again to go through them one by one (loyalty as you estimate it).</i>")
        return "<br>".join(lines)

    def unit(self, unit: UnitView, short: bool = False) -> str:
        kind = map_icons.UNIT_KIND_NAMES[unit.kind]
        lines = [f"<b>{esc(unit.name)}</b> — <i>{esc(kind)}</i>"]
        about = unit.description or self.glossary.explain(unit.id, unit.name, unit.kind.value.replace("_", " "))
        if about and not short:
            lines.append(esc(about))
        lines.append(f"Takes orders from <b>{esc(self.faction(unit.commander))}</b> · {people(unit.strength)} men")
        seen = "known" if unit.known else "your estimate"
        shares = sorted(((f, v) for f, v in unit.loyalty.items() if v > 0.005), key=lambda kv: -kv[1])
        loyalty = ", ".join(f"{esc(self.faction(f))} {pct(v)}" for f, v in shares) or "no one"
        lines.append(f"Loyalty ({seen}): {loyalty}")
        if not short:
            lines.append(
                "Loyalty decides whose orders the men really follow: when a rival's share overtakes the "
                "commander's, the unit may mutiny and change sides."
            )
            lines.append(
                f"Arms {pct(unit.arms)} · discipline {pct(unit.discipline)} (higher: stronger in a fight and "
                "steadier when ordered to fire)"
            )
            if unit.commissar:
                lines.append(f"A commissar of {esc(self.faction(unit.commissar))} is attached")
            names = self.whos_who(about, unit.name)
            if names:
                lines.append("<br>" + names)
        if unit.moved:
            lines.append("<i>Has already acted this turn.</i>")
        return "<br>".join(lines)

    def site(self, site: Site, snap: MapSnapshot) -> str:
        kind = map_icons.SITE_KIND_NAMES[site.kind]
        lines = [f"<b>{esc(site.name)}</b> — <i>{esc(kind)}</i>"]
        about = site.description or self.glossary.explain(site.id, site.name)
        if about:
            lines.append(esc(about))
        lines.append(f"Held by <b>{esc(self.faction(snap.site_holders.get(site.id)))}</b>")
        g = site.gives
        gives = [
            f"+{g.action_points} action point(s) each turn" if g.action_points else "",
            f"{g.victory_points} victory point(s)" if g.victory_points else "",
            f"{pct(g.rail_share)} of the bread trains arrive here" if g.rail_share else "",
            f"arms for friendly crowds ({pct(g.arms)})" if g.arms else "",
            "legitimacy each turn" if g.legitimacy else "",
            "influence in its district each turn" if g.influence else "",
        ]
        if any(gives):
            lines.append("Holding it gives: " + ", ".join(x for x in gives if x))
        if site.defense != 1.0:
            lines.append(f"Defence ×{site.defense:g}: defenders fight that much harder here")
        return "<br>".join(lines)

    def link(self, link_id: str, snap: MapSnapshot) -> str:
        link = self._links[link_id]
        a, b = self._districts[link.a].name, self._districts[link.b].name
        name = link.name or f"{a} – {b}"
        lines = [f"<b>{esc(name)}</b> <i>({esc(link.kind.value)} between {esc(a)} and {esc(b)})</i>"]
        about = self.glossary.explain(link.id, link.name) if link.name else ""
        if about:
            lines.append(esc(about))
        if link.kind is LinkKind.BRIDGE:
            if snap.raised.get(link_id):
                lines.append("<b>Raised</b>: no one crosses on foot (unless the river is frozen solid).")
            else:
                lines.append("<b>Lowered</b>: open to marchers and troops. Raising it cuts the districts apart.")
        elif link.kind is LinkKind.WATER:
            lines.append("Only sailors and ships cross by water.")
        elif link.kind is LinkKind.RAIL:
            lines.append("Troops and bread come in by train; strikes on the line slow them.")
        return "<br>".join(lines)
