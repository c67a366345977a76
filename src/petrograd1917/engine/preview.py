"""What an action would cost and do, before it is taken: for the window's tooltips and the computer players.

Pure: it reads the state and the same odds and sizes the resolution uses (engine/odds.py), and draws nothing from
`state.rng`, so previewing never changes the game.
"""

from __future__ import annotations

from dataclasses import dataclass

from petrograd1917.engine import bread
from petrograd1917.engine.actions import Action
from petrograd1917.engine.legality import Indexed, validate
from petrograd1917.engine.odds import (
    crowd_order_split,
    demonstrators,
    fraternise_shift,
    marchers,
    strike_joiners,
    success_chance,
)
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import count, duration, side, the, weight
from petrograd1917.scenario.model import ActionKind, ActionRule


@dataclass(frozen=True, slots=True)
class Preview:
    cost: int  # action points
    odds: float  # chance of success in [0, 1]
    effects: tuple[str, ...]  # expected effects, short texts for a tooltip


def preview(state: GameState, action: Action) -> Preview:
    """The preview of a legal action (an illegal one raises IllegalActionError, as `apply` would)."""
    r = validate(state, action)
    rule = state.index.rules[r.kind]
    if r.kind in (ActionKind.PASS, ActionKind.CHOOSE):
        text = "end your part of the turn" if r.kind is ActionKind.PASS else "answer the event"
        return Preview(rule.cost, 1.0, (text,))
    return Preview(rule.cost, success_chance(state, r), tuple(_effects(state, r, rule)))


def action_odds(state: GameState, action: Action) -> float:
    """Just the odds of a legal action: what a computer player weighing many actions needs, without the texts."""
    return success_chance(state, validate(state, action))


def _effects(state: GameState, r: Indexed, rule: ActionRule) -> list[str]:
    kind = r.kind
    rules = state.scenario.rules
    place = state.district_name(r.district) if r.district >= 0 else ""
    unit = the(state.unit_name(r.unit), start=False) if r.unit >= 0 else ""
    if kind is ActionKind.AGITATE:
        where = unit if r.unit >= 0 else place
        what = "loyalty" if r.unit >= 0 else "influence"
        return [f"+{rule.strength:.2f} {what} in {where}"]
    if kind is ActionKind.STRIKE:
        return [f"about {count(strike_joiners(state, r, rule))} workers strike in {place}",
                f"+{rule.strength / 2:.2f} unrest; fewer trains get through"]  # fmt: skip
    if kind is ActionKind.DEMONSTRATE:
        if r.target >= 0:
            return [f"about {count(marchers(state, r))} marchers move to {state.district_name(r.target)}"]
        return [f"about {count(demonstrators(state, r, rule))} people on the streets of {place}",
                f"+{rule.strength / 2:.2f} unrest"]  # fmt: skip
    if kind is ActionKind.MOVE:
        return [f"{unit} moves to {state.district_name(r.target)}"]
    if kind in (ActionKind.DISPERSE, ActionKind.FIRE):
        success, obeyed = crowd_order_split(state, r, rule)
        d = int(state.unit_district[r.unit])
        texts = [f"the crowd of {count(float(state.crowd[d]))} in {state.district_name(d)} breaks: {success:.0%}",
                 f"the unit refuses: {1 - obeyed:.0%} (its loyalty slips away from you)"]  # fmt: skip
        if kind is ActionKind.FIRE:
            killed = float(state.crowd[d]) * rules.fire_casualty_rate * float(state.unit_arms[r.unit])
            texts.append(f"about {count(killed)} killed; +{rules.fire_unrest:.2f} unrest")
            texts.append(f"-{rules.fire_legitimacy:.2f} legitimacy; +{rules.fire_strain:.2f} strain on the unit")
        return texts
    if kind is ActionKind.FRATERNISE:
        return [f"+{fraternise_shift(state, r, rule):.2f} loyalty of {unit} to you"]
    if kind is ActionKind.COMMISSAR:
        return [f"reveals the true loyalty of {unit}", f"+{rule.strength:.2f} loyalty; steadies it under orders"]
    if kind is ActionKind.ARREST:
        return [f"-{rule.strength:.2f} influence of {side(state, r.target)} in {place}",
                f"+{rule.strength / 2:.2f} unrest"]  # fmt: skip
    if kind in (ActionKind.RAISE_BRIDGE, ActionKind.LOWER_BRIDGE):
        name = state.scenario.links[r.target].name or state.index.link_ids[r.target]
        return [f"{name} {'closes to' if kind is ActionKind.RAISE_BRIDGE else 'opens for'} troops and crowds on foot"]
    if kind is ActionKind.SEIZE:
        site = state.scenario.sites[r.target]
        return [f"take {site.name}", "casualties on both sides if it is defended"]
    if kind is ActionKind.DEFEND:
        return [f"{state.scenario.sites[r.target].name} defends at x{rules.defend_bonus:g} this turn"]
    if kind is ActionKind.DISTRIBUTE_BREAD:
        tonnes = float(bread.bread_tonnes(state, rule)[r.district])
        days = tonnes * bread.days_per_tonne(state, r.district)
        return [
            f"about {weight(tonnes)}: bread for {duration(days)} in {place}",
            f"+{bread.relief_influence(state, r.district, days):.2f} influence there (more where queues stand)",
        ]
    if kind is ActionKind.REQUISITION:
        days = bread.requisition_days(state, r.district, rule)
        return [f"takes {duration(days)} of bread from {place}",
                f"+{rule.strength / 2:.2f} unrest, -{rule.strength / 5:.2f} legitimacy"]  # fmt: skip
    if kind is ActionKind.SET_RATION:
        return [f"ration {state.ration:.0f} g -> {r.amount:.0f} g a day"]
    if kind is ActionKind.PROPAGANDA:
        return [f"+{rule.strength:.2f} influence everywhere", f"+{rule.strength:.2f} legitimacy"]
    if kind is ActionKind.NEGOTIATE:
        return [f"+{rule.strength:.2f} legitimacy, calmer streets", f"on failure -{rule.strength / 2:.2f} legitimacy"]
    return []
