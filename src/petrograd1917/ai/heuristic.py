"""The heuristic agent: a priority flowchart, the way good board-game bots play, driven by the scenario's AI weights.

Each legal action gets a quick *prior*: the odds the rules give it times the value of what it should bring, per
action point — influence where many people live and where control is close, sites (above all those the objective
counts), the loyalty of armed men, bread for hungry districts, unrest up or down by the faction's `unrest` weight,
force brought next to sites worth taking or holding — less a penalty for risky orders scaled by `caution`, and
for firing on crowds the faction's `violence` appetite. The agent reads the game only through its side's
observation (`belief.py`). The best few are then checked by a one-step lookahead on a determinized world: the
position after the action, scored by `value.values`, against the position before. Event choices are decided by
lookahead alone. PASS wins only when nothing else is worth its points.

The priors alone (`ranked_actions`) also order the candidates of the MCTS agent and drive its heuristic rollouts,
so they must stay cheap: numpy over the public arrays, no clones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from petrograd1917.ai.base import Options, register_agent
from petrograd1917.ai.belief import View, determinize, view_of
from petrograd1917.ai.objective import LEVERS, focus_for
from petrograd1917.ai.value import OBJECTIVE_WEIGHT, values, weights_for
from petrograd1917.engine.actions import Action
from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.index import ScenarioIndex, index_for
from petrograd1917.engine.visibility import known_units
from petrograd1917.scenario.model import ActionKind, AIWeights, Scenario

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

BREAD_DAYS_ENOUGH = 3.0
RISKY_MARGIN = 0.3  # an own unit whose loyalty leads a rival's by less than this may go over
FAR = 99
LEVER_NAMES = tuple(sorted(set(LEVERS.values())))
TIE_NOISE = 1e-9  # the heuristic agent adds up to this much noise to its priors to break exact ties


# ------------------------------------------------------------------------------------------------ the situation


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
class _Table:
    """What `Situation.of` and the priors need that only the scenario decides, built once per scenario."""

    population: FloatArray  # [D] at least 1
    pop_share: list[float]  # [D]
    worker_share: list[float]  # [D]
    site_district: list[int]  # [S]
    near: npt.NDArray[np.float64]  # [D, D] 1 where at most one link apart
    spread: FloatArray  # [D, D] 1 + links apart: how a place's pull fades with distance
    people: float  # the city's population
    sides: tuple[_Side, ...]  # per faction

    @classmethod
    def of(cls, scenario: Scenario) -> _Table:
        index = index_for(scenario)
        population = np.maximum(index.population, 1.0)
        dist = _distances(index)
        return cls(
            population=population,
            pop_share=weights_for(scenario).pop_share.tolist(),
            worker_share=(index.workers / population).tolist(),
            site_district=index.site_district.tolist(),
            near=(dist <= 1).astype(np.float64),
            spread=(1.0 + dist).astype(np.float64),
            people=float(index.population.sum()),
            sides=tuple(_Side.of(scenario, f) for f in range(index.n_factions)),
        )


@dataclass(frozen=True)
class _Side:
    """What only the scenario decides about one faction's priors: its rivals, what each site is worth to it (its
    sites weight and its objective: OBJECTIVE_WEIGHT x half the change in score / target, see value.py), and what
    a unit of each objective lever is worth."""

    rivals: IntArray  # the other factions' indices
    site_value: FloatArray  # [S]
    site_total: float
    norm: float  # scales priors into the same units as `value.values`
    lever: dict[str, float]

    @classmethod
    def of(cls, scenario: Scenario, f: int) -> _Side:
        weights = weights_for(scenario)
        focus = focus_for(scenario)[f]
        stake = 0.5 * OBJECTIVE_WEIGHT
        site_value = scenario.factions[f].ai.sites * weights.site_value / max(weights.site_value.sum(), 1e-9)
        site_value = site_value + stake * (focus.site_bonus + 0.5 * focus.rival_targets)
        return cls(
            rivals=np.array([g for g in range(len(scenario.factions)) if g != f], dtype=np.int64),
            site_value=site_value,
            site_total=float(site_value.sum()) or 1e-9,
            norm=float(weights.norm[f]),
            lever={name: stake * focus.levers.get(name, 0.0) for name in LEVER_NAMES},
        )


_tables: PerObject[Scenario, _Table] = PerObject(_Table.of)


@dataclass
class Situation:
    """What the acting faction sees, computed once per decision from public arrays (and its own units' truth).
    Per-district and per-unit figures are plain lists: `prior` reads single elements, which lists serve faster."""

    state: GameState
    f: int
    ai: AIWeights
    pop_share: list[float]  # [D]
    own_influence: list[float]  # [D]
    rival_influence: list[float]  # [D] the strongest other faction's
    controller: list[int]  # [D]
    crowd_share: list[float]  # [D] crowd / population
    bread_days: list[float]  # [D]
    worker_share: list[float]  # [D] workers / population
    force: list[float]  # [D] own nominal armed force (in units of an average district's force)
    hostile: list[float]  # [D] others' nominal armed force
    site_value: list[float]  # [S] worth of each site to this faction (sites weight, objective)
    site_district: list[int]  # [S]
    wanted: list[float]  # [D] value of sites there this faction could take
    holding: list[float]  # [D] value of own sites there
    threatened: list[float]  # [D] value of own sites there under threat
    reach: list[float]  # [D] pull of the best place to be, seen from each district
    unit_share: list[float]  # [U] the unit's share of all men under arms
    unit_commander: list[int]  # [U]
    unit_district: list[int]  # [U]
    unit_hidden: list[bool]  # [U] its true loyalty is hidden from this faction
    unit_at_risk: list[float]  # [U] for own units, 0 steady .. 1 as loyal to a rival as to this faction
    influence_after_spread: float  # people-weighted room to grow, for propaganda
    site_total: float
    norm: float  # scales priors into the same units as `value.values`
    lever: dict[str, float]  # value of one unit of each objective lever (control: per district)

    @classmethod
    def of(cls, state: GameState) -> Situation:
        f = state.current_faction_index
        ai = state.scenario.factions[f].ai
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
        scale = max(float(nominal.sum()), 1.0) / max(n_d, 1)
        where = state.unit_district
        force = np.bincount(where, weights=mine, minlength=n_d) / scale
        hostile = np.bincount(where, weights=theirs, minlength=n_d) / scale
        site_value = side.site_value
        held_by_me = state.site_holder == f
        wanted = np.bincount(index.site_district, weights=site_value * ~held_by_me, minlength=n_d)
        danger = np.minimum(1.0, (table.near @ hostile))
        holding = np.bincount(index.site_district, weights=site_value * held_by_me, minlength=n_d)
        threatened = holding * danger
        # Where a unit wants to be: sites to take (more if the defenders are weak), own sites under threat.
        pull = wanted / (1.0 + hostile) + 2.0 * threatened
        strength = state.unit_strength * alive
        loyalty = state.unit_loyalty
        rivals = loyalty[:, side.rivals].max(axis=1) if len(side.rivals) else np.zeros(loyalty.shape[0])
        at_risk = np.clip(1.0 - (loyalty[:, f] - rivals) / RISKY_MARGIN, 0.0, 1.0) * own_units
        own = influence[:, f]
        return cls(
            state=state,
            f=f,
            ai=ai,
            pop_share=table.pop_share,
            own_influence=own.tolist(),
            rival_influence=(influence[:, side.rivals].max(axis=1) if len(side.rivals) else np.zeros(n_d)).tolist(),
            controller=state.district_controller.tolist(),
            crowd_share=(state.crowd / table.population).tolist(),
            bread_days=state.bread_days.tolist(),
            worker_share=table.worker_share,
            force=force.tolist(),
            hostile=hostile.tolist(),
            site_value=site_value.tolist(),
            site_district=table.site_district,
            wanted=wanted.tolist(),
            holding=holding.tolist(),
            threatened=threatened.tolist(),
            reach=(pull[None, :] / table.spread).max(axis=1).tolist(),
            unit_share=(strength / max(float(strength.sum()), 1.0)).tolist(),
            unit_commander=commander.tolist(),
            unit_district=where.tolist(),
            unit_hidden=(~known_units(state, f)).tolist(),
            unit_at_risk=at_risk.tolist(),
            influence_after_spread=float(weights_for(state.scenario).pop_share @ (1.0 - own)),
            site_total=side.site_total,
            norm=side.norm,
            lever=side.lever,
        )


# ------------------------------------------------------------------------------------------------ priors


def _influence_gain(s: Situation, d: int, amount: float) -> float:
    """More following in d: worth its people, and part of a district's control where it could tip control (the
    most influence, above the threshold, and nobody with more armed men there)."""
    own = s.own_influence[d]
    bar = max(s.rival_influence[d], s.state.scenario.rules.control_threshold)
    if s.controller[d] == s.f or s.hostile[d] > s.force[d]:
        tipping = 0.0  # held already, or out of reach while others have more armed men there
    elif own + amount > bar:
        tipping = 0.5
    elif own + 2 * amount > bar:
        tipping = 0.2
    else:
        tipping = 0.05
    share = s.pop_share[d]
    influence = share * amount * (1.0 - own) * (0.75 * s.ai.influence + s.lever["influence"])
    return influence + tipping * (s.ai.control * share + s.lever["control"])


def _legitimacy_gain(s: Situation, amount: float) -> float:
    return amount * (0.25 * s.ai.influence + s.lever["legitimacy"])


def _unit_gain(s: Situation, u: int, amount: float) -> float:
    """Winning over armed men: worth their share of the city's force, most when they serve a rival now."""
    commander = s.unit_commander[u]
    stake = 2.0 if commander >= 0 and commander != s.f else 1.0
    return (s.ai.loyalty + s.lever["loyalty"]) * s.unit_share[u] * amount * stake


