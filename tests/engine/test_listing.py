"""The fast list (engine/listing.py) is, action for action and in order, the list made from nothing by checking every
candidate one by one (engine/legality.py): after every action of seeded games, after writes straight into the
state and returns to earlier states, on a city tiled ten times over, for a faction that may storm held sites only
once a condition holds, and with two threads listing at once. An action applied from the list just made of its
state is not checked again; any other is."""

from __future__ import annotations

import dataclasses
import sys
import threading

import numpy as np
import pytest
from small_scenario import build_small_scenario

from petrograd1917.bench.engine import tile_scenario
from petrograd1917.engine import listing, resolve
from petrograd1917.engine.actions import Action
from petrograd1917.engine.evaluate import Value, evaluate
from petrograd1917.engine.game import end_faction, new_game
from petrograd1917.engine.legality import IllegalActionError, index_form, validate
from petrograd1917.engine.links import FOOT, link_open
from petrograd1917.engine.listing import DISTRICT_KINDS, LINK_KINDS, SITE_KINDS, UNIT_KINDS
from petrograd1917.engine.state import GameState, add_units
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import ActionKind, Scenario

K = ActionKind


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
    """Whatever the listing keeps from one listing to the next (its tables per scenario, faction and unit set),
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


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_every_action_the_tables_made_has_the_index_form_the_checks_find(name: str) -> None:
    """The listing makes each action's index form from the indices its table numbers by, and `apply` takes an
    action from the list in that form, unchecked: for every action made in the tables a seeded game lists with,
    every order kind among them, it is the form found from the action's ids, and the action sits at its place."""
    scenario = load_scenario(name)
    game = new_game(scenario, 33)
    rng = np.random.default_rng(33)
    kinds: set[ActionKind] = set()
    while not game.is_over():
        listed = game.legal_actions()
        receipt = game.receipt
        if receipt is not None and game.turn % 3 == 0:
            table = receipt[0]  # the table the list was taken from
            for action, form, place in table.forms.values():
                assert form == index_form(game, action) and table.actions[place] is action
                kinds.add(action.kind)
        game.apply(listed[int(rng.integers(len(listed)))])
    assert len(kinds) >= 15


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_no_check_of_what_may_be_ordered_reads_a_loyalty(name: str) -> None:
    """Loyalties redrawn at random (as a searcher redraws the hidden ones of a world it has listed) change neither
    the fast list nor any candidate's one-by-one check: the list made before the redraw still holds after it."""
    scenario = load_scenario(name)
    rng = np.random.default_rng(7)
    game = new_game(scenario, 7)
    compared = 0
    while not game.is_over():
        listed = game.legal_actions()
        if game.pending_choice is None and game.turn % 3 == 0:
            redrawn = game.clone()
            redrawn.receipt = None
            shares = rng.random(redrawn.unit_loyalty.shape)
            redrawn.unit_loyalty[:] = shares / shares.sum(axis=1, keepdims=True)
            assert redrawn.legal_actions() == listed == _checked_list(redrawn)
            compared += 1
        game.apply(listed[int(rng.integers(len(listed)))])
    assert compared > 50


def _disturb(state: GameState, rng: np.random.Generator) -> None:
    """A write straight into the state, of the kind events and tests make: a following lost or won, a crowd gone
    or gathered, a strike ended or begun (railways shut), a unit wounded, disarmed or moved, a site changing hands,
    a bridge raised or lowered, shops emptied or filled, the stock gone."""
    index = state.index
    d, u = int(rng.integers(index.n_districts)), int(rng.integers(state.n_units))
    f = int(rng.integers(index.n_factions))
    match int(rng.integers(10)):
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
        case 7:
            state.unit_arms[u] = 0.0
        case 8:
            state.city_stock = 0.0 if state.city_stock > 0 else 500.0
        case _:
            state.bread_days[d] = 0.0 if state.bread_days[d] > 1 else 5.0


def _wander(scenario: Scenario, seed: int, steps: int) -> int:
    """Play at random with detours (writes straight into the state, returns to earlier states); check the list
    against the one-by-one checks at every step. Returns the checks made."""
    rng = np.random.default_rng(seed)
    state = new_game(scenario, seed)
    earlier: list[GameState] = []
    checked = 0
    for _ in range(steps):
        if state.is_over():
            if not earlier:
                break
            state = earlier.pop(int(rng.integers(len(earlier))))
        listed = state.legal_actions()
        if state.pending_choice is None:
            assert listed == _checked_list(state), f"step {checked}"
            checked += 1
        roll = rng.random()
        if roll < 0.08:
            earlier.append(state.clone())
        elif roll < 0.14 and earlier:
            state = earlier[int(rng.integers(len(earlier)))].clone()
        elif roll < 0.3:
            _disturb(state, rng)
        elif roll < 0.38:
            state.apply(listed[0])  # a pass: the next faction, or the end of the turn
        else:
            state.apply(listed[int(rng.integers(len(listed)))])
    return checked


