"""include, extends and removal: how files combine, and which files a scenario may reach."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_helpers import TINY, TINY_MAP, Edit, errors_of, only_error

from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import DEFAULT_ACTION_RULES, ActionKind, ActionRule


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extends_overrides_by_id_appends_new_ids_and_keeps_order(tmp_path: Path, write_tiny: Edit) -> None:
    base = write_tiny()
    child = write(
        base.parent,
        "child.yaml",
        "extends: tiny\n"  # a name: found as tiny.yaml in the same folder
        "id: child\n"
        "units:\n"
        "  - {id: police, strength: 1600}\n"
        "  - {id: cadets, name: Cadets, kind: cadets, strength: 500, district: centre, arms: 0.8,\n"
        "     discipline: 0.9, commander: government, loyalty: {government: 0.9}}\n"
        "food: {stock_tonnes: 1000}\n",
    )
    scenario = load_scenario(child)
    parent = load_scenario(base)
    assert scenario.id == "child" and scenario.title == parent.title
    assert [u.id for u in scenario.units] == [*(u.id for u in parent.units), "cadets"]
    police = next(u for u in scenario.units if u.id == "police")
    assert police.strength == 1600 and police.discipline == 0.8  # deep merge keeps the other keys
    assert scenario.food.stock_tonnes == 1000 and scenario.food.ration_grams == parent.food.ration_grams
    assert scenario.content_hash != parent.content_hash


def test_remove_deletes_an_item(write_tiny: Edit) -> None:
    base = write_tiny()
    child = write(base.parent, "child.yaml", "extends: tiny.yaml\nid: child\nunits:\n  - {id: sailors, remove: true}\n")
    assert [u.id for u in load_scenario(child).units] == ["guards", "police", "workers_militia"]


def test_removing_something_still_referenced_is_reported(write_tiny: Edit) -> None:
    base = write_tiny()
    child = write(base.parent, "child.yaml", "extends: tiny\nid: child\ndistricts:\n  - {id: island, remove: true}\n")
    messages = [d.message for d in errors_of(child)]
    assert any("unknown district 'island'" in m for m in messages)


def test_other_lists_replace(write_tiny: Edit) -> None:
    base = write_tiny()
    child = write(
        base.parent,
        "child.yaml",
        "extends: tiny\nid: child\ncalendar:\n  phases: [{start: 1917-02-23, turn_hours: 12}]\n",
    )
    scenario = load_scenario(child)
    assert [p.turn_hours for p in scenario.calendar.phases] == [12]
    assert scenario.calendar.end == load_scenario(base).calendar.end


def test_nested_lists_merge_by_id(write_tiny: Edit) -> None:
    base = write_tiny()
    child = write(
        base.parent,
        "child.yaml",
        "extends: tiny\nid: child\nevents:\n  - id: guards_waver\n    choices:\n      - {id: fire, label: Shoot}\n",
    )
    event = next(e for e in load_scenario(child).events if e.id == "guards_waver")
    assert [(c.id, c.label) for c in event.choices] == [("fire", "Shoot"), ("hold_back", "Keep them in barracks")]
    assert len(event.choices[0].effects) == 2


def test_errors_point_into_the_file_that_wrote_the_value(write_tiny: Edit) -> None:
    base = write_tiny()
    child = write(base.parent, "child.yaml", "extends: tiny\nid: child\nunits:\n  - {id: police, arms: heavy}\n")
    diagnostic = only_error(child)
    assert diagnostic.location.file.endswith("child.yaml") and diagnostic.location.line == 4


def test_errors_in_an_included_file_name_that_file(write_tiny: Edit) -> None:
    path = write_tiny()
    map_file = path.parent / TINY_MAP.name
    map_file.write_text(map_file.read_text().replace("character: garrison", "character: barracks"))
    diagnostic = only_error(path)
    assert diagnostic.location.file.endswith("tiny-map.yaml") and "did you mean 'garrison'?" not in diagnostic.message
    assert "expected one of industrial" in diagnostic.message


def test_a_fragment_cannot_be_loaded_alone() -> None:
    assert "fragment" in only_error(TINY_MAP).message


def test_extends_refuses_a_fragment(write_tiny: Edit) -> None:
    base = write_tiny()
    child = write(base.parent, "child.yaml", "extends: tiny-map\nid: child\n")
    assert any("needs a full scenario" in d.message for d in errors_of(child))


@pytest.mark.parametrize(
    "reference", ["../outside.yaml", "../../outside.yaml", "/etc/passwd", "sub/../../outside.yaml"]
)
def test_paths_outside_the_scenario_folders_are_refused(tmp_path: Path, write_tiny: Edit, reference: str) -> None:
    base = write_tiny()
    write(tmp_path, "outside.yaml", "fragment: true\nunits: []\n")
    child = write(base.parent, "child.yaml", f"extends: tiny\nid: child\ninclude: ['{reference}']\n")
    diagnostic = only_error(child)
    assert "outside the scenario folders" in diagnostic.message
    assert (diagnostic.location.line, diagnostic.location.column) == (3, 11)


def test_include_cycles_are_refused(write_tiny: Edit) -> None:
    base = write_tiny()
    write(base.parent, "a.yaml", "fragment: true\ninclude: [b.yaml]\n")
    write(base.parent, "b.yaml", "fragment: true\ninclude: [a.yaml]\n")
    child = write(base.parent, "child.yaml", "extends: tiny\nid: child\ninclude: [a.yaml]\n")
    diagnostic = only_error(child)
    assert "include cycle" in diagnostic.message and "a.yaml -> b.yaml -> a.yaml" in diagnostic.message
    assert diagnostic.location.file.endswith("b.yaml")


def test_a_scenario_extending_itself_is_a_cycle(write_tiny: Edit) -> None:
    path = write_tiny(("include: [tiny-map.yaml]", "extends: tiny\ninclude: [tiny-map.yaml]"))
    assert "include cycle" in only_error(path).message


def test_missing_include_suggests_a_near_name(write_tiny: Edit) -> None:
    path = write_tiny(("include: [tiny-map.yaml]", "include: [tiny-mapp.yaml]"))
    messages = [d.message for d in errors_of(path)]
    assert any("no file 'tiny-mapp.yaml'" in m and "did you mean 'tiny-map.yaml'?" in m for m in messages)


def test_user_scenarios_can_extend_builtin_ones(isolated_user_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PETROGRAD1917_SCENARIOS", str(TINY.parent))
    child = write(isolated_user_dir / "scenarios", "mine.yaml", "extends: tiny\nid: mine\nfood: {ration_grams: 300}\n")
    assert load_scenario("mine").food.ration_grams == 300
    assert load_scenario(child).id == "mine"


def test_remove_must_be_a_boolean(write_tiny: Edit) -> None:
    base = write_tiny()
    child = write(base.parent, "child.yaml", "extends: tiny\nid: child\nunits:\n  - {id: police, remove: yes please}\n")
    assert "'remove' must be true" in only_error(child).message


def test_remove_without_a_base_is_explained(write_tiny: Edit) -> None:
    path = write_tiny(("    key_event: guards_waver\n", "    key_event: guards_waver\n    remove: true\n"))
    assert "only removes an item that a base scenario" in only_error(path).message


def test_content_hash_ignores_formatting(write_tiny: Edit) -> None:
    plain = load_scenario(write_tiny())
    spaced = load_scenario(write_tiny(("chance: 0.8", "chance:    0.80   # comment"), name="spaced.yaml"))
    assert plain.content_hash == spaced.content_hash


def test_an_action_rule_override_keeps_the_kinds_other_defaults(write_tiny: Edit) -> None:
    written = "fire: {cost: 2, base_odds: 0.6, strength: 0.3}"
    path = write_tiny((written, "fire: {cost: 3}\n    seize: {base_odds: 0.5}"))
    actions = load_scenario(path).rules.actions
    fire, seize = DEFAULT_ACTION_RULES[ActionKind.FIRE], DEFAULT_ACTION_RULES[ActionKind.SEIZE]
    assert actions[ActionKind.FIRE] == ActionRule(cost=3, base_odds=fire.base_odds, strength=fire.strength)
    assert actions[ActionKind.SEIZE] == ActionRule(cost=seize.cost, base_odds=0.5, strength=seize.strength)
    assert actions[ActionKind.AGITATE] == ActionRule(cost=1, base_odds=0.7, strength=0.08)  # all written: as written
