"""Combat phase: where a district's unrest reaches `clash_unrest`, armed factions fight over the sites they share
it with, and militant crowds storm undefended sites and fight the regime's units on their streets.

Power = men x arms x loyalty to the commander x discipline (see `forces.unit_power`); a crowd fights for the
faction that leads it, each person worth `crowd_power` of a soldier, better with arms from sites its faction holds
in the district (an arsenal). The attacker pays `combat_attacker_penalty`; a site multiplies its holder's power by
its `defense` (and by `defend_bonus` if defended this turn). The side with the larger share of power is likelier to
win (seeded); both lose men in proportion to the other's share. Units take an undefended site only by a SEIZE
order; a militant crowd storms it at the end of the turn.
"""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.crowds import hostile_force
from petrograd1917.engine.forces import crowd_faction, district_power
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray
from petrograd1917.engine.log import write
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for
from petrograd1917.engine.words import and_list, cap, possessive, rough, side


def crowd_arms(state: GameState, leader: IntArray) -> FloatArray:
    """[D] arms the crowd of each district has from sites its leading faction holds there."""
    tables = tables_for(state.scenario)
    site_district = state.index.site_district
    leads = (leader[site_district] >= 0) & (state.site_holder == leader[site_district])
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
    led = np.flatnonzero(leader >= 0)
    defend = units.copy()
    defend[led, leader[led]] += crowd[led]
    storming = np.flatnonzero(militant)
    attack = units.copy()
    attack[storming, leader[storming]] += crowd[storming]
    return defend, attack, units, leader, crowd, militant


def run(state: GameState) -> None:
    rules = state.scenario.rules
    if not np.count_nonzero(state.unrest >= rules.clash_unrest):
        return  # fights, storms and street fighting all need a district up in arms: nothing to draw or change
    tables = tables_for(state.scenario)
    defend, attack_power, units, leader, crowd, militant = fighting_power(state)
    holder = state.site_holder
    site_district = state.index.site_district
    sites = np.arange(holder.shape[0])
    held = np.maximum(holder, 0)

    # The strongest faction other than the holder in each held site's district is the would-be attacker. Where the
    # streets are up in arms, armed men on both sides fight; below that they live side by side (dual power). A site
    # nobody defends falls only to a militant crowd: units take it with a SEIZE order.
    masked = attack_power[site_district]
    masked[sites, held] = -1.0
    attacker = np.argmax(masked, axis=1) if masked.shape[1] else np.zeros(0, dtype=np.int64)
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
    garrisons = {d: np.flatnonzero(state.unit_district == d) for d in fronts}
    for s in contested:
        d = int(site_district[s])
        _fight_for_site(state, s, int(attacker[s]), float(attack[s]), float(defence[s]), int(leader[d]), garrisons[d])
    # Street fighting: a militant crowd against the regime's armed units in its district (told in one sentence).
    losses = {
        d: _street_fight(state, d, int(leader[d]), float(crowd[d]), float(hostile[d]), garrisons[d]) for d in clashes
    }
    if losses:
        _log_street_fights(state, losses, leader)


def _casualties(state: GameState, present: IntArray, fraction: FloatArray) -> float:
    """The units `present` in the fight lose `fraction[commander]` of their men (0 for factions not in it)."""
    commander = state.unit_commander[present]
    fighting = state.unit_alive[present] & (commander >= 0)
    hit = present[fighting]
    if hit.shape[0] == 0:
        return 0.0
    strength = state.unit_strength[hit]
    loss = strength * fraction[commander[fighting]]
    left = strength - loss
    gone = hit[left < 1.0]
    state.unit_strength[hit] = left
    state.unit_strength[gone] = 0.0
    state.unit_alive[gone] = False
    return float(loss.sum())


def _fight_for_site(
    state: GameState, s: int, attacker: int, attack: float, defence: float, leader: int, present: IntArray
) -> None:
    rules = state.scenario.rules
    n_f = state.legitimacy.shape[0]
    defender = int(state.site_holder[s])
    d = int(state.index.site_district[s])
    site = state.scenario.sites[s]
    ids = state.index.faction_ids
    if defence <= 0.0:
        state.site_holder[s] = attacker
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
    fraction = np.zeros(n_f)
    fraction[attacker] = rules.combat_casualties * (1.0 - odds)
    fraction[defender] = rules.combat_casualties * odds
    lost = _casualties(state, present, fraction)
    if leader in (attacker, defender):
        crowd_loss = state.crowd[d] * fraction[leader]
        state.crowd[d] -= crowd_loss
        lost += float(crowd_loss)
    if won:
        state.site_holder[s] = attacker
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
    state: GameState, d: int, leader: int, crowd: float, hostile: float, present: IntArray
) -> tuple[float, float]:
    """The crowd of district `d` fights the troops facing it; returns the people and the men lost."""
    rules = state.scenario.rules
    n_f = state.legitimacy.shape[0]
    crowd_share = crowd / (crowd + hostile)
    regime = tables_for(state.scenario).regime
    facing = np.zeros(n_f, dtype=np.bool_)
    facing[regime if regime.size else np.arange(n_f)] = True
    facing[leader] = False
    fraction = np.where(facing, rules.combat_casualties * crowd_share, 0.0)
    lost_units = _casualties(state, present, fraction)
    lost_crowd = float(state.crowd[d]) * rules.combat_casualties * (1.0 - crowd_share)
    state.crowd[d] -= lost_crowd
    return lost_crowd, lost_units


def _log_street_fights(state: GameState, losses: dict[int, tuple[float, float]], leader: IntArray) -> None:
    """'Street fighting in Liteiny and Narva: the crowds lose about 700 people, the troops facing them about 30 men.'"""
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
