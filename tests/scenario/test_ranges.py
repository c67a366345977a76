"""Every tunable number in `Rules` has a declared range, so a modder's typo (a negative rate, a share of 3) is
caught at load time instead of silently bending the simulation."""

import dataclasses
import typing
from pathlib import Path

import pytest

from petrograd1917.scenario import model
from petrograd1917.scenario.errors import ScenarioError
from petrograd1917.scenario.loader import load_scenario_text
from petrograd1917.scenario.ranges import range_of

FIXTURE = Path(__file__).parents[1] / "fixtures" / "scenarios" / "tiny.yaml"


def test_every_numeric_rule_has_a_range() -> None:
    hints = typing.get_type_hints(model.Rules)
    missing = [
        f.name
        for f in dataclasses.fields(model.Rules)
        if hints[f.name] in (int, float) and range_of("Rules", f.name) is None
    ]
    assert missing == []


def test_a_rule_outside_its_range_is_a_located_error() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    line = text[: text.index("\nrules:")].count("\n") + 3  # the inserted line, 1-based
    broken = text.replace("\nrules:", "\nrules:\n  clash_unrest: 1.5", 1)
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(broken, str(FIXTURE))
    assert f"tiny.yaml:{line}:17: error:" in str(caught.value)
    assert "from 0 to 1" in str(caught.value)
