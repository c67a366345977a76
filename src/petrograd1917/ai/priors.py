"""The heuristic's priors: a quick score for every legal action, from the acting side's situation.

A prior is the odds the rules give an action times the value of what it should bring, per action point —
influence where many people live and where control is close, sites (above all those the objective counts), the
loyalty of armed men, bread for hungry districts, unrest up or down by the faction's `unrest` weight, force
brought next to sites worth taking or holding — less a penalty for risky orders scaled by `caution`, and for
firing on crowds the faction's `violence` appetite.

The heuristic agent decides with them and MCTS orders its candidates by them at every node it grows, so they are
computed for whole arrays at once: every order the faction could give has a *slot* in one vector (each kind of
order over the districts, units, sites, links or factions it can name, see `_Layout`), a decision fills the
vector with a few dozen numpy operations, and each legal action reads its slot. An action's slot depends only on
the action and the game's set of units, so it is found once and kept. The arithmetic is written term by term in
the order a per-action computation would do it, so each prior is the same number to the last bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from petrograd1917.ai.objective import LEVERS, focus_for
from petrograd1917.ai.value import BREAD_DAYS_ENOUGH, OBJECTIVE_WEIGHT, weights_for
from petrograd1917.engine.actions import Action
from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.index import ScenarioIndex, index_for
from petrograd1917.engine.portable import dot, matvec
from petrograd1917.engine.visibility import known_units
from petrograd1917.scenario.model import ActionKind, AIWeights, Scenario, Unit

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
K = ActionKind

RISKY_MARGIN = 0.3  # an own unit whose loyalty leads a rival's by less than this may go over
FAR = 99
LEVER_NAMES = tuple(sorted(set(LEVERS.values())))
TIE_NOISE = 1e-9  # the heuristic agent adds up to this much noise to its priors to break exact ties
ASK_THE_RULES = frozenset({K.SEIZE, K.DISPERSE, K.FIRE, K.ARREST})  # their odds turn on who is there
SLOTS_KEPT = 65536  # actions whose slots a layout remembers before it starts afresh

# The kinds of each block of slots, in order (see `_Layout`).
DISTRICT_KINDS = (K.AGITATE, K.STRIKE, K.DEMONSTRATE, K.DISTRIBUTE_BREAD, K.REQUISITION)
UNIT_KINDS = (K.AGITATE, K.DISPERSE, K.FIRE, K.FRATERNISE, K.COMMISSAR)
SITE_KINDS = (K.SEIZE, K.DEFEND)
LINK_KINDS = (K.RAISE_BRIDGE, K.LOWER_BRIDGE)
# Each block's rows, one per kind: a decision works out the gains of the groups its legal actions fall in.
GROUPS = (
    *(("district", k) for k in DISTRICT_KINDS),
    *(("unit", k) for k in UNIT_KINDS),
    *(("site", k) for k in SITE_KINDS),
    *(("link", k) for k in LINK_KINDS),
    ("arrest", K.ARREST),
    ("move", K.MOVE),
    ("march", K.DEMONSTRATE),
    ("ration", K.SET_RATION),
    ("propaganda", K.PROPAGANDA),
    ("negotiate", K.NEGOTIATE),
    ("nothing", K.PASS),
)


# ------------------------------------------------------------------------------------------------ per scenario


def _distances(index: ScenarioIndex) -> IntArray:
    """[D, D] number of links between districts (bridges counted as passable)."""
    adjacency = index.adjacency
    n = adjacency.shape[0]
    dist = np.full((n, n), FAR, dtype=np.int64)
    for start in range(n):
        dist[start, start] = 0
        frontier = [start]
        while frontier:
            nxt = []
            for d in frontier:
                for e in np.flatnonzero(adjacency[d]):
                    if dist[start, e] == FAR:
                        dist[start, e] = dist[start, d] + 1
                        nxt.append(int(e))
            frontier = nxt
    return dist


@dataclass(frozen=True)
class _Side:
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
    def of(cls, scenario: Scenario, f: int) -> _Side:
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


@dataclass(frozen=True)
class _Table:
    """What the priors need that only the scenario decides, built once per scenario; and the slot layout of each
    set of units its games have had (events may add units), by the set's identity."""

    population: FloatArray  # [D] at least 1
    pop_share: FloatArray  # [D]
    near: FloatArray  # [D, D] 1 where at most one link apart
    spread: FloatArray  # [D, D] 1 + links apart: how a place's pull fades with distance
    people: float  # the city's population
    sides: tuple[_Side, ...]  # per faction
    layouts: dict[int, tuple[tuple[Unit, ...], _Layout]]

    @classmethod
    def of(cls, scenario: Scenario) -> _Table:
        index = index_for(scenario)
        population = np.maximum(index.population, 1.0)
        dist = _distances(index)
        return cls(
            population=population,
            pop_share=weights_for(scenario).pop_share,
            near=(dist <= 1).astype(np.float64),
            spread=(1.0 + dist).astype(np.float64),
            people=float(index.population.sum()),
            sides=tuple(_Side.of(scenario, f) for f in range(index.n_factions)),
            layouts={},
        )

    def layout(self, state: GameState) -> _Layout:
        specs = state.unit_specs
        hit = self.layouts.get(id(specs))
        if hit is not None and hit[0] is specs:
            return hit[1]
        if len(self.layouts) >= 64:
            self.layouts.clear()
        layout = _Layout.of(state.index, len(specs), state.unit_ids)
        self.layouts[id(specs)] = (specs, layout)
        return layout


