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

from dataclasses import dataclass
from typing import Any

import numpy as np

from petrograd1917.engine.cache import PerIdentity, PerObject
from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.control import city_mask
from petrograd1917.engine.forces import ArmedUnits, add_district_power, armed_units, crowd_faction, find_leaders
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray, index_for
from petrograd1917.engine.log import Said, figures, tell
from petrograd1917.engine.numeric import array_sum, at_most
from petrograd1917.engine.odds import obedience
from petrograd1917.engine.orders import disperse
from petrograd1917.engine.orders.base import Indexed
from petrograd1917.engine.state import GameState
from petrograd1917.engine.storming import storm_ifs
from petrograd1917.engine.tables import tables_for
from petrograd1917.engine.words import Names, and_list, cap, names, possessive, rough
from petrograd1917.scenario.model import ActionKind, Scenario, Unit


def run(state: GameState) -> None:
    rules = state.scenario.rules
    if shooting_is_policy(state):
        standing_fire(state)
    # In Python floats: a comparison array is a numpy call that costs microseconds as a game calls it. (A
    # not-a-number is never up in arms; should max keep one, the kernel, which asks each district, decides.)
    if max(state.unrest.tolist()) < rules.clash_unrest:
        return  # fights, storms and street fighting all need a district up in arms: nothing to draw or change
    fixed = _FIXED(state.scenario)
    n_s, n_d = state.site_holder.shape[0], state.crowd.shape[0]
    leader = np.empty(n_d, dtype=np.int64)  # `crowd_faction`, found by the kernel
    sites, sides = np.zeros((n_s, 4)), np.zeros((n_s, 4), dtype=np.int64)
    clashes, streets = np.zeros(n_d, dtype=np.int64), np.zeros((n_d, 4))
    fights, contested, fronts = _fronts(
        armed_units(state),
        state.crowd,
        state.unrest,
        state.influence,
        leader,
        state.site_holder,
        state.site_defended,
        fixed.site_district,
        fixed.regime,
        held_back(state),
        fixed.fixed,
        sites,
        sides,
        clashes,
        streets,
    )
    if not (contested or fronts):
        return  # no site is contested and no crowd faces troops: nothing to draw or change
    draws = state.rng.random(fights) if fights else _NO_DRAWS  # one draw a fight, in the order of the sites
    _battles(
        state.unit_strength,
        state.unit_alive,
        state.unit_commander,
        state.unit_district,
        state.crowd,
        state.site_holder,
        fixed.site_district,
        leader,
        fixed.facing,
        rules.combat_casualties,
        draws,
        sites,
        sides,
        contested,
        clashes,
        streets,
        fronts,
    )
    if state.keeps_record:
        _log(state, sites, sides, contested, clashes, streets, fronts, leader)


@dataclass(frozen=True, slots=True)
class _Fixed:
    """What the phase's kernels read of a scenario, gathered once."""

    # `_fronts`' numbers in one float64 array (`_unpacked`): the rules it reads, in its order, then each site's arms
    # for a friendly crowd (`DynamicsTables.site_arms`) and its `DynamicsTables.site_defense`
    fixed: FloatArray
    site_district: IntArray  # [S] each site's district
    regime: BoolArray  # [F] the factions holding state power (`DynamicsTables.regime_mask`)
    facing: BoolArray  # [F] the factions whose units a crowd fights (`_facing_of`)


def _fixed(scenario: Scenario) -> _Fixed:
    rules, tables = scenario.rules, tables_for(scenario)
    order = (rules.crowd_power, rules.clash_unrest, rules.combat_attacker_penalty, rules.defend_bonus)
    fixed = np.concatenate([[*order, rules.combat_min_ratio], tables.site_arms, tables.site_defense])
    fixed.flags.writeable = False
    site_district = index_for(scenario).site_district
    return _Fixed(fixed, site_district, tables.regime_mask, _facing_of(scenario))


_FIXED: PerObject[Scenario, _Fixed] = PerObject(_fixed)  # per scenario (engine/cache.py)
_N_RATES = 5  # the rules' numbers first in `_Fixed.fixed`


