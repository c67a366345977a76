"""Cross-checks on a built scenario: what the type of each value alone cannot tell.

Ids must exist and be unique, shares must fit in [0, 1] together, the calendar must run forwards, effects must
name what their kind changes, every faction needs a way to win, and every condition must name real things.
Everything found is reported (to `Diagnostics`), nothing stops at the first problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from petrograd1917.scenario.build import FieldLocations, expression_location, shorten
from petrograd1917.scenario.conditions import Condition, ScenarioNames, check
from petrograd1917.scenario.errors import Diagnostics
from petrograd1917.scenario.model import (
    ActionKind,
    Calendar,
    Effect,
    EffectKind,
    Event,
    Faction,
    LinkKind,
    Location,
    Scenario,
    SiteKind,
    Unit,
)
from petrograd1917.scenario.ranges import EFFECT_AMOUNTS, MAX_ACTION_POINTS, MAX_TURN_ACTION_POINTS, describe_range
from petrograd1917.scenario.slug import SLUG_RULE, is_slug, quoted, slug_like
from petrograd1917.scenario.suggest import did_you_mean

EPSILON = 1e-9
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
EVERY_DISTRICT = "*"
MAX_LISTED = 12  # an unknown id with no near match lists the known ones when there are this few
MAX_TURNS = 1000  # a year of daily turns, and then some: every turn costs the engine and the player real work
FREE_ACTIONS = (ActionKind.PASS, ActionKind.CHOOSE)  # end a faction's part of the turn, answer a card: may cost 0

# What each effect kind needs (besides `kind`), and what it may also use. `text` is always allowed.
EFFECT_NEEDS: dict[EffectKind, tuple[str, ...]] = {
    EffectKind.ADD_UNREST: ("district", "amount"),
    EffectKind.ADD_FEAR: ("district", "amount"),
    EffectKind.ADD_STRIKERS: ("district", "amount"),
    EffectKind.ADD_CROWD: ("district", "amount"),
    EffectKind.ADD_INFLUENCE: ("district", "faction", "amount"),
    EffectKind.SHIFT_LOYALTY: ("unit", "faction", "amount"),
    EffectKind.ADD_LEGITIMACY: ("faction", "amount"),
    EffectKind.ADD_FOOD: ("amount",),
    EffectKind.SET_RATION: ("amount",),
    EffectKind.SET_RAIL: ("amount",),
    EffectKind.ADD_UNIT: ("unit_spec",),
    EffectKind.REMOVE_UNIT: ("unit",),
    EffectKind.SET_COMMANDER: ("unit",),
    EffectKind.ADD_STRENGTH: ("unit", "amount"),
    EffectKind.SET_SITE: ("site",),
    EffectKind.SET_BRIDGE: ("link", "raised"),
    EffectKind.SET_FLAG: ("flag",),
    EffectKind.CLEAR_FLAG: ("flag",),
    EffectKind.ADD_ACTION_POINTS: ("faction", "amount"),
    EffectKind.KEY_EVENT: ("flag",),
    EffectKind.END_GAME: (),
    EffectKind.LOG: ("text",),
}
EFFECT_MAY: dict[EffectKind, tuple[str, ...]] = {
    EffectKind.SET_COMMANDER: ("faction",),  # no faction: the unit goes back to its barracks
    EffectKind.SET_SITE: ("faction",),  # no faction: nobody holds it
    EffectKind.END_GAME: ("faction",),  # the winner; no faction: a draw
    EffectKind.ADD_STRIKERS: ("faction",),
    EffectKind.ADD_CROWD: ("faction",),  # whose crowd
}
EFFECT_FIELDS = ("amount", "district", "faction", "unit", "site", "link", "flag", "raised", "unit_spec")


@dataclass(frozen=True, slots=True)
class _Ids:
    districts: frozenset[str]
    factions: frozenset[str]
    units: frozenset[str]  # including units that events may add
    sites: frozenset[str]
    links: frozenset[str]
    key_events: frozenset[str]


def validate(scenario: Scenario, locations: FieldLocations, diagnostics: Diagnostics, file: str) -> None:
    """Report every cross-check that fails; `file` names the scenario for the rare problem with no better place."""
    _Validator(scenario, locations, diagnostics, file).run()


class _Validator:
    def __init__(self, scenario: Scenario, locations: FieldLocations, diagnostics: Diagnostics, file: str) -> None:
        self.s = scenario
        self.file = file
        self.loc = locations
        self.d = diagnostics
        added_units = [e.unit_spec for e in self._all_effects() if e.unit_spec is not None]
        self.ids = _Ids(
            districts=frozenset(d.id for d in scenario.districts),
            factions=frozenset(f.id for f in scenario.factions),
            units=frozenset(u.id for u in (*scenario.units, *added_units)),
            sites=frozenset(s.id for s in scenario.sites),
            links=frozenset(link.id for link in scenario.links),
            key_events=frozenset(k.id for k in scenario.victory.key_events),
        )

    # -- helpers ----------------------------------------------------------------------------------------------

    def where(self, obj: object, key: str = "") -> Location:
        return self.loc.at(obj, key) or Location(self.file, 1, 1)

    def error(self, obj: object, key: str, message: str) -> None:
        self.d.error(self.where(obj, key), message)

    def known(self, obj: object, key: str, value: str | None, kind: str, ids: Iterable[str]) -> None:
        """Report `value` unless it is an id of `kind` (empty values were already reported by the builder)."""
        pool = set(ids)
        if value and value not in pool:
            hint = did_you_mean(value, pool)
            if not hint:
                hint = f"; the scenario has: {', '.join(sorted(pool))}" if 0 < len(pool) <= MAX_LISTED else ""
            self.error(obj, key, f"unknown {kind} '{value}'{hint}")

    def unique(self, items: Iterable[object], kind: str, identifier: bool = True) -> None:
        first: dict[str, object] = {}
        for item in items:
            ident = getattr(item, "id", "")
            if not ident:
                continue
            if identifier and not IDENTIFIER.fullmatch(ident):
                example = re.sub(r"\W", "_", ident.strip())[:40] or "my_id"
                example = example if IDENTIFIER.fullmatch(example) else f"_{example}"
                self.error(
                    item,
                    "id",
                    f"{kind} id '{shorten(ident, 40)}' must be a plain name of letters, digits and '_' "
                    f"(conditions refer to it by name), e.g. '{example}'",
                )
            if ident in first:
                line = self.where(first[ident]).line
                self.error(item, "id", f"duplicate {kind} id '{ident}' (already used at line {line})")
            else:
                first[ident] = item

    def shares(self, obj: object, key: str, shares: dict[str, float], what: str) -> None:
        for faction in shares:
            self.known(obj, f"{key}.{faction}", faction, "faction", self.ids.factions)
        total = sum(shares.values())
        if total > 1 + EPSILON:
            self.error(obj, key, f"{what} shares add up to {total:.3g}; they must add up to at most 1")

    # -- checks -----------------------------------------------------------------------------------------------

    def run(self) -> None:
        s = self.s
        if self.loc.ok(s, "id") and not is_slug(s.id):
            self.error(
                s,
                "id",
                f"the scenario id {quoted(s.id)} must be {SLUG_RULE} (it names save files), e.g. '{slug_like(s.id)}'",
            )
        if not s.districts:
            self.error(s, "districts", "a scenario needs at least one district")
        if not s.factions:
            self.error(s, "factions", "a scenario needs at least one faction")
        for items, kind in (
            (s.districts, "district"),
            (s.links, "link"),
            (s.sites, "site"),
            (s.factions, "faction"),
            (s.units, "unit"),
            (s.events, "event"),
            (s.victory.immediate, "victory"),
            (s.victory.key_events, "key event"),
        ):
            self.unique(items, kind)
        self.unique(s.glossary, "glossary entry", identifier=False)
        self.calendar()
        self.districts()
        self.links()
        self.sites()
        self.factions()
        for unit in s.units:
            self.unit(unit)
        self.food()
        self.actions()
        for event in s.events:
            self.event(event)
        self.added_units()
        for victory in s.victory.immediate:
            self.known(victory, "winner", victory.winner, "faction", self.ids.factions)
        self.conditions()

    def calendar(self) -> None:
        calendar = self.s.calendar
        if not self.loc.ok(self.s, "calendar") or not self.loc.ok(calendar, "start", "end", "phases"):
            return
        if calendar.end <= calendar.start:
            self.error(calendar, "end", f"the calendar ends ({calendar.end}) before it starts ({calendar.start})")
        if not calendar.phases:
            self.error(calendar, "phases", "the calendar needs at least one phase (start and turn_hours)")
            return
        if calendar.phases[0].start > calendar.start:
            self.error(
                calendar.phases[0],
                "start",
                f"the first phase starts ({calendar.phases[0].start}) after the calendar does ({calendar.start}): "
                "no turn length is set for the first turns",
            )
        for previous, phase in zip(calendar.phases, calendar.phases[1:], strict=False):
            if phase.start <= previous.start:
                self.error(
                    phase, "start", f"phases must be in date order: {phase.start} does not come after {previous.start}"
                )
            if phase.start > calendar.end > calendar.start:
                self.error(phase, "start", f"this phase starts after the calendar ends ({calendar.end})")
        in_order = all(a.start < b.start for a, b in zip(calendar.phases, calendar.phases[1:], strict=False))
        if in_order and _turn_count(calendar) > MAX_TURNS:
            self.error(
                calendar,
                "end",
                f"the calendar gives more than {MAX_TURNS} turns; end it sooner or make the turns longer",
            )

    def districts(self) -> None:
        for district in self.s.districts:
            if district.workers > district.population and self.loc.ok(district, "workers", "population"):
                self.error(
                    district,
                    "workers",
                    f"district '{district.id}' has more workers ({district.workers}) than people "
                    f"({district.population})",
                )
            if district.strikers > district.workers and self.loc.ok(district, "workers", "strikers"):
                self.error(
                    district, "strikers", f"more strikers ({district.strikers}) than workers ({district.workers})"
                )
            if len(district.polygon) < 3:
                self.error(district, "polygon", f"a polygon needs at least 3 points, got {len(district.polygon)}")
            self.shares(district, "influence", district.influence, f"district '{district.id}' influence")
            self.known(district, "controller", district.controller, "faction", self.ids.factions)

    def links(self) -> None:
        for link in self.s.links:
            self.known(link, "a", link.a, "district", self.ids.districts)
            self.known(link, "b", link.b, "district", self.ids.districts)
            if link.a and link.a == link.b:
                self.error(link, "b", f"link '{link.id}' joins district '{link.a}' to itself")
            if link.raised and link.kind != LinkKind.BRIDGE:
                self.error(link, "raised", f"only bridges can be raised; link '{link.id}' is a {link.kind.value}")

    def sites(self) -> None:
        links = {link.id: link for link in self.s.links}
        polygons = {d.id: d.polygon for d in self.s.districts}
        for site in self.s.sites:
            self.known(site, "district", site.district, "district", self.ids.districts)
            self.known(site, "holder", site.holder, "faction", self.ids.factions)
            if site.link is not None:
                self.known(site, "link", site.link, "link", self.ids.links)
                link = links.get(site.link)
                if link is not None and link.kind != LinkKind.BRIDGE:
                    self.error(site, "link", f"site '{site.id}' controls link '{link.id}', which is not a bridge")
            elif site.kind == SiteKind.BRIDGE:
                self.error(site, "kind", f"bridge site '{site.id}' needs 'link': the bridge link it controls")
            polygon = polygons.get(site.district)
            if polygon and len(polygon) >= 3 and self.loc.ok(site, "position") and not _inside(site.position, polygon):
                x, y = site.position
                self.error(
                    site, "position", f"position ({x:g}, {y:g}) lies outside the polygon of district '{site.district}'"
                )

    def actions(self) -> None:
        """Every order but passing and answering a card costs at least one point, so a turn always ends."""
        for kind, rule in self.s.rules.actions.items():
            if kind not in FREE_ACTIONS and rule.cost < 1:
                self.error(
                    rule,
                    "cost",
                    f"'{kind.value}' must cost at least 1 action point (only pass and choose may be free): "
                    "a free order could be given without end",
                )

    def turn_action_points(self, faction: Faction) -> None:
        """The most points a faction could hold in one turn stays small, so a turn's work stays small."""
        if not self.loc.ok(faction, "action_points"):
            return
        sites = sum(site.gives.action_points for site in self.s.sites)
        effects = sum(
            min(MAX_ACTION_POINTS, max(0, round(effect.amount)))  # an amount out of its range is reported apart
            for effect in self._all_effects()
            if effect.kind == EffectKind.ADD_ACTION_POINTS and effect.faction == faction.id
        )
        total = faction.action_points + sites + effects
        if total > MAX_TURN_ACTION_POINTS:
            self.error(
                faction,
                "action_points",
                f"faction '{faction.id}' could have {total} action points in one turn ({faction.action_points} "
                f"of its own, {sites} from holding every site, {effects} from add_action_points effects); "
                f"at most {MAX_TURN_ACTION_POINTS} are allowed",
            )

    def added_units(self) -> None:
        """A unit an event adds needs an id no other event adds: the engine would drop the second silently."""
        first: dict[str, tuple[Event, Unit]] = {}
        for event in self.s.events:
            in_event: set[str] = set()
            for effects in (event.effects, *(choice.effects for choice in event.choices)):
                ids = [e.unit_spec.id for e in effects if e.unit_spec is not None and e.unit_spec.id]
                for effect in effects:
                    spec = effect.unit_spec
                    if spec is None or not spec.id:
                        continue
                    earlier = first.get(spec.id)
                    if not event.once:
                        self.error(
                            spec,
                            "id",
                            f"event '{event.id}' may fire more than once ('once: false'), so it cannot add unit "
                            f"'{spec.id}': the second time the id would be taken",
                        )
                    elif earlier is not None and earlier[0] is not event:
                        self.error(
                            spec,
                            "id",
                            f"unit '{spec.id}' is already added by event '{earlier[0].id}' (line "
                            f"{self.where(earlier[1], 'id').line}): a new unit needs an id of its own",
                        )
                    elif ids.count(spec.id) > 1 and spec.id in in_event:
                        self.error(spec, "id", f"unit '{spec.id}' is added twice by the same effects")
                    first.setdefault(spec.id, (event, spec))
                    in_event.add(spec.id)

    def factions(self) -> None:
        winners = {v.winner for v in self.s.victory.immediate}
        winners |= {e.faction for e in self._all_effects() if e.kind == EffectKind.END_GAME and e.faction}
        leader_ids: list[object] = []
        for faction in self.s.factions:
            if not COLOUR.fullmatch(faction.colour):
                self.error(faction, "colour", f"colour must be written #rrggbb (e.g. #b22222), got '{faction.colour}'")
            leader_ids.extend(faction.leaders)
            self.no_way_to_win(faction, winners)
            self.turn_action_points(faction)
        self.unique(leader_ids, "leader")

    def no_way_to_win(self, faction: Faction, winners: set[str]) -> None:
        objective = faction.objective
        if objective.score is None and objective.win_if is None and faction.id not in winners:
            self.error(
                faction,
                "objective",
                f"faction '{faction.id}' has no way to win: give its objective a 'score' (with a 'target') or a "
                "'win_if', or name it as the winner of a victory.immediate entry",
            )

    def unit(self, unit: Unit) -> None:
        self.known(unit, "district", unit.district, "district", self.ids.districts)
        self.known(unit, "commander", unit.commander, "faction", self.ids.factions)
        self.known(unit, "barracks", unit.barracks, "site", self.ids.sites)
        self.shares(unit, "loyalty", unit.loyalty, f"unit '{unit.id}' loyalty")

    def food(self) -> None:
        food = self.s.food
        if not self.loc.ok(food, "min_ration_grams", "max_ration_grams", "ration_grams"):
            return
        if food.min_ration_grams > food.max_ration_grams:
            self.error(food, "min_ration_grams", "min_ration_grams is above max_ration_grams")
        elif not food.min_ration_grams <= food.ration_grams <= food.max_ration_grams:
            self.error(
                food,
                "ration_grams",
                f"the ration ({food.ration_grams:g} g) must lie between min_ration_grams "
                f"({food.min_ration_grams:g}) and max_ration_grams ({food.max_ration_grams:g})",
            )

    def event(self, event: Event) -> None:
        if event.start and event.end and event.end < event.start and self.loc.ok(event, "start", "end"):
            self.error(event, "end", f"event '{event.id}' ends ({event.end}) before it starts ({event.start})")
        self.known(event, "chooser", event.chooser, "faction", self.ids.factions)
        self.known(
            event, "key_event", event.key_event, "key event (declared under victory.key_events)", self.ids.key_events
        )
        if event.choices and event.chooser is None:
            self.error(event, "choices", f"event '{event.id}' has choices but no 'chooser' (the faction that picks)")
        if event.chooser is not None and not event.choices:
            self.error(event, "chooser", f"event '{event.id}' has a chooser but no choices")
        self.unique(event.choices, "choice", identifier=False)
        self.one_historical(event)
        for effect in event.effects:
            self.effect(effect)
        for choice in event.choices:
            for effect in choice.effects:
                self.effect(effect)

    def one_historical(self, event: Event) -> None:
        """Historical play needs one answer per card; two marked would leave it guessing."""
        marked = [choice for choice in event.choices if choice.historical]
        for extra in marked[1:]:
            line = self.where(marked[0], "historical").line
            self.error(
                extra,
                "historical",
                f"event '{event.id}' marks more than one choice historical: '{extra.id}' and "
                f"'{marked[0].id}' (line {line}); mark only the answer given in 1917",
            )

    def effect(self, effect: Effect) -> None:
        if not self.loc.ok(effect, "kind"):
            return
        needs = EFFECT_NEEDS[effect.kind]
        allowed = {*needs, *EFFECT_MAY.get(effect.kind, ()), "text"}
        kind = effect.kind.value
        for name in needs:
            if not self.loc.has(effect, name):
                self.error(effect, "kind", f"effect '{kind}' needs '{name}' (it uses: {', '.join(needs)})")
        for name in EFFECT_FIELDS:
            if name not in allowed and self.loc.has(effect, name):
                self.error(
                    effect, name, f"effect '{kind}' does not use '{name}' (it uses: {', '.join(sorted(allowed))})"
                )
        if effect.district != EVERY_DISTRICT:
            self.known(effect, "district", effect.district, "district", self.ids.districts)
        self.known(effect, "faction", effect.faction, "faction", self.ids.factions)
        self.known(effect, "unit", effect.unit, "unit", self.ids.units)
        self.known(effect, "site", effect.site, "site", self.ids.sites)
        self.known(effect, "link", effect.link, "link", self.ids.links)
        bounds = EFFECT_AMOUNTS.get(effect.kind.value)
        if bounds is not None and self.loc.has(effect, "amount") and self.loc.ok(effect, "amount"):
            low, high = bounds
            if (low is not None and effect.amount < low) or (high is not None and effect.amount > high):
                self.error(
                    effect,
                    "amount",
                    f"effect '{kind}': 'amount' must be a number{describe_range(bounds)}, got {effect.amount:g}",
                )
        if effect.kind == EffectKind.KEY_EVENT:
            self.known(
                effect, "flag", effect.flag, "key event (declared under victory.key_events)", self.ids.key_events
            )
        if effect.kind == EffectKind.SET_BRIDGE and effect.link:
            link = next((link for link in self.s.links if link.id == effect.link), None)
            if link is not None and link.kind != LinkKind.BRIDGE:
                self.error(effect, "link", f"link '{link.id}' is a {link.kind.value}, not a bridge")
        if effect.unit_spec is not None:
            self.unit(effect.unit_spec)
            if effect.unit_spec.id in {u.id for u in self.s.units}:
                self.error(
                    effect.unit_spec, "id", f"unit '{effect.unit_spec.id}' already exists: a new unit needs a new id"
                )

    def conditions(self) -> None:
        names = ScenarioNames(
            districts=self.ids.districts,
            factions=self.ids.factions,
            units=self.ids.units,
            sites=self.ids.sites,
            links=self.ids.links,
            key_events=self.ids.key_events,
        )
        for event in self.s.events:
            self.condition(event.condition, names)
        for victory in self.s.victory.immediate:
            self.condition(victory.condition, names)
        for key_event in self.s.victory.key_events:
            self.condition(key_event.condition, names)
        for faction in self.s.factions:
            own = ScenarioNames(
                districts=names.districts,
                factions=names.factions,
                units=names.units,
                sites=names.sites,
                links=names.links,
                key_events=names.key_events,
                self_faction=faction.id,
            )
            self.condition(faction.objective.score, own)
            self.condition(faction.objective.win_if, own)
            self.condition(faction.objective.out_if, own)
            self.condition(faction.storm_if, own)

    def condition(self, condition: Condition | None, names: ScenarioNames) -> None:
        if condition is None:
            return
        source = self.loc.condition_source(condition)
        if source is None:  # a placeholder for a condition that did not parse (already reported)
            return
        for column, message in check(condition, names, source.expected):
            self.d.error(
                expression_location(source.scalar, column), f"in condition '{shorten(condition.source)}': {message}"
            )

    def _all_effects(self) -> list[Effect]:
        effects: list[Effect] = []
        for event in self.s.events:
            effects.extend(event.effects)
            for choice in event.choices:
                effects.extend(choice.effects)
        return effects


def _turn_count(calendar: Calendar) -> int:
    """How many turns the calendar gives, counting no further than MAX_TURNS + 1 (phases are in date order)."""
    phases = calendar.phases
    when, turns, current = calendar.start, 1, 0
    while turns <= MAX_TURNS:
        while current + 1 < len(phases) and phases[current + 1].start <= when:
            current += 1
        when += timedelta(hours=max(1, phases[current].turn_hours))
        if when >= calendar.end:
            return turns
        turns += 1
    return turns


def _inside(point: tuple[float, float], polygon: tuple[tuple[float, float], ...]) -> bool:
    """Even-odd rule; a point on the boundary counts as inside."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, (*polygon[1:], polygon[0]), strict=True):
        if (x1, y1) == (x, y):
            return True
        if (y1 > y) != (y2 > y):
            cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if abs(cross - x) < EPSILON:
                return True
            if cross > x:
                inside = not inside
    return inside
