"""Whether an action may be taken now: the rules every order shares (whose turn, which kinds a faction may use,
the points it costs), then the order's own check from its record in engine/orders/.

An `Action` names things by id; here it becomes an `Indexed` (indices) once, after checking it names the fields its
kind needs. The fast list of legal actions (engine/listing.py) applies the same rules with numpy masks; a test holds
the two to each other on many random states.
"""

from __future__ import annotations

from petrograd1917.engine.actions import Action
from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.index import ScenarioIndex
from petrograd1917.engine.orders import ORDERS
from petrograd1917.engine.orders.base import IllegalActionError, Indexed
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind
from petrograd1917.scenario.suggest import did_you_mean

__all__ = ["IllegalActionError", "Indexed", "index_form", "indexed", "validate"]

_FIELDS = ("district", "unit", "target", "amount", "choice")
# Read once: an enum member read through its class costs some 70 ns (the enum type's `__getattr__` hook), and a check
# asks four times which of these an action is.
_CHOOSE, _PASS = ActionKind.CHOOSE, ActionKind.PASS


def _lookup(table: dict[str, int], value: str, what: str) -> int:
    found = table.get(value)
    if found is None:
        raise IllegalActionError(f"unknown {what} '{value}'{did_you_mean(value, table)}")
    return found


# Per scenario index, each well-formed action's `Indexed` (engine/cache.py): players submit the same actions (the
# listing's own values) over and over. Only the unit's index depends on the game (an event may have added it), so a
# kept answer that names a unit is used only where the game gives that unit the same index. Looked up first by the
# action's identity (the listing hands out the same values, and hashing an action costs more than the rest of a
# hit), then by its value (an equal action made elsewhere: a replay, a test, a player's own).
_BY_IDENTITY: PerObject[ScenarioIndex, dict[int, tuple[Action, Indexed]]] = PerObject(lambda index: {})
_INDEXED: PerObject[ScenarioIndex, dict[Action, Indexed]] = PerObject(lambda index: {})
_INDEXED_KEPT = 8192  # actions per scenario index: a few thousand orders can be given on the historical maps


def indexed(state: GameState, action: Action) -> Indexed:
    """Turn ids into indices, checking the action is well formed for its kind (not yet whether it is allowed)."""
    unit = action.unit
    same = _BY_IDENTITY(state.index)
    hit = same.get(id(action))  # the entry holds the action, so its id is not reused while the entry stands
    if hit is not None and hit[0] is action:
        found = hit[1]
        if unit is None or state.unit_ids.get(unit) == found.unit:
            return found
    known = _INDEXED(state.index)
    kept = known.get(action)
    if kept is not None and kept.kind is action.kind and (unit is None or state.unit_ids.get(unit) == kept.unit):
        found = kept
    else:
        found = index_form(state, action)
        if len(known) >= _INDEXED_KEPT:
            known.clear()
        known[action] = found
    if len(same) >= _INDEXED_KEPT:
        same.clear()
    same[id(action)] = (action, found)
    return found


def index_form(state: GameState, action: Action) -> Indexed:
    """`indexed` without its memo: for a caller that keeps the answer itself (the listing's tables)."""
    index = state.index
    kind = action.kind
    order = ORDERS[kind]
    for name in order.needs:
        if getattr(action, name) is None:
            raise IllegalActionError(f"a '{kind.value}' action needs a {name}")
    if kind is ActionKind.AGITATE and (action.district is None) == (action.unit is None):
        raise IllegalActionError("an 'agitate' action names either a district or a unit")
    allowed = order.optional + order.needs
    for name in _FIELDS:
        if getattr(action, name) is not None and name not in allowed:
            raise IllegalActionError(f"a '{kind.value}' action takes no {name}")
    faction = _lookup(index.faction, action.faction, "faction")
    district = _lookup(index.district, action.district, "district") if action.district is not None else -1
    unit = _lookup(state.unit_ids, action.unit, "unit") if action.unit is not None else -1
    target = -1
    if action.target is not None and order.target is not None:
        what = order.target
        table = {"district": index.district, "faction": index.faction, "link": index.link, "site": index.site}[what]
        target = _lookup(table, action.target, what)
    amount = float(action.amount) if action.amount is not None else 0.0
    return Indexed(kind, faction, district, unit, target, amount, action.choice or "")


def validate(state: GameState, action: Action) -> Indexed:
    """The action in indices if it may be taken now; otherwise IllegalActionError saying why."""
    if state.winner is not None:
        raise IllegalActionError(f"the game is over ({state.over_reason})")
    kind = action.kind
    if not isinstance(kind, ActionKind):
        kinds = [k.value for k in ActionKind]
        raise IllegalActionError(f"unknown action kind {kind!r}{did_you_mean(str(kind), kinds)}")
    index = state.index
    current = index.faction_ids[state.current_faction_index]
    if action.faction != current:
        raise IllegalActionError(f"it is {current}'s turn, not {action.faction}'s")
    pending = state.pending_choice
    if pending is not None and kind is not _CHOOSE:
        raise IllegalActionError(f"{current} must first answer the event '{pending.event}' (a 'choose' action)")
    if pending is None and kind is _CHOOSE:
        raise IllegalActionError("no event choice is waiting")
    r = indexed(state, action)
    if kind is not _PASS and kind is not _CHOOSE:
        if kind not in index.allowed[r.faction]:
            raise IllegalActionError(f"{current} may not '{kind.value}' in this scenario")
        cost = index.rules[kind].cost
        points = state.action_points.item(r.faction)
        if cost > points:
            raise IllegalActionError(f"'{kind.value}' costs {cost} action points; {current} has {points}")
    reason = ORDERS[kind].check(state, r)
    if reason:
        raise IllegalActionError(reason)
    return r
