"""The game facade: a new game from a scenario and a seed, and the door every player goes through
(`legal_actions`, `apply`, `preview`, `odds`, `outcome`, what a side sees of a unit's loyalty).

It sits on top of the rules and installs itself as the door of `GameState` (engine/state.py holds data only and
imports no rules), so `state.apply(action)` reads as before while the layers stay one-way: data < rules < game.
"""

from __future__ import annotations

import numpy as np

from petrograd1917.engine import handover
from petrograd1917.engine import state as state_module
from petrograd1917.engine.cache import PerObject
from petrograd1917.engine.compiled import COMPILED
from petrograd1917.engine.handover import grant_action_points, skip_factions_without_points
from petrograd1917.engine.index import index_for
from petrograd1917.engine.listing import legal_actions
from petrograd1917.engine.outcome import outcome, scores
from petrograd1917.engine.preview import action_odds, preview
from petrograd1917.engine.resolve import apply_action
from petrograd1917.engine.state import GameState, state_from, unit_columns
from petrograd1917.engine.visibility import visible_loyalties, visible_loyalty
from petrograd1917.scenario.model import Scenario


def new_game(scenario: Scenario, seed: int) -> GameState:
    """A fresh game at the start of turn 0. Same scenario and seed -> the same game, in any process."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    shared = {"scenario": scenario, "index": index_for(scenario), "seed": seed}
    state = state_from({**_START(scenario), **shared}, rng)  # its own copies of the arrays, sets and lists
    grant_action_points(state)
    skip_factions_without_points(state)
    return state


def _start(scenario: Scenario) -> dict[str, object]:
    """Every field's value as a game of the scenario starts, before the first turn's points (but the seed, and the
    scenario and its index, which a cached value must not hold): the same for every game, so made once (`_START`)
    and copied (its arrays are read-only)."""
    index = index_for(scenario)
    n_d, n_f = index.n_districts, index.n_factions
    districts = scenario.districts
    influence = np.zeros((n_d, n_f))
    for d, district in enumerate(districts):
        for faction_id, share in district.influence.items():
            influence[d, index.faction[faction_id]] = share
    start: dict[str, object] = {
        "action_points": np.zeros(n_f, dtype=np.int64),
        "influence": influence,
        "unrest": np.array([d.unrest for d in districts], dtype=np.float64),
        "hardship": np.array([d.hardship for d in districts], dtype=np.float64),
        "strikers": np.array([d.strikers for d in districts], dtype=np.float64),
        "crowd": np.zeros(n_d),
        "bread_days": np.array([d.bread_days for d in districts], dtype=np.float64),
        "fear": np.array([d.fear for d in districts], dtype=np.float64),
        "legitimacy": np.array([f.legitimacy for f in scenario.factions], dtype=np.float64),
        **unit_columns(index, scenario.units),
        "site_holder": np.array([index.faction[s.holder] if s.holder else -1 for s in scenario.sites], dtype=np.int64),
        "site_defended": np.full(len(scenario.sites), -1, dtype=np.int64),
        "link_raised": np.array([link.raised for link in scenario.links], dtype=np.bool_),
        "district_controller": np.array(
            [index.faction[d.controller] if d.controller else -1 for d in districts], dtype=np.int64
        ),
        "turn": 0,
        "faction_cursor": 0,
        "unit_ids": dict(index.unit),
        "city_stock": float(scenario.food.stock_tonnes),
        "ration": float(scenario.food.ration_grams),
        "rail_factor": 1.0,
        "flags": set(),
        "fired_events": set(),
        "key_events": {},
        "pending_choice": None,
        "winner": None,
        "over_reason": "",
        "idle_turns": 0,
        "turn_acted": False,
        "log": [],
        "series": {},
        "keeps_record": True,
        "unit_specs": scenario.units,
    }
    for value in start.values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return start


# Per scenario (engine/cache.py).
_START: PerObject[Scenario, dict[str, object]] = PerObject(_start)


def warm_up(scenario: Scenario, turns: int = 6) -> None:
    """Play the first turns of a throwaway game by random orders (its own generator, seeded), so that numba
    compiles the engine's kernels, or loads them from its disk cache, before anyone waits on them: the first run
    on a machine compiles for some seconds, later runs load in milliseconds. Nothing to do for plain Python."""
    if not COMPILED:
        return
    state = new_game(scenario, 0)
    while not state.is_over() and state.turn < turns:
        actions = legal_actions(state)
        apply_action(state, actions[int(state.rng.integers(len(actions)))])


def end_faction(state: GameState) -> None:
    """End the acting faction's part of the turn: what an order spending its last points does, unless it was
    applied with `hold_turn=True` (the window holds the turn open so the order can still be taken back)."""
    state.receipt = None  # a change through the door: the list made before no longer holds
    handover.end_faction(state)


class _Door:
    """The rules behind `GameState`'s public methods: the functions themselves, so that a call through the door
    costs no call of its own (the listing and the order are asked at every step of every playout)."""

    legal_actions = staticmethod(legal_actions)
    apply = staticmethod(apply_action)
    preview = staticmethod(preview)
    odds = staticmethod(action_odds)
    outcome = staticmethod(outcome)
    scores = staticmethod(scores)
    visible_loyalty = staticmethod(visible_loyalty)
    visible_loyalties = staticmethod(visible_loyalties)


state_module.install_door(_Door())
