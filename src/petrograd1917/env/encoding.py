"""Fixed numeric encodings of one scenario's actions and of one side's observation, for learning agents.

Actions: every order any faction could ever give in the scenario, in one fixed list (the faction is implied: it is
whoever is to act). The list is built from the map alone, so the same scenario always gives the same numbering:

    PASS, PROPAGANDA,
    agitate / strike / demonstrate / distribute_bread / requisition  x districts,
    agitate / disperse / fire / fraternise / commissar               x units,
    move                                                              x units x districts,
    march (demonstrate to a district)                                 x districts x districts,
    seize / defend                                                    x sites,
    raise_bridge / lower_bridge                                       x links,
    arrest                                                            x districts x factions,
    set_ration                                                        x ration levels,
    negotiate                                                         x factions,
    choose                                                            x every event choice id.

Units are the scenario's and every unit an event can bring in, by id. The mask of a moment is 1 exactly where the
action is legal for the side to move.

Observation: one vector of float32 values in [0, 1], read from `observe(state, faction)` only (estimates, never
the hidden truth); its layout is `ObservationEncoding.layout` (name, length) in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from petrograd1917.engine.actions import Action
from petrograd1917.engine.index import index_for
from petrograd1917.engine.listing import DISTRICT_KINDS, LINK_KINDS, SITE_KINDS, UNIT_KINDS
from petrograd1917.scenario.model import ActionKind, EffectKind

if TYPE_CHECKING:
    from petrograd1917.engine.observation import Observation
    from petrograd1917.engine.state import GameState
    from petrograd1917.scenario.model import Effect, Scenario

Key = tuple[ActionKind, str | None, str | None, str | None, float | None, str | None]
K = ActionKind
BREAD_DAYS_FULL = 30.0  # bread_days are scaled by this (and capped at 1)


def _key(kind: ActionKind, district: str | None = None, unit: str | None = None, target: str | None = None,
         amount: float | None = None, choice: str | None = None) -> Key:  # fmt: skip
    return (kind, district, unit, target, amount, choice)


def action_key(action: Action) -> Key:
    """An action without its faction: what the fixed encoding numbers."""
    return (action.kind, action.district, action.unit, action.target, action.amount, action.choice)


def _effects(scenario: Scenario) -> list[Effect]:
    found: list[Effect] = []
    for event in scenario.events:
        found += event.effects
        for choice in event.choices:
            found += choice.effects
    return found


def all_unit_ids(scenario: Scenario) -> tuple[str, ...]:
    """The scenario's units and every unit an event may add, each id once, in order of first mention."""
    ids = [u.id for u in scenario.units]
    for effect in _effects(scenario):
        if effect.kind is EffectKind.ADD_UNIT and effect.unit_spec is not None and effect.unit_spec.id not in ids:
            ids.append(effect.unit_spec.id)
    return tuple(ids)


@dataclass(frozen=True)
class ActionEncoding:
    """The scenario's fixed action numbering: `keys[i]` is action i; `index` maps back."""

    keys: tuple[Key, ...]
    index: dict[Key, int]

    @property
    def size(self) -> int:
        return len(self.keys)

    def encode(self, action: Action) -> int:
        return self.index[action_key(action)]

    def decode(self, number: int, faction: str) -> Action:
        kind, district, unit, target, amount, choice = self.keys[number]
        return Action(kind, faction, district=district, unit=unit, target=target, amount=amount, choice=choice)

    def mask(self, legal: list[Action]) -> npt.NDArray[np.int8]:
        """1 where the action is among `legal`, else 0."""
        mask = np.zeros(self.size, dtype=np.int8)
        for action in legal:
            mask[self.index[action_key(action)]] = 1
        return mask


def _build_actions(scenario: Scenario) -> ActionEncoding:
    index = index_for(scenario)
    ds, sites, links, factions = index.district_ids, index.site_ids, index.link_ids, index.faction_ids
    units = all_unit_ids(scenario)
    keys = [_key(K.PASS), _key(K.PROPAGANDA)]
    keys += [_key(k, district=d) for k in DISTRICT_KINDS for d in ds]
    keys += [_key(k, unit=u) for k in UNIT_KINDS for u in units]
    keys += [_key(K.MOVE, unit=u, target=d) for u in units for d in ds]
    keys += [_key(K.DEMONSTRATE, district=a, target=b) for a in ds for b in ds if a != b]
    keys += [_key(k, target=s) for k in SITE_KINDS for s in sites]
    keys += [_key(k, target=x) for k in LINK_KINDS for x in links]
    keys += [_key(K.ARREST, district=d, target=g) for d in ds for g in factions]
    keys += [_key(K.SET_RATION, amount=level) for level in index.ration_levels]
    keys += [_key(K.NEGOTIATE, target=g) for g in factions]
    choices = dict.fromkeys(c.id for e in scenario.events for c in e.choices)
    keys += [_key(K.CHOOSE, choice=c) for c in choices]
    return ActionEncoding(tuple(keys), {key: i for i, key in enumerate(keys)})


_ACTIONS: dict[int, tuple[Scenario, ActionEncoding]] = {}
_OBSERVATIONS: dict[int, tuple[Scenario, ObservationEncoding]] = {}


