"""Untrusted numbers, ids and sizes: each out-of-bounds value is refused at its own file, line and column.

Every case here loaded (or crashed the game later) before the bounds existed: a scenario id that became a path
outside the saves folder, numbers that were infinite after conversion or overflowed the engine, turns that never
end, and a unit added twice whose second copy vanished.
"""

from __future__ import annotations

import dataclasses
import typing

import pytest
from scenario_helpers import Edit, line_of, only_error

from petrograd1917.scenario import model
from petrograd1917.scenario.build import data_fields, type_hints
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.model import ActionKind
from petrograd1917.scenario.ranges import range_of

HUGE_INT = "1" + "0" * 400
EXTRA_EVENT = """  - id: second_landing
    title: Another landing
    text: More boats tie up.
    note: Invented.
    effects:
      - kind: add_unit
        unit_spec: {id: landing_party, name: Landing Party, kind: sailors, strength: 50, district: north,
                    arms: 0.5, discipline: 0.5, commander: reds, loyalty: {reds: 0.5}}

victory:
"""
BRIDGE_EFFECT = "      - {kind: set_bridge, link: north_bridge, raised: false}"
RULES = "  control_threshold: 0.35"
LEGITIMACY_EFFECT = "{kind: add_legitimacy, faction: government, amount: -0.05}"

# (name, (old, new), text at the error's position, part of the message)
CASES = [
    ("id as a path", ("id: tiny\n", 'id: "../../../x/PWNED"\n'), '"../../../x/PWNED"', "the scenario id '../../../x/"),
    ("id with NUL", ("id: tiny\n", 'id: "ti\\0ny"\n'), '"ti\\0ny"', "the scenario id 'ti\\x00ny' must be lower-case"),
    ("id empty", ("id: tiny\n", 'id: ""\n'), '""', "the scenario id '' must be lower-case letters"),
    ("id absolute", ("id: tiny\n", "id: /etc/passwd\n"), "/etc/passwd", "e.g. 'etc-passwd'"),
    ("id right-to-left", ("id: tiny\n", 'id: "ab\\u202Ecd"\n'), '"ab\\u202Ecd"', "'ab\\u202ecd' must be"),
    ("id too long", ("id: tiny\n", f"id: {'a' * 65}\n"), "a" * 65, "at most 64 long"),
    ("id upper case", ("id: tiny\n", "id: Tiny\n"), "Tiny", "e.g. 'tiny'"),
    ("infinite text", ("  stock_tonnes: 2000", "  stock_tonnes: 1e400"), "1e400", "from 0 to 10000000, got '1e400'"),
    ("huge stock", ("  stock_tonnes: 2000", "  stock_tonnes: 1.0e+308"), "1.0e+308", "got '1.0e+308'"),
    ("infinite rule", (RULES, "  control_threshold: 1e400"), "1e400", "expected a number from 0 to 1, got '1e400'"),
    ("huge integer rule", (RULES, f"{RULES}\n  large_crowd: {HUGE_INT}"), HUGE_INT, "from 0 to 10000000, got '10000"),
    (
        "huge set_rail",
        (BRIDGE_EFFECT, f"{BRIDGE_EFFECT}\n      - {{kind: set_rail, amount: 1.0e+308}}"),
        "1.0e+308",
        "expected a number from -10000000 to 10000000, got '1.0e+308'",
    ),
    (
        "set_rail out of its kind's range",
        (BRIDGE_EFFECT, f"{BRIDGE_EFFECT}\n      - {{kind: set_rail, amount: 50}}"),
        "50}",
        "effect 'set_rail': 'amount' must be a number from 0 to 10, got 50",
    ),
    (
        "huge turn length",
        ("turn_hours: 6}", "turn_hours: 100000000000000}"),
        "100000000000000",
        "expected a whole number from 1 to 744",
    ),
    (
        "year 9999",
        ("  end: 1917-02-27 18:00", "  end: 9999-12-31"),
        "9999-12-31",
        "in the years 1700 to 2100, got '9999-12-31'",
    ),
    (
        "too many turns",
        ("  end: 1917-02-27 18:00", "  end: 2017-02-27 18:00"),
        "2017-02-27 18:00",
        "the calendar gives more than 1000 turns",
    ),
    (
        "huge calendar offset",
        ("  end: 1917-02-27 18:00", "  end: 1917-02-27 18:00\n  gregorian_offset_days: 100000000"),
        "100000000",
        "'gregorian_offset_days' of calendar: expected a whole number from 0 to 30",
    ),
    (
        "polygon far off the map",
        (
            "{id: island, influence: {reds: 0.5}, controller: reds}",
            "{id: island, polygon: [[0, 0], [1e308, 5], [0, 9]]}",
        ),
        "1e308",
        "expected a number from 0 to 1000, got '1e308'",
    ),
    (
        "two events add one unit",
        ("victory:\n", EXTRA_EVENT),
        "landing_party, name: Landing Party, kind: sailors, strength: 50",
        "unit 'landing_party' is already added by event 'sailors_arrive' (line",
    ),
    (
        "a repeating event adds a unit",
        (
            "    start: 1917-02-26\n    if: flag(guards_held_back)",
            "    start: 1917-02-26\n    once: false\n    if: flag(guards_held_back)",
        ),
        "landing_party",
        "event 'sailors_arrive' may fire more than once ('once: false'), so it cannot add unit 'landing_party'",
    ),
    (
        "free action",
        ("    agitate: {cost: 1,", "    agitate: {cost: 0,"),
        "0, base_odds: 0.7, strength: 0.08",
        "'agitate' must cost at least 1 action point",
    ),
    (
        "ration levels",
        (RULES, f"{RULES}\n  ration_levels: 100000000"),
        "100000000",
        "'ration_levels' of rules: expected a whole number from 2 to 20",
    ),
    (
        "huge action points",
        ("    action_points: 2\n", "    action_points: 1000000000\n"),
        "1000000000",
        "expected a whole number from 0 to 20",
    ),
    (
        "huge add_action_points",
        (LEGITIMACY_EFFECT, "{kind: add_action_points, faction: government, amount: 1e9}"),
        "1e9",
        "expected a number from -10000000 to 10000000, got '1e9'",
    ),
    (
        "add_action_points out of its kind's range",
        (LEGITIMACY_EFFECT, "{kind: add_action_points, faction: government, amount: 100}"),
        "100}",
        "effect 'add_action_points': 'amount' must be a number from -20 to 20, got 100",
    ),
    (
        "400-digit literal in a condition",
        ("if: unrest(north) > 0.3", f"if: unrest(north) > {HUGE_INT}"),
        HUGE_INT,
        "numbers in conditions have at most 15 digits",
    ),
]


