"""Whether an action may be taken now: the preconditions of every order, each with the reason in words.

An `Action` names things by id; here it becomes an `Indexed` (indices) once and is checked by its kind's predicate.
The fast list of legal actions (engine/listing.py) applies the same rules with numpy masks; a test holds the two
to each other on many random states.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from petrograd1917.engine.actions import Action
from petrograd1917.engine.bread import MIN_TONNES, bread_tonnes, requisition_tonnes
from petrograd1917.engine.events import choice_ids
from petrograd1917.engine.index import LINK_KIND_CODE
from petrograd1917.engine.links import FOOT, open_link_to
from petrograd1917.engine.state import GameState
from petrograd1917.engine.words import agree, side
from petrograd1917.scenario.model import ActionKind, LinkKind
from petrograd1917.scenario.suggest import did_you_mean

_BRIDGE = LINK_KIND_CODE[LinkKind.BRIDGE]


class IllegalActionError(ValueError):
    """An action that may not be taken now; the message says why. The state is left unchanged."""


class Indexed(NamedTuple):
    """An action with ids turned into indices (-1 where a field is unused). `target` is a district (move, march),
    a site (seize, defend), a link (bridges) or a faction (arrest, negotiate), by kind."""

    kind: ActionKind
    faction: int
    district: int = -1
    unit: int = -1
    target: int = -1
    amount: float = 0.0
    choice: str = ""


# ------------------------------------------------------------------------------------------------ shared tests


def has_armed_unit(state: GameState, faction: int, district: int) -> bool:
    """Armed presence: a living, armed unit the faction commands in the district."""
    return bool(
        (
            state.unit_alive
            & (state.unit_commander == faction)
            & (state.unit_district == district)
            & (state.unit_arms > 0)
            & (state.unit_strength > 0)
        ).any()
    )


def has_unit(state: GameState, faction: int, district: int) -> bool:
    return bool((state.unit_alive & (state.unit_commander == faction) & (state.unit_district == district)).any())


def ration_levels(state: GameState) -> tuple[float, ...]:
    """The rations a faction may set: evenly spaced from the scenario's minimum to its maximum."""
    return state.index.ration_levels


# ------------------------------------------------------------------------------------------------ predicates
# Each returns None when the (already well-formed) action is allowed, else the reason in words.

Check = Callable[[GameState, Indexed], str | None]


def _own_ready_unit(state: GameState, r: Indexed) -> str | None:
    u = r.unit
    if not state.unit_alive[u]:
        return _unit(state, u, "no longer exists", "no longer exist")
    if state.unit_commander[u] != r.faction:
        return f"{_unit(state, u, 'does', 'do')} not take orders from {side(state, r.faction)}"
    if state.unit_moved[u]:
        return f"{_unit(state, u, 'has', 'have')} already acted this turn"
    return None


def _check_agitate(state: GameState, r: Indexed) -> str | None:
    if r.unit >= 0:
        u = r.unit
        if not state.unit_alive[u]:
            return _unit(state, u, "no longer exists", "no longer exist")
        if state.unit_commander[u] == r.faction:
            return f"{_unit(state, u, 'already takes', 'already take')} orders from {side(state, r.faction)}"
        if state.influence[state.unit_district[u], r.faction] <= 0:
            return f"no agitators of {side(state, r.faction)} in {state.district_name(int(state.unit_district[u]))}"
    return None


def _check_strike(state: GameState, r: Indexed) -> str | None:
    d = r.district
    if state.index.workers[d] - state.strikers[d] < 1:
        return f"no workers left to call out in {state.district_name(d)}"
    if state.influence[d, r.faction] <= 0:
        return f"no one in {state.district_name(d)} follows {side(state, r.faction)}"
    return None


def _check_demonstrate(state: GameState, r: Indexed) -> str | None:
    d = r.district
    if state.influence[d, r.faction] <= 0:
        return f"no one in {state.district_name(d)} follows {side(state, r.faction)}"
    if r.target < 0:
        if state.crowd[d] >= state.index.population[d]:
            return f"everyone in {state.district_name(d)} is already on the street"
        return None
    if state.crowd[d] < state.scenario.rules.min_crowd:
        return f"there is no crowd in {state.district_name(d)} to march"
    if open_link_to(state, d, r.target, FOOT) < 0:
        return f"no open way on foot from {state.district_name(d)} to {state.district_name(r.target)}"
    return None