def _crowd_gain(s: Situation, d: int, strength: float) -> float:
    """Clearing a crowd: worth it to those who want calm, by how many are out."""
    return -s.ai.unrest * s.pop_share[d] * s.crowd_share[d] * strength * 4.0


def _bridge_gain(s: Situation, a: Action) -> float:
    """A raised bridge shields own sites on one bank from crowds and troops on the other; a lowered one opens the
    way to sites worth taking. The gain is the difference between the two, so bridges do not flap."""
    index = s.state.index
    link = index.link[a.target]  # type: ignore[index]
    ends = (int(index.link_a[link]), int(index.link_b[link]))
    shield = sum(s.holding[h] * (s.crowd_share[t] + s.hostile[t]) for h, t in (ends, ends[::-1]))
    access = sum(s.wanted[t] * (s.force[h] + s.crowd_share[h]) for h, t in (ends, ends[::-1]))
    return 0.3 * (shield - access if a.kind is ActionKind.RAISE_BRIDGE else access - shield)


def _expected(s: Situation, odds: float, gain: float, risk: float, cost: int) -> float:
    return (odds * gain - (1.0 - odds) * s.ai.caution * risk) / cost


def _ceiling(s: Situation, gain: float, risk: float, cost: int) -> float:
    """The most `_expected` can give whatever the odds (it is linear in them), plus room for rounding and the
    tie-breaking noise: an action whose ceiling is below the k-th best prior cannot be among the best k."""
    bound = max(gain, -s.ai.caution * risk) / cost
    return bound + TIE_NOISE + 1e-9 * (1.0 + abs(bound))