@pytest.mark.parametrize(("replace", "at", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_out_of_bounds_values_are_refused_where_written(
    write_tiny: Edit, replace: tuple[str, str], at: str, message: str
) -> None:
    path = write_tiny(replace)
    diagnostic = only_error(path)
    assert message in diagnostic.message, str(diagnostic)
    line = line_of(path, at)
    text = path.read_text(encoding="utf-8").split("\n")[line - 1]
    assert (diagnostic.location.file, diagnostic.location.line, diagnostic.location.column) == (
        str(path),
        line,
        text.index(at) + 1,
    ), str(diagnostic)


def test_a_faction_cannot_gather_without_end_points_in_one_turn(write_tiny: Edit) -> None:
    adds = "\n          - ".join(["{kind: add_action_points, faction: government, amount: 20}"] * 3)
    path = write_tiny(
        (
            "effects:\n          - {kind: add_legitimacy",
            f"effects:\n          - {adds}\n          - {{kind: add_legitimacy",
        ),
    )
    diagnostic = only_error(path)
    assert diagnostic.message.startswith("faction 'government' could have 64 action points in one turn")
    assert "at most 50" in diagnostic.message
    assert diagnostic.location.line == line_of(path, "    action_points: 3\n    actions: [move, disperse")


def test_passing_and_choosing_may_stay_free(write_tiny: Edit) -> None:
    path = write_tiny(("    fire: {cost: 2,", "    pass: {cost: 0}\n    choose: {cost: 0}\n    fire: {cost: 2,"))
    rules = load_scenario(path).rules.actions
    assert rules[ActionKind.PASS].cost == 0 and rules[ActionKind.CHOOSE].cost == 0


def test_slugs_and_bounded_values_still_load(write_tiny: Edit) -> None:
    path = write_tiny(
        ("id: tiny\n", "id: my_variant-2\n"),
        ("  stock_tonnes: 2000", "  stock_tonnes: 1e6"),
        ("turn_hours: 6}", "turn_hours: 744}"),
        (RULES, f"{RULES}\n  ration_levels: 20"),
    )
    scenario = load_scenario(path)
    assert scenario.id == "my_variant-2" and scenario.food.stock_tonnes == 1e6 and scenario.rules.ration_levels == 20


def _numeric(tp: object) -> bool:
    args = typing.get_args(tp)
    return tp in (int, float) or any(_numeric(arg) for arg in args)


def test_every_number_in_the_format_has_both_ends_bounded() -> None:
    """A field added without a range would let 1e308 through again."""
    unbounded = [
        f"{cls.__name__}.{f.name}"
        for cls in vars(model).values()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and cls.__module__ == model.__name__
        and cls is not model.Location
        for f in data_fields(cls)
        if _numeric(type_hints(cls)[f.name])
        and (range_of(cls.__name__, f.name) is None or None in (range_of(cls.__name__, f.name) or ()))
    ]
    assert unbounded == [], "give these fields a range in scenario/ranges.py"