@helper
def _unpacked(fixed: FloatArray, n_s: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The views of `_Fixed.fixed`: the rules' numbers, the sites' arms, the sites' defence."""
    defense = _N_RATES + n_s
    return fixed[:_N_RATES], fixed[_N_RATES:defense], fixed[defense:]


_NO_DRAWS = np.zeros(0)

# Columns of what `_fronts` returns: for each contested site, its numbers and its sides; for each district where
# a crowd fights troops, its numbers.
_ATTACK, _DEFENCE, _ODDS, _LOST = range(4)
_SITE, _ATTACKER, _DEFENDER, _WON = range(4)
_CROWD, _HOSTILE, _CROWD_LOSS, _UNIT_LOSS = range(4)


@kernel
def _fronts(
    armed: ArmedUnits,
    crowd: FloatArray,
    unrest: FloatArray,
    influence: FloatArray,
    leader: IntArray,
    holder: IntArray,
    defended: IntArray,
    site_district: IntArray,
    regime: BoolArray,
    held_back: int,
    fixed: FloatArray,
    sites: FloatArray,
    sides: IntArray,
    clashes: IntArray,
    streets: FloatArray,
) -> tuple[int, int, int]:
    """Who would fight where, before any draw. First the faction leading each crowd (`crowd_faction`), from the
    `influence`, into `leader`. Power by district and faction to defend with: units, and each
    crowd for the faction leading it (people x `crowd_power` x (1 + arms from sites its leader holds there, at
    most 1)); to attack with: units, and only militant crowds (unrest at least `clash_unrest`). At each held site
    the would-be attacker is the strongest faction other than the holder and the `held_back` (whose storm_if does
    not hold yet, as bits: faction f's is 1 << f); its attack is x
    `combat_attacker_penalty`, the holder's defence x the site's `defense` (x `defend_bonus` if defended). A site
    is fought over where its district is hot and the attack is at least `combat_min_ratio` of a defence, stormed
    where nobody defends it and a militant crowd's leader is the attacker. A militant crowd fights the troops it
    fears (`crowds.hostile_force`). Writes the contested sites' attack and defence into the first k rows of `sites`
    and their sides into `sides`, in site order, and the districts where crowds fight into the first c of
    `clashes` with their crowd's and the troops' power in `streets`; returns the fights (the draws they need), k
    and c. (`fixed`: the rules' crowd_power, clash_unrest, combat_attacker_penalty, defend_bonus, combat_min_ratio,
    and the sites' numbers, in one array, `_unpacked`: as a game calls a kernel, each argument costs the call about
    0.1 us.)"""
    rates, site_arms, site_defense = _unpacked(fixed, holder.shape[0])
    crowd_power, clash_unrest, penalty, defend_bonus, min_ratio = rates[0], rates[1], rates[2], rates[3], rates[4]
    n_d, n_f, n_s = crowd.shape[0], regime.shape[0], holder.shape[0]
    find_leaders(influence, regime, leader)
    units = np.zeros((n_d, n_f))
    add_district_power(armed, units)
    arsenal = np.zeros(n_d)  # arms from sites the crowd's leader holds, added in site order
    for s in range(n_s):
        led_by = leader[site_district[s]]
        arsenal[site_district[s]] += site_arms[s] * (1.0 if led_by >= 0 and holder[s] == led_by else 0.0)
    any_regime = False
    for f in range(n_f):
        any_regime = any_regime or regime[f]
    defend = units.copy()
    attack = units.copy()
    militant = np.zeros(n_d, dtype=np.bool_)
    c = 0
    for d in range(n_d):
        power = crowd[d] * crowd_power * (1.0 + at_most(arsenal[d], 1.0)) * (1.0 if leader[d] >= 0 else 0.0)
        militant[d] = unrest[d] >= clash_unrest and power > 0.0
        led = leader[d] if leader[d] >= 0 else 0  # nobody leads: the crowd's 0.0 goes to the first column
        defend[d, led] += power
        attack[d, led] += power if militant[d] else 0.0
        # crowds.hostile_force: the regime's columns summed in order from 0.0, or all but the crowd's leader's
        hostile = 0.0
        if any_regime:
            first = True
            for f in range(n_f):
                if regime[f]:
                    hostile = units[d, f] + 0.0 if first else hostile + units[d, f]
                    first = False
        else:
            hostile = array_sum(units[d]) - (units[d, leader[d]] if leader[d] >= 0 else 0.0)
        if militant[d] and hostile > 0.0:
            clashes[c] = d
            streets[c, _CROWD] = power
            streets[c, _HOSTILE] = hostile
            c += 1
    k = 0
    fights = 0
    for s in range(n_s):
        d = site_district[s]
        held = holder[s] if holder[s] >= 0 else 0
        attacker = 0  # the first strongest (numpy's argmax), the holder's and the held back's columns at -1
        strongest = -1.0 if held == 0 or (held_back & 1) != 0 else attack[d, 0]
        for f in range(1, n_f):
            value = -1.0 if f == held or ((held_back >> f) & 1) != 0 else attack[d, f]
            if value > strongest:
                attacker, strongest = f, value
        assault = strongest * penalty
        bonus = defend_bonus if defended[s] == holder[s] else 1.0
        defence = defend[d, held] * site_defense[s] * bonus
        fight = unrest[d] >= clash_unrest and defence > 0.0 and assault >= min_ratio * defence
        storm = defence <= 0.0 and militant[d] and leader[d] == attacker
        if holder[s] >= 0 and assault > 0.0 and (fight or storm):
            sites[k, _ATTACK] = assault
            sites[k, _DEFENCE] = defence
            sides[k, _SITE] = s
            sides[k, _ATTACKER] = attacker
            sides[k, _DEFENDER] = holder[s]
            k += 1
            fights += 1 if defence > 0.0 else 0
    return fights, k, c


@kernel
def _battles(
    strength: FloatArray,
    alive: BoolArray,
    commander: IntArray,
    district: IntArray,
    crowd: FloatArray,
    holder: IntArray,
    site_district: IntArray,
    leader: IntArray,
    facing: BoolArray,
    casualties: float,
    draws: FloatArray,
    sites: FloatArray,
    sides: IntArray,
    contested: int,
    clashes: IntArray,
    streets: FloatArray,
    fronts: int,
) -> None:
    """The fights `_fronts` found (the first `contested` rows of `sites` and `sides`), in site order, then the
    street fights (the first `fronts` of `clashes` and rows of `streets`), district by district. A stormed site
    (no defence) changes hands. In a fight the attacker wins where its draw falls below its share of the power
    (the odds); each side loses `casualties` x the other's share of its men there (and of its crowd, if it leads
    the district's), and a unit left with less than one man is gone. In a street fight the troops of the factions
    a crowd faces (`facing`, not its own leader) lose `casualties` x the crowd's share of the power, and the crowd
    that times the troops' share of its people. Writes the odds, the outcome and the losses into `sites`, `sides`
    and `streets`."""
    n_f = facing.shape[0]
    fraction = np.zeros(n_f)
    losses = np.zeros(strength.shape[0])
    draw = 0
    for k in range(contested):
        s, attacker, defender = sides[k, _SITE], sides[k, _ATTACKER], sides[k, _DEFENDER]
        attack, defence = sites[k, _ATTACK], sites[k, _DEFENCE]
        if defence <= 0.0:  # stormed: nobody stands to defend it
            holder[s] = attacker
            continue
        d = site_district[s]
        odds = attack / (attack + defence)
        won = draws[draw] < odds
        draw += 1
        for f in range(n_f):
            fraction[f] = 0.0
        fraction[attacker] = casualties * (1.0 - odds)
        fraction[defender] = casualties * odds
        lost = _casualties(strength, alive, commander, district, d, fraction, losses)
        if leader[d] == attacker or leader[d] == defender:
            crowd_loss = crowd[d] * fraction[leader[d]]
            crowd[d] -= crowd_loss
            lost += crowd_loss
        if won:
            holder[s] = attacker
        sites[k, _ODDS] = odds
        sites[k, _LOST] = lost
        sides[k, _WON] = 1 if won else 0
    for c in range(fronts):
        d = clashes[c]
        power = streets[c, _CROWD]
        crowd_share = power / (power + streets[c, _HOSTILE])
        hit = casualties * crowd_share
        for f in range(n_f):
            fraction[f] = hit if facing[f] and f != leader[d] else 0.0
        streets[c, _UNIT_LOSS] = _casualties(strength, alive, commander, district, d, fraction, losses)
        lost_crowd = crowd[d] * casualties * (1.0 - crowd_share)
        crowd[d] -= lost_crowd
        streets[c, _CROWD_LOSS] = lost_crowd


@helper
def _casualties(
    strength: FloatArray,
    alive: BoolArray,
    commander: IntArray,
    district: IntArray,
    d: int,
    fraction: FloatArray,
    losses: FloatArray,
) -> float:
    """The units in district `d`, in being and under a commander, lose `fraction[commander]` of their men (0 for
    factions not in the fight); a unit left with less than one man is gone. Returns the men lost, summed as numpy
    sums them (`losses`: room for one loss a unit)."""
    n = 0
    for u in range(strength.shape[0]):
        if district[u] == d and alive[u] and commander[u] >= 0:
            loss = strength[u] * fraction[commander[u]]
            left = strength[u] - loss
            losses[n] = loss
            n += 1
            if left < 1.0:
                strength[u] = 0.0
                alive[u] = False
            else:
                strength[u] = left
    return array_sum(losses[:n]) if n else 0.0


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
    district = state.unit_district.tolist()  # a volley moves no one: a picket from next door is back by night
    for f in np.flatnonzero(state.index.faction_is_regime).tolist():
        ready = np.flatnonzero(pickets(state, f)).tolist()  # the few units that may fire, in order
        for d in np.flatnonzero(crowds & (leader != f)).tolist() if ready else ():
            there = [u for u in ready if district[u] == d]
            if not there:
                near = neighbours[d].tolist()
                there = [u for u in ready if near[district[u]] > 0.0]
            if there:
                unit = max(there, key=lambda u: obedience(state, u, f))
                ready.remove(unit)
                state.unit_district[unit] = d  # it marches out, fires, and goes home
                disperse.carry_out(state, Indexed(ActionKind.FIRE, f, unit=unit), rule)
                state.unit_district[unit] = district[unit]


def pickets(state: GameState, faction: int) -> BoolArray:
    """[U] the units of `faction` the standing orders may fall on: in the city, alive, armed, mobile (a fortress
    garrison stays behind its walls) and of a kind in `fire_policy_kinds` (any kind when it names none)."""
    result: BoolArray = (
        _SENT(state.unit_specs)(state.scenario)
        & city_mask(state.scenario)[state.unit_district]
        & state.unit_alive
        & (state.unit_arms > 0)
        & (state.unit_commander == faction)
        & (state.unit_strength > 0)
    )
    return result


def _sent(specs: tuple[Unit, ...], scenario: Scenario) -> BoolArray:
    """[U] the units whose kind the standing orders may fall on: mobile, and of a kind in `fire_policy_kinds`."""
    kinds = set(scenario.rules.fire_policy_kinds)
    sent = np.array([u.mobile and (not kinds or u.kind in kinds) for u in specs], dtype=np.bool_)
    sent.flags.writeable = False
    return sent


# Per unit set (a game's events may add units) and scenario (engine/cache.py).
_SENT: PerIdentity[tuple[Unit, ...], PerObject[Scenario, BoolArray]] = PerIdentity(
    lambda specs: PerObject(lambda scenario: _sent(specs, scenario))
)


def held_back(state: GameState) -> int:
    """The factions whose `storm_if` does not hold yet, as bits (faction f's is 1 << f), as the kernel reads them: as
    they may not order a SEIZE of a held site, neither their men nor the crowds they lead assault one at the turn's
    end (rivals live side by side until it holds)."""
    bits = 0
    for f, storm_if in enumerate(storm_ifs(state.scenario)):  # (`storming.may_storm`, the lookup made once)
        if storm_if is not None and not storm_if(state, f):
            bits |= 1 << f
    return bits


def _facing_of(scenario: Scenario) -> BoolArray:
    """[F] the factions whose units a crowd fights: those holding state power (everyone, in a scenario without)."""
    regime = index_for(scenario).faction_is_regime
    facing: BoolArray = regime.copy() if regime.any() else np.ones(regime.shape[0], dtype=np.bool_)
    facing.flags.writeable = False
    return facing


def _log(
    state: GameState,
    sites: FloatArray,
    sides: IntArray,
    contested: int,
    clashes: IntArray,
    streets: FloatArray,
    fronts: int,
    leader: IntArray,
) -> None:
    """One entry a contested site, in site order (stormed, fallen after a fight, or held), then one for the turn's
    street fighting. The entries keep the turn's figures as `_fronts` and `_battles` left them, as bytes
    (`log.figures`), each entry its row, and read them only when worded."""
    named, kept_sites, kept_sides = names(state.scenario), sites.tobytes(), sides.tobytes()
    for k, defence in enumerate(sites[:contested, _DEFENCE].tolist()):
        if defence <= 0.0:
            tell(state, "site", _stormed_words, (named, k, kept_sides))
        else:
            tell(state, "combat", _fight_words, (named, k, kept_sites, kept_sides))
    if fronts:
        street = (named, clashes[:fronts].tobytes(), streets.tobytes(), leader.tobytes())
        tell(state, "street_fight", _street_words, street)


def _row(kept: bytes, k: int, dtype: type[np.generic] = np.float64) -> list[Any]:
    """Row `k` of a kept array of figures four to a row (`_fronts`' `sites`, `sides` and `streets`)."""
    row: list[Any] = figures(kept, dtype)[4 * k : 4 * k + 4].tolist()
    return row


def _stormed_words(named: Names, k: int, sides: bytes) -> Said:
    """'A crowd led by the MRC storms the Winter Palace: nobody stands to defend it.' (row `k` of `_fronts`'
    sides)"""
    s, attacker, defender, _ = _row(sides, k, np.int64)
    ids = named.faction_ids
    text = f"A crowd led by {named.sides[attacker]} storms {named.sites[s]}: nobody stands to defend it."
    return text, {"site": named.site_ids[s], "old": ids[defender], "new": ids[attacker]}


def _fight_words(named: Names, k: int, sites: bytes, sides: bytes) -> Said:
    """'The Winter Palace falls to the MRC after a fight with the Government; about 40 men fall or scatter.' (or
    the defenders' men hold it), with the odds and the casualties (row `k` of `_battles`' sites and sides)."""
    _, _, odds, lost = _row(sites, k)
    s, attacker, defender, won = _row(sides, k, np.int64)
    site, them = named.sites[s], named.sides[attacker]
    if won:
        text = f"{cap(site)} falls to {them} after a fight with {named.sides[defender]}"
    else:
        text = f"{cap(possessive(named.sides[defender]))} men hold {site} against {them}"
    ids = named.faction_ids
    data = {
        "site": named.site_ids[s],
        "attacker": ids[attacker],
        "defender": ids[defender],
        "odds": round(odds, 4),
        "won": won == 1,
        "casualties": round(lost),
    }
    return f"{text}; {rough(lost)} men fall or scatter.", data


def _street_words(named: Names, clashes: bytes, streets: bytes, leader: bytes) -> Said:
    """'Street fighting in Liteiny and Narva: the crowds lose about 700 people, the troops facing them about 30
    men.', with each district's crowd leader and losses (`_battles`' districts where crowds fought, in `clashes`,
    and their rows of `streets`; the crowds' leaders)."""
    lead = figures(leader, np.int64).tolist()
    places = figures(clashes, np.int64).tolist()
    fights = [(d, lead[d], *_row(streets, c)[_CROWD_LOSS : _UNIT_LOSS + 1]) for c, d in enumerate(places)]
    people = sum(crowd for _, _, crowd, _ in fights)
    men = sum(units for _, _, _, units in fights)
    one = len(fights) == 1
    crowds, them = ("the crowd", "it") if one else ("the crowds", "them")
    troops = f"the troops facing {them} {rough(men)} men" if men >= 0.5 else f"the troops facing {them} none"
    text = (
        f"Street fighting in {and_list([named.districts[d] for d, _, _, _ in fights])}: {crowds} "
        f"{'loses' if one else 'lose'} {rough(people)} people, {troops}."
    )
    ids, faction_ids = named.district_ids, named.faction_ids
    districts = {
        ids[d]: {"crowd_faction": faction_ids[lead], "crowd_loss": round(c), "unit_loss": round(u)}
        for d, lead, c, u in fights
    }
    return text, {"districts": districts}
