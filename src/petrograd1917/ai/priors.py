"""The heuristic's priors: a quick score for every legal action, from the acting side's situation.

A prior is the odds the rules give an action times the value of what it should bring, per action point —
influence where many people live and where control is close, sites (above all those the objective counts), the
loyalty of armed men, bread for hungry districts, unrest up or down by the faction's `unrest` weight, force
brought next to sites worth taking or holding — less a penalty for risky orders scaled by `caution`, and for
firing on crowds the faction's `violence` appetite.

The heuristic agent decides with them and MCTS orders its candidates by them at every node it grows, so they are
computed for whole arrays at once: every order the faction could give has a *slot* in one vector (each kind of
order over the districts, units, sites, links or factions it can name, see `_Layout`), a decision fills the
vector in one compiled kernel (`_priors`), and each legal action reads its slot. An action's slot depends only on
the action and the game's set of units, so it is found once and kept. The arithmetic is written term by term in
the order a per-action computation would do it, so each prior is the same number to the last bit (the kernel
keeps the order of the whole-array numpy operations it replaced: `tests/ai/test_priors_bits.py`).
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from petrograd1917.ai.objective import LEVERS, focus_for
from petrograd1917.ai.value import BREAD_DAYS_ENOUGH, OBJECTIVE_WEIGHT, weights_for
from petrograd1917.engine.actions import Action
from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.compiled import kernel
from petrograd1917.engine.index import ScenarioIndex, index_for
from petrograd1917.engine.numeric import array_sum, at_least, at_most
from petrograd1917.scenario.model import ActionKind, AIWeights, Scenario, Unit

if TYPE_CHECKING:
    from collections.abc import Callable

    from petrograd1917.ai.belief import View
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
# Of those, the kinds whose odds never pass their base odds (engine/orders: a seizure's are the base times the
# attacker's share of the force, an arrest's the base times a half plus half the patrols' pressure), but for a
# rounding that the ceiling's room covers; the others' may reach 1. A test holds the rules to it.
BELOW_BASE = frozenset({K.SEIZE, K.ARREST})
SLOTS_KEPT = 65536  # actions whose slots a layout remembers before it starts afresh
_SLOT = operator.itemgetter(1)  # the slot of an entry of `_Layout.found`

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
N_GROUPS = len(GROUPS)


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


# The rows of `_Side.rows` (per district) and the entries of `_Side.numbers`, as the priors' kernel reads them.
ROWS = ("pop_share", "population", "control_term", "strike", "demonstrate", "march", "distribute", "calm",
        "arrest_share", "share_agitate", "share_strike", "share_demonstrate")  # fmt: skip
NUMBERS = ("agitate", "strike", "demonstrate", "fraternise", "commissar", "disperse", "fire", "influence_weight",
           "loyalty_weight", "site_total", "control_threshold", "bread", "unrest", "violence", "influence",
           "control", "propaganda", "negotiate", "legitimacy_weight", "people")  # fmt: skip
N_ROWS, N_NUMBERS = len(ROWS), len(NUMBERS)


@dataclass(frozen=True)
class _Side:
    """What only the scenario decides about one faction's priors: its rivals, what each site is worth to it (its
    sites weight and its objective: OBJECTIVE_WEIGHT x half the change in score / target, see value.py), what a
    unit of each objective lever is worth, and the parts of its gains that read nothing of the game (each the
    leading factors of a product, so the rest is multiplied on in the same order), packed for the kernel."""

    rivals: IntArray  # the other factions' indices
    norm: float  # scales priors into the same units as `value.values`
    rows: FloatArray  # [ROWS, D]: the people's share, the population (at least 1), and the gains' district terms
    sites: FloatArray  # [2, S]: each site's worth to the faction, and that of seizing it
    numbers: FloatArray  # [NUMBERS]: the orders' strengths and the weights the kernel multiplies by

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
        influence_weight = 0.75 * ai.influence + lever["influence"]
        rows = {
            "pop_share": share,
            "population": np.maximum(index.population, 1.0),
            "control_term": ai.control * share + lever["control"],
            "strike": ai.unrest * share * strength[K.STRIKE] * (1.0 + worker_share) * 2.0,
            "demonstrate": ai.unrest * share * strength[K.DEMONSTRATE] * 2.0,
            "march": ai.unrest * share * strength[K.DEMONSTRATE],
            "distribute": (ai.bread - 0.5 * ai.unrest) * share,
            "calm": -ai.unrest * share,
            "arrest_share": share * strength[K.ARREST],
            **dict(zip(("share_agitate", "share_strike", "share_demonstrate"), share * amounts, strict=True)),
        }
        numbers = {
            "agitate": strength[K.AGITATE],
            "strike": strength[K.STRIKE],
            "demonstrate": strength[K.DEMONSTRATE],
            "fraternise": strength[K.FRATERNISE],
            "commissar": strength[K.COMMISSAR],
            "disperse": strength[K.DISPERSE],
            "fire": strength[K.FIRE],
            "influence_weight": influence_weight,
            "loyalty_weight": ai.loyalty + lever["loyalty"],
            "site_total": float(site_value.sum()) or 1e-9,
            "control_threshold": scenario.rules.control_threshold,
            "bread": ai.bread,
            "unrest": ai.unrest,
            "violence": ai.violence,
            "influence": ai.influence,
            "control": ai.control,
            "propaganda": strength[K.PROPAGANDA],
            "negotiate": strength[K.NEGOTIATE],
            "legitimacy_weight": 0.25 * ai.influence + lever["legitimacy"],  # what a unit of legitimacy is worth
            "people": float(index.population.sum()),  # the city's population
        }
        return cls(
            rivals=np.array([g for g in range(len(scenario.factions)) if g != f], dtype=np.int64),
            norm=float(weights.norm[f]),
            rows=np.ascontiguousarray([rows[name] for name in ROWS], dtype=np.float64),
            sites=np.ascontiguousarray([site_value, site_value * 2.0], dtype=np.float64),
            numbers=np.array([numbers[name] for name in NUMBERS], dtype=np.float64),
        )


@dataclass(frozen=True)
class _Table:
    """What the priors need that only the scenario decides, built once per scenario; and the slot layout of each
    set of units its games have had (events may add units), by the set's identity."""

    near: FloatArray  # [D, D] 1 where at most one link apart
    spread: FloatArray  # [D, D] 1 + links apart: how a place's pull fades with distance
    levels: FloatArray  # the ration levels one may set, in grams a day
    sides: tuple[_Side, ...]  # per faction
    packed: tuple[tuple[FloatArray, IntArray], ...]  # per faction, its side's and the map's figures (`_packed`)
    layouts: dict[int, tuple[tuple[Unit, ...], _Layout]]

    @classmethod
    def of(cls, scenario: Scenario) -> _Table:
        index = index_for(scenario)
        dist = _distances(index)
        near, spread = (dist <= 1).astype(np.float64), (1.0 + dist).astype(np.float64)
        levels = np.array(index.ration_levels, dtype=np.float64)
        sides = tuple(_Side.of(scenario, f) for f in range(index.n_factions))
        return cls(
            near=near,
            spread=spread,
            levels=levels,
            sides=sides,
            packed=tuple(_packed(side, index, near, spread, levels) for side in sides),
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


def _packed(
    side: _Side, index: ScenarioIndex, near: FloatArray, spread: FloatArray, levels: FloatArray
) -> tuple[FloatArray, IntArray]:
    """What the priors' kernel reads of one side and the map, as two arrays (each array costs its call some 50 ns):
    the floats (its rows, sites and numbers, then `near`, `spread` and the ration levels) and the ints (its rivals,
    each site's district, each link's ends), in the order the kernel unpacks them."""
    floats = [side.rows.ravel(), side.sites.ravel(), side.numbers, near.ravel(), spread.ravel(), levels]
    ints = [side.rivals, index.site_district, index.link_a, index.link_b]
    return np.concatenate(floats).astype(np.float64), np.concatenate(ints).astype(np.int64)


_tables: PerObject[Scenario, _Table] = PerObject(_Table.of)
_NONE_FOUND = np.zeros(0, dtype=np.int64)  # a faction's places before any is found


@dataclass(frozen=True)
class _Layout:
    """Where each order sits in the vector of priors, for one set of units. Blocks, in order: the district orders
    (DISTRICT_KINDS x D), the unit orders (UNIT_KINDS x U), seize and defend (x S), raise and lower (x L), arrests
    (D x F), moves (U x D destinations), marches (D x D destinations), ration levels, propaganda, negotiation
    (x F), and one slot worth nothing (PASS, CHOOSE). `odds`, `cost` and `ask` are the rules' figures per slot (views of
    `figures` and `codes`, the two arrays the kernel is given)."""

    index: ScenarioIndex
    unit_ids: dict[str, int]
    sizes: tuple[int, int, int, int, int]  # districts, units, sites, links, factions
    starts: dict[str, int]  # block -> first slot
    figures: FloatArray  # [3, slots] `odds`, `cost` and `ceiling`, one array for the kernel
    codes: IntArray  # `group`, then `ask`, then `start_array`, one array for the kernel
    odds: FloatArray  # base odds of the slot's kind
    cost: FloatArray  # its cost in action points, at least 1
    ceiling: FloatArray  # the most those odds can be (`BELOW_BASE`), 1 for any other slot
    group: IntArray  # which of the GROUPS the slot belongs to
    ask: IntArray  # 1 where the odds must come from the rules (`ASK_THE_RULES`)
    start_array: IntArray  # `starts`, in the blocks' order
    found: dict[int, tuple[Action, int]]  # id(action) -> (action, slot), the action kept so its id stays its own
    by_place: dict[int, IntArray]  # faction -> the slot of the action at each place of its listing's table, -1 where
    # not yet found (`listing.listed_places`: a place holds the same action for this set of units)

    @classmethod
    def of(cls, index: ScenarioIndex, n_units: int, unit_ids: dict[str, int]) -> _Layout:
        n_d, n_s, n_l, n_f = index.n_districts, len(index.site_ids), len(index.link_ids), index.n_factions
        # each block's slots of each of its kinds
        per_kind = {"district": n_d, "unit": n_units, "site": n_s, "link": n_l, "arrest": n_d * n_f,
                    "move": n_units * n_d, "march": n_d * n_d, "ration": len(index.ration_levels), "propaganda": 1,
                    "negotiate": n_f, "nothing": 1}  # fmt: skip
        starts: dict[str, int] = {}
        counts: list[int] = []  # each group's slots, in the order of GROUPS (a block's kinds in turn)
        for name, _ in GROUPS:
            starts.setdefault(name, sum(counts))
            counts.append(per_kind[name])
        rules = index.rules
        kinds = [k for _, k in GROUPS]
        figures = np.repeat(
            np.array(
                [
                    [rules[k].base_odds for k in kinds],
                    [max(rules[k].cost, 1) for k in kinds],
                    [min(rules[k].base_odds, 1.0) if k in BELOW_BASE else 1.0 for k in kinds],
                ],
                dtype=np.float64,
            ),
            counts,
            axis=1,
        )
        asks = [int(k in ASK_THE_RULES) for k in kinds]
        codes = np.concatenate(
            [np.repeat(np.arange(N_GROUPS), counts), np.repeat(asks, counts), [*starts.values()]]
        ).astype(np.int64)
        n = sum(counts)
        return cls(
            index=index,
            unit_ids=dict(unit_ids),
            sizes=(n_d, n_units, n_s, n_l, n_f),
            starts=starts,
            figures=figures,
            codes=codes,
            odds=figures[0],
            cost=figures[1],
            ceiling=figures[2],
            group=codes[:n],
            ask=codes[n : 2 * n],
            start_array=codes[2 * n :],
            found={},
            by_place={},
        )

    def slots(self, actions: list[Action]) -> IntArray:
        """Each action's slot. An id found is that very action's: each entry keeps its action alive, so no other
        object can have its id meanwhile (the common case, every action found, is one pass in C; an entry is
        written and dropped whole, so a thread that clears the entries never leaves a slot without its action)."""
        found = self.found
        try:
            return np.fromiter(map(_SLOT, map(found.__getitem__, map(id, actions))), dtype=np.int64, count=len(actions))
        except KeyError:
            pass
        if len(found) + len(actions) > SLOTS_KEPT:
            found.clear()
        slots = []
        for a in actions:
            hit = found.get(id(a))
            if hit is None:
                hit = found[id(a)] = (a, self._slot(a))
            slots.append(hit[1])
        return np.array(slots, dtype=np.int64)

    def found_at(self, f: int, places: IntArray, actions: list[Action]) -> IntArray:
        """Faction `f`'s slots by place in its listing's table (-1 where none is found yet), with those of these
        actions, at these places, found: the priors' kernel reads each action's slot there (`best_priors`)."""
        known = self.by_place.get(f, _NONE_FOUND)
        room = max(int(places.max()) + 1 - len(known), 0)  # places beyond those seen, none found yet
        known = np.concatenate([known, np.full(room, -1, dtype=np.int64)])  # a copy, with room for them
        for i in (known[places] < 0).nonzero()[0].tolist():  # `np.flatnonzero`, without its wrappers
            known[places[i]] = self._slot(actions[i])
        self.by_place[f] = known  # put in place whole: a thread reading the one it replaces finds that one complete
        return known

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


@dataclass
class Situation:
    """The acting faction at one decision: the game, the faction, its AI weights and the scenario's tables. What it
    sees (public arrays, and its own units' loyalties, which every side sees as they are) is read by the priors'
    kernel: no other unit's loyalty is read there, so the game's own loyalties are handed to it."""

    state: GameState  # read for what is public and for the side's own units' loyalties
    f: int
    ai: AIWeights
    table: _Table
    side: _Side
    layout: _Layout
    norm: float  # scales priors into the same units as `value.values`
    asked: Callable[[], GameState]  # the game the rules' odds are asked of: one whose loyalties are as the side sees

    @classmethod
    def of(cls, state: GameState) -> Situation:
        """The side to move in a game it believes in (a search's world): every loyalty in it is as it sees it."""
        return cls._made(state, lambda: state)

    @classmethod
    def seen(cls, view: View) -> Situation:
        """The side of `view`, reading the game it looked at, and asking the rules' odds of that game with the
        loyalties the side sees (`View.asked`), which are worked out only then."""
        return cls._made(view.seen, view.asked)

    @classmethod
    def _made(cls, state: GameState, asked: Callable[[], GameState]) -> Situation:
        f = state.current_faction_index
        table = _tables(state.scenario)
        side = table.sides[f]
        return cls(state, f, state.scenario.factions[f].ai, table, side, table.layout(state), side.norm, asked)


# ------------------------------------------------------------------------------------------------ gains


@kernel
def _priors(
    f: int,
    constants: FloatArray,
    links: IntArray,
    figures: FloatArray,
    codes: IntArray,
    influence: FloatArray,
    controller: IntArray,
    crowd: FloatArray,
    bread: FloatArray,
    unit_strength: FloatArray,
    unit_arms: FloatArray,
    unit_discipline: FloatArray,
    unit_alive: BoolArray,
    commander: IntArray,
    loyalty: FloatArray,
    ud: IntArray,
    site_holder: IntArray,
    commissar: IntArray,
    city_stock: float,
    ration_now: float,
    known: IntArray,
    places: IntArray,
    caution: float,
    noise: FloatArray,
    noisy: bool,
    k: int,
    within: float,
) -> tuple[FloatArray, IntArray, FloatArray, IntArray]:
    """Every slot's gain and risk for the GROUPS the actions' slots fall in (`group`: each slot's; the others 0),
    then each action's prior (the side's and the map's figures read from `constants` and `links`, `_packed`; the
    slots' from `figures` and `codes`, `_Layout`):
    (odds x gain - (1 - odds) x caution x risk) / cost at its slot, plus its noise x TIE_NOISE where `noisy`
    (`uniform(0, TIE_NOISE)`'s numbers from the draws `random` made: 0 + TIE_NOISE x each). Action i's slot
    is `known[places[i]]` (`_Layout.found_at`; all empty is returned, before any work, if one is not found yet).
    An order whose odds the rules must tell (`ask`) gets its ceiling instead; returned beside the priors are those
    of them that could still be among the best `k` and `within` that of the best (see `best_priors`), and the
    gain, risk and cost at each one's slot; last, the best `k` of the priors, best first (`best_first`), when
    none of them is to be asked of the rules (the priors are then final: most decisions), else empty.

    First what the faction sees: its own and others' nominal armed force per district (in units of an average
    district's force), the sites it could take and those it holds under threat, the pull of the best place to be,
    each unit's share of the men under arms and, for its own, how near they are to going over. Then the gains,
    block by block (see `_Layout`). Every figure is worked out as numpy worked it out before: the same operations
    in the same order (sums of a row pairwise, `bincount`'s in order, maxima and minima with numpy's ties)."""
    n_a = places.shape[0]
    slots = np.empty(n_a, dtype=np.int64)
    for i in range(n_a):
        slots[i] = known[places[i]] if places[i] < known.shape[0] else -1
        if slots[i] < 0:
            return np.empty(0), np.empty(0, dtype=np.int64), np.empty((0, 3)), np.empty(0, dtype=np.int64)
    n_d, n_f = influence.shape
    n_u, n_s, n_r, n_slots = ud.shape[0], site_holder.shape[0], n_f - 1, figures.shape[1]
    end_rows = N_ROWS * n_d  # the side's and the map's figures, in `_packed`'s order
    end_sites = end_rows + 2 * n_s
    end_numbers = end_sites + N_NUMBERS
    end_near = end_numbers + n_d * n_d
    end_spread = end_near + n_d * n_d
    rows, sites = constants[:end_rows].reshape((N_ROWS, n_d)), constants[end_rows:end_sites].reshape((2, n_s))
    numbers, near = constants[end_sites:end_numbers], constants[end_numbers:end_near].reshape((n_d, n_d))
    spread, levels = constants[end_near:end_spread].reshape((n_d, n_d)), constants[end_spread:]
    n_l = (links.shape[0] - n_r - n_s) // 2
    rivals, site_district = links[:n_r], links[n_r : n_r + n_s]
    link_a, link_b = links[n_r + n_s : n_r + n_s + n_l], links[n_r + n_s + n_l :]
    odds, cost, ceiling = figures[0], figures[1], figures[2]
    group, ask, starts = codes[:n_slots], codes[n_slots : 2 * n_slots], codes[2 * n_slots :]
    pop_share, population, control_term, strike_term = rows[0], rows[1], rows[2], rows[3]
    demonstrate_term, march_term, distribute_term, calm_term, arrest_share = rows[4], rows[5], rows[6], rows[7], rows[8]
    site_value, seize_value = sites[0], sites[1]
    st_agitate, st_fraternise, st_commissar, st_disperse, st_fire = (numbers[0], numbers[3], numbers[4], numbers[5],
                                                                     numbers[6])  # fmt: skip
    influence_weight, loyalty_weight, site_total, threshold = numbers[7], numbers[8], numbers[9], numbers[10]
    w_bread, w_unrest, w_violence = numbers[11], numbers[12], numbers[13]
    w_influence, w_control = numbers[14], numbers[15]
    st_propaganda, st_negotiate, legitimacy_weight, people = numbers[16], numbers[17], numbers[18], numbers[19]

    # what the faction sees
    nominal = np.empty(n_u)
    strength = np.empty(n_u)
    for u in range(n_u):
        alive = 1.0 if unit_alive[u] and unit_strength[u] > 0 else 0.0
        nominal[u] = unit_strength[u] * unit_arms[u] * unit_discipline[u] * alive
        strength[u] = unit_strength[u] * alive
    scale = array_sum(nominal)
    scale = (1.0 if scale < 1.0 else scale) / (n_d if n_d > 1 else 1)
    force = np.zeros(n_d)
    hostile = np.zeros(n_d)
    for u in range(n_u):
        own = 1.0 if commander[u] == f else 0.0
        other = 1.0 if commander[u] != f and commander[u] >= 0 else 0.0
        force[ud[u]] += own * nominal[u] * loyalty[u, f]
        hostile[ud[u]] += other * nominal[u]
    for d in range(n_d):
        force[d] = force[d] / scale
        hostile[d] = hostile[d] / scale
    wanted_here = np.zeros(n_d)
    holding = np.zeros(n_d)
    for s in range(n_s):
        held = 1.0 if site_holder[s] == f else 0.0
        wanted_here[site_district[s]] += site_value[s] * (1.0 - held)
        holding[site_district[s]] += site_value[s] * held
    products = np.empty(n_d)
    threatened = np.empty(n_d)
    pull = np.empty(n_d)
    for d in range(n_d):
        for e in range(n_d):
            products[e] = near[d, e] * hostile[e]
        threatened[d] = holding[d] * at_most(array_sum(products), 1.0)
    for d in range(n_d):
        pull[d] = wanted_here[d] / (1.0 + hostile[d]) + 2.0 * threatened[d]
    reach = np.empty(n_d)
    for d in range(n_d):
        best = pull[0] / spread[d, 0]
        for e in range(1, n_d):
            best = at_least(pull[e] / spread[d, e], best)
        reach[d] = best
    total_strength = array_sum(strength)
    total_strength = 1.0 if total_strength < 1.0 else total_strength
    crowd_share = np.empty(n_d)
    for d in range(n_d):
        crowd_share[d] = crowd[d] / population[d]

    gain = np.zeros(n_slots)
    risk = np.zeros(n_slots)
    wanted = np.zeros(N_GROUPS, dtype=np.bool_)
    for i in range(n_a):
        wanted[group[slots[i]]] = True
    agitate, strike, demonstrate, distribute, requisition = wanted[0], wanted[1], wanted[2], wanted[3], wanted[4]
    agitate_unit, disperse, fire, fraternise, commissar_kind = wanted[5], wanted[6], wanted[7], wanted[8], wanted[9]
    seize, defend, raise_bridge, lower_bridge, arrest = wanted[10], wanted[11], wanted[12], wanted[13], wanted[14]
    move, march, ration, propaganda, negotiate = wanted[15], wanted[16], wanted[17], wanted[18], wanted[19]
    at_unit, at_site, at_link, at_arrest = starts[1], starts[2], starts[3], starts[4]
    at_move, at_march, at_ration, at_propaganda, at_negotiate = starts[5], starts[6], starts[7], starts[8], starts[9]
    at_nothing = starts[10]

    if agitate or strike or demonstrate:  # more following: worth its people, and control where it could tip
        for d in range(n_d):
            own = influence[d, f]
            rival = 0.0
            if n_r:
                rival = influence[d, rivals[0]]
                for r in range(1, n_r):
                    rival = at_least(influence[d, rivals[r]], rival)
            bar = at_least(rival, threshold)
            blocked = controller[d] == f or hostile[d] > force[d]  # held already, or others have more men there
            for kind in range(3):
                amount = numbers[kind]
                tipping = 0.5 if own + amount > bar else 0.2 if own + 2 * amount > bar else 0.05
                if blocked:
                    tipping = 0.0
                grown = rows[9 + kind, d] * (1.0 - own) * influence_weight + tipping * control_term[d]
                if kind == 0:
                    gain[d] = grown
                elif kind == 1:
                    gain[n_d + d] = strike_term[d] + 0.2 * grown
                else:
                    gain[2 * n_d + d] = demonstrate_term[d] + 0.3 * grown
    if distribute:
        for d in range(n_d):
            gain[3 * n_d + d] = distribute_term[d] * at_least(1.0 - bread[d] / BREAD_DAYS_ENOUGH, 0.0)
    if requisition:
        for d in range(n_d):
            gain[4 * n_d + d] = pop_share[d] * (0.1 * w_bread * at_most(bread[d] / 10.0, 1.0) + 0.05 * w_unrest)
    for u in range(n_u):  # winning over armed men: worth their share of the city's force, most when a rival's now
        d = ud[u]
        stake = 2.0 if commander[u] >= 0 and commander[u] != f else 1.0
        loyal = loyalty_weight * (strength[u] / total_strength)
        if agitate_unit:
            gain[at_unit + u] = loyal * (st_agitate * influence[d, f] * 2.0) * stake
        calm = calm_term[d] * crowd_share[d]
        if disperse:  # clearing a crowd: worth it to those who want calm, by how many are out
            cleared = calm * st_disperse * 4.0
            gain[at_unit + n_u + u] = cleared
            risk[at_unit + n_u + u] = 0.2 * abs(cleared)
        if fire:  # the unit may refuse and go over
            gain[at_unit + 2 * n_u + u] = calm * st_fire * 4.0 * 1.5 + w_violence * 0.05
            risk[at_unit + 2 * n_u + u] = loyal * stake + 0.05
        if fraternise:
            gain[at_unit + 3 * n_u + u] = loyal * (st_fraternise * (1.0 + crowd_share[d] * 5.0)) * stake
        if commissar_kind:  # own men: steadies those who might go over; others': reveals them and pulls them
            weight = 1.0
            if commander[u] == f:
                rival = 0.0
                if n_r:
                    rival = loyalty[u, rivals[0]]
                    for r in range(1, n_r):
                        rival = at_least(loyalty[u, rivals[r]], rival)
                at_risk = at_most(at_least(1.0 - (loyalty[u, f] - rival) / RISKY_MARGIN, 0.0), 1.0)
                weight = 0.3 + at_risk * 1.0
            hidden = 0.0 if commander[u] == f or commissar[u] == f else 0.002
            gain[at_unit + 4 * n_u + u] = loyal * (st_commissar * weight * 2.0) * stake + hidden
    for s in range(n_s):
        if seize:
            gain[at_site + s] = seize_value[s]
            risk[at_site + s] = 0.3 * seize_value[s]
        if defend:
            gain[at_site + n_s + s] = threatened[site_district[s]] * site_value[s] / site_total * 3.0
    if raise_bridge or lower_bridge:  # a raised bridge shields own sites; a lowered one opens the way to others
        for link in range(n_l):
            a, b = link_a[link], link_b[link]
            shield = holding[a] * (crowd_share[b] + hostile[b]) + holding[b] * (crowd_share[a] + hostile[a])
            access = wanted_here[b] * (force[a] + crowd_share[a]) + wanted_here[a] * (force[b] + crowd_share[b])
            gain[at_link + link] = 0.3 * (shield - access)
            gain[at_link + n_l + link] = 0.3 * (access - shield)
    if arrest:
        for d in range(n_d):
            for g in range(n_f):
                weight = w_influence + w_control * 1.0 if controller[d] == g else w_influence + w_control * 0.3
                arrested = arrest_share[d] * (influence[d, g] * weight - w_unrest)
                gain[at_arrest + d * n_f + g] = arrested
                risk[at_arrest + d * n_f + g] = 0.1 * abs(arrested)
    if move:  # from d to e: towards the pull of sites, not away from own sites under threat
        for u in range(n_u):
            d = ud[u]
            leaving = 2.0 * threatened[d] if force[d] <= hostile[d] + 0.5 else 0.0
            for e in range(n_d):
                gain[at_move + u * n_d + e] = 0.5 * (at_least(reach[e] - reach[d], 0.0) - leaving)
    if march:  # from d to e: crowds take no sites themselves, but they back the men who do
        for d in range(n_d):
            for e in range(n_d):
                backing = 0.2 * wanted_here[e] * crowd_share[d] * at_most(force[e], 1.0)
                gain[at_march + d * n_d + e] = backing + march_term[e]
    if ration:  # cut it when the warehouses run low, raise it when they are full; only bread-minded sides care
        days = city_stock * 1e6 / at_least(ration_now * people, 1.0)
        for level in range(levels.shape[0]):
            change = (levels[level] - ration_now) / at_least(ration_now, 1.0)
            if days < 4.0:
                gain[at_ration + level] = -change * w_bread * 0.02
            elif days > 12.0:
                gain[at_ration + level] = change * w_bread * 0.02
            else:
                gain[at_ration + level] = -abs(change) * 0.01
    if propaganda:  # the following it may win where the side has none yet, and legitimacy
        for d in range(n_d):
            products[d] = pop_share[d] * (1.0 - influence[d, f])
        gain[at_propaganda] = array_sum(products) * st_propaganda * influence_weight + st_propaganda * legitimacy_weight
    if negotiate:
        for g in range(at_nothing - at_negotiate):
            gain[at_negotiate + g] = st_negotiate * legitimacy_weight - w_unrest * st_negotiate * 0.5
            risk[at_negotiate + g] = st_negotiate / 2 * legitimacy_weight

    priors = np.empty(n_a)
    n_ask = 0
    for i in range(n_a):
        slot = slots[i]
        p = odds[slot]
        priors[i] = (p * gain[slot] - (1.0 - p) * caution * risk[slot]) / cost[slot]
        if ask[slot]:
            n_ask += 1
            priors[i] = -math.inf
    if noisy:
        for i in range(n_a):
            priors[i] += noise[i] * TIE_NOISE
    candidates = np.empty(n_ask, dtype=np.int64)
    terms = np.empty((n_ask, 3))
    if n_ask == 0:
        return priors, candidates, terms, best_first(priors, k)
    # The orders whose odds only the rules can tell: their ceiling (the most the prior can be with odds anywhere
    # from 0 to their most, plus room for rounding and the noise), and those whose ceiling reaches the k-th best
    # prior known exactly and comes `within` that of the best.
    cut = priors[best_first(priors, k)[k - 1]] if 0 < k <= n_a - n_ask else -math.inf  # the k-th best
    if n_a > n_ask:
        cut = at_least(cut, priors[best_first(priors, 1)[0]] - within)
    n_candidates = 0
    for i in range(n_a):
        slot = slots[i]
        if ask[slot]:
            most = ceiling[slot]  # the prior is linear in the odds: its most is at one end
            worst = -caution * risk[slot]
            bound = at_least(most * gain[slot] - (1.0 - most) * caution * risk[slot], worst) / cost[slot]
            priors[i] = bound + TIE_NOISE + 1e-9 * (1.0 + abs(bound))
            if priors[i] >= cut:
                candidates[n_candidates] = i
                terms[n_candidates, 0] = gain[slot]
                terms[n_candidates, 1] = risk[slot]
                terms[n_candidates, 2] = cost[slot]
                n_candidates += 1
    best = best_first(priors, k) if n_candidates == 0 else np.empty(0, dtype=np.int64)
    return priors, candidates[:n_candidates], terms[:n_candidates], best


# ------------------------------------------------------------------------------------------------ priors


def _expected(s: Situation, odds: float, gain: float, risk: float, cost: float) -> float:
    return (odds * gain - (1.0 - odds) * s.ai.caution * risk) / cost


def best_priors(
    s: Situation,
    actions: list[Action],
    k: int,
    noise: FloatArray | None = None,
    places: IntArray | None = None,
    reach: float = math.inf,
) -> tuple[FloatArray, list[int]]:
    """Priors of `actions` (plus `noise` x TIE_NOISE: ties broken by draws in [0, 1)), and the best `k` of them, best
    first (`best_first`'s: found by the priors' kernel itself when no odds need asking, one call fewer a decision). The
    priors are exact for every action that could be among the best `k` and no further than `reach` below the best.
    Asking the rules for odds is the dear part of a prior, so an action whose best case cannot reach the k-th best exact
    prior keeps that best case (an upper bound below the k-th best) instead: the best k and their order are those of the
    full computation, to the bit. With a `reach` (for a player that weighs only orders that close to the best), so are
    the best and those of the best k within `reach` of it; the others among the best k may be bounds, all further than
    `reach` below the best, as their true priors are. `places`: where the actions sit in the listing's table, when they
    are the list just made of the state (`listing.listed_places`)."""
    layout, state = s.layout, s.state
    if places is None:  # each action's slot by the action itself, read in list order
        known, places = layout.slots(actions), np.arange(len(actions))
    else:
        known = layout.by_place.get(s.f, _NONE_FOUND)
    constants, links = s.table.packed[s.f]
    while True:
        priors, candidates, terms, best = _priors(
            s.f, constants, links, layout.figures, layout.codes, state.influence, state.district_controller,
            state.crowd, state.bread_days, state.unit_strength, state.unit_arms, state.unit_discipline,
            state.unit_alive, state.unit_commander, state.unit_loyalty, state.unit_district, state.site_holder,
            state.unit_commissar, state.city_stock, state.ration, known, places, s.ai.caution,
            _NO_NOISE if noise is None else noise, noise is not None, k, reach,
        )  # fmt: skip
        if len(priors) == len(actions):
            break
        known = layout.found_at(s.f, places, actions)  # places not seen before: found once, then kept
    if len(candidates):
        for i, (g, r, c) in zip(candidates.tolist(), terms.tolist(), strict=True):
            tie = noise[i] * TIE_NOISE if noise is not None else 0.0
            priors[i] = _expected(s, s.asked().odds(actions[i]), g, r, c) + tie
        best = best_first(priors, k)
    return priors, best.tolist()


_NO_NOISE = np.zeros(0)  # what the kernel is given when no noise is added


@kernel
def best_first(priors: FloatArray, k: int) -> IntArray:
    """The first `k` of `np.argsort(-priors, kind="stable")` (priors are never NaN): the indices of the highest
    priors, best first, equal ones (0.0 and -0.0 among them) in index order. One pass keeping the best so far, in
    place of sorting the whole list for the few a decision looks at (for a small k: each is slid into place)."""
    n = priors.shape[0]
    k = k if k < n else n
    best = np.empty(k, dtype=np.int64)
    found = 0
    for i in range(n):
        value = priors[i]
        at = found
        while at > 0 and value > priors[best[at - 1]]:  # after every one at least as high: ties keep index order
            at -= 1
        if at < k:
            for j in range(found if found < k else k - 1, at, -1):
                best[j] = best[j - 1]
            best[at] = i
            if found < k:
                found += 1
    return best


def ranked_actions(state: GameState, actions: list[Action], k: int | None = None) -> list[Action]:
    """The best `k` of `actions` (all by default), best first by prior (stable: ties keep the engine's order,
    PASS first among zeros)."""
    k = len(actions) if k is None else min(k, len(actions))
    return [actions[i] for i in best_priors(Situation.of(state), actions, k)[1]]
