"""`petrograd1917 play`: who plays what from --as/--ai, and every mistake reported before a window opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from petrograd1917 import load_scenario
from petrograd1917.cli import build_parser
from petrograd1917.scenario.model import Scenario
from petrograd1917.ui.commands import UsageError, controllers
from petrograd1917.ui.session import AI_LEVELS, HUMAN


@pytest.fixture(scope="module")
def october() -> Scenario:
    return load_scenario("october-1917")


def test_default_is_the_first_faction_against_the_computer(october: Scenario) -> None:
    sides = controllers(october, [], [])
    assert sides[october.factions[0].id] == HUMAN
    assert [v for v in sides.values() if v != HUMAN] == [AI_LEVELS["normal"]] * (len(october.factions) - 1)


def test_as_and_ai(october: Scenario) -> None:
    sides = controllers(october, ["bolsheviks"], ["government=hard", "all=random"])
    assert sides["bolsheviks"] == HUMAN
    assert sides["government"] == AI_LEVELS["hard"]
    assert all(v == "random" for k, v in sides.items() if k not in ("bolsheviks", "government"))


def test_all_computer_is_a_game_to_watch(october: Scenario) -> None:
    assert HUMAN not in controllers(october, [], ["all=heuristic"]).values()


def test_hotseat(october: Scenario) -> None:
    sides = controllers(october, ["bolsheviks", "government"], [])
    assert [k for k, v in sides.items() if v == HUMAN] == ["government", "bolsheviks"]


def test_a_loaded_game_keeps_its_sides_unless_told(october: Scenario) -> None:
    saved = {f.id: "random" for f in october.factions} | {"right": HUMAN}
    sides = controllers(october, ["bolsheviks"], [], saved)
    assert sides["bolsheviks"] == HUMAN and sides["right"] == HUMAN and sides["government"] == "random"


@pytest.mark.parametrize(
    ("humans", "ai", "message"),
    [
        (["bolshevik"], [], "did you mean 'bolsheviks'"),
        ([], ["government"], "expected FACTION=AGENT"),
        ([], ["government=genius"], "unknown agent 'genius'"),
        (["government"], ["government=random"], "both to you"),
    ],
)
def test_mistakes_are_named(october: Scenario, humans: list[str], ai: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        controllers(october, humans, ai)


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(["play", *argv])
    return int(args.handler(args))


def test_cli_errors_before_any_window(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["no-such-scenario"]) == 1
    assert "no scenario named 'no-such-scenario'" in capsys.readouterr().err
    bad = home / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert run(["--load", str(bad)]) == 1
    assert "cannot load this save" in capsys.readouterr().err
    assert run(["--as", "bolsheviks"]) == 2
    assert "need a SCENARIO" in capsys.readouterr().err
    assert run(["october-1917", "--as", "tsar"]) == 2
