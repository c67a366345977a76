"""Combat phase: where a district's unrest reaches `clash_unrest`, armed factions fight over the sites they share
it with, and militant crowds storm undefended sites and fight the regime's units on their streets.

Power = men x arms x loyalty to the commander x discipline (see `forces.unit_power`); a crowd fights for the
faction that leads it, each person worth `crowd_power` of a soldier, better with arms from sites its faction holds
in the district (an arsenal). The attacker pays `combat_attacker_penalty`; a site multiplies its holder's power by
its `defense` (and by `defend_bonus` if defended this turn). The side with the larger share of power is likelier to
win (seeded); both lose men in proportion to the other's share. Units take an undefended site only by a SEIZE
order; a militant crowd storms it at the end of the turn. A faction whose `storm_if` does not hold yet attacks no
held site here either, as it may not order one seized.

Before any of that, shooting may be policy (`fire_policy_flag` set): then in each of the city's districts where a
crowd of at least `large_crowd` stands that the regime does not lead, the regime's most obedient picket there (a
unit of a kind `fire_policy_kinds` names), else one from next door, fires on it, as the FIRE order would (it may
refuse, and the volley costs what an ordered one costs).
"""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.control import city_mask
from petrograd1917.engine.crowds import hostile_force
from petrograd1917.engine.evaluate import evaluate
from petrograd1917.engine.forces import crowd_faction, district_power, row_index
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray, index_for
from petrograd1917.engine.log import write
from petrograd1917.engine.numeric import array_sum
from petrograd1917.engine.odds import obedience
from petrograd1917.engine.orders import disperse
from petrograd1917.engine.orders.base import Indexed
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for
from petrograd1917.engine.words import and_list, cap, possessive, rough, side
from petrograd1917.scenario.model import ActionKind, Scenario


def crowd_arms(state: GameState, leader: IntArray) -> FloatArray:
    """[D] arms the crowd of each district has from sites its leading faction holds there."""
    tables = tables_for(state.scenario)
    site_district = state.index.site_district
    led_by = leader[site_district]
    leads = (led_by >= 0) & (state.site_holder == led_by)
    arms = np.bincount(site_district, weights=tables.site_arms * leads, minlength=leader.shape[0])
    result: FloatArray = np.minimum(arms, 1.0)
    return result


def fighting_power(state: GameState) -> tuple[FloatArray, FloatArray, FloatArray, IntArray, FloatArray, BoolArray]:
    """Power by district and faction [D, F] to defend with (units, and each crowd for the faction leading it) and
    to attack with (units, and only militant crowds: unrest at least `clash_unrest`); the crowd leaders [D]; crowd
    power [D]; which crowds are militant [D]; and the units' power alone [D, F]."""
    rules = state.scenario.rules
    units = district_power(state)
    leader = crowd_faction(state)
    crowd = state.crowd * rules.crowd_power * (1.0 + crowd_arms(state, leader)) * (leader >= 0)
    militant = (state.unrest >= rules.clash_unrest) & (crowd > 0.0)
    # each district's crowd power goes to its leader's column; where nobody leads, the crowd's 0.0 goes to the first
    # column and changes nothing (power is never -0.0)
    rows, led = row_index(leader.shape[0]), np.maximum(leader, 0)
    defend = units.copy()
    defend[rows, led] += crowd
    attack = units.copy()
    attack[rows, led] += np.where(militant, crowd, 0.0)
    return defend, attack, units, leader, crowd, militant


