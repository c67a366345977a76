"""Mutated scenario files either load or fail with the loader's own located errors, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_helpers import FIXTURES, TINY

from petrograd1917.scenario.errors import ScenarioError
from petrograd1917.scenario.loader import load_scenario_text
from petrograd1917.scenario.model import Scenario
from petrograd1917.scenario.yamlsource import parse_bytes

LINES = TINY.read_text(encoding="utf-8").splitlines(keepends=True)
FILENAME = str(FIXTURES / "mutated.yaml")  # beside tiny-map.yaml, so the include still resolves
NASTY = [
    "",
    "null",
    "-1",
    "1e999",
    "high",
    "[1, 2]",
    "{a: 1}",
    "!!python/object/apply:os.system ['true']",
    "!custom x",
    "*nowhere",
    "&anchor x",
    "'",
    '"',
    "\t",
    "yes",
    "1917-02-30",
    "1917-13-01 25:00",
    "unrest(nowhere) >",
    "#000000",
    "- item",
    "id: x",
    "\x00",
    "\u202e",
    "é",
    "-",
    "?",
    ":",
    "  ",
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        action = draw(st.sampled_from(["delete", "value", "insert_line", "chars", "duplicate", "indent"]))
        if action == "delete":
            del lines[index]
        elif action == "value" and ":" in line:
            head = line.split(":", 1)[0]
            lines[index] = f"{head}: {draw(st.sampled_from(NASTY))}\n"
        elif action == "insert_line":
            lines.insert(index, " " * draw(st.integers(0, 6)) + draw(st.sampled_from(NASTY)) + "\n")
        elif action == "chars":
            position = draw(st.integers(0, len(line)))
            text = draw(st.text(alphabet=st.sampled_from("{}[]:,-'\"&*!|>#%@` \t\n0a.é"), max_size=3))
            lines[index] = line[:position] + text + line[position:]
        elif action == "duplicate":
            lines.insert(index, line)
        else:
            lines[index] = " " + line
        if not lines:
            lines = [""]
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutations_load_or_fail_with_located_errors(text: str) -> None:
    try:
        scenario = load_scenario_text(text, FILENAME)
    except ScenarioError as error:
        assert error.diagnostics, "a ScenarioError always carries at least one diagnostic"
        for diagnostic in error.diagnostics:
            location = diagnostic.location
            assert location.file and location.line >= 1 and location.column >= 1, str(diagnostic)
            assert diagnostic.message.strip()
            assert str(diagnostic).startswith(f"{location.file}:{location.line}:{location.column}: error: ")
    else:
        assert isinstance(scenario, Scenario)


RAW = TINY.read_bytes()


@settings(max_examples=100, deadline=None)
@given(st.integers(0, len(RAW)), st.integers(0, 8), st.binary(max_size=6))
def test_byte_damage_reads_or_fails_with_a_located_error(position: int, cut: int, junk: bytes) -> None:
    data = RAW[:position] + junk + RAW[position + cut :]
    try:
        parse_bytes(data, "damaged.yaml")
    except ScenarioError as error:
        assert all(d.location.line >= 1 and d.location.column >= 1 for d in error.diagnostics)
