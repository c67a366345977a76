"""The modder's guide stays complete and its worked example stays valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from scenario_helpers import FIXTURES

from petrograd1917.scenario import model
from petrograd1917.scenario.build import data_fields, yaml_key
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import EffectKind

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
