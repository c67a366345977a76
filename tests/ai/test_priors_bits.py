"""The priors' kernel gives the bits of the numpy expressions it replaced (kept here as the reference: the
situation's arrays, the gains of every group of slots as whole-array operations, and the ceilings of the orders
whose odds the rules tell), for every legal action of positions from played games of both cities, each side to
move in turn, with and without noise, for the best one, three and all."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.ai.base import make_agent
from petrograd1917.ai.objective import focus_for
from petrograd1917.ai.priors import (
    BREAD_DAYS_ENOUGH,
    GROUPS,
    LEVER_NAMES,
    OBJECTIVE_WEIGHT,
    RISKY_MARGIN,
    TIE_NOISE,
    Situation,
    _Layout,
    _tables,
    best_priors,
)
from petrograd1917.ai.value import weights_for
from petrograd1917.engine.actions import Action
from petrograd1917.engine.index import index_for
from petrograd1917.engine.portable import dot, matvec
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import ActionKind, AIWeights, Scenario

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
K = ActionKind
_total = np.add.reduce
_most = np.maximum.reduce


@dataclass(frozen=True)
class _OldTable:
    population: FloatArray
    pop_share: FloatArray
    near: FloatArray
    spread: FloatArray
    people: float
    layout: _Layout

    @classmethod
    def of(cls, state: GameState) -> _OldTable:
        table = _tables(state.scenario)
        index = state.index
        return cls(
            population=np.maximum(index.population, 1.0),
            pop_share=weights_for(state.scenario).pop_share,
            near=table.near,
            spread=table.spread,
            people=float(index.population.sum()),
            layout=table.layout(state),
        )


@dataclass(frozen=True)
class _OldSide:
    """What only the scenario decides about one faction's priors: its rivals, what each site is worth to it (its
    sites weight and its objective: OBJECTIVE_WEIGHT x half the change in score / target, see value.py), what a
    unit of each objective lever is worth, and the parts of its gains that read nothing of the game (each the
    leading factors of a product, so the rest is multiplied on in the same order)."""

    rivals: IntArray  # the other factions' indices
    site_value: FloatArray  # [S]
    site_total: float
    norm: float  # scales priors into the same units as `value.values`
    lever: dict[str, float]
    # influence gained by agitating, striking, demonstrating ([3, 1] amounts): share x amount, and the terms
    amounts: FloatArray
    share_amount: FloatArray  # [3, D]
    influence_weight: float
    control_term: FloatArray  # [D]
    strike: FloatArray  # [D] unrest raised by a strike
    demonstrate: FloatArray  # [D] unrest raised by a crowd staying put
    march: FloatArray  # [D] unrest raised by a crowd arriving
    distribute: FloatArray  # [D] bread given, before the shortage
    calm: FloatArray  # [D] a crowd cleared, before its size
    loyalty_weight: float
    arrest_share: FloatArray  # [D, 1]
    seize: FloatArray  # [S]

    @classmethod
    def of(cls, scenario: Scenario, f: int) -> _OldSide:
        weights = weights_for(scenario)
        index = index_for(scenario)
        focus = focus_for(scenario)[f]
        ai = scenario.factions[f].ai
        stake = 0.5 * OBJECTIVE_WEIGHT
        site_value = ai.sites * weights.site_value / max(weights.site_value.sum(), 1e-9)
        site_value = site_value + stake * (focus.site_bonus + 0.5 * focus.rival_targets)
        lever = {name: stake * focus.levers.get(name, 0.0) for name in LEVER_NAMES}
        share = weights.pop_share
        strength = {kind: rule.strength for kind, rule in index.rules.items()}
        amounts = np.array([[strength[K.AGITATE]], [strength[K.STRIKE]], [strength[K.DEMONSTRATE]]])
        worker_share = index.workers / np.maximum(index.population, 1.0)
        return cls(
            rivals=np.array([g for g in range(len(scenario.factions)) if g != f], dtype=np.int64),
            site_value=site_value,
            site_total=float(site_value.sum()) or 1e-9,
            norm=float(weights.norm[f]),
            lever=lever,
            amounts=amounts,
            share_amount=share * amounts,
            influence_weight=0.75 * ai.influence + lever["influence"],
            control_term=ai.control * share + lever["control"],
            strike=ai.unrest * share * strength[K.STRIKE] * (1.0 + worker_share) * 2.0,
            demonstrate=ai.unrest * share * strength[K.DEMONSTRATE] * 2.0,
            march=ai.unrest * share * strength[K.DEMONSTRATE],
            distribute=(ai.bread - 0.5 * ai.unrest) * share,
            calm=-ai.unrest * share,
            loyalty_weight=ai.loyalty + lever["loyalty"],
            arrest_share=share[:, None] * strength[K.ARREST],
            seize=site_value * 2.0,
        )


@dataclass
class _OldSituation:
    """What the acting faction sees, computed once per decision from public arrays (and its own units' truth)."""

    state: GameState
    f: int
    ai: AIWeights
    table: _OldTable
    layout: _Layout
    own_influence: FloatArray  # [D]
    rival_influence: FloatArray  # [D] the strongest other faction's
    controller: IntArray  # [D]
    crowd_share: FloatArray  # [D] crowd / population
    force: FloatArray  # [D] own nominal armed force (in units of an average district's force)
    hostile: FloatArray  # [D] others' nominal armed force
    site_value: FloatArray  # [S] worth of each site to this faction (sites weight, objective)
    wanted: FloatArray  # [D] value of sites there this faction could take
    holding: FloatArray  # [D] value of own sites there
    threatened: FloatArray  # [D] value of own sites there under threat
    reach: FloatArray  # [D] pull of the best place to be, seen from each district
    unit_share: FloatArray  # [U] the unit's share of all men under arms
    unit_at_risk: FloatArray  # [U] for own units, 0 steady .. 1 as loyal to a rival as to this faction
    influence_after_spread: float  # people-weighted room to grow, for propaganda
    site_total: float
    norm: float  # scales priors into the same units as `value.values`
    lever: dict[str, float]  # value of one unit of each objective lever (control: per district)

    @classmethod
    def of(cls, state: GameState) -> _OldSituation:
        f = state.current_faction_index
        table = _OldTable.of(state)
        side = _OldSide.of(state.scenario, f)
        index = state.index
        n_d = index.n_districts
        influence = state.influence
        alive = state.unit_alive & (state.unit_strength > 0)
        nominal = state.unit_strength * state.unit_arms * state.unit_discipline * alive
        commander = state.unit_commander
        own_units = commander == f
        mine = own_units * nominal * state.unit_loyalty[:, f]
        theirs = (~own_units & (commander >= 0)) * nominal
        scale = max(float(_total(nominal)), 1.0) / max(n_d, 1)
        where = state.unit_district
        force = np.bincount(where, weights=mine, minlength=n_d) / scale
        hostile = np.bincount(where, weights=theirs, minlength=n_d) / scale
        site_value = side.site_value
        held_by_me = state.site_holder == f
        wanted = np.asarray(np.bincount(index.site_district, site_value * ~held_by_me, n_d), dtype=np.float64)
        danger = np.minimum(1.0, matvec(table.near, hostile))
        holding = np.asarray(np.bincount(index.site_district, site_value * held_by_me, n_d), dtype=np.float64)
        threatened = holding * danger
        # Where a unit wants to be: sites to take (more if the defenders are weak), own sites under threat.
        pull = wanted / (1.0 + hostile) + 2.0 * threatened
        strength = state.unit_strength * alive
        loyalty = state.unit_loyalty
        rivals = _most(loyalty[:, side.rivals], axis=1) if len(side.rivals) else np.zeros(loyalty.shape[0])
        at_risk = 1.0 - (loyalty[:, f] - rivals) / RISKY_MARGIN
        np.maximum(at_risk, 0.0, out=at_risk)  # as np.clip: never NaN nor a negative zero (1 minus a number)
        np.minimum(at_risk, 1.0, out=at_risk)
        own = influence[:, f]
        return cls(
            state=state,
            f=f,
            ai=state.scenario.factions[f].ai,
            table=table,
            layout=table.layout,
            own_influence=own,
            rival_influence=_most(influence[:, side.rivals], axis=1) if len(side.rivals) else np.zeros(n_d),
            controller=state.district_controller,
            crowd_share=state.crowd / table.population,
            force=force,
            hostile=hostile,
            site_value=site_value,
            wanted=wanted,
            holding=holding,
            threatened=threatened,
            reach=_most(pull[None, :] / table.spread, axis=1),
            unit_share=strength / max(float(_total(strength)), 1.0),
            unit_at_risk=at_risk * own_units,
            influence_after_spread=dot(weights_for(state.scenario).pop_share, 1.0 - own),
            site_total=side.site_total,
            norm=side.norm,
            lever=side.lever,
        )


# ------------------------------------------------------------------------------------------------ gains


def _influence_gains(s: _OldSituation, side: _OldSide) -> FloatArray:
    """[3, D] more following in each district from agitating, striking, demonstrating: worth its people, and part
    of a district's control where it could tip control (the most influence, above the threshold, and nobody with
    more armed men there)."""
    own, amounts = s.own_influence, side.amounts
    bar = np.maximum(s.rival_influence, s.state.scenario.rules.control_threshold)
    tipping = np.where(own + amounts > bar, 0.5, np.where(own + 2 * amounts > bar, 0.2, 0.05))
    tipping[:, (s.controller == s.f) | (s.hostile > s.force)] = 0.0  # held already, or others have more men there
    gain: FloatArray = side.share_amount * (1.0 - own) * side.influence_weight + tipping * side.control_term
    return gain


def _legitimacy_gain(s: _OldSituation, amount: float) -> float:
    return amount * (0.25 * s.ai.influence + s.lever["legitimacy"])


def _bridge_gains(s: _OldSituation) -> tuple[FloatArray, FloatArray]:
    """[L] raising, lowering: a raised bridge shields own sites on one bank from crowds and troops on the other; a
    lowered one opens the way to sites worth taking. The gain is the difference, so bridges do not flap."""
    a, b = s.state.index.link_a, s.state.index.link_b
    crowd, hostile, force, holding, wanted = s.crowd_share, s.hostile, s.force, s.holding, s.wanted
    shield = holding[a] * (crowd[b] + hostile[b]) + holding[b] * (crowd[a] + hostile[a])
    access = wanted[b] * (force[a] + crowd[a]) + wanted[a] * (force[b] + crowd[b])
    return 0.3 * (shield - access), 0.3 * (access - shield)


def _ration_gain(s: _OldSituation, grams: float) -> float:
    """Cut the ration when the warehouses run low, raise it when they are full; only bread-minded factions care."""
    state = s.state
    days = state.city_stock * 1e6 / max(state.ration * s.table.people, 1.0)
    change = (grams - state.ration) / max(state.ration, 1.0)
    if days < 4.0:
        return -change * s.ai.bread * 0.02
    if days > 12.0:
        return change * s.ai.bread * 0.02
    return -abs(change) * 0.01


def gains(s: _OldSituation, wanted: list[bool]) -> tuple[FloatArray, FloatArray]:
    """(gain, risk) per slot of `s.layout`, worked out for the GROUPS `wanted` names (the other slots are 0)."""
    state, ai, layout = s.state, s.ai, s.layout
    side = _OldSide.of(state.scenario, s.f)
    rules = state.index.rules
    n_d, n_u, n_s, n_l, n_f = layout.sizes
    start = layout.starts
    gain, risk = np.zeros(len(layout.odds)), np.zeros(len(layout.odds))
    # rows of each block, as views of the two vectors
    g_district = gain[: 5 * n_d].reshape(5, n_d)
    g_unit = gain[start["unit"] : start["site"]].reshape(5, n_u)
    r_unit = risk[start["unit"] : start["site"]].reshape(5, n_u)
    g_site = gain[start["site"] : start["link"]].reshape(2, n_s)
    g_link = gain[start["link"] : start["arrest"]].reshape(2, n_l)
    crowd, bread, ud = s.crowd_share, state.bread_days, state.unit_district
    agitate, strike, demonstrate, distribute, requisition = wanted[0:5]
    agitate_unit, disperse, fire, fraternise, commissar = wanted[5:10]
    seize, defend, raise_bridge, lower_bridge, arrest, move, march, ration, propaganda, negotiate = wanted[10:20]

    if agitate or strike or demonstrate:
        influence = _influence_gains(s, side)
        g_district[0] = influence[0]
        np.add(side.strike, 0.2 * influence[1], out=g_district[1])
        np.add(side.demonstrate, 0.3 * influence[2], out=g_district[2])
    if distribute:
        np.multiply(side.distribute, np.maximum(0.0, 1.0 - bread / BREAD_DAYS_ENOUGH), out=g_district[3])
    if requisition:
        g_district[4] = s.table.pop_share * (0.1 * ai.bread * np.minimum(1.0, bread / 10.0) + 0.05 * ai.unrest)
    if agitate_unit or fraternise or commissar or fire:
        # winning over armed men: worth their share of the city's force, most when they serve a rival now
        commander = state.unit_commander
        stake = np.where((commander >= 0) & (commander != s.f), 2.0, 1.0)
        loyal = side.loyalty_weight * s.unit_share
        if agitate_unit:
            g_unit[0] = loyal * (rules[K.AGITATE].strength * s.own_influence[ud] * 2.0) * stake
        if fraternise:
            g_unit[3] = loyal * (rules[K.FRATERNISE].strength * (1.0 + crowd[ud] * 5.0)) * stake
        if commissar:  # own men: steadies those who might go over; others': reveals them and starts pulling them
            weight = np.where(commander == s.f, 0.3 + s.unit_at_risk, 1.0)
            known = (commander == s.f) | (state.unit_commissar == s.f)  # its true loyalty seen
            hidden = np.where(known, 0.0, 0.002)
            g_unit[4] = loyal * (rules[K.COMMISSAR].strength * weight * 2.0) * stake + hidden
        if fire:  # the unit may refuse and go over
            r_unit[2] = loyal * stake + 0.05
    if disperse or fire:  # clearing a crowd: worth it to those who want calm, by how many are out
        calm = side.calm * crowd
        if disperse:
            g_unit[1] = (calm * rules[K.DISPERSE].strength * 4.0)[ud]
            r_unit[1] = 0.2 * np.abs(g_unit[1])
        if fire:
            g_unit[2] = (calm * rules[K.FIRE].strength * 4.0)[ud] * 1.5 + ai.violence * 0.05
    if seize:
        g_site[0] = side.seize
        risk[start["site"] : start["site"] + n_s] = 0.3 * side.seize
    if defend:
        g_site[1] = s.threatened[state.index.site_district] * s.site_value / s.site_total * 3.0
    if raise_bridge or lower_bridge:
        g_link[0], g_link[1] = _bridge_gains(s)
    if arrest:
        held = s.controller[:, None] == np.arange(n_f)[None, :]
        weight = np.where(held, ai.influence + ai.control * 1.0, ai.influence + ai.control * 0.3)
        arrests = (side.arrest_share * (state.influence * weight - ai.unrest)).ravel()
        gain[start["arrest"] : start["move"]] = arrests
        risk[start["arrest"] : start["move"]] = 0.1 * np.abs(arrests)
    if move:  # from d to e: towards the pull of sites, not away from own sites under threat
        leaving = np.where(s.force <= s.hostile + 0.5, 2.0 * s.threatened, 0.0)
        moves = 0.5 * (np.maximum(0.0, s.reach[None, :] - s.reach[:, None]) - leaving[:, None])
        gain[start["move"] : start["march"]] = moves[ud].ravel()
    if march:  # from d to e: crowds take no sites themselves, but they back the men who do
        backing = 0.2 * s.wanted[None, :] * crowd[:, None] * np.minimum(1.0, s.force)[None, :]
        gain[start["march"] : start["ration"]] = (backing + side.march[None, :]).ravel()
    if ration:
        gain[start["ration"] : start["propaganda"]] = [_ration_gain(s, level) for level in state.index.ration_levels]
    if propaganda:
        st = rules[K.PROPAGANDA].strength
        spread = s.influence_after_spread * st
        gain[start["propaganda"]] = spread * side.influence_weight + _legitimacy_gain(s, st)
    if negotiate:
        st = rules[K.NEGOTIATE].strength
        gain[start["negotiate"] : start["nothing"]] = _legitimacy_gain(s, st) - ai.unrest * st * 0.5
        risk[start["negotiate"] : start["nothing"]] = _legitimacy_gain(s, st / 2)
    return gain, risk


def _best_priors(s: _OldSituation, actions: list[Action], k: int, noise: FloatArray) -> FloatArray:
    layout = s.layout
    slots = layout.slots(actions)
    wanted = np.bincount(layout.group[slots], minlength=len(GROUPS)) > 0
    gain, risk = gains(s, wanted.tolist())
    gain, risk, odds, cost = gain[slots], risk[slots], layout.odds[slots], layout.cost[slots]
    priors = (odds * gain - (1.0 - odds) * s.ai.caution * risk) / cost
    asking = np.flatnonzero(layout.ask[slots])
    priors[asking] = -np.inf
    priors += noise
    if not len(asking):
        return priors
    known = len(actions) - len(asking)
    cut = float(np.partition(priors, -k)[-k]) if 0 < k <= known else -np.inf
    most = layout.ceiling[slots][asking]
    bound = np.maximum(most * gain[asking] - (1.0 - most) * s.ai.caution * risk[asking], -s.ai.caution * risk[asking])
    bound /= cost[asking]
    ceilings = bound + TIE_NOISE + 1e-9 * (1.0 + np.abs(bound))
    priors[asking] = ceilings
    for i in asking[ceilings >= cut].tolist():
        p = s.state.odds(actions[i])
        priors[i] = (p * gain[i] - (1.0 - p) * s.ai.caution * risk[i]) / cost[i] + noise[i]
    return priors


@pytest.mark.parametrize("name", ["october-1917", "february-1917"])
def test_the_kernels_priors_are_the_numpy_priors(name: str) -> None:
    scenario = load_scenario(name)
    checked = 0
    for seed in range(3):
        game = new_game(scenario, seed)
        agents = {f.id: make_agent("random", f.id, seed * 10 + i) for i, f in enumerate(scenario.factions)}
        rng = np.random.default_rng(seed)
        while not game.is_over():
            legal = game.legal_actions()
            if game.pending_choice is None and rng.random() < 0.3:
                s, old = Situation.of(game), _OldSituation.of(game)
                draws = rng.random(len(legal))
                noise = draws * TIE_NOISE  # `uniform(0, TIE_NOISE)`'s numbers, as the priors make them of the draws
                for k in (1, 3, len(legal)):
                    expected = _best_priors(old, legal, k, noise)
                    found, best = best_priors(s, legal, k, draws)
                    assert found.tobytes() == expected.tobytes()
                    assert best == np.argsort(-expected, kind="stable")[:k].tolist()  # the best k, best first
                assert (
                    best_priors(s, legal, len(legal))[0].tobytes()
                    == _best_priors(old, legal, len(legal), 0 * noise).tobytes()
                )
                checked += 1
            game.apply(agents[game.current_faction].choose_action(game))
    assert checked > 50