def _terms(s: Situation, a: Action) -> tuple[float | None, float, float, int]:
    """(odds, gain, risk, cost) of a non-PASS action; odds is None where only the rules can tell (a fight, a
    crowd order, an arrest), so callers ask `state.odds` only for the actions that could make the cut."""
    kind = a.kind
    state = s.state
    index = state.index
    rule = index.rules[kind]
    odds: float | None = rule.base_odds
    strength, ai = rule.strength, s.ai
    u = state.unit_ids[a.unit] if a.unit is not None else -1
    d = index.district[a.district] if a.district is not None else s.unit_district[u] if u >= 0 else -1
    risk = 0.0
    if kind is ActionKind.AGITATE and u >= 0:
        gain = _unit_gain(s, u, strength * s.own_influence[d] * 2.0)
    elif kind is ActionKind.AGITATE:
        gain = _influence_gain(s, d, strength)
    elif kind is ActionKind.PROPAGANDA:
        spread = s.influence_after_spread * strength
        gain = spread * (0.75 * ai.influence + s.lever["influence"]) + _legitimacy_gain(s, strength)
    elif kind is ActionKind.STRIKE:
        gain = ai.unrest * s.pop_share[d] * strength * (1.0 + s.worker_share[d]) * 2.0
        gain += 0.2 * _influence_gain(s, d, strength)
    elif kind is ActionKind.DEMONSTRATE:
        if a.target is not None:  # a march: crowds take no sites themselves, but they back the men who do
            dest = index.district[a.target]
            backing = 0.2 * s.wanted[dest] * s.crowd_share[d] * min(1.0, s.force[dest])
            gain = backing + ai.unrest * s.pop_share[dest] * strength
        else:
            gain = ai.unrest * s.pop_share[d] * strength * 2.0 + 0.3 * _influence_gain(s, d, strength)
    elif kind is ActionKind.MOVE:
        dest = index.district[a.target]  # type: ignore[index]
        leaving = 2.0 * s.threatened[d] if s.force[d] <= s.hostile[d] + 0.5 else 0.0
        gain = 0.5 * (max(0.0, s.reach[dest] - s.reach[d]) - leaving)
    elif kind is ActionKind.SEIZE:
        odds = None  # the fight's odds turn on who is there: ask the rules
        gain = s.site_value[index.site[a.target]] * 2.0  # type: ignore[index]
        risk = 0.3 * gain
    elif kind is ActionKind.DEFEND:
        site = index.site[a.target]  # type: ignore[index]
        gain = s.threatened[s.site_district[site]] * s.site_value[site] / s.site_total * 3.0
    elif kind is ActionKind.DISPERSE:
        odds = None
        gain = _crowd_gain(s, d, strength)
        risk = 0.2 * abs(gain)
    elif kind is ActionKind.FIRE:
        odds = None
        gain = _crowd_gain(s, d, strength) * 1.5 + ai.violence * 0.05
        risk = _unit_gain(s, u, 1.0) + 0.05  # the unit may refuse and go over
    elif kind is ActionKind.FRATERNISE:
        gain = _unit_gain(s, u, strength * (1.0 + s.crowd_share[d] * 5.0))
    elif kind is ActionKind.COMMISSAR:
        # Own men: steadies those who might go over; others': reveals them and starts pulling them over.
        weight = 0.3 + s.unit_at_risk[u] if s.unit_commander[u] == s.f else 1.0
        gain = _unit_gain(s, u, strength * weight * 2.0) + (0.002 if s.unit_hidden[u] else 0.0)
    elif kind is ActionKind.ARREST:
        odds = None
        g = index.faction[a.target]  # type: ignore[index]
        weight = ai.influence + ai.control * (1.0 if s.controller[d] == g else 0.3)
        gain = s.pop_share[d] * strength * (float(state.influence[d, g]) * weight - ai.unrest)
        risk = 0.1 * abs(gain)
    elif kind is ActionKind.RAISE_BRIDGE or kind is ActionKind.LOWER_BRIDGE:
        gain = _bridge_gain(s, a)
    elif kind is ActionKind.DISTRIBUTE_BREAD:
        shortage = max(0.0, 1.0 - s.bread_days[d] / BREAD_DAYS_ENOUGH)
        gain = (ai.bread - 0.5 * ai.unrest) * s.pop_share[d] * shortage
    elif kind is ActionKind.REQUISITION:
        gain = s.pop_share[d] * (0.1 * ai.bread * min(1.0, s.bread_days[d] / 10.0) + 0.05 * ai.unrest)
    elif kind is ActionKind.SET_RATION:
        gain = _ration_gain(s, float(a.amount or 0.0))
    elif kind is ActionKind.NEGOTIATE:
        gain = _legitimacy_gain(s, strength) - ai.unrest * strength * 0.5
        risk = _legitimacy_gain(s, strength / 2)
    else:
        gain = 0.0
    return odds, gain, risk, max(rule.cost, 1)