_tables: PerObject[Scenario, _Table] = PerObject(_Table.of)


@dataclass(frozen=True)
class _Layout:
    """Where each order sits in the vector of priors, for one set of units. Blocks, in order: the district orders
    (DISTRICT_KINDS x D), the unit orders (UNIT_KINDS x U), seize and defend (x S), raise and lower (x L), arrests
    (D x F), moves (U x D destinations), marches (D x D destinations), ration levels, propaganda, negotiation
    (x F), and one slot worth nothing (PASS, CHOOSE). `odds`, `cost` and `ask` are the rules' figures per slot."""

    index: ScenarioIndex
    unit_ids: dict[str, int]
    sizes: tuple[int, int, int, int, int]  # districts, units, sites, links, factions
    starts: dict[str, int]  # block -> first slot
    odds: FloatArray  # base odds of the slot's kind
    cost: FloatArray  # its cost in action points, at least 1
    ask: BoolArray  # the odds must come from the rules (`ASK_THE_RULES`)
    group: IntArray  # which of the GROUPS the slot belongs to
    found: dict[int, tuple[Action, int]]  # id(action) -> (action, slot), the action kept so its id stays its own

    @classmethod
    def of(cls, index: ScenarioIndex, n_units: int, unit_ids: dict[str, int]) -> _Layout:
        n_d, n_s, n_l, n_f = index.n_districts, len(index.site_ids), len(index.link_ids), index.n_factions
        blocks = (
            ("district", [k for k in DISTRICT_KINDS for _ in range(n_d)]),
            ("unit", [k for k in UNIT_KINDS for _ in range(n_units)]),
            ("site", [k for k in SITE_KINDS for _ in range(n_s)]),
            ("link", [k for k in LINK_KINDS for _ in range(n_l)]),
            ("arrest", [K.ARREST] * (n_d * n_f)),
            ("move", [K.MOVE] * (n_units * n_d)),
            ("march", [K.DEMONSTRATE] * (n_d * n_d)),
            ("ration", [K.SET_RATION] * len(index.ration_levels)),
            ("propaganda", [K.PROPAGANDA]),
            ("negotiate", [K.NEGOTIATE] * n_f),
            ("nothing", [K.PASS]),
        )
        starts: dict[str, int] = {}
        kinds: list[ActionKind] = []
        groups: list[int] = []
        for name, block in blocks:
            starts[name] = len(kinds)
            kinds += block
            groups += [GROUPS.index((name, k)) for k in block]
        rules = index.rules
        return cls(
            index=index,
            unit_ids=dict(unit_ids),
            sizes=(n_d, n_units, n_s, n_l, n_f),
            starts=starts,
            odds=np.array([rules[k].base_odds for k in kinds], dtype=np.float64),
            cost=np.array([max(rules[k].cost, 1) for k in kinds], dtype=np.float64),
            ask=np.array([k in ASK_THE_RULES for k in kinds], dtype=np.bool_),
            group=np.array(groups, dtype=np.int64),
            found={},
        )

    def slots(self, actions: list[Action]) -> IntArray:
        found = self.found
        out = []
        for a in actions:
            hit = found.get(id(a))
            if hit is None or hit[0] is not a:
                if len(found) >= SLOTS_KEPT:
                    found.clear()
                hit = found[id(a)] = (a, self._slot(a))
            out.append(hit[1])
        return np.array(out, dtype=np.int64)

    def _slot(self, a: Action) -> int:
        index, start = self.index, self.starts
        n_d, n_u, n_s, n_l, n_f = self.sizes
        kind = a.kind
        if a.unit is not None and kind in UNIT_KINDS:
            return start["unit"] + UNIT_KINDS.index(kind) * n_u + self.unit_ids[a.unit]
        if kind is K.MOVE:
            return start["move"] + self.unit_ids[a.unit] * n_d + index.district[a.target]  # type: ignore[index]
        if kind is K.DEMONSTRATE and a.target is not None:
            return start["march"] + index.district[a.district] * n_d + index.district[a.target]  # type: ignore[index]
        if kind is K.ARREST:
            return start["arrest"] + index.district[a.district] * n_f + index.faction[a.target]  # type: ignore[index]
        if kind in DISTRICT_KINDS:
            return start["district"] + DISTRICT_KINDS.index(kind) * n_d + index.district[a.district]  # type: ignore[index]
        if kind in SITE_KINDS:
            return start["site"] + SITE_KINDS.index(kind) * n_s + index.site[a.target]  # type: ignore[index]
        if kind in LINK_KINDS:
            return start["link"] + LINK_KINDS.index(kind) * n_l + index.link[a.target]  # type: ignore[index]
        if kind is K.SET_RATION:
            return start["ration"] + index.ration_levels.index(a.amount)
        if kind is K.PROPAGANDA:
            return start["propaganda"]
        if kind is K.NEGOTIATE:
            return start["negotiate"] + index.faction[a.target]  # type: ignore[index]
        return start["nothing"]


