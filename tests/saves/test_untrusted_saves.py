"""A save is untrusted input: it names its scenario by id only, proves nothing it merely states, cannot reach outside
the scenario folders, cannot make loading hang, and its texts never act on a terminal."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from saves_helpers import Played, forge, play

from petrograd1917 import load_scenario, new_game, paths, saves
from petrograd1917.saves import SaveError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scenarios"


def refusal(path: Path) -> str:
    with pytest.raises(SaveError) as caught:
        saves.load_game(path)
    return str(caught.value)


def run_cli(*argv: str) -> int:
    from petrograd1917.cli import main

    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    return int(caught.value.code or 0)


# ------------------------------------------------------------------------------------------ the scenario by id


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.yaml"
    path.write_text("root:x:0:0:SECRET-WORDS-OF-THE-OWNER:/root:/bin/sh\n", encoding="utf-8")
    return path


def test_a_path_in_a_save_is_never_opened(save_path: Path, secret: Path) -> None:
    forge(save_path, lambda d: d.update(scenario_id="atlantis", scenario_file=str(secret)))
    message = refusal(save_path)
    assert "cannot be found among the built-in or user scenarios" in message
    assert "SECRET" not in message and "root:x" not in message


@pytest.mark.parametrize("given", ["{secret}", "../../../etc/passwd", "/etc/passwd", "tiny\x00", "", "Tiny", "a" * 65])
def test_a_save_whose_scenario_id_is_not_an_id_is_refused(save_path: Path, secret: Path, given: str) -> None:
    forge(save_path, lambda d: d.update(scenario_id=given.format(secret=secret)))
    message = refusal(save_path)
    assert "is not a scenario id" in message and "SECRET" not in message


def test_replay_verify_reads_no_file_a_save_names(save_path: Path, secret: Path, capsys: Any) -> None:
    forge(save_path, lambda d: d.update(scenario_id=str(secret)))
    assert run_cli("replay", str(save_path), "--verify") == 1
    captured = capsys.readouterr()
    assert "SECRET" not in captured.out + captured.err and "Traceback" not in captured.err


def test_a_save_made_by_the_previous_version_still_loads(save_path: Path, played: Played, secret: Path) -> None:
    """Version 1 files carried the scenario's path and no signature: they load, and the path is ignored."""

    def as_version_1(document: dict[str, Any]) -> None:
        document.update(version=1, scenario_file=str(secret))

    forge(save_path, as_version_1)
    loaded = saves.load_game(save_path)
    assert loaded.state.state_hash() == played.state.state_hash()
    assert not loaded.record.signed_here


def test_a_scenario_whose_file_is_named_otherwise_is_found_by_id(played: Played, tmp_path: Path) -> None:
    user = paths.user_scenarios_dir()
    user.mkdir(parents=True)
    shutil.copy(FIXTURES / "tiny-map.yaml", user / "tiny-map.yaml")
    text = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    (user / "my-own.yaml").write_text(text, encoding="utf-8")
    path = saves.save_game(tmp_path / "g.json", played.state, played.actions, played.seed)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PETROGRAD1917_SCENARIOS", str(tmp_path / "no-builtins"))
        assert saves.load_game(path).state.state_hash() == played.state.state_hash()


# ------------------------------------------------------------------------------------------ file names


@pytest.mark.parametrize("bad_id", ["../../outside/PWNED", "/abs/x", "x\x00y", "", "\u202eevil"])
def test_file_names_are_built_only_from_checked_ids(played: Played, tmp_path: Path, bad_id: str) -> None:
    folder = tmp_path / "deep" / "er" / "saves"
    state = new_game(replace(played.state.scenario, id=bad_id), played.seed)
    with pytest.raises(SaveError, match="is not a valid scenario id"):
        saves.autosave(state, [], played.seed, folder=folder)
    assert not list(tmp_path.rglob("*PWNED*")) and not list(tmp_path.rglob("*.json"))
    assert saves.file_slug(bad_id) == "game" and saves.file_slug("october-1917") == "october-1917"


def test_a_scenario_in_a_folder_named_in_no_encoding_can_be_saved(tmp_path: Path) -> None:
    folder = tmp_path / os.fsdecode(b"sc\xff\xfe")
    folder.mkdir()
    for name in ("tiny.yaml", "tiny-map.yaml"):
        shutil.copy(FIXTURES / name, folder / name)
    scenario = load_scenario(folder / "tiny.yaml")
    state = new_game(scenario, 4)
    actions: list[Any] = []
    play(state, actions, 10, np.random.default_rng(2))
    path = saves.save_game(folder / "game.json", state, actions, 4)
    assert saves.load_game(path).state.state_hash() == state.state_hash()


# ------------------------------------------------------------------------------------------ authentication


def test_a_save_edited_by_hand_on_this_machine_is_refused(save_path: Path) -> None:
    forge(save_path, lambda d: d.update(scenario_title="A title of my own"), keep_signature=True)
    assert "edited after this installation wrote it" in refusal(save_path)