def _check_move(state: GameState, r: Indexed) -> str | None:
    reason = _own_ready_unit(state, r)
    if reason:
        return reason
    u = r.unit
    if not state.unit_specs[u].mobile:
        return f"{_unit(state, u, 'cannot leave its', 'cannot leave their')} post"
    origin = int(state.unit_district[u])
    if open_link_to(state, origin, r.target, int(state.unit_kind[u])) < 0:
        where = f"from {state.district_name(origin)} to {state.district_name(r.target)}"
        return f"no open way for {state.unit_name(u)} {where}"
    return None


def _check_crowd_order(state: GameState, r: Indexed) -> str | None:
    reason = _own_ready_unit(state, r)
    if reason:
        return reason
    d = int(state.unit_district[r.unit])
    if state.crowd[d] < state.scenario.rules.min_crowd:
        return f"there is no crowd in {state.district_name(d)}"
    if r.kind is ActionKind.FIRE and state.unit_arms[r.unit] <= 0:
        return f"{_unit(state, r.unit, 'has', 'have')} no arms to fire"
    return None


def _check_fraternise(state: GameState, r: Indexed) -> str | None:
    u = r.unit
    if not state.unit_alive[u]:
        return _unit(state, u, "no longer exists", "no longer exist")
    if state.unit_commander[u] == r.faction:
        return f"{_unit(state, u, 'already takes', 'already take')} orders from {side(state, r.faction)}"
    d = int(state.unit_district[u])
    if state.crowd[d] < state.scenario.rules.min_crowd:
        return f"there is no crowd in {state.district_name(d)} to mix with the soldiers"
    if state.influence[d, r.faction] <= 0:
        return f"no one in {state.district_name(d)} follows {side(state, r.faction)}"
    return None


def _check_commissar(state: GameState, r: Indexed) -> str | None:
    u = r.unit
    if not state.unit_alive[u]:
        return _unit(state, u, "no longer exists", "no longer exist")
    if state.unit_commissar[u] == r.faction:
        return f"{_unit(state, u, 'already has', 'already have')} a commissar of {side(state, r.faction)}"
    d = int(state.unit_district[u])
    if state.unit_commander[u] != r.faction and state.influence[d, r.faction] <= 0:
        return f"no one of {side(state, r.faction)} in {state.district_name(d)} to send"
    return None


def _check_arrest(state: GameState, r: Indexed) -> str | None:
    d, g = r.district, r.target
    if g == r.faction:
        return "a faction cannot arrest its own people"
    if state.influence[d, g] <= 0:
        return f"no activists of {side(state, g)} in {state.district_name(d)}"
    if not has_armed_unit(state, r.faction, d):
        return f"no armed men of {side(state, r.faction)} in {state.district_name(d)}"
    return None


def _check_bridge(state: GameState, r: Indexed) -> str | None:
    link = r.target
    index = state.index
    name = state.scenario.links[link].name or index.link_ids[link]
    if index.link_kind[link] != _BRIDGE:
        return f"{name} is not a bridge"
    raised = bool(state.link_raised[link])
    if r.kind is ActionKind.RAISE_BRIDGE and raised:
        return f"{name} is already raised"
    if r.kind is ActionKind.LOWER_BRIDGE and not raised:
        return f"{name} is already down"
    ends = (int(index.link_a[link]), int(index.link_b[link]))
    holds_bridgehead = bool(((index.site_link == link) & (state.site_holder == r.faction)).any())
    if not holds_bridgehead and not any(has_unit(state, r.faction, d) for d in ends):
        return f"no men of {side(state, r.faction)} at either end of {name}"
    return None


def _check_seize(state: GameState, r: Indexed) -> str | None:
    s = r.target
    name = state.scenario.sites[s].name
    if state.site_holder[s] == r.faction:
        return f"{name} is already held by {side(state, r.faction)}"
    d = int(state.index.site_district[s])
    if not has_armed_unit(state, r.faction, d):
        return f"no armed men of {side(state, r.faction)} in {state.district_name(d)} to take {name}"
    return None


