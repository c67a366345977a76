"""`play` on the command line: a bad seed is a usage error, a save of a scenario kept elsewhere loads when that
scenario is named, and a save's own words cannot reach the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from saves_helpers import Played

from petrograd1917 import saves
from petrograd1917.cli import build_parser
from petrograd1917.ui import commands

TINY = Path(__file__).parents[1] / "fixtures" / "scenarios" / "tiny.yaml"


def run_cli(*argv: str) -> int:
    from petrograd1917.cli import main

    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    return int(caught.value.code or 0)


@pytest.mark.parametrize("seed", ["-1", "1" + "0" * 30, "seven"])
def test_a_seed_that_is_not_one_is_a_usage_error(seed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("play", "tiny", "--seed", seed) == 2
    err = capsys.readouterr().err
    assert "--seed" in err and "Traceback" not in err


def test_a_save_of_a_scenario_kept_elsewhere_loads_when_it_is_named(
    played: Played, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = saves.save_game(tmp_path / "g.json", played.state, played.actions, played.seed)
    monkeypatch.setenv("PETROGRAD1917_SCENARIOS", str(tmp_path / "no-builtins"))
    monkeypatch.setattr(saves, "_saved_here", {})  # a new run: nothing remembered
    with pytest.raises(commands._Unusable, match="cannot be found among the built-in or user scenarios"):
        commands._session(build_parser().parse_args(["play", "--load", str(path)]))
    session = commands._session(build_parser().parse_args(["play", "--load", str(path), str(TINY)]))
    assert session is not None and session.state.state_hash() == played.state.state_hash()


def test_a_loaded_game_keeps_its_seed(played: Played, tmp_path: Path) -> None:
    path = saves.save_game(tmp_path / "g.json", played.state, played.actions, played.seed)
    with pytest.raises(commands.UsageError, match="keeps its seed"):
        commands._session(build_parser().parse_args(["play", "--load", str(path), "--seed", "3"]))


@pytest.mark.parametrize(("game_bound", "turn_bound"), [(10**9, 3), (5, 10**9)])
def test_play_stops_a_runaway_game_as_a_fault(
    tiny: Any, monkeypatch: pytest.MonkeyPatch, game_bound: int, turn_bound: int
) -> None:
    from petrograd1917.ai.play import RunawayGameError
    from petrograd1917.ui import session as sessions

    monkeypatch.setattr(saves, "MAX_ACTIONS", game_bound)
    monkeypatch.setattr(sessions, "MAX_TURN_ACTIONS", turn_bound)
    game = sessions.GameSession.new(tiny, 3, {f.id: "random" for f in tiny.factions})
    with pytest.raises(sessions.GameFault) as caught:
        for _ in range(50):
            game.computer_move()
    assert isinstance(caught.value.error, RunawayGameError)
    assert len(game.actions) == min(game_bound, turn_bound)
