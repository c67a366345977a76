"""A save records the engine's rules it was played under: one whose game plays out differently under other rules is
refused as a save of another version of the game, not as a damaged one."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from saves_helpers import Played, forge, play

from petrograd1917 import saves
from petrograd1917.engine.actions import Action
from petrograd1917.engine.state import RULES
from petrograd1917.saves import SaveError


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