def _check_defend(state: GameState, r: Indexed) -> str | None:
    s = r.target
    name = state.scenario.sites[s].name
    if state.site_holder[s] != r.faction:
        return f"{name} is not held by {side(state, r.faction)}"
    if state.site_defended[s] == r.faction:
        return f"{name} is already being fortified this turn"
    d = int(state.index.site_district[s])
    if not has_unit(state, r.faction, d):
        return f"no men of {side(state, r.faction)} in {state.district_name(d)} to defend {name}"
    return None


def _check_distribute(state: GameState, r: Indexed) -> str | None:
    if bread_tonnes(state, state.index.rules[ActionKind.DISTRIBUTE_BREAD])[r.district] < MIN_TONNES:
        return "the city's warehouses are all but empty"
    return None


def _check_requisition(state: GameState, r: Indexed) -> str | None:
    d = r.district
    if requisition_tonnes(state, state.index.rules[ActionKind.REQUISITION])[d] < MIN_TONNES:
        return f"there is hardly any bread left to take in {state.district_name(d)}"
    if not has_armed_unit(state, r.faction, d):
        return f"no armed men of {side(state, r.faction)} in {state.district_name(d)}"
    return None


def _check_set_ration(state: GameState, r: Indexed) -> str | None:
    levels = ration_levels(state)
    if not any(abs(r.amount - level) < 0.05 for level in levels):
        return f"a ration of {r.amount:g} g is not on offer; choose one of {', '.join(f'{x:g}' for x in levels)}"
    if abs(r.amount - state.ration) < 0.05:
        return f"the ration is already {state.ration:g} g"
    return None


def _check_negotiate(state: GameState, r: Indexed) -> str | None:
    return "a faction cannot negotiate with itself" if r.target == r.faction else None


def _always(state: GameState, r: Indexed) -> str | None:
    return None


def _check_choose(state: GameState, r: Indexed) -> str | None:
    ids = choice_ids(state)
    if r.choice not in ids:
        return f"'{r.choice}' is not one of the choices offered ({', '.join(ids)}){did_you_mean(r.choice, ids)}"
    return None


CHECKS: dict[ActionKind, Check] = {
    ActionKind.AGITATE: _check_agitate,
    ActionKind.STRIKE: _check_strike,
    ActionKind.DEMONSTRATE: _check_demonstrate,
    ActionKind.MOVE: _check_move,
    ActionKind.DISPERSE: _check_crowd_order,
    ActionKind.FIRE: _check_crowd_order,
    ActionKind.FRATERNISE: _check_fraternise,
    ActionKind.COMMISSAR: _check_commissar,
    ActionKind.ARREST: _check_arrest,
    ActionKind.RAISE_BRIDGE: _check_bridge,
    ActionKind.LOWER_BRIDGE: _check_bridge,
    ActionKind.SEIZE: _check_seize,
    ActionKind.DEFEND: _check_defend,
    ActionKind.DISTRIBUTE_BREAD: _check_distribute,
    ActionKind.REQUISITION: _check_requisition,
    ActionKind.SET_RATION: _check_set_ration,
    ActionKind.PROPAGANDA: _always,
    ActionKind.NEGOTIATE: _check_negotiate,
    ActionKind.PASS: _always,
    ActionKind.CHOOSE: _check_choose,
}

# Which Action fields each kind needs ("district", "unit", "target", "amount", "choice"); agitate takes a district
# or a unit, demonstrate an optional target (a march).
_NEEDS: dict[ActionKind, tuple[str, ...]] = {
    ActionKind.STRIKE: ("district",),
    ActionKind.DEMONSTRATE: ("district",),
    ActionKind.MOVE: ("unit", "target"),
    ActionKind.DISPERSE: ("unit",),
    ActionKind.FIRE: ("unit",),
    ActionKind.FRATERNISE: ("unit",),
    ActionKind.COMMISSAR: ("unit",),
    ActionKind.ARREST: ("district", "target"),
    ActionKind.RAISE_BRIDGE: ("target",),
    ActionKind.LOWER_BRIDGE: ("target",),
    ActionKind.SEIZE: ("target",),
    ActionKind.DEFEND: ("target",),
    ActionKind.DISTRIBUTE_BREAD: ("district",),
    ActionKind.REQUISITION: ("district",),
    ActionKind.SET_RATION: ("amount",),
    ActionKind.NEGOTIATE: ("target",),
    ActionKind.CHOOSE: ("choice",),
}
# Fields a kind may name besides those it needs.
_OPTIONAL: dict[ActionKind, tuple[str, ...]] = {
    ActionKind.AGITATE: ("district", "unit"),
    ActionKind.DEMONSTRATE: ("target",),
}
# What the `target` field names, by kind.
_TARGET_OF: dict[ActionKind, str] = {
    ActionKind.DEMONSTRATE: "district",
    ActionKind.MOVE: "district",
    ActionKind.ARREST: "faction",
    ActionKind.NEGOTIATE: "faction",
    ActionKind.RAISE_BRIDGE: "link",
    ActionKind.LOWER_BRIDGE: "link",
    ActionKind.SEIZE: "site",
    ActionKind.DEFEND: "site",
}


