"""One record per order kind, and each record's preview holds to its resolution: on a certain success the state
changes by exactly the amounts the preview states, and the odds breakdown gives the odds the door gives."""

from __future__ import annotations

import importlib
import pkgutil

import numpy as np
import pytest

from petrograd1917.engine import orders
from petrograd1917.engine.game import new_game
from petrograd1917.engine.orders import ORDERS
from petrograd1917.engine.orders.base import Change, Order
from petrograd1917.engine.state import GameState
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import ActionKind, Scenario


class _AlwaysSucceeds:
    """Stands in for the game's generator: every draw is 0, below any chance above 0."""

    def random(self) -> float:
        return 0.0


def test_every_kind_has_one_record_with_words_for_the_window() -> None:
    assert set(ORDERS) == set(ActionKind)
    for kind, order in ORDERS.items():
        assert order.kind is kind
        assert order.label and order.hint.endswith(".") and "\n" not in order.hint
        assert order.summary.endswith(".") and order.summary.count(". ") == 0, kind


def test_each_order_is_declared_in_a_module_that_opens_with_its_rule() -> None:
    declared = []
    for info in pkgutil.iter_modules(orders.__path__):
        module = importlib.import_module(f"{orders.__name__}.{info.name}")
        mine = [value for value in vars(module).values() if isinstance(value, Order)]
        for order in mine:
            assert module.__doc__ is not None and " ".join(module.__doc__.split()).startswith(order.summary)
        declared += [order.kind for order in mine]
    assert sorted(declared) == sorted(ActionKind)  # one home each


def _value(state: GameState, change: Change) -> float:
    value = getattr(state, change.field)
    return float(value[change.at] if change.at else value)


def _states(scenario: Scenario, games: int, every: int) -> list[GameState]:
    states = []
    for seed in range(games):
        game, rng = new_game(scenario, seed), np.random.default_rng(seed)
        step = 0
        while not game.is_over():
            actions = game.legal_actions()
            if step % every == 0:
                states.append(game.clone())
            game.apply(actions[int(rng.integers(len(actions)))])
            step += 1
    return states


def _check_previews_against_resolution(states: list[GameState]) -> set[ActionKind]:
    seen: set[ActionKind] = set()
    for state in states:
        for action in state.legal_actions():
            if action.kind in (ActionKind.PASS, ActionKind.CHOOSE):
                continue
            preview = state.preview(action)
            assert preview.breakdown is not None and preview.breakdown.chance == preview.odds == state.odds(action)
            if preview.odds <= 0.0:
                continue
            after = state.clone()
            after.rng = _AlwaysSucceeds()  # type: ignore[assignment]
            after.apply(action, hold_turn=True)
            assert after.log[-1].data.get("ok", True) and after.log[-1].data.get("outcome") != "refused"
            for change in preview.changes:
                moved = _value(after, change) - _value(state, change)
                assert moved == pytest.approx(change.amount, rel=1e-9, abs=1e-9), (action, change)
            seen.add(action.kind)
    return seen


def test_previews_state_what_a_success_does(small_scenario: Scenario) -> None:
    seen = _check_previews_against_resolution(_states(small_scenario, games=3, every=7))
    assert len(seen) >= 14, sorted(k.value for k in set(ActionKind) - seen)


def test_previews_state_what_a_success_does_in_october() -> None:
    seen = _check_previews_against_resolution(_states(load_scenario("october-1917"), games=1, every=25))
    assert len(seen) >= 10
