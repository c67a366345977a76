"""Illegal actions are refused with a clear reason and leave the state untouched; the fast list agrees with the
one-by-one checks on many random states."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pytest
from core_helpers import act, play_randomly

from petrograd1917.engine.actions import Action
from petrograd1917.engine.game import new_game
from petrograd1917.engine.legality import IllegalActionError, Indexed, indexed, validate
from petrograd1917.engine.orders import ORDERS
from petrograd1917.engine.state import GameState, add_units
from petrograd1917.scenario.model import ActionKind, Scenario

K = ActionKind


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda g: Action(K.AGITATE, "soviet", district="vyborg"), "it is government's turn"),
        (lambda g: act(g, K.AGITATE, district="vyborgg"), "unknown district 'vyborgg' (did you mean 'vyborg'?)"),
        (lambda g: act(g, K.AGITATE), "either a district or a unit"),
        (lambda g: act(g, K.MOVE, unit="volynsky"), "needs a target"),
        (lambda g: act(g, K.MOVE, unit="baltic_sailors", target="admiralty"), "do not take orders"),
        (lambda g: act(g, K.MOVE, unit="volynsky", target="kronstadt"), "no open way"),
        (lambda g: act(g, K.MOVE, unit="don_cossacks", target="petrograd_side"), "no open way"),
        (lambda g: act(g, K.FIRE, unit="city_police"), "no crowd"),
        (lambda g: act(g, K.SEIZE, target="winter_palace"), "already held"),
        (lambda g: act(g, K.RAISE_BRIDGE, target="palace_bridge"), "already raised"),
        (lambda g: act(g, K.RAISE_BRIDGE, target="gulf"), "not a bridge"),
        (lambda g: act(g, K.NEGOTIATE, target="government"), "itself"),
        (lambda g: act(g, K.CHOOSE, choice="sign"), "no event choice"),
        (lambda g: act(g, K.STRIKE, district="vyborg", target="liteiny"), "takes no target"),
    ],
)
def test_illegal_actions_are_refused_and_change_nothing(
    game: GameState, make: object, message: str
) -> None:  # fmt: skip
    before = game.state_hash()
    with pytest.raises(IllegalActionError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        game.apply(make(game))  # type: ignore[operator]
    assert game.state_hash() == before and not game.log


def test_faction_limits_and_points(small_scenario: Scenario) -> None:
    game = new_game(small_scenario, 1)
    game.apply(act(game, K.PASS))
    assert game.current_faction == "soviet"
    before = game.state_hash()
    with pytest.raises(IllegalActionError, match="may not 'fire'"):
        game.apply(act(game, K.FIRE, unit="volynsky"))
    game.apply(act(game, K.PASS))
    game.action_points[game.faction_cursor] = 1
    with pytest.raises(IllegalActionError, match="costs 2 action points"):
        game.apply(act(game, K.SEIZE, target="finland_station"))
    assert before != game.state_hash()  # (the passes changed it; the refusals did not)


def test_nothing_is_legal_once_the_game_is_over(game: GameState) -> None:
    game.winner = -1
    game.over_reason = "test"
    assert game.legal_actions() == []
    with pytest.raises(IllegalActionError, match="game is over"):
        game.apply(act(game, K.PASS))


def test_only_the_current_faction_gets_a_list(game: GameState) -> None:
    assert game.legal_actions("soviet") == []
    assert game.legal_actions("government")[0] == act(game, K.PASS)


def _every_candidate(state: GameState) -> Iterator[Indexed]:
    """Every well-formed action of the faction to act, legal or not (brute force, for the agreement test)."""
    f = state.current_faction_index
    index = state.index
    n_d, n_f, n_u = index.n_districts, index.n_factions, state.n_units
    for kind in state.scenario.factions[f].actions:
        for d in range(n_d):
            yield Indexed(kind, f, district=d)
            for t in range(n_d):
                yield Indexed(kind, f, district=d, target=t)
            for g in range(n_f):
                yield Indexed(kind, f, district=d, target=g)
        for u in range(n_u):
            yield Indexed(kind, f, unit=u)
            for t in range(n_d):
                yield Indexed(kind, f, unit=u, target=t)
        for t in range(max(len(index.site_ids), len(index.link_ids), n_f)):
            yield Indexed(kind, f, target=t)
        for level in (*index.ration_levels, 250.0):
            yield Indexed(kind, f, amount=level)
        yield Indexed(kind, f)


def _as_action(state: GameState, r: Indexed) -> Action | None:
    """The Action for a candidate, or None when its fields do not fit its kind (e.g. a site index out of range)."""
    index = state.index
    target = None
    if r.target >= 0:
        what = ORDERS[r.kind].target
        ids = {"district": index.district_ids, "faction": index.faction_ids, "link": index.link_ids}.get(
            what or "", index.site_ids
        )
        if what is None or r.target >= len(ids):
            return None
        target = ids[r.target]
    return Action(
        r.kind,
        index.faction_ids[r.faction],
        district=index.district_ids[r.district] if r.district >= 0 else None,
        unit=state.unit_specs[r.unit].id if r.unit >= 0 else None,
        target=target,
        amount=r.amount if r.kind is K.SET_RATION else None,
    )


def test_the_fast_list_agrees_with_the_checks(small_scenario: Scenario) -> None:
    rng = np.random.default_rng(11)
    checked = 0
    for seed in range(6):
        game = new_game(small_scenario, seed)
        for _ in range(8):
            if game.is_over():
                break
            play_randomly(game, rng, steps=int(rng.integers(1, 12)))
            if game.is_over() or game.pending_choice is not None:
                continue
            listed = set(game.legal_actions())
            for candidate in _every_candidate(game):
                action = _as_action(game, candidate)
                if action is None:
                    continue
                try:
                    validate(game, action)
                    ok = True
                except IllegalActionError:
                    ok = False
                assert ok == (action in listed), (action, ok)
                checked += 1
    assert checked > 1000


def test_a_kind_that_is_not_an_action_kind_is_refused(game: GameState) -> None:
    with pytest.raises(IllegalActionError, match="unknown action kind 'mvoe'"):
        game.apply(Action("mvoe", "government"))  # type: ignore[arg-type]


def test_threads_listing_at_once_get_the_lists_one_thread_gets(small_scenario: Scenario) -> None:
    """The listing overwrites working arrays it keeps per table: each thread has its own, so a computer player
    thinking in the background and the window listing at the same moment never mix their masks."""
    rng = np.random.default_rng(4)
    states = []
    for seed in range(4):
        game = new_game(small_scenario, seed)
        while not game.is_over() and len(states) < 40 * (seed + 1):
            states.append(game.clone())
            play_randomly(game, rng, steps=1)
    expected = [state.legal_actions() for state in states]
    start = threading.Barrier(4)
    seen: list[bool] = []

    def list_all(order: list[int]) -> None:
        start.wait()
        for _ in range(20):
            seen.append(all(states[i].legal_actions() == expected[i] for i in order))

    orders = [list(range(len(states))), list(reversed(range(len(states))))] * 2
    threads = [threading.Thread(target=list_all, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 80 and all(seen)


def test_an_action_naming_a_unit_an_event_added_is_read_in_each_game_by_that_games_units(
    small_scenario: Scenario,
) -> None:  # fmt: skip
    """Actions are kept in their index form per scenario; a unit added by an event has its own index in each game
    (or none), so the kept form is never used where the game numbers its units otherwise."""
    first, second = (replace(small_scenario.units[0], id=name) for name in ("first_reserve", "second_reserve"))
    one, other, none = (new_game(small_scenario, 1) for _ in range(3))
    add_units(one, [first])
    add_units(other, [second])
    add_units(other, [first])
    order = act(one, K.AGITATE, unit="first_reserve")
    n = len(small_scenario.units)
    assert indexed(one, order).unit == one.unit_ids["first_reserve"] == n
    assert indexed(other, order).unit == other.unit_ids["first_reserve"] == n + 1
    with pytest.raises(IllegalActionError, match="unknown unit 'first_reserve'"):
        indexed(none, order)
    assert indexed(one, order) == Indexed(K.AGITATE, 0, unit=n)