# ------------------------------------------------------------------------------------------------ validation


def _lookup(table: dict[str, int], value: str, what: str) -> int:
    found = table.get(value)
    if found is None:
        raise IllegalActionError(f"unknown {what} '{value}'{did_you_mean(value, table)}")
    return found


def indexed(state: GameState, action: Action) -> Indexed:
    """Turn ids into indices, checking the action is well formed for its kind (not yet whether it is allowed)."""
    index = state.index
    kind = action.kind
    for name in _NEEDS.get(kind, ()):
        if getattr(action, name) is None:
            raise IllegalActionError(f"a '{kind.value}' action needs a {name}")
    if kind is ActionKind.AGITATE and (action.district is None) == (action.unit is None):
        raise IllegalActionError("an 'agitate' action names either a district or a unit")
    allowed = _OPTIONAL.get(kind, ()) + _NEEDS.get(kind, ())
    for name in ("district", "unit", "target", "amount", "choice"):
        if getattr(action, name) is not None and name not in allowed:
            raise IllegalActionError(f"a '{kind.value}' action takes no {name}")
    faction = _lookup(index.faction, action.faction, "faction")
    district = _lookup(index.district, action.district, "district") if action.district is not None else -1
    unit = _lookup(state.unit_ids, action.unit, "unit") if action.unit is not None else -1
    target = -1
    if action.target is not None:
        what = _TARGET_OF[kind]
        table = {"district": index.district, "faction": index.faction, "link": index.link, "site": index.site}[what]
        target = _lookup(table, action.target, what)
    amount = float(action.amount) if action.amount is not None else 0.0
    return Indexed(kind, faction, district, unit, target, amount, action.choice or "")


def validate(state: GameState, action: Action) -> Indexed:
    """The action in indices if it may be taken now; otherwise IllegalActionError saying why."""
    if state.is_over():
        raise IllegalActionError(f"the game is over ({state.over_reason})")
    if not isinstance(action.kind, ActionKind):
        kinds = [k.value for k in ActionKind]
        raise IllegalActionError(f"unknown action kind {action.kind!r}{did_you_mean(str(action.kind), kinds)}")
    current = state.current_faction
    if action.faction != current:
        raise IllegalActionError(f"it is {current}'s turn, not {action.faction}'s")
    pending = state.pending_choice
    if pending is not None and action.kind is not ActionKind.CHOOSE:
        raise IllegalActionError(f"{current} must first answer the event '{pending.event}' (a 'choose' action)")
    if pending is None and action.kind is ActionKind.CHOOSE:
        raise IllegalActionError("no event choice is waiting")
    r = indexed(state, action)
    if action.kind not in (ActionKind.PASS, ActionKind.CHOOSE):
        if action.kind not in state.index.allowed[r.faction]:
            raise IllegalActionError(f"{current} may not '{action.kind.value}' in this scenario")
        cost = state.index.rules[action.kind].cost
        points = int(state.action_points[r.faction])
        if cost > points:
            raise IllegalActionError(f"'{action.kind.value}' costs {cost} action points; {current} has {points}")
    reason = CHECKS[action.kind](state, r)
    if reason:
        raise IllegalActionError(reason)
    return r


def _unit(state: GameState, u: int, singular: str, plural: str) -> str:
    """'Volynsky reserve battalion has', 'City militia have'."""
    name = state.unit_name(u)
    return f"{name} {agree(name, singular, plural)}"
