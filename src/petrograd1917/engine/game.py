"""A game's life cycle: build the state from a scenario and a seed, hand the turn from faction to faction, and
run the end-of-turn phases after the last one."""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.index import UNIT_KIND_CODE, index_for
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.model import Scenario


def new_game(scenario: Scenario, seed: int) -> GameState:
    """A fresh game at the start of turn 0. Same scenario and seed -> the same game, in any process."""
    index = index_for(scenario)
    n_d, n_f = index.n_districts, index.n_factions
    state = GameState.__new__(GameState)
    state.scenario = scenario
    state.index = index
    state.rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    state.turn = 0
    state.faction_cursor = 0
    state.action_points = np.zeros(n_f, dtype=np.int64)

    state.influence = np.zeros((n_d, n_f))
    for d, district in enumerate(scenario.districts):
        for faction_id, share in district.influence.items():
            state.influence[d, index.faction[faction_id]] = share
    state.unrest = np.array([d.unrest for d in scenario.districts], dtype=np.float64)
    state.hardship = np.array([d.hardship for d in scenario.districts], dtype=np.float64)
    state.strikers = np.array([d.strikers for d in scenario.districts], dtype=np.float64)
    state.crowd = np.zeros(n_d)
    state.bread_days = np.array([d.bread_days for d in scenario.districts], dtype=np.float64)
    state.fear = np.array([d.fear for d in scenario.districts], dtype=np.float64)
    state.district_controller = np.array(
        [index.faction[d.controller] if d.controller else -1 for d in scenario.districts], dtype=np.int64
    )
    state.legitimacy = np.array([f.legitimacy for f in scenario.factions], dtype=np.float64)

    units = scenario.units
    state.unit_specs = units
    state.unit_ids = dict(index.unit)
    state.unit_alive = np.ones(len(units), dtype=np.bool_)
    state.unit_strength = np.array([u.strength for u in units], dtype=np.float64)
    state.unit_district = np.array([index.district[u.district] for u in units], dtype=np.int64)
    state.unit_arms = np.array([u.arms for u in units], dtype=np.float64)
    state.unit_discipline = np.array([u.discipline for u in units], dtype=np.float64)
    state.unit_commander = np.array([index.faction[u.commander] if u.commander else -1 for u in units], dtype=np.int64)
    state.unit_loyalty = np.zeros((len(units), n_f))
    for u, unit in enumerate(units):
        for faction_id, share in unit.loyalty.items():
            state.unit_loyalty[u, index.faction[faction_id]] = share
    state.unit_strain = np.zeros(len(units))
    state.unit_commissar = np.full(len(units), -1, dtype=np.int64)
    state.unit_moved = np.zeros(len(units), dtype=np.bool_)
    state.unit_kind = np.array([UNIT_KIND_CODE[u.kind] for u in units], dtype=np.int64)

    state.site_holder = np.array([index.faction[s.holder] if s.holder else -1 for s in scenario.sites], dtype=np.int64)
    state.site_defended = np.full(len(scenario.sites), -1, dtype=np.int64)
    state.link_raised = np.array([link.raised for link in scenario.links], dtype=np.bool_)

    state.city_stock = float(scenario.food.stock_tonnes)
    state.ration = float(scenario.food.ration_grams)
    state.rail_factor = 1.0
    state.flags = set()
    state.fired_events = set()
    state.key_events = {}
    state.pending_choice = None
    state.log = []
    state.series = {}
    state.winner = None
    state.over_reason = ""
    state.idle_turns = 0
    state.turn_acted = False
    _grant_action_points(state)
    _skip_factions_without_points(state)
    return state


def _grant_action_points(state: GameState) -> None:
    """Base points plus what held sites give. Added, not set: points granted by effects before the turn survive."""
    index = state.index
    bonus = np.zeros(index.n_factions, dtype=np.int64)
    held = state.site_holder >= 0
    np.add.at(bonus, state.site_holder[held], index.site_action_points[held])
    state.action_points += index.faction_action_points + bonus


def end_faction(state: GameState) -> None:
    """The acting faction is done (passed or out of points): hand over, or end the turn after the last faction."""
    state.action_points[state.faction_cursor] = 0
    state.faction_cursor += 1
    _skip_factions_without_points(state)


def _skip_factions_without_points(state: GameState) -> None:
    """A faction with no points has nothing to decide; after the last faction the turn ends (maybe several)."""
    n_f = state.index.n_factions
    while not state.is_over() and state.pending_choice is None:
        while state.faction_cursor < n_f and state.action_points[state.faction_cursor] <= 0:
            state.faction_cursor += 1
        if state.faction_cursor < n_f:
            return
        _end_turn(state)


def resume_after_choice(state: GameState) -> None:
    """An event choice was answered: play continues with whoever is to act."""
    _skip_factions_without_points(state)


def _end_turn(state: GameState) -> None:
    from petrograd1917.engine.outcome import finish_by_scores
    from petrograd1917.engine.series import record_series
    from petrograd1917.engine.turn import end_of_turn

    state.idle_turns = 0 if state.turn_acted else state.idle_turns + 1
    end_of_turn(state)
    record_series(state)
    if state.is_over():
        return
    limit = state.scenario.rules.max_turns_without_action
    if state.turn + 1 >= state.index.n_turns:
        finish_by_scores(state, "the last turn is over")
    elif limit and state.idle_turns >= limit:
        finish_by_scores(state, f"nobody acted for {state.idle_turns} turns")
    else:
        _start_turn(state)


def _start_turn(state: GameState) -> None:
    state.turn += 1
    state.faction_cursor = 0
    state.turn_acted = False
    state.unit_moved[:] = False
    state.site_defended[:] = -1
    _grant_action_points(state)
