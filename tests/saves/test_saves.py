"""Saves: a save replays to the very game it recorded, and every bad file is refused with a clear SaveError."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from saves_helpers import Played, forge, play

from petrograd1917 import new_game, saves
from petrograd1917.engine.actions import Action
from petrograd1917.saves import SaveError
from petrograd1917.scenario.model import Scenario


def write(played: Played, path: Path) -> Path:
    return saves.save_game(path, played.state, played.actions, played.seed)


def test_save_load_continue_equals_the_uninterrupted_game(played: Played, tmp_path: Path) -> None:
    path = write(played, tmp_path / "game.json")
    loaded = saves.load_game(path)
    assert loaded.state.state_hash() == played.state.state_hash()
    assert loaded.seed == played.seed and list(loaded.actions) == played.actions
    # Continue both games with the same further actions: they stay identical to the end.
    further: list[Action] = []
    play(played.state, further, 400, np.random.default_rng(9))
    for action in further:
        loaded.state.apply(action)
    assert loaded.state.state_hash() == played.state.state_hash()
    assert played.state.is_over()


def test_a_finished_game_records_its_winner(played: Played, tmp_path: Path) -> None:
    play(played.state, played.actions, 2000, np.random.default_rng(3))
    assert played.state.is_over()
    record = saves.read_save(write(played, tmp_path / "done.json"))
    assert record.is_over and record.reason == played.state.over_reason
    assert record.turn == played.state.turn and len(record.checkpoints) == played.state.turn


def test_the_file_is_versioned_json_with_the_replay_fields(played: Played, tmp_path: Path) -> None:
    document = json.loads(write(played, tmp_path / "g.json").read_text(encoding="utf-8"))
    assert document["format"] == "petrograd1917-save" and document["version"] == 2
    assert document["scenario_id"] == "tiny" and document["scenario_hash"] == played.state.scenario.content_hash
    assert document["seed"] == played.seed
    assert document["actions"] == [a.to_json() for a in played.actions]
    assert document["final_hash"] == played.state.state_hash()


def test_loading_with_an_explicit_scenario(played: Played, tiny: Scenario, tmp_path: Path) -> None:
    path = write(played, tmp_path / "g.json")
    loaded = saves.load_game(path, tiny)
    assert loaded.state.state_hash() == played.state.state_hash()
    with pytest.raises(SaveError, match="the scenario 'tiny' has changed since this game was saved"):
        saves.load_game(path, replace(tiny, content_hash="other"))


def test_a_save_that_does_not_reproduce_the_game_is_refused(played: Played, tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="this game cannot be saved"):
        saves.save_game(tmp_path / "g.json", played.state, played.actions[:-3], played.seed)
    assert not (tmp_path / "g.json").exists()


# ------------------------------------------------------------------------------------------------ bad files


def refused(path: Path, message: str) -> SaveError:
    with pytest.raises(SaveError) as caught:
        saves.load_game(path)
    assert message in str(caught.value), str(caught.value)
    return caught.value


def test_missing_file_and_folder(tmp_path: Path) -> None:
    refused(tmp_path / "nope.json", "no such file")
    refused(tmp_path, "is a folder")


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "e.json").write_bytes(b"  \n")
    refused(tmp_path / "e.json", "the file is empty")


def test_truncated_file(save_path: Path) -> None:
    save_path.write_bytes(save_path.read_bytes()[: save_path.stat().st_size // 2])
    refused(save_path, "truncated: the file ends in the middle of its content")


def test_corrupt_bytes(save_path: Path) -> None:
    data = bytearray(save_path.read_bytes())
    data[10:14] = b"}}}}"
    save_path.write_bytes(bytes(data))
    refused(save_path, "not a readable save")


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_bytes(b'{"format": "\xff\xfe"}')
    refused(tmp_path / "b.json", "not UTF-8")


@pytest.mark.parametrize("content", ['{"hello": "world"}', "[1, 2, 3]", '"a string"', '{"format": "other-game"}'])
def test_foreign_json(tmp_path: Path, content: str) -> None:
    (tmp_path / "f.json").write_text(content, encoding="utf-8")
    refused(tmp_path / "f.json", "not a Petrograd 1917 save")


def test_a_scenario_file_is_not_a_save(tmp_path: Path) -> None:
    path = Path(__file__).parents[1] / "fixtures" / "scenarios" / "tiny.yaml"
    refused(path, "not a readable save")


def test_newer_version(save_path: Path) -> None:
    forge(save_path, lambda d: d.update(version=3), checksum=False)
    refused(save_path, "written by a newer version of the game (save format 3; this version reads up to 2)")


def test_bad_version(save_path: Path) -> None:
    forge(save_path, lambda d: d.update(version="1"))
    refused(save_path, "format version '1' is not a positive whole number")


def test_edited_without_checksum(save_path: Path) -> None:
    forge(save_path, lambda d: d.update(seed=d["seed"] + 1), checksum=False)
    refused(save_path, "the save has been changed since it was written")


def test_wrong_scenario_hash(save_path: Path) -> None:
    forge(save_path, lambda d: d.update(scenario_hash="0" * 64))
    refused(save_path, "the scenario 'tiny' has changed since this game was saved")


def test_unknown_scenario(save_path: Path) -> None:
    forge(save_path, lambda d: d.update(scenario_id="atlantis"))
    refused(save_path, "the scenario 'atlantis' of this save cannot be found")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("seed"), "the field 'seed' is missing"),
        (lambda d: d.update(seed="11"), "the field 'seed' has the wrong type (str)"),
        (lambda d: d.update(seed=True), "the field 'seed' has the wrong type (bool)"),
        (lambda d: d.update(seed=-1), "the field 'seed' must not be negative"),
        (lambda d: d.update(actions={}), "the field 'actions' has the wrong type"),
        (lambda d: d["actions"].append("pass"), "is not an object"),
        (lambda d: d["actions"].append({"kind": "fly", "faction": "reds"}), "has an unknown kind 'fly'"),
        (lambda d: d["actions"].append({"kind": "pass"}), "names no faction"),
        (lambda d: d["actions"].append({"kind": "pass", "faction": "reds", "x": 1}), "unknown field 'x'"),
        (lambda d: d["actions"].append({"kind": "pass", "faction": "reds", "unit": 3}), "'unit' must be text"),
        (lambda d: d["actions"].append({"kind": "set_ration", "faction": "reds", "amount": "a"}), "'amount' must"),
        (lambda d: d.update(checkpoints=[[1, 2]]), "a checkpoint is not [turn, actions, hash]"),
        (lambda d: d.update(controllers={"reds": 1}), "'controllers' must map faction ids to text"),
    ],
)
def test_wrong_shapes(save_path: Path, change: Any, message: str) -> None:
    forge(save_path, change)
    refused(save_path, message)


def test_not_a_number(save_path: Path) -> None:
    text = save_path.read_text(encoding="utf-8").replace('"version": 2', '"version": NaN', 1)
    save_path.write_text(text, encoding="utf-8")
    refused(save_path, "'NaN' is not a number a file of the game may hold")


def test_a_huge_file_is_not_read(save_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saves, "MAX_BYTES", 100)
    refused(save_path, "far too large")


# ------------------------------------------------------------------------------------------------ tampering


def test_tampered_seed_diverges(save_path: Path) -> None:
    forge(save_path, lambda d: d.update(seed=d["seed"] + 1))
    refused(save_path, "this save does not replay to the game it recorded: the replay diverged")


def test_tampered_action_is_located(save_path: Path, played: Played) -> None:
    def swap_first_move(document: dict[str, Any]) -> None:
        actions = document["actions"]
        index = next(i for i, a in enumerate(actions) if a["kind"] != "pass")
        actions[index] = {"kind": "pass", "faction": actions[index]["faction"]}

    forge(save_path, swap_first_move)
    record = saves.read_save(save_path)
    with pytest.raises(saves.ReplayDivergence) as caught:
        saves.replay(record)
    assert "the replay diverged" in str(caught.value)
    assert 1 <= caught.value.action <= len(played.actions)


def test_tampered_checkpoint_names_the_turn(save_path: Path) -> None:
    forge(save_path, lambda d: d["checkpoints"][0].__setitem__(2, "0" * 64))
    refused(save_path, "the replay diverged during turn 1 (after action 0): the next turn began differently")


def test_tampered_final_hash(save_path: Path) -> None:
    forge(save_path, lambda d: d.update(final_hash="f" * 64))
    refused(save_path, "the final state differs from the saved one")


def test_an_action_the_engine_refuses_is_reported(save_path: Path) -> None:
    forge(save_path, lambda d: d["actions"].insert(0, {"kind": "move", "faction": "government", "unit": "ghost"}))
    refused(save_path, "the replay diverged at action 1 of")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0), byte=st.integers(min_value=0, max_value=255))
def test_any_changed_byte_is_refused_or_harmless(save_path: Path, position: int, byte: int) -> None:
    original = save_path.read_bytes()
    data = bytearray(original)
    data[position % len(data)] = byte
    try:
        record = saves.parse_save(bytes(data), "mutated.json")
    except SaveError:
        return
    assert record == saves.parse_save(original)  # only a change JSON ignores (e.g. whitespace) gets through


# ------------------------------------------------------------------------------------------------ writing


def test_an_interrupted_write_leaves_the_old_file_and_no_debris(
    played: Played, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(played, tmp_path / "game.json")
    before = path.read_bytes()
    play(played.state, played.actions, 5, np.random.default_rng(1))

    def crash(fd: int) -> None:
        raise KeyboardInterrupt  # the player pulls the plug half-way

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        write(played, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.json"]


def test_a_failed_rename_is_a_save_error(played: Played, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SaveError, match=r"cannot write .*Permission denied"):
        write(played, tmp_path / "game.json")
    assert list(tmp_path.iterdir()) == []


def test_the_folder_is_created(played: Played, tmp_path: Path) -> None:
    path = write(played, tmp_path / "a" / "b" / "game.json")
    assert saves.read_save(path).seed == played.seed


def test_autosave_keeps_the_newest(played: Played, tmp_path: Path) -> None:
    written: list[Path] = []
    for _ in range(5):
        play(played.state, played.actions, 3, np.random.default_rng(len(written)))
        written.append(saves.autosave(played.state, played.actions, played.seed, folder=tmp_path, keep=2))
    assert sorted(tmp_path.iterdir()) == written[-2:]
    assert written[-1].name.startswith("autosave-00005-tiny-turn")
    assert saves.load_game(written[-1]).state.state_hash() == played.state.state_hash()


def test_autosave_defaults_to_the_saves_folder(played: Played) -> None:
    from petrograd1917 import paths

    path = saves.autosave(played.state, played.actions, played.seed)
    assert path.parent == paths.saves_dir()


def test_the_load_menu_lists_good_and_bad_files(played: Played, tmp_path: Path) -> None:
    good = write(played, tmp_path / "good.json")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    listed = dict(saves.saves_in(tmp_path))
    assert isinstance(listed[good], saves.SaveRecord)
    assert isinstance(listed[tmp_path / "bad.json"], SaveError)


# ------------------------------------------------------------------------------------------------ the command


def run_cli(*argv: str) -> int:
    from petrograd1917.cli import main

    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    return int(caught.value.code or 0)


def test_replay_shows_the_game(save_path: Path, played: Played, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("replay", str(save_path)) == 0
    out = capsys.readouterr().out
    assert "Tiny Revolution (tiny)" in out
    assert f"seed:     {played.seed}" in out
    assert f"actions:  {len(played.actions)}" in out
    assert f"turns:    {played.state.turn + 1} " in out
    assert "winner:   none yet" in out


def test_replay_verify_confirms(save_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("replay", str(save_path), "--verify") == 0
    assert "verify: ok:" in capsys.readouterr().out


def test_replay_verify_says_where_it_diverged(save_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forge(save_path, lambda d: d["checkpoints"][1].__setitem__(2, "0" * 64))
    assert run_cli("replay", str(save_path), "--verify") == 1
    err = capsys.readouterr().err
    assert "verify: FAILED: the replay diverged during turn 2" in err


def test_replay_of_a_bad_file_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    assert run_cli("replay", str(tmp_path / "x.json")) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "not a Petrograd 1917 save" in err and "Traceback" not in err


def test_replay_with_an_explicit_scenario(save_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forge(save_path, lambda d: d.update(scenario_id="tiny"))
    tiny = Path(__file__).parents[1] / "fixtures" / "scenarios" / "tiny.yaml"
    assert run_cli("replay", str(save_path), "--verify", "--scenario", str(tiny)) == 0
    assert run_cli("replay", str(save_path), "--verify", "--scenario", "no-such-scenario") == 1
    assert "cannot be loaded" in capsys.readouterr().err


def test_replay_usage_error() -> None:
    assert run_cli("replay") == 2


def test_a_save_verifies_in_another_process(save_path: Path) -> None:
    """Replays must not depend on anything of the process that wrote them (hash seeds, import order)."""
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    command = [sys.executable, "-m", "petrograd1917", "replay", str(save_path), "--verify"]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "verify: ok:" in result.stdout


def test_a_batch_game_seed_of_63_bits_saves_and_loads(tiny: Scenario, tmp_path: Path) -> None:
    """Batch games get 63-bit seeds (19 digits); watching one and saving it must give a save that loads."""
    seed = 2**63 - 1
    state = new_game(tiny, seed)
    actions: list[Action] = []
    play(state, actions, 10, np.random.default_rng(2))
    loaded = saves.load_game(saves.save_game(tmp_path / "batch-game.json", state, actions, seed))
    assert loaded.seed == seed and loaded.state.state_hash() == state.state_hash()
