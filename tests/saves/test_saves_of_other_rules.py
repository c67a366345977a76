"""A save records the engine's rules it was played under: one made before a change of the rules still loads while
its game is unchanged, and is refused as a save of an older version of the game once it plays out differently.

The two fixtures were written by the game before its exponentials and powers became the same on every CPU (rules
1, when saves did not record their rules yet): the short one stops within the first turn, whose orders come out
now as they did then; the long one plays six turns, and its first end of turn already differs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from saves_helpers import Played, forge, play

from petrograd1917 import new_game, saves
from petrograd1917.engine.actions import Action
from petrograd1917.engine.state import RULES
from petrograd1917.saves import SaveError
from petrograd1917.scenario.model import Scenario

SAVES = Path(__file__).parents[1] / "fixtures" / "saves"
OLD_GAME = SAVES / "tiny-before-portable-math.json"
OLD_FIRST_TURN = SAVES / "tiny-turn-1-before-portable-math.json"


def test_the_fixtures_are_saves_of_rules_1_without_the_field() -> None:
    for path in (OLD_GAME, OLD_FIRST_TURN):
        assert "rules" not in json.loads(path.read_text(encoding="utf-8"))
        assert saves.read_save(path).rules == 1
    assert RULES > 1


def test_a_save_of_older_rules_that_plays_out_differently_is_refused_as_such(tmp_path: Path) -> None:
    path = shutil.copy(OLD_GAME, tmp_path / "old.json")
    with pytest.raises(SaveError) as caught:
        saves.load_game(path)
    message = str(caught.value)
    assert "it was made by an older version of the game, whose games play out differently" in message
    assert f"(rules 1; this version plays rules {RULES}), so it cannot be replayed here" in message
    assert "the replay diverged during turn 1" in message  # and where, as for any divergence


def test_a_save_of_older_rules_whose_game_is_unchanged_still_loads(tiny: Scenario, tmp_path: Path) -> None:
    path = shutil.copy(OLD_FIRST_TURN, tmp_path / "old.json")
    loaded = saves.load_game(path)
    again = new_game(tiny, loaded.seed)
    for action in loaded.actions:
        again.apply(action)
    assert loaded.state.state_hash() == again.state_hash() == loaded.record.final_hash


def test_a_save_written_now_records_these_rules_and_loads(played: Played, tmp_path: Path) -> None:
    path = saves.save_game(tmp_path / "now.json", played.state, played.actions, played.seed)
    assert json.loads(path.read_text(encoding="utf-8"))["rules"] == RULES
    assert saves.load_game(path).state.state_hash() == played.state.state_hash()


def test_a_save_of_newer_rules_that_plays_out_differently_asks_for_an_update(played: Played, tmp_path: Path) -> None:
    further: list[Action] = []
    play(played.state, further, 40, np.random.default_rng(2))
    path = saves.save_game(tmp_path / "newer.json", played.state, [*played.actions, *further], played.seed)
    forge(path, lambda d: d.update(rules=RULES + 1, final_hash="0" * 64))
    with pytest.raises(SaveError, match=rf"made by a newer version of the game.*rules {RULES + 1}; .*update the game"):
        saves.load_game(path)
    forge(path, lambda d: d.update(rules=RULES))  # the same file claiming these rules: a plain divergence
    with pytest.raises(SaveError, match="the final state differs from the saved one") as caught:
        saves.load_game(path)
    assert "version of the game" not in str(caught.value)


@pytest.mark.parametrize("rules", [0, -1, "2", 1.5, True])
def test_a_save_whose_rules_are_not_a_positive_whole_number_is_refused(
    played: Played, tmp_path: Path, rules: object
) -> None:
    path = saves.save_game(tmp_path / "bad.json", played.state, played.actions, played.seed)
    forge(path, lambda d: d.update(rules=rules))
    with pytest.raises(SaveError, match="'rules'"):
        saves.read_save(path)
