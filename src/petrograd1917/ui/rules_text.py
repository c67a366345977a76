"""The rules put into words for the game screen, without a window: what an event's effects do in game terms, how
a choice or an order would move each side's score, which cards an order would set off, what decides control of
a district and when a unit goes over, and each side's standing broken into its terms.

Everything is read from the scenario and the game through the engine (`engine.standing`, `engine.evaluate`, the
effects themselves on a copy of the game). The screen hands these functions the game as its side believes it
(`side_view.SideView.world`), so hidden loyalties are only ever the side's estimates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from petrograd1917.engine.calendar import format_date
from petrograd1917.engine.combat import shooting_is_policy
from petrograd1917.engine.control import city_mask, claims, thresholds
from petrograd1917.engine.effects import apply_effects
from petrograd1917.engine.evaluate import evaluate
from petrograd1917.engine.loyalty import camp_loss, joinable, quarters, remnant
from petrograd1917.engine.standing import Standing, Term, standings
from petrograd1917.engine.tables import tables_for
from petrograd1917.engine.words import and_list, points, the
from petrograd1917.scenario.model import ActionKind, EffectKind, Event
from petrograd1917.ui.widgets import esc

if TYPE_CHECKING:
    from petrograd1917.engine.actions import Action
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Effect
    from petrograd1917.ui.map_state import MapSnapshot

EVERY_DISTRICT = "*"
REMEMBERED = "later cards remember this"  # a flag set by an answer, when no later card it opens can be named
SCORE_MOVE = 0.005  # a score change smaller than this is not worth a line


def signed_pct(x: float) -> str:
    return f"{'+' if x >= 0 else '-'}{abs(round(100 * x))}%"


def pct(x: float) -> str:
    return f"{round(100 * x)}%"


def signed(x: float, digits: int = 0) -> str:
    return f"{'+' if x >= 0 else '-'}{abs(x):,.{digits}f}"


# ------------------------------------------------------------------------------------------------ effects


class Names:
    """Ids to names for effect texts: districts, factions (with "the"), units (events may add some), sites, links."""

    def __init__(self, state: GameState) -> None:
        scenario = state.scenario
        self.places = {d.id: d.name for d in scenario.districts}
        self.sides = {f.id: the(f.short_name, start=False) for f in scenario.factions}
        self.units = {u.id: the(u.name, start=False) for u in state.unit_specs}
        self.sites = {s.id: the(s.name, start=False) for s in scenario.sites}
        self.links = {link.id: link.name or link.id for link in scenario.links}
        self.fire_policy = scenario.rules.fire_policy_flag

    def place(self, district: str | None) -> str:
        return "every district" if district in (None, EVERY_DISTRICT) else self.places.get(district or "", "")

    def side(self, faction: str | None) -> str:
        return self.sides.get(faction or "", "nobody")


def effect_line(names: Names, effect: Effect) -> str:
    """One effect in game terms ("unrest +10% in Vyborg Side"); '' for bookkeeping the player need not read."""
    kind, amount = effect.kind, effect.amount
    place, side = names.place(effect.district), names.side(effect.faction)
    unit = names.units.get(effect.unit or "", "a unit")
    lines: dict[EffectKind, str] = {
        EffectKind.ADD_UNREST: f"unrest {signed_pct(amount)} in {place}",
        EffectKind.ADD_STRIKERS: f"{signed(amount)} workers on strike in {place}",
        EffectKind.ADD_CROWD: f"{signed(amount)} people on the streets of {place}"
        + (f", led by {side}" if effect.faction else ""),
        EffectKind.ADD_INFLUENCE: f"influence of {side} {signed_pct(amount)} in {place}",
        EffectKind.SHIFT_LOYALTY: f"loyalty of {unit} to {side} {signed_pct(amount)}",
        EffectKind.ADD_LEGITIMACY: f"legitimacy of {side} {signed_pct(amount)}",
        EffectKind.ADD_FOOD: f"{signed(amount)} t of flour in the city's stock",
        EffectKind.SET_RATION: f"the bread ration set to {amount:g} g a day",
        EffectKind.SET_RAIL: f"trains bring {amount:g} times as much from now on",
        EffectKind.ADD_UNIT: (
            f"{the(effect.unit_spec.name, start=False)} comes into play" if effect.unit_spec else "a unit comes"
        ),
        EffectKind.REMOVE_UNIT: f"{unit} leaves the game",
        EffectKind.SET_COMMANDER: f"{unit} goes over to {side}",
        EffectKind.ADD_STRENGTH: f"{signed(amount)} men for {unit}",
        EffectKind.SET_SITE: f"{names.sites.get(effect.site or '', 'a site')} passes to {side}",
        EffectKind.SET_BRIDGE: f"{names.links.get(effect.link or '', 'a bridge')} "
        + ("raised" if effect.raised else "lowered"),
        EffectKind.SET_FLAG: (
            "standing orders to fire on big crowds from now on (each turn's end)"
            if effect.flag and effect.flag == names.fire_policy
            else REMEMBERED
        ),
        EffectKind.CLEAR_FLAG: "the standing orders to fire lapse" if effect.flag == names.fire_policy else "",
        EffectKind.ADD_ACTION_POINTS: f"{signed(amount)} order{'' if abs(amount) == 1 else 's'} this turn for {side}",
        EffectKind.END_GAME: "the game ends",
    }
    return lines.get(kind, "")


def effect_lines(state: GameState, effects: tuple[Effect, ...]) -> list[str]:
    """Each effect in game terms, once; loyalty shifts alike for several units read as one line."""
    names = Names(state)
    lines: list[str] = []
    shifts: dict[tuple[str | None, float], list[str]] = {}
    for effect in effects:
        if effect.kind is EffectKind.SHIFT_LOYALTY and effect.unit:
            key = (effect.faction, effect.amount)
            if key not in shifts:
                shifts[key] = []
                lines.append(f"loyalty:{len(shifts) - 1}")  # its place in the list, filled in below
            shifts[key].append(names.units.get(effect.unit, effect.unit))
            continue
        lines.append(effect_line(names, effect))
    for n, ((faction, amount), units) in enumerate(shifts.items()):
        line = f"loyalty to {names.side(faction)} {signed_pct(amount)} for {and_list(units)}"
        lines[lines.index(f"loyalty:{n}")] = line
    return list(dict.fromkeys(line for line in lines if line))  # "remembered" once


def score_moves(before: tuple[Standing, ...], after: tuple[Standing, ...]) -> list[str]:
    """ "The Bolsheviks: score 4.02 to 4.30 of 15" for each side whose score moves."""
    lines = []
    for old, new in zip(before, after, strict=True):
        if abs(new.score - old.score) >= SCORE_MOVE:
            lines.append(f"{old.name}: score {points(old.score, 2)} to {points(new.score, 2)} of {new.target:g}")
    return lines


@dataclass(frozen=True)
class Consequences:
    """What an answer or an order does, in game terms: its effects, how each side's score moves at once, and the
    later cards it makes possible."""

    effects: tuple[str, ...]
    scores: tuple[str, ...]
    leads_to: tuple[LaterCard, ...] = ()

    def html(self) -> str:
        parts = []
        if self.leads_to:  # first, in short: the effects' box shows four lines before it scrolls
            parts.append("<i>Can lead to:</i> " + esc("; ".join(card.summary() for card in self.leads_to)))
        parts += [f"• {esc(line)}" for line in self.effects]
        if self.scores:
            parts.append("<i>Score at once:</i> " + esc("; ".join(self.scores)))
        elif self.effects:
            parts.append("<i>No score moves at once; the effects work on over the coming turns.</i>")
        parts += [f"<i>{esc(card.title)}</i>: {esc('; '.join(card.effects))}" for card in self.leads_to]
        return "<br>".join(parts) or "<i>Nothing changes in the game.</i>"


def choice_consequences(state: GameState, event: Event, choice_id: str) -> Consequences:
    """An event's answer before it is picked: its effects, tried on a copy of the state for the scores and for the
    later cards it opens."""
    choice = next(c for c in event.choices if c.id == choice_id)
    trial = state.clone()
    apply_effects(trial, choice.effects, event.id)
    later = tuple(cards_opened(state, trial))
    effects = effect_lines(state, choice.effects)
    if later:  # the cards named say more than "later cards remember this"
        effects = [line for line in effects if line != REMEMBERED]
    return Consequences(tuple(effects), tuple(score_moves(standings(state), standings(trial))), later)


@dataclass(frozen=True)
class LaterCard:
    """A card still to come that an answer makes possible, with when it can come and what it does."""

    title: str
    start: str  # '' when it may come at once
    effects: tuple[str, ...]

    def summary(self) -> str:
        return f"'{self.title}'" + (f" from {self.start}" if self.start else "")


def cards_opened(state: GameState, trial: GameState) -> list[LaterCard]:
    """The cards not yet drawn whose condition fails now and holds once the answer is given (`trial`): an answer
    that sets a flag a later card asks about (Kerensky's drive to the front, and the cadets who go home when no
    troops come) must say so, or the player learns of it only when it fires."""
    found = []
    still_open = (e for e in state.scenario.events if e.end is None or e.end >= state.date)
    for later in made_true(state, trial, still_open):
        start = ""
        if later.start is not None and later.start > state.date:
            start = format_date(later.start, state.scenario.calendar)
        found.append(LaterCard(later.title, start, tuple(effect_lines(state, later.effects))))
    return found


def made_true(state: GameState, trial: GameState, events: Iterable[Event]) -> list[Event]:
    """The events still to be drawn whose condition fails in `state` and holds in `trial` (the state after an
    answer or an order): what a choice sets in motion, for the player to see before making it."""
    return [
        event
        for event in events
        if event.condition is not None
        and not (event.once and event.id in state.fired_events)
        and not evaluate(event.condition, state, None)
        and evaluate(event.condition, trial, None)
    ]


# ------------------------------------------------------------------------------------------------ cards set off


@dataclass(frozen=True)
class SetOff:
    """A card an order would set off at the end of the turn, and what it does."""

    title: str
    chance: float
    effects: tuple[str, ...]

    def text(self) -> str:
        odds = "" if self.chance >= 1.0 else f" ({pct(self.chance)} likely)"
        return f"'{self.title}'{odds}: " + "; ".join(self.effects)


def cards_set_off(state: GameState, action: Action) -> list[SetOff]:
    """The cards still to come this turn whose condition a seizure would make true (assuming it succeeds):
    a site taken too early can cost legitimacy and regiments. Other orders change nothing a card asks about at
    once, so only a seizure is tried."""
    if action.kind is not ActionKind.SEIZE or action.target is None:
        return []
    trial = state.clone()
    trial.site_holder[state.index.site[action.target]] = state.index.faction[action.faction]
    return [
        SetOff(event.title, event.chance, tuple(effect_lines(state, event.effects)))
        for event in made_true(state, trial, tables_for(state.scenario).events_open(state.turn))
    ]


# ------------------------------------------------------------------------------------------------ thresholds


def control_html(state: GameState, district: str) -> str:
    """What decides who holds the district, with the figures the rule weighs here."""
    rule = thresholds(state)
    here = claims(state, state.index.district[district])
    names = [f.short_name for f in state.scenario.factions]
    lines = [
        f"<b>Control</b>: the strongest force here (armed men, and a crowd once unrest makes it militant) holds"
        f" the district when it is at least <b>{rule.force_lead:g} times</b> the next and has at least"
        f" <b>{pct(rule.street_share)}</b> influence; where nobody has armed men or a crowd, influence above"
        f" <b>{pct(rule.unarmed_influence)}</b> holds it. A holder keeps it while nobody outforces it."
    ]
    forces = sorted(((v, names[f]) for f, v in enumerate(here.force) if v > 0), reverse=True)
    if forces:
        shown = " · ".join(f"{n} {v:,.0f}" for v, n in forces)
        lines.append(f"Force here (men × arms × obedience, with a militant crowd; more is stronger): {esc(shown)}")
    shares = sorted(((v, names[f]) for f, v in enumerate(here.influence) if v >= 0.005), reverse=True)
    if shares:
        lines.append("Influence here: " + esc(" · ".join(f"{n} {pct(v)}" for v, n in shares)))
    policy = fire_policy_html(state)
    if policy:
        lines.append(policy)
    return "<br>".join(lines)


def fire_policy_html(state: GameState) -> str:
    """The standing orders to fire, in words with the rule's figure ('' while they are not in force)."""
    if not shooting_is_policy(state):
        return ""
    regime = and_list([the(f.short_name, start=False) for f in state.scenario.factions if f.is_regime])
    rules = state.scenario.rules
    kinds = " or ".join(kind.value.replace("_", " ") for kind in rules.fire_policy_kinds)
    picket = f"armed unit of {kinds}" if kinds else "armed unit"
    return (
        f"<b>Shooting is policy</b>: at the end of each turn, wherever in the city a crowd of"
        f" <b>{rules.large_crowd:,.0f}</b> or more stands that {esc(regime)} does not lead, the most obedient"
        f" {esc(picket)} of {esc(regime)} there, or one sent from a district next door, fires on it as if"
        " ordered (a unit fires once a turn). It may refuse; each volley that is obeyed kills, angers the"
        " district, costs legitimacy and strains the unit's loyalty."
    )


