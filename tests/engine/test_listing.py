"""The listing keeps each part of the last list it made (per thread) and makes again only the parts whose inputs
changed: after any sequence of orders, ends of turn, clones, returns to an earlier state and writes straight into
the arrays, its list is the one a thread that never listed before makes from scratch."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from petrograd1917.engine.actions import Action
from petrograd1917.engine.game import new_game
from petrograd1917.engine.legality import IllegalActionError, validate
from petrograd1917.engine.links import FOOT, link_open
from petrograd1917.engine.listing import DISTRICT_KINDS, LINK_KINDS, SITE_KINDS, UNIT_KINDS
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import ActionKind, Scenario

K = ActionKind


def _from_scratch(state: GameState) -> list[Action]:
    """The list made by a new thread: it has kept nothing, so every part is made afresh."""
    made: list[list[Action]] = []
    thread = threading.Thread(target=lambda: made.append(state.legal_actions()))
    thread.start()
    thread.join()
    return made[0]


def _disturb(state: GameState, rng: np.random.Generator) -> None:
    """A write straight into the state, of the kind events and tests make: a following lost or won, a crowd gone
    or gathered, a strike ended, a unit wounded or moved, a site changing hands, a bridge raised or lowered."""
    index = state.index
    d, u = int(rng.integers(index.n_districts)), int(rng.integers(state.n_units))
    f = int(rng.integers(index.n_factions))
    match int(rng.integers(8)):
        case 0:
            state.influence[d, f] = 0.0 if state.influence[d, f] > 0 else 0.2
        case 1:
            state.crowd[d] = 0.0 if state.crowd[d] > 0 else float(index.population[d]) / 4
        case 2:
            state.strikers[d] = 0.0 if state.strikers[d] > 0 else float(index.workers[d])
        case 3:
            state.unit_strength[u] = 0.0
        case 4:
            state.unit_district[u] = d
        case 5:
            if len(state.site_holder):
                state.site_holder[int(rng.integers(len(state.site_holder)))] = f
        case 6:
            if len(state.link_raised):
                state.link_raised[int(rng.integers(len(state.link_raised)))] ^= True
        case _:
            state.bread_days[d] = 0.0 if state.bread_days[d] > 1 else 5.0


def _wander(scenario: Scenario, seed: int, steps: int) -> int:
    """Play at random with detours; check the kept list against the fresh one at every step. Returns the checks."""
    rng = np.random.default_rng(seed)
    state = new_game(scenario, seed)
    earlier: list[GameState] = []
    checked = 0
    for _ in range(steps):
        if state.is_over():
            if not earlier:
                break
            state = earlier.pop(int(rng.integers(len(earlier))))
        kept = state.legal_actions()
        assert kept == _from_scratch(state), f"step {checked}"
        checked += 1
        roll = rng.random()
        if roll < 0.08:
            earlier.append(state.clone())  # come back to it later: the thread's kept parts are then from elsewhere
        elif roll < 0.14 and earlier:
            state = earlier[int(rng.integers(len(earlier)))].clone()
        elif roll < 0.22:
            _disturb(state, rng)
        elif roll < 0.3:
            state.apply(kept[0])  # a pass: the next faction, or the end of the turn
        else:
            state = state.clone() if roll < 0.35 else state
            state.apply(kept[int(rng.integers(len(kept)))])
    return checked


def test_the_kept_parts_give_the_list_made_from_scratch(small_scenario: Scenario) -> None:
    assert sum(_wander(small_scenario, seed, 300) for seed in range(4)) > 800


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_the_kept_parts_give_the_list_made_from_scratch_on_the_historical_cities(name: str) -> None:
    assert _wander(load_scenario(name), 7, 400) > 300


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_after_every_action_of_whole_games_the_kept_list_is_the_one_made_from_scratch(name: str) -> None:
    """Whole random games, the list checked after every action (the end of each part of a turn, of each turn, and
    the events' choices included), two games in turn so the thread's kept parts come from the other game too."""
    scenario = load_scenario(name)
    rng = np.random.default_rng(5)
    games = [new_game(scenario, seed) for seed in (21, 22, 23)]
    checked = 0
    while any(not game.is_over() for game in games):
        for game in games:
            if game.is_over():
                continue
            kept = game.legal_actions()
            assert kept == _from_scratch(game), f"{name}, turn {game.turn}, step {checked}"
            checked += 1
            game.apply(kept[int(rng.integers(len(kept)))])
    assert checked > 600


def test_factions_listing_in_turn_each_get_their_own_list(small_scenario: Scenario) -> None:
    """Each faction's parts are kept apart: listing one faction, then another, then the first on an unchanged
    state gives the first list again."""
    game = new_game(small_scenario, 3)
    first = game.legal_actions()
    other = game.clone()
    other.apply(first[0])
    assert other.current_faction != game.current_faction
    second = other.legal_actions()
    assert second and second[0].faction == other.current_faction
    assert game.legal_actions() == first == _from_scratch(game)


def _neighbours(state: GameState, d: int, mover: int) -> list[int]:
    """The districts one open link away from `d` for this kind of mover (`FOOT` for a march), each once, in the
    order of the first open link to each (the one-link-at-a-time check)."""
    seen: list[int] = []
    for link, other in state.index.neighbour_links[d]:
        if other not in seen and link_open(state, link, mover):
            seen.append(other)
    return seen


def _passes(state: GameState, action: Action) -> bool:
    try:
        validate(state, action)
    except IllegalActionError:
        return False
    return True


def _checked_list(state: GameState) -> list[Action]:
    """The list made the slow way, keeping nothing: every candidate, in the order the list promises (PASS; the
    district, unit, site and bridge orders kind by kind; arrests by district, then by faction; marches and moves
    by district or unit, then by neighbour; rations; propaganda; negotiations), kept if the one-by-one checks of
    engine/legality.py pass."""
    index = state.index
    fid, ds = state.current_faction, index.district_ids
    ids = [spec.id for spec in state.unit_specs]
    units = list(zip(ids, state.unit_district.tolist(), state.unit_kind.tolist(), strict=True))
    candidates = [
        Action(K.PASS, fid),
        *(Action(k, fid, district=d) for k in DISTRICT_KINDS for d in ds),
        *(Action(k, fid, unit=u) for k in UNIT_KINDS for u, _, _ in units),
        *(Action(k, fid, target=s) for k in SITE_KINDS for s in index.site_ids),
        *(Action(k, fid, target=x) for k in LINK_KINDS for x in index.link_ids),
        *(Action(K.ARREST, fid, district=d, target=g) for d in ds for g in index.faction_ids),
        *(
            Action(K.DEMONSTRATE, fid, district=ds[d], target=ds[t])
            for d in range(len(ds))
            for t in _neighbours(state, d, FOOT)
        ),
        *(
            Action(K.MOVE, fid, unit=u, target=ds[t])
            for u, place, kind in units
            for t in _neighbours(state, place, kind)
        ),
        *(Action(K.SET_RATION, fid, amount=level) for level in index.ration_levels),
        Action(K.PROPAGANDA, fid),
        *(Action(K.NEGOTIATE, fid, target=g) for g in index.faction_ids if g != fid),
    ]
    return [action for action in candidates if _passes(state, action)]


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_after_every_action_of_seeded_games_the_list_is_the_one_the_checks_make_in_order(name: str) -> None:
    """Whatever the listing keeps from one listing to the next (its parts in the thread, its tables per scenario),
    its list is, action for action and in order, the one made from nothing by checking every candidate."""
    scenario = load_scenario(name)
    checked = 0
    for seed in (31, 32):
        rng = np.random.default_rng(seed)
        game = new_game(scenario, seed)
        while not game.is_over():
            listed = game.legal_actions()
            if game.pending_choice is None:
                assert listed == _checked_list(game), f"{name}, seed {seed}, turn {game.turn}, step {checked}"
                checked += 1
            game.apply(listed[int(rng.integers(len(listed)))])
    assert checked > 600
