"""Watching a recorded game: a batch game (games.jsonl:N) or a save, played back in the window with pause, step
and speed by real key presses, to the same end as recorded; broken recordings refused with a clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from petrograd1917.batch.runner import BatchConfig, run_batch
from petrograd1917.ui.app import App
from petrograd1917.ui.driver import UIDriver
from petrograd1917.ui.replay import Playback, ReplayError, read_recording
from petrograd1917.ui.scene_replay import ReplayScene

FIXTURE = str(Path(__file__).parents[1] / "fixtures" / "scenarios" / "tiny.yaml")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch")
    config = BatchConfig(scenario=FIXTURE, games=3, seed=5, out=out, jobs=1, default_agent="random", progress=False)
    run_batch(config)
    return out / "games.jsonl"


def test_a_batch_game_plays_back_to_its_recorded_end(batch: Path) -> None:
    records = [json.loads(line) for line in batch.read_text(encoding="utf-8").splitlines()]
    record = next(r for r in records if r["index"] == 2)
    recording = read_recording(f"{batch}:2")
    assert recording.seed == record["seed"] and len(recording.moves) == record["actions"]
    playback = Playback(recording)
    while playback.step():
        pass
    assert not playback.problem and playback.state.is_over()
    outcome = playback.state.outcome()
    assert outcome.winner == record["winner"]
    assert {f: round(float(v), 6) for f, v in outcome.scores.items()} == record["scores"]


def test_the_window_plays_steps_pauses_and_changes_speed_on_key_presses(app: App, ui: UIDriver, batch: Path) -> None:
    scene = ReplayScene(app, read_recording(f"{batch}:1"))
    app.push(scene)
    playback = scene.playback
    ui.key(pygame.K_SPACE)  # pause
    assert playback.paused
    before = playback.played
    ui.key(pygame.K_RIGHT)  # one move
    assert playback.played == before + 1 and scene.shown_moves == playback.played
    ui.frames(30)
    assert playback.played == before + 1  # paused: nothing moves by itself
    speed = playback.speed
    ui.key(pygame.K_PLUS)
    assert playback.speed > speed
    ui.key(pygame.K_MINUS)
    ui.key(pygame.K_MINUS)
    assert playback.speed < speed
    ui.key(pygame.K_SPACE)  # go on
    ui.key(pygame.K_PLUS)
    ui.key(pygame.K_PLUS)
    ui.key(pygame.K_PLUS)
    ui.key(pygame.K_PLUS)
    ui.frames(60)  # a second at 60 frames a second
    assert playback.played > before + 1
    ui.click("Back")
    assert app.top is not scene


def test_a_save_plays_back_too(app: App, tmp_path: Path) -> None:
    from petrograd1917 import load_scenario, new_game, saves

    scenario = load_scenario(FIXTURE)
    state = new_game(scenario, 9)
    actions = []
    for _ in range(12):
        action = state.legal_actions()[0]
        state.apply(action)
        actions.append(action)
    path = saves.save_game(tmp_path / "game.json", state, actions, 9)
    recording = read_recording(str(path))
    playback = Playback(recording)
    while playback.step():
        pass
    assert playback.played == 12 and playback.state.state_hash() == state.state_hash()


def test_broken_recordings_are_refused_with_a_reason(batch: Path, tmp_path: Path) -> None:
    with pytest.raises(ReplayError, match="no game 99"):
        read_recording(f"{batch}:99")
    with pytest.raises(ReplayError, match="which game"):
        read_recording(str(batch))
    damaged = tmp_path / "games.jsonl"
    line = json.loads(batch.read_text(encoding="utf-8").splitlines()[0])
    line["moves"][0] = {"kind": "no such order", "faction": "x"}
    damaged.write_text(json.dumps(line) + "\n", encoding="utf-8")
    (tmp_path / "batch.json").write_text((batch.parent / "batch.json").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ReplayError, match="move 1 is not a move"):
        read_recording(f"{damaged}:{line['index']}")
    with pytest.raises(ReplayError, match="no such batch file"):
        read_recording(str(tmp_path / "nowhere.jsonl:0"))