def going_over_html(state: GameState, snap: MapSnapshot, unit_id: str) -> str:
    """At what loyalty the unit changes sides, with its loyalties as the viewer sees them."""
    rules = state.scenario.rules
    unit = snap.unit(unit_id)
    if unit is None:
        return ""
    names = {f.id: f.short_name for f in state.scenario.factions}
    seen = "" if unit.known else " (your estimate)"
    if unit.commander is None:
        best = max(unit.loyalty.items(), key=lambda kv: kv[1], default=("", 0.0))
        now = f" Now: {esc(names.get(best[0], 'no one'))} {pct(best[1])}{seen}." if best[1] > 0 else ""
        return (
            f"<b>Coming over</b>: a unit in its barracks declares for a side once its loyalty to it reaches"
            f" <b>{pct(rules.join_loyalty)}</b>.{now}"
        )
    own = unit.loyalty.get(unit.commander, 0.0)
    rivals = [(f, v) for f, v in unit.loyalty.items() if f != unit.commander and v > 0]
    rival = max(rivals, key=lambda kv: kv[1], default=None)
    text = (
        f"<b>Going over</b>: it obeys {esc(names[unit.commander])} while its loyalty to a rival stays below its"
        f" resolve: its loyalty to {esc(names[unit.commander])} ({pct(own)}{seen}), less the strain of orders,"
        f" raised by {rules.expectation_weight:g} × its side's lead in armed force (men expect the stronger side"
        f" to win), give or take {pct(rules.mutiny_noise)} by chance."
    )
    if rival is not None:
        text += f" Strongest pull: {esc(names[rival[0]])} {pct(rival[1])}{seen}."
    if not city_mask(state.scenario)[state.index.district[unit.district]]:
        text += (
            " Outside the city it hears of a night's mutinies only the next morning, so it weighs going over once"
            " a night, not in each wave."
        )
    return text + " " + melting_html(state, unit.commander)


