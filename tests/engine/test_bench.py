"""The benchmark reports every figure beside its goal, and its counts are those of the games it plays (its times
are printed, never asserted)."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

from petrograd1917.bench.engine import GOALS, Figure, _random_game, _random_games, measure
from petrograd1917.engine.phases import PHASES
from petrograd1917.scenario.model import Scenario


def test_every_figure_is_measured_and_the_goals_sit_beside_theirs(small_scenario: Scenario) -> None:
    figures = {figure.name: figure for figure in measure(small_scenario, games=2)}
    expected = {"random game", "heuristic game", "new_game", "clone", "state_hash", "legal_actions", "preview"}
    assert expected | {"apply", "end_of_turn"} <= set(figures)
    assert all(math.isfinite(figure.value) for figure in figures.values())
    for name in ("random game", "heuristic game", "new_game", "clone", "state_hash", "legal_actions", "preview"):
        assert figures[name].value > 0, name
    for name, goal in GOALS.items():
        assert figures[name].goal == goal
    assert figures["new_game"].goal is None
    phases = [figures[f"  {name}"] for name, _ in PHASES]  # timed alone on ready copies: never net of a copy's cost
    assert all(phase.value >= 0.0 and phase.note == "phase of end_of_turn" for phase in phases)
    assert figures["apply"].value >= 0.0 and figures["end_of_turn"].value >= 0.0  # so are these
    assert figures["  keeping no record"].value >= 0.0 and figures["  record_series"].value >= 0.0
    assert figures["  no look-ahead"].value > 0 and figures["  no look-ahead"].goal is None


def test_a_verdict_compares_the_value_with_its_goal() -> None:
    assert Figure("clone", 7.9, "µs", goal=10.0).verdict.endswith("met")
    assert Figure("clone", 12.0, "µs", goal=10.0).verdict.endswith("MISSED")
    assert Figure("new_game", 80.0, "µs").verdict == ""
    assert Figure("playouts", 2500.0, "/s", goal=2000.0, floor=True).verdict == "goal ≥ 2000 /s: met"
    assert Figure("playouts", 1500.0, "/s", goal=2000.0, floor=True).verdict.endswith("MISSED")


def test_the_action_counts_are_those_of_the_games_played(small_scenario: Scenario) -> None:
    lengths = []
    for seed in range(3):
        steps, samples = _random_game(small_scenario, seed, sample_every=4)
        assert len(samples) == (steps + 3) // 4
        lengths.append(steps)
        assert all(action in state.legal_actions() for state, action in samples)
    _, mean_steps = _random_games(small_scenario, 3)
    assert mean_steps == sum(lengths) / 3
    assert all(length > 0 for length in lengths)


def test_the_bench_command_without_ui_never_imports_pygame() -> None:
    """The window's figures (and pygame) load only for `--ui`: a headless machine can time the engine."""
    tiny = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "tiny.yaml"
    code = (
        "import sys\n"
        "from petrograd1917.cli import build_parser\n"
        f"args = build_parser().parse_args(['bench', '--scenario', {str(tiny)!r}, '--games', '1'])\n"
        "assert args.handler(args) == 0\n"
        "print(' '.join(m for m in sys.modules if m.startswith(('pygame', 'petrograd1917.bench.ui'))))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "random game" in run.stdout and "end_of_turn" in run.stdout
    assert run.stdout.splitlines()[-1].split() == []
