"""Breaking the tiny scenario on purpose: each fault is reported at the right place with a useful message."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_helpers import TINY, Edit, errors_of, line_of, only_error

from petrograd1917.scenario.loader import load_scenario, load_scenario_text
from petrograd1917.scenario.model import Scenario, UnitKind

# (name, (old, new) replacement in tiny.yaml, text on the reported line, message fragment)
CASES = [
    (
        "unknown key",
        ("    discipline: 0.8", "    disciplin: 0.8"),
        "disciplin:",
        "unknown key 'disciplin' in unit 'police' (did you mean 'discipline'?)",
    ),
    (
        "wrong number",
        ("    arms: 0.7", "    arms: high"),
        "arms: high",
        "'arms' of unit 'guards': expected a number from 0 to 1, got 'high'",
    ),
    ("out of range", ("    arms: 0.7", "    arms: 1.5"), "arms: 1.5", "expected a number from 0 to 1, got '1.5'"),
    ("bad enum", ("kind: police", "kind: polise"), "kind: polise", "expected one of infantry"),
    (
        "wrong type list",
        ("    strength: 800", "    strength: [800]"),
        "strength: [800]",
        "expected a whole number from 0 to 1000000, got a list",
    ),
    ("not a whole number", ("    strength: 800", "    strength: 800.5"), "strength: 800.5", "expected a whole number"),
    (
        "bool for number",
        ("  stock_tonnes: 2000", "  stock_tonnes: yes"),
        "stock_tonnes: yes",
        "expected a number from 0 to 10000000",
    ),
    (
        "bad date",
        ("  end: 1917-02-27 18:00", "  end: next tuesday"),
        "end: next tuesday",
        "expected a date like 1917-02-23",
    ),
    (
        "unknown district",
        ("    district: east\n    arms: 0.7", "    district: eastt\n    arms: 0.7"),
        "district: eastt",
        "unknown district 'eastt' (did you mean 'east'?)",
    ),
    (
        "unknown faction in loyalty",
        ("loyalty: {government: 0.9}", "loyalty: {governmnt: 0.9}"),
        "governmnt",
        "unknown faction 'governmnt' (did you mean 'government'?)",
    ),
    (
        "loyalty over 1",
        ("loyalty: {government: 0.5, reds: 0.2}", "loyalty: {government: 0.9, reds: 0.2}"),
        "government: 0.9, reds",
        "add up to 1.1",
    ),
    (
        "influence over 1",
        ("{id: east, influence: {government: 0.4, reds: 0.1}}", "{id: east, influence: {government: 0.8, reds: 0.4}}"),
        "id: east, influence",
        "influence shares add up to 1.2",
    ),
    (
        "negative count",
        ("    strength: 2000", "    strength: -5"),
        "strength: -5",
        "expected a whole number from 0 to 1000000, got '-5'",
    ),
    (
        "workers > population",
        ("  - {id: south, influence", "  - {id: south, workers: 90000, influence"),
        "id: south, workers",
        "more workers (90000) than people (50000)",
    ),
    (
        "calendar backwards",
        ("  end: 1917-02-27 18:00", "  end: 1917-02-20"),
        "end: 1917-02-20",
        "ends (1917-02-20 00:00:00) before it starts",
    ),
    (
        "phases out of order",
        ("{start: 1917-02-26T06:00, turn_hours: 6}", "{start: 1917-02-22T06:00, turn_hours: 6}"),
        "1917-02-22T06:00",
        "phases must be in date order",
    ),
    (
        "turn hours zero",
        ("turn_hours: 6}", "turn_hours: 0}"),
        "turn_hours: 0",
        "'turn_hours' of calendar phase 2: expected a whole number from 1 to 744, got '0'",
    ),
    ("bad colour", ('colour: "#1f3f8f"', "colour: blue"), "colour: blue", "colour must be written #rrggbb"),
    (
        "effect missing field",
        ("{kind: add_unrest, district: north, amount: 0.1}", "{kind: add_unrest, amount: 0.1}"),
        "kind: add_unrest, amount: 0.1",
        "effect 'add_unrest' needs 'district'",
    ),
    ("effect unused field", ("{kind: add_food, amount: 500", "{kind: add_food, amount: 500"), None, None),
    (
        "effect of unknown kind",
        ("{kind: log, text: The north", "{kind: explode, text: The north"),
        "kind: explode",
        "expected one of add_unrest",
    ),
    ("choices without chooser", ("    chooser: government\n", ""), "    choices:", "has choices but no 'chooser'"),
    (
        "unknown chooser",
        ("    chooser: government\n", "    chooser: goverment\n"),
        "chooser: goverment",
        "did you mean 'government'?",
    ),
    (
        "no way to win",
        ("      score: legitimacy(self)\n      target: 0.65\n", ""),
        "    objective:\n      description: End with",
        "faction 'liberals' has no way to win",
    ),
    (
        "unknown winner",
        ("      winner: reds", "      winner: redz"),
        "winner: redz",
        "unknown faction 'redz' (did you mean 'reds'?)",
    ),
    (
        "duplicate unit",
        ("  - id: police\n", "  - id: guards\n"),
        "guards\n    name: City Police",
        "duplicate unit id 'guards' (already used at line",
    ),
    (
        "condition syntax",
        ("if: unrest(north) > 0.3", "if: unrest(north) >> 0.3"),
        "if: unrest(north) >> 0.3",
        "in condition 'unrest(north) >> 0.3'",
    ),
    (
        "condition name",
        ("if: unrest(north) > 0.3", "if: unrest(nort) > 0.3"),
        "if: unrest(nort)",
        "unknown district 'nort' (did you mean 'north'?)",
    ),
    ("condition type", ("if: unrest(north) > 0.3", "if: unrest(north)"), "if: unrest(north)", "must give true/false"),
    (
        "missing required",
        ("    discipline: 0.8\n", ""),
        "  - id: police",
        "unit 'police': missing required key 'discipline' (a number from 0 to 1)",
    ),
    (
        "condition key",
        ("    if: flag(guards_held_back)", "    condition: flag(guards_held_back)"),
        "condition: flag",
        "written under the key 'if'",
    ),
    (
        "remove unknown",
        ("  - {id: arsenal, holder: government}", "  - {id: arsenl, remove: true}"),
        "id: arsenl, remove",
        "cannot remove 'arsenl'",
    ),
    (
        "unknown key-event",
        ("    key_event: guards_waver", "    key_event: guards_wavers"),
        "key_event: guards_wavers",
        "did you mean 'guards_waver'?",
    ),
    (
        "site outside district",
        ("{id: arsenal, holder: government}", "{id: arsenal, holder: government, position: [10, 10]}"),
        "position: [10, 10]",
        "lies outside the polygon of district 'east'",
    ),
    (
        "polygon too small",
        (
            "{id: island, influence: {reds: 0.5}, controller: reds}",
            "{id: island, influence: {reds: 0.5}, controller: reds, polygon: [[0, 0], [1, 1]]}",
        ),
        "polygon: [[0, 0], [1, 1]]",
        "a polygon needs at least 3 points, got 2",
    ),
    (
        "strikers > workers",
        ("{id: south, influence", "{id: south, strikers: 20000, influence"),
        "id: south, strikers",
        "more strikers (20000) than workers (10000)",
    ),
    (
        "ration outside its bounds",
        ("  ration_grams: 400", "  ration_grams: 900"),
        "ration_grams: 900",
        "must lie between min_ration_grams",
    ),
    (
        "event window backwards",
        ("    start: 1917-02-25\n    end: 1917-02-27", "    start: 1917-02-25\n    end: 1917-02-24"),
        "end: 1917-02-24",
        "ends (1917-02-24 00:00:00) before it starts",
    ),
    (
        "first phase after start",
        ("{start: 1917-02-23, turn_hours: 24}", "{start: 1917-02-24, turn_hours: 24}"),
        "{start: 1917-02-24, turn_hours: 24}",
        "no turn length is set for the first turns",
    ),
    (
        "set_bridge on a street",
        ("{kind: set_bridge, link: north_bridge", "{kind: set_bridge, link: centre_east"),
        "link: centre_east, raised",
        "link 'centre_east' is a street, not a bridge",
    ),
    (
        "unknown effect target",
        ("{kind: shift_loyalty, unit: guards,", "{kind: shift_loyalty, unit: gaurds,"),
        "unit: gaurds",
        "unknown unit 'gaurds' (did you mean 'guards'?)",
    ),
    (
        "id not a plain name",
        ("  - id: workers_militia", "  - id: workers-militia"),
        "id: workers-militia",
        "must be a plain name of letters, digits and '_'",
    ),
    (
        "duplicate leader",
        ("{id: deputy, name: The Deputy", "{id: minister, name: The Deputy"),
        "{id: minister, name: The Deputy",
        "duplicate leader id 'minister'",
    ),
    (
        "effect with a key its kind ignores",
        (
            "{kind: add_legitimacy, faction: government, amount: -0.05}",
            "{kind: add_legitimacy, faction: government, amount: -0.05, unit: guards}",
        ),
        "unit: guards}",
        "effect 'add_legitimacy' does not use 'unit'",
    ),
]
CASES = [case for case in CASES if case[3] is not None]


@pytest.mark.parametrize(("replace", "line_text", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_fault_is_located(write_tiny: Edit, replace: tuple[str, str], line_text: str | None, message: str) -> None:
    path = write_tiny(replace)
    diagnostic = only_error(path)
    assert message in diagnostic.message, str(diagnostic)
    assert diagnostic.location.file.endswith("tiny.yaml")
    if line_text is not None:
        assert diagnostic.location.line == line_of(path, line_text), str(diagnostic)


def test_the_fixture_loads() -> None:
    scenario = load_scenario(TINY)
    assert isinstance(scenario, Scenario)
    assert [f.id for f in scenario.factions] == ["government", "reds", "liberals"]
    assert len(scenario.districts) == 5 and scenario.units[1].kind is UnitKind.POLICE
    assert scenario.source_file.endswith("tiny.yaml") and len(scenario.content_hash) == 64
    assert scenario.events[1].condition is not None  # YAML key `if`
    assert scenario.districts[0].location is not None and scenario.districts[0].location.line > 0


def test_condition_column_points_inside_the_expression(write_tiny: Edit) -> None:
    path = write_tiny(("if: unrest(north) > 0.3", "if: unrest(nort) > 0.3"))
    diagnostic = only_error(path)
    line = path.read_text().splitlines()[diagnostic.location.line - 1]
    assert line[diagnostic.location.column - 1 :].startswith("nort")


def test_quoted_condition_column_is_exact(write_tiny: Edit) -> None:
    path = write_tiny(('if: "crowd(centre) > 1000 or turn >= 3"', 'if: "crowd(centre) > 1000 or trun >= 3"'))
    diagnostic = only_error(path)
    line = path.read_text().splitlines()[diagnostic.location.line - 1]
    assert line[diagnostic.location.column - 1 :].startswith("trun"), str(diagnostic)


def test_all_errors_are_reported_in_one_run(write_tiny: Edit) -> None:
    path = write_tiny(
        ("    discipline: 0.8", "    disciplin: 0.8"),
        ("    arms: 0.7", "    arms: high"),
        ('colour: "#1f3f8f"', "colour: blue"),
        ("if: unrest(north) > 0.3", "if: unrest(nort) > 0.3"),
        ("      winner: reds", "      winner: redz"),
        ("  end: 1917-02-27 18:00", "  end: 1917-02-20"),
    )
    diagnostics = errors_of(path)
    messages = "\n".join(map(str, diagnostics))
    for fragment in ("disciplin", "got 'high'", "#rrggbb", "'nort'", "'redz'", "before it starts"):
        assert fragment in messages
    lines = [d.location.line for d in diagnostics]
    assert lines == sorted(lines), "errors are listed in file order"


def test_scenario_keys_cannot_set_loader_fields(write_tiny: Edit) -> None:
    path = write_tiny(("id: tiny\n", "id: tiny\ncontent_hash: abc\n"))
    assert "unknown key 'content_hash'" in only_error(path).message


def test_load_from_text_names_the_file() -> None:
    text = TINY.read_text().replace("arms: 0.7", "arms: lots")
    with pytest.raises(Exception) as caught:
        load_scenario_text(text, str(TINY.parent / "edited.yaml"))
    assert "edited.yaml:" in str(caught.value) and "got 'lots'" in str(caught.value)


def test_unknown_scenario_name_suggests_a_near_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PETROGRAD1917_SCENARIOS", str(TINY.parent))
    diagnostic = only_error("tinny")
    assert "no scenario named 'tinny'" in diagnostic.message and "did you mean 'tiny'?" in diagnostic.message
    assert load_scenario("tiny").id == "tiny"


@pytest.mark.parametrize(
    "written",
    [
        "    if: >-\n      crowd(centre) > 1000\n      or trun >= 3\n",
        "    if: |\n      crowd(centre) > 1000 or\n        trun >= 3\n",
        "    if: crowd(centre) > 1000\n      or trun >= 3\n",
        '    if: "crowd(centre) > 1000\n      or trun >= 3"\n',
    ],
    ids=["folded", "literal", "plain", "quoted"],
)
def test_multi_line_condition_column_is_exact(write_tiny: Edit, written: str) -> None:
    path = write_tiny(('    if: "crowd(centre) > 1000 or turn >= 3"\n', written))
    diagnostic = only_error(path)
    line = path.read_text().splitlines()[diagnostic.location.line - 1]
    assert line[diagnostic.location.column - 1 :].startswith("trun"), str(diagnostic)


def test_an_unknown_id_with_no_near_match_lists_the_known_ones(write_tiny: Edit) -> None:
    path = write_tiny(("      winner: reds", "      winner: anarchists"))
    message = only_error(path).message
    assert message == "unknown faction 'anarchists'; the scenario has: government, liberals, reds"


def test_an_id_with_braces_is_reported_not_crashed_on(write_tiny: Edit) -> None:
    path = write_tiny(("  - id: bread_queues\n", "  - id: '{kind: x} 9'\n"))
    assert "e.g. '_kind__x__9'" in only_error(path).message


def test_an_added_unit_needs_a_new_id(write_tiny: Edit) -> None:
    path = write_tiny(("          id: landing_party\n", "          id: police\n"))
    assert "unit 'police' already exists" in only_error(path).message


def test_two_historical_answers_to_one_event_are_reported_at_the_second(write_tiny: Edit) -> None:
    path = write_tiny(
        ("        label: Order them to fire\n", "        label: Order them to fire\n        historical: true\n"),
        ("        label: Keep them in barracks\n", "        label: Keep them in barracks\n        historical: true\n"),
    )
    diagnostic = only_error(path)
    assert "event 'guards_waver' marks more than one choice historical: 'hold_back' and 'fire'" in diagnostic.message
    second = line_of(path, "        label: Keep them in barracks\n        historical: true") + 1
    assert diagnostic.location.line == second, str(diagnostic)


def test_one_historical_answer_loads_and_the_others_default_to_false(write_tiny: Edit) -> None:
    path = write_tiny(
        ("        label: Keep them in barracks\n", "        label: Keep them in barracks\n        historical: true\n")
    )
    event = next(e for e in load_scenario(path).events if e.id == "guards_waver")
    assert [(c.id, c.historical) for c in event.choices] == [("fire", False), ("hold_back", True)]