def sides_html(state: GameState, unit_id: str) -> str:
    """Who could ever win the unit over: the sides its loyalty in the scenario names (and its commander at the
    start); the orders to win it over are refused for any other side."""
    u = state.unit_ids.get(unit_id)
    if u is None:
        return ""
    could = joinable(state)[:, u]
    if bool(could.all()):
        return "<b>Sides it could ever follow</b>: any."
    names = [f.short_name for f, yes in zip(state.scenario.factions, could.tolist(), strict=True) if yes]
    return (
        f"<b>Sides it could ever follow</b>: only {esc(and_list(names) if names else 'none')}. Any other side's"
        " orders to win it over (agitation, fraternising, a commissar) are refused."
    )


def camp_html(state: GameState, snap: MapSnapshot, unit_id: str) -> str:
    """Whether the unit's men slip home from a camp away from its quarters, and how fast now (as the viewer sees the
    unit's loyalties): '' where the scenario has no such rule or the unit obeys no one."""
    rules = state.scenario.rules
    unit, u = snap.unit(unit_id), state.unit_ids.get(unit_id)
    if rules.camp_melt <= 0.0 or unit is None or u is None or unit.commander is None:
        return ""
    home = int(quarters(state)[u])
    rule = (
        f"Kept anywhere else, its men slip home as the streets around them rise: up to <b>{pct(rules.camp_melt)}</b>"
        f" of the unit a day where unrest reaches <b>{pct(rules.clash_unrest)}</b>, fewer where it is calmer or where"
        " no other side pulls at their loyalty; among a crowd of their own side they stay."
    )
    if state.unit_district.item(u) == home:
        return f"<b>Breaking camp</b>: in its quarters ({esc(state.district_name(home))}) it keeps its men. {rule}"
    share = float(camp_loss(state)[u])
    seen = "" if unit.known else " (your estimate)"
    side_name = state.scenario.faction(unit.commander).short_name
    now = (
        f" Now about <b>{share * unit.strength:,.0f}</b> men a day ({pct(share)}){seen}; fewer is better for"
        f" {esc(side_name)}."
        if share > 0.0
        else " Now none: the streets are calm, no other side pulls at it, or its own side's crowd is there."
    )
    return f"<b>Breaking camp</b>: its quarters are in {esc(state.district_name(home))}. {rule}{now}"


