"""Winning people over follows a side's standing with them: the street's unrest carries the speakers of those
against the regime and works against the regime's own, and a side whose legitimacy is gone wins few listeners. The
odds breakdown names every term. And a following once won is not kept for ever: that of a side whose legitimacy is
gone ebbs to the others each turn."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from petrograd1917 import load_scenario, new_game
from petrograd1917.engine.actions import Action
from petrograd1917.engine.control import EBB, GONE, ebb
from petrograd1917.engine.numeric import per_turn_value
from petrograd1917.engine.orders.common import HEARD_LEGITIMACY
from petrograd1917.engine.state import GameState
from petrograd1917.engine.tables import tables_for
from petrograd1917.scenario.model import ActionKind, Scenario

K = ActionKind
UNREST = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@pytest.fixture(scope="module")
def february() -> Scenario:
    return load_scenario("february-1917")


def _game(scenario: Scenario, faction: str, legitimacy: float = 0.5) -> GameState:
    game = new_game(scenario, 5)
    game.faction_cursor = game.index.faction[faction]
    game.legitimacy[game.index.faction[faction]] = legitimacy
    return game


def _speakers(game: GameState, faction: str, district: str, unrest: float) -> float:
    game.unrest[game.index.district[district]] = unrest
    return game.odds(Action(K.AGITATE, faction, district=district))


def test_the_regimes_speakers_do_worse_as_unrest_rises(february: Scenario) -> None:
    game = _game(february, "tsarist")
    odds = [_speakers(game, "tsarist", "vyborg", u) for u in UNREST]
    assert all(later < earlier for earlier, later in itertools.pairwise(odds)), odds
    assert odds[-1] == 0.0  # a district wholly up hears no one from the government


def test_a_rivals_speakers_do_better_as_unrest_rises(february: Scenario) -> None:
    for faction in ("duma", "soviet", "bolsheviks"):
        game = _game(february, faction)
        base = game.index.rules[K.AGITATE].base_odds
        odds = [_speakers(game, faction, "vyborg", u) for u in UNREST]
        assert all(b > a or b == 1.0 for a, b in itertools.pairwise(odds)), (faction, odds)  # rising, up to certain
        assert odds[0] == pytest.approx(0.5 * base)  # a calm district hears a rival at half the base odds


def test_in_a_calm_district_the_regime_is_heard_better_than_its_rivals_and_in_uproar_worse(
    february: Scenario,
) -> None:
    calm, uproar = 0.1, 0.9
    regime, rival = _game(february, "tsarist"), _game(february, "soviet")
    assert _speakers(regime, "tsarist", "kazan", calm) > _speakers(rival, "soviet", "kazan", calm)
    assert _speakers(regime, "tsarist", "kazan", uproar) < _speakers(rival, "soviet", "kazan", uproar)


@pytest.mark.parametrize("faction", ["tsarist", "duma", "bolsheviks"])
def test_a_side_without_legitimacy_wins_few_listeners(february: Scenario, faction: str) -> None:
    heard = _speakers(_game(february, faction, legitimacy=0.5), faction, "liteiny", 0.3)
    gone = _speakers(_game(february, faction, legitimacy=0.05), faction, "liteiny", 0.3)
    none = _speakers(_game(february, faction, legitimacy=0.0), faction, "liteiny", 0.3)
    assert gone == pytest.approx(heard * 0.05 / HEARD_LEGITIMACY)
    assert none == 0.0
    # at or above the threshold legitimacy no longer matters
    assert _speakers(_game(february, faction, legitimacy=HEARD_LEGITIMACY), faction, "liteiny", 0.3) == heard


def test_the_odds_breakdown_names_unrest_and_legitimacy_and_which_way_they_cut(february: Scenario) -> None:
    for faction, unrest_helps in (("tsarist", False), ("soviet", True)):
        game = _game(february, faction, legitimacy=0.1)
        game.unrest[game.index.district["narva"]] = 0.5
        breakdown = game.preview(Action(K.AGITATE, faction, district="narva")).breakdown
        assert breakdown is not None
        terms = {t.name: t for t in breakdown.terms}
        assert terms["unrest in Narva"].value == 0.5
        assert terms["unrest in Narva"].more_is_better is unrest_helps
        assert terms["your legitimacy"].value == pytest.approx(0.1)
        assert terms["your legitimacy"].more_is_better
        assert "legitimacy 0.10" in breakdown.formula


def test_the_following_of_a_side_nobody_accepts_ebbs_to_the_others_by_their_influence(february: Scenario) -> None:
    game = new_game(february, 5)
    tsar = game.index.faction["tsarist"]
    game.legitimacy[tsar] = 0.0
    before = game.influence.copy()
    ebb(game)
    lost = before[:, tsar] * per_turn_value(EBB, tables_for(february).days(game.turn))
    assert game.influence[:, tsar] == pytest.approx(before[:, tsar] - lost)
    others = np.delete(np.arange(game.index.n_factions), tsar)
    gained = game.influence[:, others] - before[:, others]
    expected = lost[:, None] * before[:, others] / before[:, others].sum(axis=1, keepdims=True)
    assert gained == pytest.approx(expected)
    assert game.influence.sum(axis=1) == pytest.approx(before.sum(axis=1))  # nobody's following is made from nothing


def test_a_side_half_way_to_gone_loses_half_as_much_and_one_above_nothing(february: Scenario) -> None:
    game = new_game(february, 5)
    tsar = game.index.faction["tsarist"]
    game.legitimacy[:] = GONE
    before = game.influence.copy()
    ebb(game)
    assert np.array_equal(game.influence, before)
    game.legitimacy[tsar] = GONE / 2
    ebb(game)
    share = per_turn_value(EBB / 2, tables_for(february).days(game.turn))
    assert game.influence[:, tsar] == pytest.approx(before[:, tsar] * (1 - share))


def test_a_following_nobody_else_shares_ebbs_to_no_one(february: Scenario) -> None:
    game = new_game(february, 5)
    tsar = game.index.faction["tsarist"]
    game.legitimacy[tsar] = 0.0
    game.influence[0] = 0.0
    game.influence[0, tsar] = 0.6
    ebb(game)
    assert game.influence[0, tsar] < 0.6
    assert np.delete(game.influence[0], tsar).max() == 0.0