def _ration_gain(s: Situation, grams: float) -> float:
    """Cut the ration when the warehouses run low, raise it when they are full; only bread-minded factions care."""
    state = s.state
    people = _tables(state.scenario).people
    days = state.city_stock * 1e6 / max(state.ration * people, 1.0)
    change = (grams - state.ration) / max(state.ration, 1.0)
    if days < 4.0:
        return -change * s.ai.bread * 0.02
    if days > 12.0:
        return change * s.ai.bread * 0.02
    return -abs(change) * 0.01


def best_priors(s: Situation, actions: list[Action], k: int, noise: FloatArray | None = None) -> FloatArray:
    """Priors of `actions` (plus `noise`), exact for every action that could be among the best `k`. Asking the
    rules for odds is the dear part of a prior, so an action whose best case cannot reach the k-th best exact
    prior keeps that best case (an upper bound below the k-th best) instead: the best k and their order are
    those of the full computation, to the bit."""
    values = [0.0] * len(actions)
    pending: list[tuple[int, Action, float, float, int]] = []
    for i, a in enumerate(actions):
        if a.kind is ActionKind.PASS or a.kind is ActionKind.CHOOSE:
            continue
        odds, gain, risk, cost = _terms(s, a)
        if odds is None:
            values[i] = -np.inf
            pending.append((i, a, gain, risk, cost))
        else:
            values[i] = _expected(s, odds, gain, risk, cost)
    priors = np.array(values)
    if noise is not None:
        priors += noise
    known = len(actions) - len(pending)
    cut = float(np.partition(priors, -k)[-k]) if pending and 0 < k <= known else -np.inf
    for i, a, gain, risk, cost in pending:
        ceiling = _ceiling(s, gain, risk, cost)
        if ceiling < cut:
            priors[i] = ceiling
        else:
            priors[i] = _expected(s, s.state.odds(a), gain, risk, cost) + (noise[i] if noise is not None else 0.0)
    return priors


