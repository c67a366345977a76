"""Applying an action: check it, spend its points, draw its fate from `state.rng`, change the state, write the
story. Then hand the turn on (engine/game.py). Odds and sizes come from engine/odds.py and engine/bread.py,
shared with the preview."""

from __future__ import annotations

from collections.abc import Callable

from petrograd1917.engine import bread
from petrograd1917.engine.actions import Action
from petrograd1917.engine.events import apply_choice
from petrograd1917.engine.forces import crowd_faction
from petrograd1917.engine.handover import end_faction, resume_after_choice
from petrograd1917.engine.legality import Indexed, validate
from petrograd1917.engine.links import FOOT, open_link_to
from petrograd1917.engine.log import LogEntry, write
from petrograd1917.engine.numeric import add_share
from petrograd1917.engine.odds import (
    agitate_gain,
    clip01,
    crowd_order_split,
    demonstrators,
    fraternise_shift,
    marchers,
    site_defence,
    strike_joiners,
    success_chance,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import agree, cap, count, duration, possessive, the, weight
from petrograd1917.scenario.model import ActionKind, ActionRule, UnitKind

Resolver = Callable[[GameState, Indexed, ActionRule], None]


def apply_action(state: GameState, action: Action, *, hold_turn: bool = False) -> list[LogEntry]:
    """Check and apply one action; returns the log entries it produced (the end of turn's included).

    `hold_turn`: an order that spends the faction's last points leaves it to act (with none left) instead of
    handing over, so a player can still take it back; `game.end_faction` then ends the part of the turn exactly
    as the order would have, so the recorded orders replay the same without it."""
    r = validate(state, action)
    start = len(state.log)
    if r.kind is ActionKind.CHOOSE:
        _choose(state, r)
        resume_after_choice(state)
        return state.log[start:]
    rule = state.index.rules[r.kind]
    state.action_points[r.faction] -= rule.cost
    if r.kind is not ActionKind.PASS:
        state.turn_acted = True
    RESOLVERS[r.kind](state, r, rule)
    if r.kind is ActionKind.PASS or (state.action_points[r.faction] <= 0 and not hold_turn):
        end_faction(state)
    return state.log[start:]


def _succeeds(state: GameState, r: Indexed) -> bool:
    return bool(state.rng.random() < success_chance(state, r))


def _log(state: GameState, r: Indexed, kind: str, text: str, **data: object) -> None:
    write(state, kind, text, state.index.faction_ids[r.faction], **data)


def _who(state: GameState, f: int) -> str:
    """A faction inside a sentence: 'the Bolsheviks', 'the Government'."""
    return the(state.scenario.factions[f].short_name, start=False)


def _add(value: float, amount: float) -> float:
    return clip01(value + amount)


# ------------------------------------------------------------------------------------------------ the street


def _agitate(state: GameState, r: Indexed, rule: ActionRule) -> None:
    who = _who(state, r.faction)
    if r.unit >= 0:
        u = r.unit
        name, uid = the(state.unit_name(u), start=False), state.unit_specs[u].id
        if _succeeds(state, r):
            add_share(state.unit_loyalty, u, r.faction, agitate_gain(rule))
            _log(state, r, "agitate", f"{cap(possessive(who))} agitators win a hearing with {name}.", unit=uid, ok=True)
        else:
            _log(
                state, r, "agitate", f"{cap(possessive(who))} agitators are turned away by {name}.", unit=uid, ok=False
            )
        return
    d = r.district
    place, did = state.district_name(d), state.index.district_ids[d]
    if _succeeds(state, r):
        add_share(state.influence, d, r.faction, agitate_gain(rule))
        _log(
            state,
            r,
            "agitate",
            f"{cap(possessive(who))} speakers draw eager listeners in {place}.",
            district=did,
            ok=True,
        )
    else:
        _log(
            state,
            r,
            "agitate",
            f"{cap(possessive(who))} speakers find few listeners in {place}.",
            district=did,
            ok=False,
        )


def _strike(state: GameState, r: Indexed, rule: ActionRule) -> None:
    d, who = r.district, _who(state, r.faction)
    place, did = state.district_name(d), state.index.district_ids[d]
    if _succeeds(state, r):
        joiners = strike_joiners(state, r, rule)
        state.strikers[d] += joiners
        state.unrest[d] = _add(float(state.unrest[d]), rule.strength / 2)
        text = f"{count(joiners)} workers in {place} down tools at {possessive(who)} call."
        _log(state, r, "strike", text, district=did, strikers=round(joiners), ok=True)
    else:
        _log(
            state, r, "strike", f"{cap(possessive(who))} strike call in {place} goes unheeded.", district=did, ok=False
        )


def _demonstrate(state: GameState, r: Indexed, rule: ActionRule) -> None:
    d, who = r.district, _who(state, r.faction)
    place, did = state.district_name(d), state.index.district_ids[d]
    if r.target >= 0:
        dest, tid = state.district_name(r.target), state.index.district_ids[r.target]
        if _succeeds(state, r):
            moved = marchers(state, r)
            via = state.scenario.links[open_link_to(state, d, r.target, FOOT)].name
            state.crowd[d] -= moved
            state.crowd[r.target] += moved
            route = f" by {via}" if via else ""
            text = f"{count(moved)} marchers from {place} push{route} into {dest} behind the banners of {who}."
            _log(state, r, "march", text, district=did, target=tid, people=round(moved), ok=True)
        else:
            _log(state, r, "march", f"The march from {place} to {dest} breaks up on the way.", district=did, ok=False)
        return
    if _succeeds(state, r):
        joined = demonstrators(state, r, rule)
        state.crowd[d] += joined
        state.unrest[d] = _add(float(state.unrest[d]), rule.strength / 2)
        text = f"{count(joined)} people fill the streets of {place} behind the banners of {who}."
        _log(state, r, "demonstrate", text, district=did, people=round(joined), ok=True)
    else:
        _log(state, r, "demonstrate", f"A rally of {who} in {place} draws only a handful.", district=did, ok=False)


def _arrest(state: GameState, r: Indexed, rule: ActionRule) -> None:
    d, g, who = r.district, r.target, _who(state, r.faction)
    place, them = state.district_name(d), _who(state, g)
    data: dict[str, object] = {"district": state.index.district_ids[d], "target": state.index.faction_ids[g]}
    state.unrest[d] = _add(float(state.unrest[d]), rule.strength / 2)
    if _succeeds(state, r):
        add_share(state.influence, d, g, -rule.strength)
        _log(
            state,
            r,
            "arrest",
            f"{cap(possessive(who))} patrols round up activists of {them} in {place}.",
            ok=True,
            **data,
        )
    else:
        _log(state, r, "arrest", f"Activists of {them} in {place} slip through a raid by {who}.", ok=False, **data)


def _propaganda(state: GameState, r: Indexed, rule: ActionRule) -> None:
    who = _who(state, r.faction)
    if _succeeds(state, r):
        for d in range(state.index.n_districts):
            add_share(state.influence, d, r.faction, rule.strength)
        state.legitimacy[r.faction] = _add(float(state.legitimacy[r.faction]), rule.strength)
        _log(
            state,
            r,
            "propaganda",
            f"{cap(possessive(who))} papers and leaflets pass from hand to hand across the city.",
            ok=True,
        )
    else:
        _log(
            state, r, "propaganda", f"{cap(possessive(who))} print run is seized before it leaves the press.", ok=False
        )


def _negotiate(state: GameState, r: Indexed, rule: ActionRule) -> None:
    who, them = _who(state, r.faction), _who(state, r.target)
    target = state.index.faction_ids[r.target]
    if _succeeds(state, r):
        state.legitimacy[r.faction] = _add(float(state.legitimacy[r.faction]), rule.strength)
        state.legitimacy[r.target] = _add(float(state.legitimacy[r.target]), rule.strength / 2)
        state.unrest[:] = (state.unrest - rule.strength / 2).clip(0.0, 1.0)
        _log(
            state, r, "negotiate", f"Talks between {who} and {them} calm the city for a while.", target=target, ok=True
        )
    else:
        state.legitimacy[r.faction] = _add(float(state.legitimacy[r.faction]), -rule.strength / 2)
        _log(
            state,
            r,
            "negotiate",
            f"Overtures from {who} to {them} come to nothing.",
            target=target,
            ok=False,
        )


# ------------------------------------------------------------------------------------------------ the garrison


def _move(state: GameState, r: Indexed, rule: ActionRule) -> None:
    u = r.unit
    name = the(state.unit_name(u))
    origin = int(state.unit_district[u])
    link = open_link_to(state, origin, r.target, int(state.unit_kind[u]))
    state.unit_moved[u] = True
    data: dict[str, object] = {"unit": state.unit_specs[u].id, "target": state.index.district_ids[r.target]}
    if _succeeds(state, r):
        state.unit_district[u] = r.target
        via = state.scenario.links[link].name
        route = f" by {via}" if via else ""
        way = f"from {state.district_name(origin)} to {state.district_name(r.target)}{route}"
        verb = ("sails", "sail") if state.unit_specs[u].kind is UnitKind.SHIP else ("marches", "march")
        text = f"{name} {agree(name, *verb)} {way}."
        _log(state, r, "move", text, ok=True, **data)
    else:
        _log(
            state,
            r,
            "move",
            f"{name} {agree(name, 'is', 'are')} held up in {state.district_name(origin)}.",
            ok=False,
            **data,
        )


def _crowd_order(state: GameState, r: Indexed, rule: ActionRule) -> None:
    """Disperse or fire: obeyed and the crowd breaks; obeyed and it stands; or refused (loyalty slips)."""
    u, f, who = r.unit, r.faction, _who(state, r.faction)
    rules = state.scenario.rules
    d = int(state.unit_district[u])
    name, place = the(state.unit_name(u)), state.district_name(d)
    firing = r.kind is ActionKind.FIRE
    success, obeyed = crowd_order_split(state, r, rule)
    draw = float(state.rng.random())
    state.unit_moved[u] = True
    data: dict[str, object] = {"unit": state.unit_specs[u].id, "district": state.index.district_ids[d]}
    if firing:
        state.unit_strain[u] += rules.fire_strain
    if draw >= obeyed:
        rival = int(crowd_faction(state)[d])
        add_share(state.unit_loyalty, u, f, -rules.refusal_loyalty_shift)
        if rival >= 0 and rival != f:
            add_share(state.unit_loyalty, u, rival, rules.refusal_loyalty_shift)
        order = "fire on" if firing else "break up"
        text = (f"{name} {agree(name, 'refuses', 'refuse')} {possessive(who)} order to {order} the crowd in {place}; "
                "soldiers mingle with the people.")  # fmt: skip
        _log(state, r, r.kind.value, text, outcome="refused", **data)
        return
    before = float(state.crowd[d])
    killed = 0.0
    if firing:
        killed = before * rules.fire_casualty_rate * float(state.unit_arms[u])
        state.unrest[d] = _add(float(state.unrest[d]), rules.fire_unrest)
        state.hardship[d] = _add(float(state.hardship[d]), rules.fire_hardship)
        state.legitimacy[f] = _add(float(state.legitimacy[f]), -rules.fire_legitimacy)
    if draw < success:
        state.crowd[d] = max(0.0, (before - killed) * (1.0 - rule.strength))
        result, outcome = (", the crowd scatters" if firing else ": the crowd is driven off"), "scattered"
    else:
        state.crowd[d] = max(0.0, before - killed)
        result, outcome = ", but the crowd stands its ground", "stood"
    if firing:
        text = f"{name} {agree(name, 'fires', 'fire')} on the crowd in {place}: {count(killed)} killed{result}."
    else:
        text = f"{name} {agree(name, 'clears', 'clear')} the streets of {place} with rifle butts and whips{result}."
    _log(state, r, r.kind.value, text, outcome=outcome, killed=round(killed), **data)


def _fraternise(state: GameState, r: Indexed, rule: ActionRule) -> None:
    u, who = r.unit, _who(state, r.faction)
    d = int(state.unit_district[u])
    place = state.district_name(d)
    data: dict[str, object] = {"unit": state.unit_specs[u].id, "district": state.index.district_ids[d]}
    if _succeeds(state, r):
        add_share(state.unit_loyalty, u, r.faction, fraternise_shift(state, r, rule))
        name = the(state.unit_name(u), start=False)
        text = f"Crowds in {place} mix with {name}; the soldiers listen to the speakers of {who}."
        _log(state, r, "fraternise", text, ok=True, **data)
    else:
        name = state.unit_name(u)
        text = f"{the(name)} {agree(name, 'keeps', 'keep')} the crowd in {place} at bayonet's length."
        _log(state, r, "fraternise", text, ok=False, **data)


def _commissar(state: GameState, r: Indexed, rule: ActionRule) -> None:
    u, f, who = r.unit, r.faction, _who(state, r.faction)
    uid = state.unit_specs[u].id
    if _succeeds(state, r):
        state.unit_commissar[u] = f
        add_share(state.unit_loyalty, u, f, rule.strength)
        loyal = float(state.unit_loyalty[u, f])
        text = (f"A commissar of {who} joins {the(state.unit_name(u), start=False)} and finds the men "
                f"{loyal:.0%} loyal to {who}.")  # fmt: skip
        _log(state, r, "commissar", text, unit=uid, loyalty=round(loyal, 3), ok=True)
    else:
        _log(
            state,
            r,
            "commissar",
            f"{the(state.unit_name(u))} {agree(state.unit_name(u), 'sends', 'send')} the commissar of {who} packing.",
            unit=uid,
            ok=False,
        )


# ------------------------------------------------------------------------------------------------ places


def _bridge(state: GameState, r: Indexed, rule: ActionRule) -> None:
    link, who = r.target, _who(state, r.faction)
    raise_it = r.kind is ActionKind.RAISE_BRIDGE
    name = state.scenario.links[link].name or state.index.link_ids[link]
    lid = state.index.link_ids[link]
    if _succeeds(state, r):
        state.link_raised[link] = raise_it
        verb = "raised" if raise_it else "lowered"
        _log(state, r, r.kind.value, f"{name} is {verb} on {possessive(who)} orders.", link=lid, ok=True)
    else:
        verb = "raise" if raise_it else "lower"
        _log(
            state,
            r,
            r.kind.value,
            f"{cap(possessive(who))} men fail to {verb} {name}: the keepers have fled.",
            link=lid,
            ok=False,
        )


def _seize(state: GameState, r: Indexed, rule: ActionRule) -> None:
    s, f, who = r.target, r.faction, _who(state, r.faction)
    rules = state.scenario.rules
    site = state.scenario.sites[s]
    d = int(state.index.site_district[s])
    holder = int(state.site_holder[s])
    opposed = site_defence(state, s) > 0
    attackers = state.unit_alive & (state.unit_commander == f) & (state.unit_district == d)
    defenders = state.unit_alive & (state.unit_commander == holder) & (state.unit_district == d)
    data: dict[str, object] = {"site": site.id, "from": state.index.faction_ids[holder] if holder >= 0 else None}
    if _succeeds(state, r):
        state.site_holder[s] = f
        state.site_defended[s] = -1
        if opposed:
            state.unit_strength[defenders] *= 1.0 - rules.combat_casualties
            state.unit_strength[attackers] *= 1.0 - rules.combat_casualties / 2
        source = f" from {_who(state, holder)}" if holder >= 0 else ""
        fight = " after a sharp fight" if opposed else ""
        _log(state, r, "seize", f"{cap(possessive(who))} men take {site.name}{source}{fight}.", ok=True, **data)
    else:
        if opposed:
            state.unit_strength[attackers] *= 1.0 - rules.combat_casualties
        _log(state, r, "seize", f"An attempt by {who} on {site.name} is beaten back.", ok=False, **data)


def _defend(state: GameState, r: Indexed, rule: ActionRule) -> None:
    s, who = r.target, _who(state, r.faction)
    state.site_defended[s] = r.faction
    site = state.scenario.sites[s]
    _log(
        state,
        r,
        "defend",
        f"{cap(possessive(who))} men fortify {site.name}: barricades and machine guns cover the approaches.",
        site=site.id,
    )


# ------------------------------------------------------------------------------------------------ bread


def _distribute(state: GameState, r: Indexed, rule: ActionRule) -> None:
    d, who = r.district, _who(state, r.faction)
    tonnes = float(bread.bread_tonnes(state, rule)[d])
    days = tonnes * bread.days_per_tonne(state, d)
    gain = bread.relief_influence(state, d, days)
    state.city_stock = max(state.city_stock - tonnes, 0.0)
    state.bread_days[d] += days
    add_share(state.influence, d, r.faction, gain)
    to = f"the bakeries of {state.district_name(d)}"
    text = f"{cap(possessive(who))} carts bring {weight(tonnes)} of flour to {to}: bread for {duration(days)}."
    if gain > bread.TOP_UP_INFLUENCE:
        text = text[:-1] + ", and the queues there shorten."
    did = state.index.district_ids[d]
    _log(state, r, "distribute_bread", text, district=did, tonnes=round(tonnes, 1), days=round(days, 2))


def _requisition(state: GameState, r: Indexed, rule: ActionRule) -> None:
    d, who = r.district, _who(state, r.faction)
    place, did = state.district_name(d), state.index.district_ids[d]
    if _succeeds(state, r):
        days = bread.requisition_days(state, d, rule)
        tonnes = float(bread.requisition_tonnes(state, rule)[d])
        state.bread_days[d] -= days
        state.city_stock += tonnes
        state.unrest[d] = _add(float(state.unrest[d]), rule.strength / 2)
        state.legitimacy[r.faction] = _add(float(state.legitimacy[r.faction]), -rule.strength / 5)
        taken = f"{weight(tonnes)} go back to the city's stores"
        text = f"{cap(possessive(who))} squads empty the bakeries of {place}: {taken}."
        _log(state, r, "requisition", text, district=did, tonnes=round(tonnes, 1), ok=True)
    else:
        state.unrest[d] = _add(float(state.unrest[d]), rule.strength / 4)
        text = f"Shopkeepers in {place} hide their flour from the squads of {who}."
        _log(state, r, "requisition", text, district=did, ok=False)


def _set_ration(state: GameState, r: Indexed, rule: ActionRule) -> None:
    old = state.ration
    bread.set_ration(state, r.amount)
    change = "cut" if r.amount < old else "raised"
    who = _who(state, r.faction)
    text = f"By order of {who}, the bread ration is {change} from {old:.0f} g to {r.amount:.0f} g a head a day."
    _log(state, r, "set_ration", text, ration=r.amount)


def _pass(state: GameState, r: Indexed, rule: ActionRule) -> None:
    _log(state, r, "pass", f"{cap(_who(state, r.faction))}: no further orders this turn.")


def _choose(state: GameState, r: Indexed) -> None:
    apply_choice(state, r.choice)  # the events phase owns the cards and their effects


RESOLVERS: dict[ActionKind, Resolver] = {
    ActionKind.AGITATE: _agitate,
    ActionKind.STRIKE: _strike,
    ActionKind.DEMONSTRATE: _demonstrate,
    ActionKind.MOVE: _move,
    ActionKind.DISPERSE: _crowd_order,
    ActionKind.FIRE: _crowd_order,
    ActionKind.FRATERNISE: _fraternise,
    ActionKind.COMMISSAR: _commissar,
    ActionKind.ARREST: _arrest,
    ActionKind.RAISE_BRIDGE: _bridge,
    ActionKind.LOWER_BRIDGE: _bridge,
    ActionKind.SEIZE: _seize,
    ActionKind.DEFEND: _defend,
    ActionKind.DISTRIBUTE_BREAD: _distribute,
    ActionKind.REQUISITION: _requisition,
    ActionKind.SET_RATION: _set_ration,
    ActionKind.PROPAGANDA: _propaganda,
    ActionKind.NEGOTIATE: _negotiate,
    ActionKind.PASS: _pass,
}