def action_encoding(scenario: Scenario) -> ActionEncoding:
    """The scenario's action numbering, built once per scenario object."""
    hit = _ACTIONS.get(id(scenario))
    if hit is None or hit[0] is not scenario:
        hit = _ACTIONS[id(scenario)] = (scenario, _build_actions(scenario))
    return hit[1]


@dataclass(frozen=True)
class ObservationEncoding:
    """How an observation becomes a vector; `layout` names its blocks in order."""

    scenario: Scenario
    unit_ids: tuple[str, ...]
    layout: tuple[tuple[str, int], ...]

    @property
    def size(self) -> int:
        return sum(n for _, n in self.layout)

    def encode(self, seen: Observation) -> npt.NDArray[np.float32]:
        index = index_for(self.scenario)
        n_f, n_d = index.n_factions, index.n_districts
        population = np.maximum(index.population, 1.0)
        workers = np.maximum(index.workers, 1.0)
        rows = np.array([seen.unit_ids.index(u) if u in seen.unit_ids else -1 for u in self.unit_ids])
        present = rows >= 0
        row = np.where(present, rows, 0)
        alive = present & seen.unit_alive[row]
        strongest = max(float(seen.unit_strength.max(initial=1.0)), 1.0)
        stock_days = seen.city_stock * 1e6 / max(seen.ration * float(index.population.sum()), 1.0)
        parts = [
            _one_hot(seen.viewer, n_f),
            _one_hot(index.faction[seen.current_faction], n_f),
            np.array([seen.turn / max(index.n_turns, 1), 1.0 if seen.pending_choice is not None else 0.0]),
            np.minimum(seen.action_points / 10.0, 1.0),
            seen.legitimacy,
            seen.influence.ravel(),
            seen.unrest,
            seen.hardship,
            seen.strikers / workers,
            seen.crowd / population,
            np.minimum(seen.bread_days / BREAD_DAYS_FULL, 1.0),
            _one_hot_rows(seen.district_controller + 1, n_f + 1).ravel(),
            alive.astype(np.float64),
            np.where(alive, seen.unit_strength[row] / strongest, 0.0),
            (_one_hot_rows(seen.unit_district[row], n_d) * alive[:, None]).ravel(),
            (_one_hot_rows(seen.unit_commander[row] + 1, n_f + 1) * alive[:, None]).ravel(),
            (seen.unit_loyalty[row] * alive[:, None]).ravel(),
            np.where(alive, seen.loyalty_known[row], False).astype(np.float64),
            (_one_hot_rows(seen.unit_commissar[row] + 1, n_f + 1) * alive[:, None]).ravel(),
            _one_hot_rows(seen.site_holder + 1, n_f + 1).ravel(),
            seen.link_raised.astype(np.float64),
            np.array([min(stock_days / BREAD_DAYS_FULL, 1.0), seen.rail_factor]),
        ]
        vector: npt.NDArray[np.float32] = np.clip(np.concatenate(parts), 0.0, 1.0).astype(np.float32)
        return vector


def _one_hot(i: int, n: int) -> npt.NDArray[np.float64]:
    out = np.zeros(n)
    out[i] = 1.0
    return out


def _one_hot_rows(values: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.float64]:
    return np.eye(n)[np.clip(values, 0, n - 1)]


def _build_observations(scenario: Scenario) -> ObservationEncoding:
    index = index_for(scenario)
    f, d, s, lk = index.n_factions, index.n_districts, len(index.site_ids), len(index.link_ids)
    units = all_unit_ids(scenario)
    u = len(units)
    layout = (
        ("viewer", f),
        ("to move", f),
        ("turn, card waiting", 2),
        ("action points / 10", f),
        ("legitimacy", f),
        ("influence [district, faction]", d * f),
        ("unrest", d),
        ("hardship", d),
        ("strikers / workers", d),
        ("crowd / population", d),
        ("bread days / 30", d),
        ("controller [district, none + factions]", d * (f + 1)),
        ("unit on the map", u),
        ("unit strength / strongest", u),
        ("unit district [unit, district]", u * d),
        ("unit commander [unit, none + factions]", u * (f + 1)),
        ("unit loyalty as seen [unit, faction]", u * f),
        ("unit loyalty known", u),
        ("unit commissar [unit, none + factions]", u * (f + 1)),
        ("site holder [site, none + factions]", s * (f + 1)),
        ("bridge raised", lk),
        ("days of bread in the warehouses / 30, rail deliveries", 2),
    )
    return ObservationEncoding(scenario, units, layout)


def observation_encoding(scenario: Scenario) -> ObservationEncoding:
    """The scenario's observation layout, built once per scenario object."""
    hit = _OBSERVATIONS.get(id(scenario))
    if hit is None or hit[0] is not scenario:
        hit = _OBSERVATIONS[id(scenario)] = (scenario, _build_observations(scenario))
    return hit[1]


def legal_mask(state: GameState) -> npt.NDArray[np.int8]:
    """The mask for the side to move now."""
    return action_encoding(state.scenario).mask(state.legal_actions())