def ranked_actions(state: GameState, actions: list[Action], k: int | None = None) -> list[Action]:
    """The best `k` of `actions` (all by default), best first by prior (stable: ties keep the engine's order,
    PASS first among zeros)."""
    k = len(actions) if k is None else min(k, len(actions))
    order = np.argsort(-best_priors(Situation.of(state), actions, k), kind="stable")
    return [actions[int(i)] for i in order[:k]]


# ------------------------------------------------------------------------------------------------ the agent


class HeuristicAgent:
    def __init__(self, faction: str, rng: np.random.Generator, lookahead: int, samples: int) -> None:
        self.faction = faction
        self.spec = "heuristic"
        self.rng = rng
        self.lookahead = lookahead  # how many of the best priors are checked on a clone
        self.samples = samples  # clones per checked action (common dice across actions)

    def choose_action(self, state: GameState) -> Action:
        """Reads `state` only through the side's observation (`belief.view_of`)."""
        view = view_of(state, self.rng)
        world = view.world
        actions = world.legal_actions()
        if len(actions) == 1:
            return actions[0]
        if world.pending_choice is not None:
            return actions[int(np.argmax(self._look(view, actions)))]
        s = Situation.of(world)
        noise = self.rng.uniform(0.0, TIE_NOISE, size=len(actions))  # break exact ties without favouring list order
        priors = best_priors(s, actions, max(self.lookahead, 1), noise)
        order = np.argsort(-priors, kind="stable")
        best = int(order[0])
        if self.lookahead > 0 and priors[best] > 0:
            top = [int(i) for i in order[: self.lookahead] if priors[i] > 0]
            gains = self._look(view, [actions[i] for i in top])
            score = [0.5 * priors[i] + 0.5 * g * s.norm for i, g in zip(top, gains, strict=True)]
            best = top[int(np.argmax(score))]
        if priors[best] <= 0 and actions[0].kind is ActionKind.PASS:
            return actions[0]
        return actions[best]

    def _look(self, view: View, actions: list[Action]) -> list[float]:
        """Mean change in this faction's value right after each action, on determinized worlds with common dice.
        An order that spends the last points is looked at before the turn ends (`hold_turn`): every candidate is
        judged by what it does itself, and the end-of-turn phases, the dearest part of the rules, are not run
        for each one."""
        me = view.observation.viewer
        totals = [0.0] * len(actions)
        for _ in range(self.samples):
            seed = int(self.rng.integers(2**63))
            world = determinize(view, self.rng)
            base = float(values(world)[me])
            last = len(actions) - 1
            for i, action in enumerate(actions):
                clone = world.clone() if i < last else world  # the last one may use up the world itself
                clone.rng = np.random.Generator(np.random.PCG64(seed))
                clone.apply(action, hold_turn=True)
                totals[i] += float(values(clone)[me]) - base
        return [t / self.samples for t in totals]


def _build(faction: str, rng: np.random.Generator, options: dict[str, str]) -> HeuristicAgent:
    opts = Options("heuristic", options)
    level = opts.choice("level", "normal", ("normal", "plain"))
    lookahead = opts.int("lookahead", 0 if level == "plain" else 3)
    samples = opts.int("samples", 1)
    opts.done()
    return HeuristicAgent(faction, rng, max(0, lookahead), max(1, samples))


register_agent("heuristic", _build)