def run(state: GameState) -> None:
    rules = state.scenario.rules
    if shooting_is_policy(state):
        standing_fire(state)
    if not np.count_nonzero(state.unrest >= rules.clash_unrest):
        return  # fights, storms and street fighting all need a district up in arms: nothing to draw or change
    tables = tables_for(state.scenario)
    defend, attack_power, units, leader, crowd, militant = fighting_power(state)
    holder = state.site_holder
    site_district = state.index.site_district
    sites = row_index(holder.shape[0])
    held = np.maximum(holder, 0)

    # The strongest faction other than the holder in each held site's district is the would-be attacker. Where the
    # streets are up in arms, armed men on both sides fight; below that they live side by side (dual power). A site
    # nobody defends falls only to a militant crowd: units take it with a SEIZE order.
    masked = attack_power[site_district]
    masked[sites, held] = -1.0
    held_back = restrained(state)
    if held_back:
        masked[:, held_back] = -1.0
    attacker = masked.argmax(axis=1) if masked.shape[1] else np.zeros(0, dtype=np.int64)
    attack = masked[sites, attacker] * rules.combat_attacker_penalty
    bonus = np.where(state.site_defended == holder, rules.defend_bonus, 1.0)
    defence = defend[site_district, held] * tables.site_defense * bonus
    hot = state.unrest[site_district] >= rules.clash_unrest
    fight = hot & (defence > 0.0) & (attack >= rules.combat_min_ratio * defence)
    storm = (defence <= 0.0) & militant[site_district] & (leader[site_district] == attacker)
    contested = ((holder >= 0) & (attack > 0.0) & (fight | storm)).nonzero()[0].tolist()
    hostile = hostile_force(state, units)
    clashes = (militant & (hostile > 0.0)).nonzero()[0].tolist()
    if not (contested or clashes):
        return
    # The units in each district that fights (units do not move during combat), so a fight touches only its own.
    fronts = set(site_district[contested].tolist()) | set(clashes)
    garrisons: dict[int, list[int]] = {d: [] for d in fronts}
    for u, d in enumerate(state.unit_district.tolist()):
        if d in garrisons:
            garrisons[d].append(u)
    troops = _Troops(state)
    for s in contested:
        d = site_district.item(s)
        fight_at = (s, attacker.item(s), attack.item(s), defence.item(s), leader.item(d))
        _fight_for_site(state, troops, *fight_at, garrisons[d])
    # Street fighting: a militant crowd against the regime's armed units in its district (told in one sentence).
    losses = {
        d: _street_fight(state, troops, d, leader.item(d), crowd.item(d), hostile.item(d), garrisons[d])
        for d in clashes
    }
    troops.write_back(state)
    if losses:
        _log_street_fights(state, losses, leader)


def shooting_is_policy(state: GameState) -> bool:
    """True while the scenario's standing orders to fire are in force (its `fire_policy_flag` is set)."""
    flag = state.scenario.rules.fire_policy_flag
    return bool(flag) and flag in state.flags


def standing_fire(state: GameState) -> None:
    """Standing orders to fire: one volley on each big crowd in the city the regime does not lead, by its most
    obedient picket (`pickets`) in the district, else one sent from next door; a unit fires once a turn (the order's
    own odds of refusal, casualties and costs)."""
    rules = state.scenario.rules
    leader = crowd_faction(state)
    crowds = city_mask(state.scenario) & (state.crowd >= rules.large_crowd)
    neighbours = tables_for(state.scenario).neighbours
    rule = state.index.rules[ActionKind.FIRE]
    for f in np.flatnonzero(state.index.faction_is_regime).tolist():
        ready = pickets(state, f)
        for d in np.flatnonzero(crowds & (leader != f)).tolist():
            there = np.flatnonzero(ready & (state.unit_district == d)).tolist()
            if not there:
                there = np.flatnonzero(ready & (neighbours[d, state.unit_district] > 0.0)).tolist()
            if there:
                unit = max(there, key=lambda u: obedience(state, u, f))
                ready[unit] = False
                home = state.unit_district.item(unit)
                state.unit_district[unit] = d  # a picket from next door marches out, fires, and is back by night
                disperse.carry_out(state, Indexed(ActionKind.FIRE, f, unit=unit), rule)
                state.unit_district[unit] = home


def pickets(state: GameState, faction: int) -> BoolArray:
    """[U] the units of `faction` the standing orders may fall on: in the city, alive, armed, mobile (a fortress
    garrison stays behind its walls) and of a kind in `fire_policy_kinds` (any kind when it names none)."""
    kinds = set(state.scenario.rules.fire_policy_kinds)
    sent = np.array([u.mobile and (not kinds or u.kind in kinds) for u in state.unit_specs], dtype=np.bool_)
    result: BoolArray = (
        sent
        & city_mask(state.scenario)[state.unit_district]
        & state.unit_alive
        & (state.unit_arms > 0)
        & (state.unit_commander == faction)
        & (state.unit_strength > 0)
    )
    return result


def restrained(state: GameState) -> list[int]:
    """The factions whose `storm_if` does not hold yet: as they may not order a SEIZE of a held site, neither their
    men nor the crowds they lead assault one at the turn's end (rivals live side by side until it holds)."""
    return [
        f
        for f, faction in enumerate(state.scenario.factions)
        if faction.storm_if is not None and not evaluate(faction.storm_if, state, f)
    ]


