"""Apply one typed `Effect` (from an event or a choice) to a game, and say what changed in the log.

Amounts: unrest, influence, loyalty, legitimacy are shares (added, clipped to [0, 1]; a share gained by one
faction is taken proportionally from the others); strikers and crowds are people; food is tonnes of flour;
a ration is grams; strength is men; action points are points. A district of "*" means every district.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from petrograd1917.engine.bread import set_ration
from petrograd1917.engine.compiled import kernel
from petrograd1917.engine.index import FloatArray
from petrograd1917.engine.log import Said, tell, write
from petrograd1917.engine.loyalty import commit, log_mutiny, spread
from petrograd1917.engine.numeric import add_share_rows, at_least, at_most, clip, clip01, clip01_value
from petrograd1917.engine.outcome import finish_by_scores
from petrograd1917.engine.state import GameState, add_units
from petrograd1917.engine.words import agree, cap, side, the
from petrograd1917.scenario.model import Effect, EffectKind, Unit

EVERY_DISTRICT = "*"
# Read once: reading an enum member through its class costs some 70 ns, and the loop asks of every effect.
_ADD_UNIT, _LOG = EffectKind.ADD_UNIT, EffectKind.LOG


def apply_effects(state: GameState, effects: tuple[Effect, ...], source: str) -> None:
    """Apply effects in order; stop as soon as one of them ends the game. A run of units added one after another
    (an event's reinforcements) joins the per-unit arrays in one step (`_add_units`), logged as one by one."""
    i, n = 0, len(effects)
    while i < n:
        effect = effects[i]
        if effect.kind is _ADD_UNIT:
            end = i + 1
            while end < n and effects[end].kind is _ADD_UNIT:
                end += 1
            run = effects[i:end]
            for added, spec in zip(run, _add_units(state, run), strict=True):
                _log_arrival(state, spec)
                _note(state, added, source)
            i = end
            continue  # adding units ends no game
        apply_effect(state, effect, source)
        if state.is_over():
            return
        i += 1


def apply_effect(state: GameState, effect: Effect, source: str = "") -> None:
    """Apply one effect; `source` (an event id) goes into the log record."""
    _HANDLERS[effect.kind](state, effect)
    _note(state, effect, source)


def _note(state: GameState, effect: Effect, source: str) -> None:
    """Log an effect's own text, if it has one (a LOG effect's text is the effect itself)."""
    if effect.text and effect.kind is not _LOG:
        write(state, "effect", effect.text, source=source, effect=effect.kind.value)


def _districts(state: GameState, effect: Effect) -> slice:
    """The districts an effect names, as a slice of the per-district arrays (a view: no index array to build, and
    no fancy indexing to read or write through it)."""
    if effect.district is None or effect.district == EVERY_DISTRICT:
        return slice(None)
    d = state.index.district[effect.district]
    return slice(d, d + 1)


def _faction(state: GameState, effect: Effect) -> int:
    return state.index.faction[effect.faction] if effect.faction else -1


def _unit(state: GameState, effect: Effect) -> int:
    """The unit's index, or -1 for a unit an event has not added (yet)."""
    return state.unit_ids.get(effect.unit, -1) if effect.unit else -1


def _add_unrest(state: GameState, effect: Effect) -> None:
    d = _districts(state, effect)
    state.unrest[d] = clip01(state.unrest[d] + effect.amount)


def _add_fear(state: GameState, effect: Effect) -> None:
    d = _districts(state, effect)
    state.fear[d] = clip01(state.fear[d] + effect.amount)


def _add_strikers(state: GameState, effect: Effect) -> None:
    d = _districts(state, effect)
    state.strikers[d] = clip(state.strikers[d] + effect.amount, 0.0, state.index.workers[d])


def _add_crowd(state: GameState, effect: Effect) -> None:
    d = _districts(state, effect)
    state.crowd[d] = clip(state.crowd[d] + effect.amount, 0.0, state.index.population[d])


def _add_influence(state: GameState, effect: Effect) -> None:
    if effect.district is None or effect.district == EVERY_DISTRICT:
        first, end = 0, state.index.n_districts
    else:
        first = state.index.district[effect.district]
        end = first + 1
    add_share_rows(state.influence, first, end, _faction(state, effect), float(effect.amount))


def _shift_loyalty(state: GameState, effect: Effect) -> None:
    """Positive: the unit moves `amount` of the way towards the faction; negative: it loses that much loyalty."""
    u, f = _unit(state, effect), _faction(state, effect)
    if u >= 0 and f >= 0:
        _shift(state.unit_loyalty, u, f, float(effect.amount))


@kernel
def _shift(loyalty: FloatArray, u: int, f: int, amount: float) -> None:
    """`_shift_loyalty` on unit `u`'s row (a kernel: a numpy call on a row of four costs more than the arithmetic).
    A share gained is taken from every loyalty alike, the row times 1 - share, then added (at most all of it)."""
    if amount >= 0.0:
        share = at_most(amount, 1.0)
        keep = 1.0 - share
        for g in range(loyalty.shape[1]):
            loyalty[u, g] *= keep
        loyalty[u, f] += share
    else:
        loyalty[u, f] = at_least(loyalty[u, f] + amount, 0.0)


def _add_legitimacy(state: GameState, effect: Effect) -> None:
    f = _faction(state, effect)
    state.legitimacy[f] = clip01_value(state.legitimacy.item(f) + effect.amount)


def _add_food(state: GameState, effect: Effect) -> None:
    state.city_stock = at_least(state.city_stock + effect.amount, 0.0)


def _set_ration(state: GameState, effect: Effect) -> None:
    food = state.scenario.food
    set_ration(state, min(food.max_ration_grams, max(food.min_ration_grams, effect.amount)))


def _set_rail(state: GameState, effect: Effect) -> None:
    state.rail_factor = max(0.0, effect.amount)


def _add_unit(state: GameState, effect: Effect) -> None:
    (spec,) = _add_units(state, (effect,))
    _log_arrival(state, spec)


def _add_units(state: GameState, effects: Sequence[Effect]) -> list[Unit | None]:
    """The units of ADD_UNIT `effects`, added in one step (`state.add_units`) as adding them one by one would: a
    unit already on the map, or brought by an earlier effect, is not added again (an event that fires twice does
    not clone a regiment), and one whose id a unit gone from the map had takes that id over. Returns the unit each
    effect added (None where it added none)."""
    ids, alive = state.unit_ids, state.unit_alive
    taken: set[str] = set()
    added: list[Unit | None] = []
    for effect in effects:
        spec = effect.unit_spec
        existing = -1 if spec is None else ids.get(spec.id, -1)
        if spec is None or spec.id in taken or (existing >= 0 and bool(alive[existing])):
            added.append(None)
            continue
        taken.add(spec.id)
        added.append(spec)
    if taken:
        add_units(state, [spec for spec in added if spec is not None])
    return added


def _log_arrival(state: GameState, spec: Unit | None) -> None:
    """'The Vyborg factory guards arrive in Vyborg.' for a unit just added (nothing for None)."""
    if spec is not None and state.keeps_record:
        tell(
            state,
            "unit_added",
            _arrival_words,
            (spec.name, spec.id, state.district_name(state.index.district[spec.district])),
        )


def _arrival_words(name: str, unit: str, where: str) -> Said:
    return f"{cap(the(name))} {agree(name, 'arrives', 'arrive')} in {where}.", {"unit": unit}


def _remove_unit(state: GameState, effect: Effect) -> None:
    u = _unit(state, effect)
    if u >= 0:
        state.unit_alive[u] = False


def _set_commander(state: GameState, effect: Effect) -> None:
    """A unit goes over: it puts its new side first, and (if it leaves another faction) it is a mutiny like any
    other, contagious to the units around it."""
    u, f = _unit(state, effect), _faction(state, effect)
    if u < 0:
        return
    old = state.unit_commander.item(u)
    state.unit_commander[u] = f
    state.unit_strain[u] = 0.0
    if f >= 0:
        commit(state.unit_loyalty, np.array([u]), np.array([f]))
        if old >= 0 and old != f:
            log_mutiny(state, u, old, f)
            spread(state, np.array([u]), np.array([f]))


def _add_strength(state: GameState, effect: Effect) -> None:
    u = _unit(state, effect)
    if u < 0 or not state.unit_alive.item(u):
        return
    strength = at_least(state.unit_strength.item(u) + effect.amount, 0.0)
    state.unit_strength[u] = strength if strength >= 1.0 else 0.0
    state.unit_alive[u] = strength >= 1.0


def _set_site(state: GameState, effect: Effect) -> None:
    if effect.site:
        state.site_holder[state.index.site[effect.site]] = _faction(state, effect)


def _set_bridge(state: GameState, effect: Effect) -> None:
    if effect.link:
        state.link_raised[state.index.link[effect.link]] = bool(effect.raised)


def _set_flag(state: GameState, effect: Effect) -> None:
    if effect.flag:
        state.flags.add(effect.flag)


def _clear_flag(state: GameState, effect: Effect) -> None:
    if effect.flag:
        state.flags.discard(effect.flag)


def _add_action_points(state: GameState, effect: Effect) -> None:
    f = _faction(state, effect)
    state.action_points[f] = max(0, state.action_points.item(f) + round(effect.amount))


def _key_event(state: GameState, effect: Effect) -> None:
    if effect.flag:
        state.key_events.setdefault(effect.flag, state.turn)


def _end_game(state: GameState, effect: Effect) -> None:
    """With a faction, it wins; without one, the story is over and the objectives decide, as at the last turn."""
    if effect.faction is None:
        finish_by_scores(state, effect.text or "the story of the scenario came to its end")
        return
    f = _faction(state, effect)
    state.winner = f
    state.over_reason = effect.text or f"Victory for {side(state, f)}."


def _log(state: GameState, effect: Effect) -> None:
    write(state, "event_text", effect.text)


_HANDLERS: dict[EffectKind, Callable[[GameState, Effect], None]] = {
    EffectKind.ADD_UNREST: _add_unrest,
    EffectKind.ADD_FEAR: _add_fear,
    EffectKind.ADD_STRIKERS: _add_strikers,
    EffectKind.ADD_CROWD: _add_crowd,
    EffectKind.ADD_INFLUENCE: _add_influence,
    EffectKind.SHIFT_LOYALTY: _shift_loyalty,
    EffectKind.ADD_LEGITIMACY: _add_legitimacy,
    EffectKind.ADD_FOOD: _add_food,
    EffectKind.SET_RATION: _set_ration,
    EffectKind.SET_RAIL: _set_rail,
    EffectKind.ADD_UNIT: _add_unit,
    EffectKind.REMOVE_UNIT: _remove_unit,
    EffectKind.SET_COMMANDER: _set_commander,
    EffectKind.ADD_STRENGTH: _add_strength,
    EffectKind.SET_SITE: _set_site,
    EffectKind.SET_BRIDGE: _set_bridge,
    EffectKind.SET_FLAG: _set_flag,
    EffectKind.CLEAR_FLAG: _clear_flag,
    EffectKind.ADD_ACTION_POINTS: _add_action_points,
    EffectKind.KEY_EVENT: _key_event,
    EffectKind.END_GAME: _end_game,
    EffectKind.LOG: _log,
}
