"""A property over real files: hostile scenarios (numbers, ids, paths, line ends, sizes, include fan-out) written to
a folder and loaded through the real loader either load or fail with the loader's own located errors, within a
bound on memory and CPU time.

The bounds are generous (a real scenario loads in tens of milliseconds and a few MB); what they catch is the
unbounded: an include tree read ten million times, a value that expands without end.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_helpers import TINY, TINY_MAP

from petrograd1917.scenario.errors import ScenarioError
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import Scenario

MAX_PEAK_BYTES = 64 * 1024 * 1024
MAX_CPU_SECONDS = 10.0
TEXT = TINY.read_text(encoding="utf-8")

# Places in tiny.yaml where a number is written, and how to write another there.
NUMBER_SLOTS = [
    ("  stock_tonnes: 2000", "  stock_tonnes: {}"),
    ("    strength: 800", "    strength: {}"),
    ("turn_hours: 24}", "turn_hours: {}}}"),
    ("  control_threshold: 0.35", "  control_threshold: {}"),
    ("    action_points: 3\n    actions: [agitate", "    action_points: {}\n    actions: [agitate"),
    ("{kind: add_unrest, district: north, amount: 0.1}", "{{kind: add_unrest, district: north, amount: {}}}"),
    ("{kind: set_bridge, link: north_bridge, raised: false}", "{{kind: set_rail, amount: {}}}"),
    ("if: unrest(north) > 0.3", "if: unrest(north) > {}"),
    ("  control_threshold: 0.35", "  control_threshold: 0.35\n  ration_levels: {}"),
    ("  end: 1917-02-27 18:00", "  end: 1917-02-27 18:00\n  gregorian_offset_days: {}"),
    ("{id: island, influence: {reds: 0.5}, controller: reds}", "{{id: island, polygon: [[0, 0], [{}, 5], [0, 9]]}}"),
    ("    fire: {cost: 2,", "    fire: {{cost: {},"),
]
NUMBERS = st.one_of(
    st.sampled_from(["1e400", "-1e400", "1.0e+308", "-1.0e+308", "1" + "0" * 400, ".inf", ".nan", "0x7fffffff"]),
    st.sampled_from(["1_000_000", "-0", "5e-324", "0o777", "1e9", "100000000000000", "9" * 20, "1.5", "0"]),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
ODD_TEXT = st.text(
    alphabet=st.sampled_from(
        ["a", "Z", "0", "-", "_", ".", "/", "\\", "\x00", "\u202e", "\x1b", " ", "é", ":", "\ud800"]
    ),
    max_size=80,
)
IDS = st.one_of(st.sampled_from(["../../../x/PWNED", "/etc/passwd", "", "a" * 65, "ok-id", "CON"]), ODD_TEXT)
REFERENCES = st.one_of(
    st.sampled_from(["../x", "/etc/passwd", "x\x00", "a" * 300, "tiny-map", "tiny-map.yaml", ".", "..", "~", "nul"]),
    ODD_TEXT,
)
LINE_ENDS = st.sampled_from(["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85"])


@dataclass(frozen=True)
class Hostile:
    """One hostile scenario: edits to tiny.yaml, its line ends, and extra files beside it."""

    text: str
    line_end: str
    fan_out: int  # each level includes the next this many times
    depth: int


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (JSON's escapes are YAML's)."""
    return json.dumps(text)


@st.composite
def hostile(draw: st.DrawFn) -> Hostile:
    text = TEXT
    for old, new in draw(st.lists(st.sampled_from(NUMBER_SLOTS), max_size=3, unique=True)):
        if old in text:
            text = text.replace(old, new.format(draw(NUMBERS)), 1)
    if draw(st.booleans()):
        text = text.replace("id: tiny\n", f"id: {_quoted(draw(IDS))}\n", 1)
    if draw(st.booleans()):
        text = text.replace("include: [tiny-map.yaml]", f"include: [tiny-map.yaml, {_quoted(draw(REFERENCES))}]", 1)
    if draw(st.booleans()):
        text += f"extends: {_quoted(draw(REFERENCES))}\n"
    size = draw(st.sampled_from([0, 0, 10, 300, 3000]))
    if size:
        entries = "".join(f"  - {{id: g{i}, name: G, kind: term, text: T}}\n" for i in range(size))
        text = text.replace("glossary:\n", "glossary:\n" + entries, 1)
    fan_out, depth = draw(st.sampled_from([(0, 0), (2, 3), (10, 7), (3, 12)]))
    return Hostile(text, draw(LINE_ENDS), fan_out, depth)


def _write(folder: Path, case: Hostile) -> Path:
    shutil.copy(TINY_MAP, folder / TINY_MAP.name)
    text = case.text
    if case.depth:
        for level in range(case.depth):
            items = ", ".join([f"level{level + 1}.yaml"] * case.fan_out)
            (folder / f"level{level}.yaml").write_text(f"fragment: true\ninclude: [{items}]\n", encoding="utf-8")
        (folder / f"level{case.depth}.yaml").write_text("fragment: true\nevents: []\n", encoding="utf-8")
        text = text.replace("include: [tiny-map.yaml", "include: [level0.yaml, tiny-map.yaml", 1)
    path = folder / "hostile.yaml"
    path.write_bytes(text.replace("\n", case.line_end).encode("utf-8", "surrogatepass"))
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile())
def test_hostile_files_load_or_fail_located_within_bounds(case: Hostile) -> None:
    with tempfile.TemporaryDirectory() as name:
        path = _write(Path(name), case)
        tracemalloc.start()
        started = time.process_time()
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            assert error.diagnostics
            for diagnostic in error.diagnostics:
                location = diagnostic.location
                assert location.file and location.line >= 1 and location.column >= 1, str(diagnostic)
                assert str(diagnostic).startswith(f"{location.file}:{location.line}:{location.column}: error: ")
                assert str(diagnostic).isprintable(), repr(str(diagnostic))
        else:
            assert isinstance(scenario, Scenario)
        finally:
            cpu = time.process_time() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert peak < MAX_PEAK_BYTES, f"loading took {peak / 1e6:.0f} MB"
        assert cpu < MAX_CPU_SECONDS, f"loading took {cpu:.1f} s of CPU"