class _Troops:
    """The units' men, whether in being and who commands them, as Python lists while the fights run (a fight
    touches a handful of units, where a numpy call costs more than the arithmetic); `write_back` stores the men."""

    __slots__ = ("alive", "changed", "commander", "strength")

    def __init__(self, state: GameState) -> None:
        self.alive: list[bool] = state.unit_alive.tolist()
        self.commander: list[int] = state.unit_commander.tolist()
        self.strength: list[float] = state.unit_strength.tolist()
        self.changed = False

    def casualties(self, present: list[int], fraction: list[float]) -> float:
        """The units `present` in the fight lose `fraction[commander]` of their men (0 for factions not in it); a
        unit left with less than one man is gone. Returns the men lost."""
        alive, commander, strength = self.alive, self.commander, self.strength
        losses: list[float] = []
        for u in present:
            if alive[u] and commander[u] >= 0:
                loss = strength[u] * fraction[commander[u]]
                left = strength[u] - loss
                losses.append(loss)
                if left < 1.0:
                    strength[u] = 0.0
                    alive[u] = False
                else:
                    strength[u] = left
        if not losses:
            return 0.0
        self.changed = True
        return array_sum(losses)

    def write_back(self, state: GameState) -> None:
        if self.changed:
            state.unit_strength[:] = self.strength
            state.unit_alive[:] = self.alive


def _fight_for_site(
    state: GameState,
    troops: _Troops,
    s: int,
    attacker: int,
    attack: float,
    defence: float,
    leader: int,
    present: list[int],
) -> None:
    rules = state.scenario.rules
    n_f = state.legitimacy.shape[0]
    defender = state.site_holder.item(s)
    d = state.index.site_district_list[s]
    site = state.scenario.sites[s]
    ids = state.index.faction_ids
    if defence <= 0.0:
        state.site_holder[s] = attacker
        if state.keeps_record:
            write(
                state,
                "site",
                f"A crowd led by {side(state, attacker)} storms {site.name}: nobody stands to defend it.",
                site=site.id,
                old=ids[defender],
                new=ids[attacker],
            )
        return
    odds = attack / (attack + defence)
    won = bool(state.rng.random() < odds)
    fraction = [0.0] * n_f
    fraction[attacker] = rules.combat_casualties * (1.0 - odds)
    fraction[defender] = rules.combat_casualties * odds
    lost = troops.casualties(present, fraction)
    if leader in (attacker, defender):
        crowd_loss = state.crowd.item(d) * fraction[leader]
        state.crowd[d] -= crowd_loss
        lost += crowd_loss
    if won:
        state.site_holder[s] = attacker
    if not state.keeps_record:
        return  # what follows words the log
    if won:
        text = f"{cap(site.name)} falls to {side(state, attacker)} after a fight with {side(state, defender)}"
    else:
        text = f"{cap(possessive(side(state, defender)))} men hold {site.name} against {side(state, attacker)}"
    write(
        state,
        "combat",
        f"{text}; {rough(lost)} men fall or scatter.",
        site=site.id,
        attacker=ids[attacker],
        defender=ids[defender],
        odds=round(odds, 4),
        won=won,
        casualties=round(lost),
    )


def _street_fight(
    state: GameState, troops: _Troops, d: int, leader: int, crowd: float, hostile: float, present: list[int]
) -> tuple[float, float]:
    """The crowd of district `d` fights the troops facing it; returns the people and the men lost."""
    rules = state.scenario.rules
    crowd_share = crowd / (crowd + hostile)
    hit = rules.combat_casualties * crowd_share
    fraction = [hit if facing and f != leader else 0.0 for f, facing in enumerate(_FACING(state.scenario))]
    lost_units = troops.casualties(present, fraction)
    lost_crowd = state.crowd.item(d) * rules.combat_casualties * (1.0 - crowd_share)
    state.crowd[d] -= lost_crowd
    return lost_crowd, lost_units


def _facing_of(scenario: Scenario) -> tuple[bool, ...]:
    """[F] the factions whose units a crowd fights: those holding state power (everyone, in a scenario without)."""
    regime = index_for(scenario).faction_is_regime.tolist()
    return tuple(regime) if any(regime) else (True,) * len(regime)


_FACING: PerObject[Scenario, tuple[bool, ...]] = PerObject(_facing_of)  # per scenario (engine/cache.py)


def _log_street_fights(state: GameState, losses: dict[int, tuple[float, float]], leader: IntArray) -> None:
    """'Street fighting in Liteiny and Narva: the crowds lose about 700 people, the troops facing them about 30 men.'"""
    if not state.keeps_record:
        return
    ids = state.index.district_ids
    people = sum(crowd for crowd, _ in losses.values())
    men = sum(units for _, units in losses.values())
    one = len(losses) == 1
    crowds, them = ("the crowd", "it") if one else ("the crowds", "them")
    troops = f"the troops facing {them} {rough(men)} men" if men >= 0.5 else f"the troops facing {them} none"
    write(
        state,
        "street_fight",
        f"Street fighting in {and_list([state.district_name(d) for d in losses])}: {crowds} "
        f"{'loses' if one else 'lose'} {rough(people)} people, {troops}.",
        districts={
            ids[d]: {
                "crowd_faction": state.index.faction_ids[int(leader[d])],
                "crowd_loss": round(c),
                "unit_loss": round(u),
            }
            for d, (c, u) in losses.items()
        },
    )