def test_the_key_is_private_and_a_save_from_elsewhere_still_loads(
    save_path: Path, played: Played, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = paths.user_dir() / saves.KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert saves.read_save(save_path).signed_here
    monkeypatch.setenv("PETROGRAD1917_HOME", str(tmp_path / "another-machine"))
    record = saves.read_save(save_path)
    assert not record.signed_here
    assert saves.load_game(save_path).state.state_hash() == played.state.state_hash()


@pytest.mark.parametrize(
    ("field", "lie"), [("winner", "reds"), ("turn", 40), ("date", "1917-12-31T00:00:00"), ("reason", "a fable")]
)
def test_verify_derives_winner_turn_and_date_again(
    save_path: Path, field: str, lie: object, capsys: pytest.CaptureFixture[str]
) -> None:
    forge(save_path, lambda d: d.update({field: lie}))
    assert run_cli("replay", str(save_path), "--verify") == 1
    assert f"the save's {field} is false" in capsys.readouterr().err
    assert f"the save's {field} is false" in refusal(save_path)


# ------------------------------------------------------------------------------------------ computer players


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("nonexistent", "which this game cannot build"),
        ("mcts:playouts=1000000000", "playouts=1000000000 is more than a save may ask for"),
        ("mcts:time=1e9", "time=1e9 is more than a save may ask for"),
        ("mcts:playouts=nan", "cannot build"),
    ],
)
def test_a_save_names_only_computer_players_that_answer(save_path: Path, spec: str, words: str) -> None:
    forge(save_path, lambda d: d.update(controllers={"government": spec}))
    assert words in refusal(save_path)


def test_play_load_refuses_such_a_save_before_the_window_opens(
    save_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forge(save_path, lambda d: d.update(controllers={"government": "nonexistent"}))
    assert run_cli("play", "--load", str(save_path)) == 1
    err = capsys.readouterr().err
    assert "cannot load this save" in err and "Traceback" not in err


# ------------------------------------------------------------------------------------------ texts from the file


def test_replay_prints_a_save_s_texts_with_control_characters_escaped(
    save_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forge(save_path, lambda d: d.update(scenario_title="\x1b[2J\x1b]0;owned\x07Tiny\u202e"))
    assert run_cli("replay", str(save_path)) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b[2J\\x1b]0;owned\\x07Tiny\\u202e" in out


def test_replay_of_a_title_that_is_not_unicode(save_path: Path) -> None:
    text = save_path.read_text(encoding="utf-8")
    document = json.loads(text)
    document.update(scenario_title="\ud800 lone")
    document.pop("signer"), document.pop("signature")
    document["checksum"] = saves._checksum(document)
    save_path.write_text(json.dumps(document), encoding="utf-8")  # ASCII: the lone surrogate as \\ud800
    command = [sys.executable, "-m", "petrograd1917", "replay", str(save_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "\\ud800 lone" in result.stdout


# ------------------------------------------------------------------------------------------ broken files


def test_a_file_broken_in_the_middle_is_not_called_truncated(save_path: Path) -> None:
    save_path.write_bytes(save_path.read_bytes() + b"and then some words\n")
    message = refusal(save_path)
    assert "truncated" not in message and "text follows where the content should have ended" in message
    data = save_path.read_bytes()
    middle = len(data) // 2
    save_path.write_bytes(data[:middle] + b"@" + data[middle + 1 :])
    message = refusal(save_path)
    assert "truncated" not in message and "broken at line" in message


def test_a_cut_file_is_called_truncated(save_path: Path) -> None:
    data = save_path.read_bytes()
    for cut in (len(data) // 3, len(data) - 3):
        save_path.write_bytes(data[:cut])
        assert "truncated" in refusal(save_path)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested more than"),
        ('{"format": "petrograd1917-save", "version": 1' + "0" * 400 + "}", "far too large for any game value"),
        ('{"format": "petrograd1917-save", "version": 1e400}', "too large to be a number"),
        ('{"format": "petrograd1917-save", "version": Infinity}', "is not a number a file of the game may hold"),
    ],
)
def test_hostile_json_is_refused_in_our_own_words(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    assert words in refusal(path)


def test_a_huge_amount_in_an_action_is_refused(save_path: Path) -> None:
    text = save_path.read_text(encoding="utf-8")
    document = json.loads(text)
    document["actions"][0]["amount"] = 7
    document.pop("signer"), document.pop("signature")
    document["checksum"] = saves._checksum(document)
    text = json.dumps(document).replace('"amount": 7', '"amount": 1' + "0" * 400)
    save_path.write_text(text, encoding="utf-8")
    assert "far too large for any game value" in refusal(save_path)


def test_too_many_actions_are_refused_before_any_replay(save_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saves, "MAX_ACTIONS", 3)
    assert "more than the 3 a game may have" in refusal(save_path)
