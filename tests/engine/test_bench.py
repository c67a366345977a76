"""The benchmark runs and reports every figure (its numbers are printed, never asserted)."""

from __future__ import annotations

from petrograd1917.bench import measure
from petrograd1917.scenario.model import Scenario


def test_bench_reports_every_figure(small_scenario: Scenario) -> None:
    figures = {figure.name: figure for figure in measure(small_scenario, games=1)}
    expected = {"random game", "new_game", "clone", "state_hash", "legal_actions", "preview", "apply", "end_of_turn"}
    assert expected <= set(figures)
    assert all(figure.value == figure.value for figure in figures.values())  # no NaN