# ------------------------------------------------------------------------------------------------ the situation

# `ndarray.sum` and `.max` reach these reductions through Python wrappers that cost more than the arithmetic on a
# city's few dozen districts and units; called directly they give the same bits.
_total = np.add.reduce
_most = np.maximum.reduce


@dataclass
class Situation:
    """What the acting faction sees, computed once per decision from public arrays (and its own units' truth)."""

    state: GameState
    f: int
    ai: AIWeights
    table: _Table
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
    def of(cls, state: GameState) -> Situation:
        f = state.current_faction_index
        table = _tables(state.scenario)
        side = table.sides[f]
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
            layout=table.layout(state),
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


def _influence_gains(s: Situation, side: _Side) -> FloatArray:
    """[3, D] more following in each district from agitating, striking, demonstrating: worth its people, and part
    of a district's control where it could tip control (the most influence, above the threshold, and nobody with
    more armed men there)."""
    own, amounts = s.own_influence, side.amounts
    bar = np.maximum(s.rival_influence, s.state.scenario.rules.control_threshold)
    tipping = np.where(own + amounts > bar, 0.5, np.where(own + 2 * amounts > bar, 0.2, 0.05))
    tipping[:, (s.controller == s.f) | (s.hostile > s.force)] = 0.0  # held already, or others have more men there
    gain: FloatArray = side.share_amount * (1.0 - own) * side.influence_weight + tipping * side.control_term
    return gain


def _legitimacy_gain(s: Situation, amount: float) -> float:
    return amount * (0.25 * s.ai.influence + s.lever["legitimacy"])


