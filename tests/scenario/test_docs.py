"""The modder's guide stays complete and its worked example stays valid."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from scenario_helpers import FIXTURES

from petrograd1917.scenario import model
from petrograd1917.scenario.build import MAX_YEAR, MIN_YEAR, data_fields, yaml_key
from petrograd1917.scenario.conditions import MAX_DIGITS
from petrograd1917.scenario.loader import MAX_FILES_READ, MAX_REFERENCE_LENGTH, load_scenario
from petrograd1917.scenario.model import EffectKind
from petrograd1917.scenario.ranges import (
    EFFECT_AMOUNTS,
    MAX_ACTION_POINTS,
    MAX_TURN_ACTION_POINTS,
    RANGES,
    describe_range,
)
from petrograd1917.scenario.slug import MAX_SLUG_LENGTH
from petrograd1917.scenario.validate import MAX_TURNS
from petrograd1917.scenario.yamlsource import MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES

GUIDE = FIXTURES.parents[2] / "docs" / "scenarios.md"
TEXT = GUIDE.read_text(encoding="utf-8")
# Rules grows with the engine; its current list is in the schema, and the guide says so.
DOCUMENTED = [
    cls
    for name, cls in vars(model).items()
    if isinstance(cls, type)
    and hasattr(cls, "__dataclass_fields__")
    and cls.__module__ == model.__name__
    and name not in ("Location", "Rules")
]


@pytest.mark.parametrize("cls", DOCUMENTED, ids=lambda cls: cls.__name__)
def test_every_field_is_documented(cls: type) -> None:
    missing = [yaml_key(f.name) for f in data_fields(cls) if f"| `{yaml_key(f.name)}` |" not in TEXT]
    assert not missing, f"add rows for {cls.__name__}.{missing} to docs/scenarios.md"


def test_every_effect_kind_is_documented() -> None:
    assert [kind.value for kind in EffectKind if f"| `{kind.value}` |" not in TEXT] == []


def test_the_guide_links_the_condition_language() -> None:
    assert "(conditions.md)" in TEXT and (GUIDE.parent / "conditions.md").exists()


def _blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", TEXT, flags=re.DOTALL)


def test_the_worked_example_and_its_variant_load(tmp_path: Path) -> None:
    example = next(
        block for block in _blocks() if block.lstrip().startswith("# yaml-language-server") and "bridge-town" in block
    )
    variant = next(block for block in _blocks() if block.startswith("extends: bridge-town"))
    (tmp_path / "bridge-town.yaml").write_text(example)
    (tmp_path / "winter.yaml").write_text(variant)
    base = load_scenario(tmp_path / "bridge-town.yaml")
    winter = load_scenario(tmp_path / "winter.yaml")
    assert base.id == "bridge-town" and [u.id for u in winter.units] == ["police"]
    assert winter.rules.river_frozen and winter.units[0].strength == 400


LIMITS = TEXT[TEXT.index("## Limits") :]


def test_every_range_is_in_the_reference_tables() -> None:
    missing = [
        f"{cls}.{name}{describe_range(bounds)}"
        for cls, fields in RANGES.items()
        for name, bounds in fields.items()
        if not any(
            line.startswith(f"| `{yaml_key(name)}` |") and describe_range(bounds) in line for line in TEXT.splitlines()
        )
    ]
    assert missing == [], "docs/scenarios.md gives these fields another range (or none)"


def test_the_limits_section_lists_every_bound() -> None:
    for kind, bounds in EFFECT_AMOUNTS.items():
        row = next(line for line in LIMITS.splitlines() if line.startswith("| `") and f"`{kind}`" in line)
        assert row.endswith(f"|{describe_range(bounds)} |"), row
    for bound in (
        f"at most {MAX_SLUG_LENGTH} characters",
        f"at most {MAX_TURNS} turns",
        f"at most {MAX_TURN_ACTION_POINTS}:",
        f"from 0 to {MAX_ACTION_POINTS} a turn",
        f"in the years {MIN_YEAR} to {MAX_YEAR}",
        f"at most {MAX_DIGITS} digits",
        f"at most {MAX_FILES_READ} (each",
        f"at most {MAX_REFERENCE_LENGTH} characters",
        f"at most {MAX_FILE_BYTES // 1_048_576} MB",
        f"at most {MAX_VALUES:,} after expanding",
        f"at most {MAX_DEPTH} levels deep",
    ):
        assert bound in LIMITS, bound


def test_no_text_points_outside_the_project() -> None:
    schema = (GUIDE.parents[1] / "src" / "petrograd1917" / "scenario" / "scenario.schema.json").read_text("utf-8")
    for text in (TEXT, schema, inspect.getsource(model), (GUIDE.parent / "conditions.md").read_text("utf-8")):
        assert "DESIGN" not in text and "§" not in text