def melting_html(state: GameState, commander: str) -> str:
    """When a unit's men slip away without going over: it wavers, or its side has lost most of its men."""
    rules, side_name = state.scenario.rules, state.scenario.faction(commander).short_name
    text = (
        f"<b>Melting away</b>: its men desert to the streets while its loyalty to {esc(side_name)} is below"
        f" <b>{pct(rules.waver_loyalty)}</b>"
    )
    if rules.rout_share > 0.0:
        text += f", or while {esc(side_name)} has under <b>{pct(rules.rout_share)}</b> of the city's armed force"
    if rules.rout_remnant > 0.0:
        kept = float(remnant(state)[state.index.faction[commander]])
        text += (
            f", or while {esc(side_name)} commands under <b>{pct(rules.rout_remnant)}</b> of the men it was given in"
            f" the city, however loyal (now {pct(kept)}; more is better for it)"
        )
    return text + "."


# ------------------------------------------------------------------------------------------------ standing


def term_html(term: Term) -> str:
    way = "more is better" if term.higher_is_better else "less is better"
    weight = f" × {term.weight:g}" if term.weight != 1 else ""
    return (
        f"• <b>{esc(term.label)}</b>: {esc(term.shown)}{weight} = <b>{term.points:+.2f}</b> ({way})."
        f" Moved by {esc(term.moves)}."
    )