def _bridge_gains(s: Situation) -> tuple[FloatArray, FloatArray]:
    """[L] raising, lowering: a raised bridge shields own sites on one bank from crowds and troops on the other; a
    lowered one opens the way to sites worth taking. The gain is the difference, so bridges do not flap."""
    a, b = s.state.index.link_a, s.state.index.link_b
    crowd, hostile, force, holding, wanted = s.crowd_share, s.hostile, s.force, s.holding, s.wanted
    shield = holding[a] * (crowd[b] + hostile[b]) + holding[b] * (crowd[a] + hostile[a])
    access = wanted[b] * (force[a] + crowd[a]) + wanted[a] * (force[b] + crowd[b])
    return 0.3 * (shield - access), 0.3 * (access - shield)


def _ration_gain(s: Situation, grams: float) -> float:
    """Cut the ration when the warehouses run low, raise it when they are full; only bread-minded factions care."""
    state = s.state
    days = state.city_stock * 1e6 / max(state.ration * s.table.people, 1.0)
    change = (grams - state.ration) / max(state.ration, 1.0)
    if days < 4.0:
        return -change * s.ai.bread * 0.02
    if days > 12.0:
        return change * s.ai.bread * 0.02
    return -abs(change) * 0.01


def gains(s: Situation, wanted: list[bool]) -> tuple[FloatArray, FloatArray]:
    """(gain, risk) per slot of `s.layout`, worked out for the GROUPS `wanted` names (the other slots are 0)."""
    state, ai, layout = s.state, s.ai, s.layout
    side = s.table.sides[s.f]
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
            hidden = np.where(known_units(state, s.f), 0.0, 0.002)
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


# ------------------------------------------------------------------------------------------------ priors


def _expected(s: Situation, odds: float, gain: float, risk: float, cost: float) -> float:
    return (odds * gain - (1.0 - odds) * s.ai.caution * risk) / cost


def _ceilings(s: Situation, gain: FloatArray, risk: FloatArray, cost: FloatArray) -> FloatArray:
    """The most `_expected` can give whatever the odds (it is linear in them), plus room for rounding and the
    tie-breaking noise: an action whose ceiling is below the k-th best prior cannot be among the best k."""
    bound = np.maximum(gain, -s.ai.caution * risk) / cost
    ceilings: FloatArray = bound + TIE_NOISE + 1e-9 * (1.0 + np.abs(bound))
    return ceilings


def best_priors(s: Situation, actions: list[Action], k: int, noise: FloatArray | None = None) -> FloatArray:
    """Priors of `actions` (plus `noise`), exact for every action that could be among the best `k`. Asking the
    rules for odds is the dear part of a prior, so an action whose best case cannot reach the k-th best exact
    prior keeps that best case (an upper bound below the k-th best) instead: the best k and their order are
    those of the full computation, to the bit."""
    layout = s.layout
    slots = layout.slots(actions)
    wanted = np.bincount(layout.group[slots], minlength=len(GROUPS)) > 0
    gain, risk = gains(s, wanted.tolist())
    gain, risk, odds, cost = gain[slots], risk[slots], layout.odds[slots], layout.cost[slots]
    priors = (odds * gain - (1.0 - odds) * s.ai.caution * risk) / cost
    asking = np.flatnonzero(layout.ask[slots])
    priors[asking] = -np.inf
    if noise is not None:
        priors += noise
    if not len(asking):
        return priors
    known = len(actions) - len(asking)
    cut = float(np.partition(priors, -k)[-k]) if 0 < k <= known else -np.inf
    ceilings = _ceilings(s, gain[asking], risk[asking], cost[asking])
    priors[asking] = ceilings
    for i in asking[ceilings >= cut].tolist():
        g, r, c = float(gain[i]), float(risk[i]), float(cost[i])
        priors[i] = _expected(s, s.state.odds(actions[i]), g, r, c) + (noise[i] if noise is not None else 0.0)
    return priors


def ranked_actions(state: GameState, actions: list[Action], k: int | None = None) -> list[Action]:
    """The best `k` of `actions` (all by default), best first by prior (stable: ties keep the engine's order,
    PASS first among zeros)."""
    k = len(actions) if k is None else min(k, len(actions))
    order = np.argsort(-best_priors(Situation.of(state), actions, k), kind="stable")
    return [actions[int(i)] for i in order[:k]]