def test_after_writes_straight_into_the_state_the_list_is_the_one_the_checks_make(small_scenario: Scenario) -> None:
    assert sum(_wander(small_scenario, seed, 200) for seed in range(3)) > 450


@pytest.mark.parametrize("name", ["february-1917", "october-1917"])
def test_after_writes_straight_into_the_historical_cities_the_list_is_the_one_the_checks_make(name: str) -> None:
    assert _wander(load_scenario(name), 7, 250) > 180


def test_on_a_city_tiled_ten_times_the_list_is_the_one_the_checks_make() -> None:
    """Marches and moves sit in the table by (district or unit, target): ten copies of the city give ten times the
    districts and units, and the places must still be each action's own."""
    scenario = tile_scenario(load_scenario("october-1917"), 10)
    rng = np.random.default_rng(3)
    game = new_game(scenario, 3)
    checked = 0
    for step in range(300):
        if game.is_over():
            break
        listed = game.legal_actions()
        if step % 15 == 0 and game.pending_choice is None:
            assert listed == _checked_list(game), f"step {step}"
            checked += 1
        game.apply(listed[int(rng.integers(len(listed)))])
    assert checked >= 15


def test_a_faction_that_may_storm_only_once_its_condition_holds_lists_held_sites_only_then(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Bolsheviks of October seize sites the government holds only once the rising is agreed: before, their
    armed men at a held site list no seizure of it (a site nobody holds they may take); the condition is read only
    when a held site could be seized."""
    scenario = load_scenario("october-1917")
    game = new_game(scenario, 1)
    f = game.index.faction["bolsheviks"]
    storm_if = scenario.factions[f].storm_if
    assert storm_if is not None
    game.faction_cursor = f
    game.action_points[f] = 10
    asked: list[int] = []

    def counted(state: GameState, faction: int | None) -> Value:
        asked.append(1)
        return evaluate(storm_if, state, faction)

    kept = listing._KEPT(scenario)
    storms = tuple(counted if g == f else storm for g, storm in enumerate(kept.storms))
    counting = dataclasses.replace(kept, storms=storms)
    monkeypatch.setattr(listing, "_KEPT", lambda _: counting)
    armed = [u for u in range(game.n_units) if game.unit_commander[u] == f and game.unit_arms[u] > 0]
    held = [s for s in range(len(game.site_holder)) if 0 <= game.site_holder[s] != f]
    assert len(armed) >= 2 and len(held) >= 2
    home = int(game.index.site_district[game.site_holder.tolist().index(f)])
    game.site_holder[game.site_holder < 0] = f  # no site is nobody's
    assert not any(game.index.site_district[s] == home for s in held)
    game.unit_district[armed] = home  # where no rival holds a site
    before = len(asked)
    assert game.legal_actions() == _checked_list(game)
    assert len(asked) == before  # no held site to seize: the condition is not read

    game.unit_district[armed[0]] = int(game.index.site_district[held[0]])
    unheld = held[1]
    game.site_holder[unheld] = -1
    game.unit_district[armed[1]] = int(game.index.site_district[unheld])
    seizures = {a.target for a in game.legal_actions() if a.kind is K.SEIZE}
    assert not evaluate(storm_if, game, f)
    assert game.index.site_ids[held[0]] not in seizures
    assert game.index.site_ids[unheld] in seizures
    assert game.legal_actions() == _checked_list(game)
    assert len(asked) > before

    game.flags.add("insurrection_agreed")
    assert evaluate(storm_if, game, f)
    seizures = {a.target for a in game.legal_actions() if a.kind is K.SEIZE}
    assert {game.index.site_ids[held[0]], game.index.site_ids[unheld]} <= seizures
    assert game.legal_actions() == _checked_list(game)


def test_factions_listing_in_turn_each_get_their_own_list(small_scenario: Scenario) -> None:
    """Each faction has its own table: listing one faction, then another, then the first on an unchanged state
    gives the first list again."""
    game = new_game(small_scenario, 3)
    first = game.legal_actions()
    other = game.clone()
    other.apply(first[0])
    assert other.current_faction != game.current_faction
    second = other.legal_actions()
    assert second and second[0].faction == other.current_faction
    assert game.legal_actions() == first == _checked_list(game)


def test_two_threads_listing_at_once_each_get_their_own_lists() -> None:
    """A computer player thinks in a background thread while the window lists: each thread writes into its own
    buffer, and a table both threads fill on first use at once holds the right actions."""
    played = tile_scenario(load_scenario("february-1917"), 2)
    rng = np.random.default_rng(9)
    game, lists, chosen = new_game(played, 9), list[list[Action]](), list[Action]()
    while not game.is_over() and len(lists) < 400:
        lists.append(game.legal_actions())
        chosen.append(lists[-1][int(rng.integers(len(lists[-1])))])
        game.apply(chosen[-1])
    # the same game on an equal scenario no one has listed: its tables are made by both threads at once
    game, states = new_game(tile_scenario(load_scenario("february-1917"), 2), 9), []
    for action in chosen:
        states.append(game.clone())
        game.apply(action)
    found: list[list[list[Action]]] = [[], []]
    start = threading.Barrier(2)

    def run(k: int) -> None:
        start.wait()
        for _ in range(5):
            found[k] = [state.legal_actions() for state in (states[::-1] if k else states)]

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # the threads take turns between any two steps of the listing
    try:
        threads = [threading.Thread(target=run, args=(k,)) for k in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert found[0] == lists
    assert found[1] == lists[::-1]
    assert all(lists[k] == _checked_list(states[k]) for k in range(0, len(states), 40) if not states[k].pending_choice)


def test_a_list_made_again_of_the_same_places_is_the_callers_own_and_a_failed_listing_leaves_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A list of the same places as the thread's last one is made of that one's actions (two lists in five of a
    random game): it is still the caller's own to change, and a listing that fails halfway leaves nothing the next
    listing could take for the list of its places."""
    game = new_game(build_small_scenario(), 4)  # a scenario of its own: none of its actions made yet
    f = game.current_faction_index
    game.influence[:, f] = 0.0  # no following anywhere: none of the orders that need one are listed, nor made
    first = game.legal_actions()
    listed = list(first)
    first.reverse()
    again = game.legal_actions()
    assert again == listed == _checked_list(game) and again is not first
    game.influence[:, f] = 0.5  # a following everywhere: the orders that need one, not made yet
    monkeypatch.setattr(listing, "_make", _failing)
    with pytest.raises(RuntimeError):
        game.legal_actions()
    monkeypatch.undo()
    assert game.legal_actions() == _checked_list(game) != listed


def _failing(*_: object) -> None:
    raise RuntimeError("a listing that fails after its kernel")


def _counting_checks(monkeypatch: pytest.MonkeyPatch) -> list[Action]:
    """The actions `apply` checks from now on (engine/legality.py's `validate`, as resolve.py calls it)."""
    checked: list[Action] = []

    def counted(state: GameState, action: Action) -> object:
        checked.append(action)
        return validate(state, action)

    monkeypatch.setattr(resolve, "validate", counted)
    return checked


def test_an_action_from_the_list_of_its_state_is_applied_unchecked_and_any_other_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The list's receipt holds for its own state while nothing changes it, and for a copy of that state while
    nothing changes the copy: an action taken from it is applied there without a second check, whatever the other
    has done since; an equal action made elsewhere, and any action once the state has moved on, are checked (and
    refused when they no longer hold)."""
    scenario = load_scenario("october-1917")
    checked = _counting_checks(monkeypatch)
    rng = np.random.default_rng(5)
    game = new_game(scenario, 5)
    for _ in range(200):
        if game.is_over():
            break
        listed = game.legal_actions()
        action = listed[int(rng.integers(len(listed)))]
        copy, twin = game.clone(), game.clone()
        before = len(checked)
        game.apply(action)
        assert len(checked) == before + (action.kind is K.CHOOSE)  # a card's choices are no table's
        copy.apply(Action.from_json(action.to_json()))  # an equal action, on a copy: checked
        assert checked[before:] and checked[-1] == action
        before = len(checked)
        twin.apply(action)  # the action itself, on a copy made before its original moved on: not checked
        assert len(checked) == before + (action.kind is K.CHOOSE)
        assert copy.state_hash() == game.state_hash() == twin.state_hash()
    assert len({a.kind for a in checked}) >= 8


def test_an_action_listed_before_the_state_moved_on_is_checked_again(small_scenario: Scenario) -> None:
    """Once an order has spent the faction's points (or ended its part of the turn, or the window has ended it),
    the rest of the list made before is refused, however it is given."""
    game = new_game(small_scenario, 2)
    listed = game.legal_actions()
    game.apply(listed[0])  # a pass: the next faction acts
    with pytest.raises(IllegalActionError, match="turn"):
        game.apply(listed[-1])
    held = new_game(small_scenario, 2)
    listed = held.legal_actions()
    held.apply(listed[-1], hold_turn=True)
    held.action_points[held.faction_cursor] = 0  # nothing left: every paid order is refused from now on
    held.legal_actions()  # a new list (and receipt) of the state as it is now
    paid = next(a for a in listed if held.index.rules[a.kind].cost > 0)
    with pytest.raises(IllegalActionError, match="costs"):
        held.apply(paid)
    ended = new_game(small_scenario, 2)
    listed = ended.legal_actions()
    end_faction(ended)  # the window ends the part of the turn held open: the next faction acts
    with pytest.raises(IllegalActionError, match="turn"):
        ended.apply(listed[-1])


def test_a_seizure_the_condition_kept_off_the_list_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel finds a held site's seizure legal, but the faction's storm_if keeps it off the list: applied,
    it is checked, and refused (which changes nothing); the seizure of a site nobody holds, listed, is not."""
    scenario = load_scenario("october-1917")
    game = new_game(scenario, 1)
    f = game.index.faction["bolsheviks"]
    game.faction_cursor = f
    game.action_points[f] = 10
    armed = [u for u in range(game.n_units) if game.unit_commander[u] == f and game.unit_arms[u] > 0]
    held, free = [s for s in range(len(game.site_holder)) if 0 <= game.site_holder[s] != f][:2]
    game.site_holder[free] = -1
    game.unit_district[armed[0]] = int(game.index.site_district[held])
    game.unit_district[armed[1]] = int(game.index.site_district[free])
    listed = game.legal_actions()
    table = listing._table(game, f, listing._KEPT(scenario))
    seize, take = (table.actions[table.starts[listing._SITE] + s] for s in (held, free))  # both made by the listing
    assert seize not in listed and seize.kind is K.SEIZE and seize.target == game.index.site_ids[held]
    assert take in listed and take.target == game.index.site_ids[free]
    checked = _counting_checks(monkeypatch)
    with pytest.raises(IllegalActionError):
        game.apply(seize)
    game.apply(take)
    assert checked == [seize]


def test_the_places_of_the_list_just_made_are_given_until_the_state_changes_or_another_list_is_made(
    small_scenario: Scenario,
) -> None:
    """`listed_places` gives where each listed action sits in its faction's table, in the list's order (each place
    always holding that action), only while that list is the last one made and its state (or a copy of it that
    is asked) has not changed."""
    game = new_game(small_scenario, 4)
    listed = game.legal_actions()
    places = listing.listed_places(game)
    assert places is not None and len(places) == len(listed)
    table = listing._table(game, game.current_faction_index, listing._KEPT(small_scenario))
    assert [table.actions[p] for p in places.tolist()] == listed
    other = game.clone()
    assert np.array_equal(listing.listed_places(other), places)  # a copy is the same position: the same list
    other.apply(listed[-1], hold_turn=True)
    assert listing.listed_places(other) is None and np.array_equal(listing.listed_places(game), places)
    other.legal_actions()
    assert listing.listed_places(game) is None  # another list was made since
    game.legal_actions()
    game.apply(listed[-1], hold_turn=True)
    assert listing.listed_places(game) is None  # the state changed


def test_units_added_in_either_order_are_named_by_their_own_places(small_scenario: Scenario) -> None:
    """Two games whose events bring the same units in, in opposite orders, play with two unit sets, and a unit's
    place differs between them: each list holds exactly the checks' actions, and each listed action's index form
    (by which `apply` takes it without a check) names the unit at its place in that game."""
    base = small_scenario.units[0]
    mover = small_scenario.factions[0].id
    extra = [dataclasses.replace(base, id=f"{base.id}_{k}", commander=mover) for k in ("a", "b")]
    for order in (extra, extra[::-1]):
        game = new_game(small_scenario, 5)
        add_units(game, order)
        game.faction_cursor = game.index.faction[mover]
        game.action_points[game.faction_cursor] = 10
        listed = game.legal_actions()
        assert listed == _checked_list(game)
        named = [action for action in listed if action.unit is not None]
        assert {action.unit for action in named} >= {unit.id for unit in extra}
        for action in named:
            form = listing.listed_form(game, action)
            assert form is not None and action.unit is not None and form.unit == game.unit_ids[action.unit]


def test_a_table_for_units_an_event_brought_in_starts_with_what_the_last_one_made(small_scenario: Scenario) -> None:
    """When an event brings a unit in, the faction lists with a new table, which takes at once every action its
    last table made (the new unit comes after the others, so each names the same unit at the same place): the very
    same values, in the list the checks make, each taken from it without a check in the form the checks give."""
    game = new_game(small_scenario, 6)
    f = game.current_faction_index
    kept = listing._KEPT(small_scenario)
    game.legal_actions()
    old = listing._table(game, f, kept)
    made = {id(action) for action in old.actions.tolist() if action is not None}
    unit = small_scenario.units[0]
    add_units(game, [dataclasses.replace(unit, id=f"{unit.id}_new", commander=game.current_faction)])
    new = listing._table(game, f, kept)
    assert new is not old and {id(action) for action in new.actions.tolist() if action is not None} == made
    listed = game.legal_actions()
    assert listed == _checked_list(game)
    inherited = [action for action in listed if id(action) in made]
    assert inherited
    for action in inherited:
        assert listing.listed_form(game, action) == index_form(game, action)