def standing_html(standing: Standing, faction_name: str) -> str:
    """A side's score taken apart: each term, the target, and what would move it."""
    lines = [
        f"<b>{esc(faction_name)}</b>: score <b>{points(standing.score, 2)}</b> of the <b>{standing.target:g}</b>"
        f" that meets its objective ({pct(standing.ratio)} of the way). At the last turn the side furthest towards"
        " its own target wins."
    ]
    lines += [term_html(t) for t in standing.terms]
    if not standing.in_race:
        lines.append(f"<font color='#e07b6a'>Out of the race on points:</font> {esc(standing.out_reason)}")
    if standing.wins_at_once:
        lines.append("<i>Wins at once if:</i> " + esc("; or ".join(standing.wins_at_once)))
    return "<br>".join(lines)


# ------------------------------------------------------------------------------------------------ odds


def odds_explained(state: GameState, action: Action) -> str:
    """Why an order's odds are what they are, for its tooltip: the engine's own account from its preview
    (`breakdown`: the formula with its values, and its terms)."""
    breakdown = state.preview(action).breakdown
    if breakdown is None:
        return ""
    terms = [f"{t.name} {t.value:.2f} ({'more' if t.more_is_better else 'less'} is better)" for t in breakdown.terms]
    why = f"<i>Why {pct(breakdown.chance)}:</i> {esc(breakdown.formula)}"
    return why + (f"<br>{esc('; '.join(terms))}" if terms else "")
