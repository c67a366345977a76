"""The checker: every condition is checked against the scenario's ids and types at load, with messages that fix it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from petrograd1917.scenario.conditions import FUNCTIONS, ScenarioNames, ValueType, check, parse

NAMES = ScenarioNames(
    districts=frozenset({"vyborg", "liteiny", "admiralty"}),
    factions=frozenset({"government", "bolsheviks", "soviet"}),
    units=frozenset({"volynsky", "don_cossacks"}),
    sites=frozenset({"winter_palace", "smolny"}),
    links=frozenset({"liteiny_bridge"}),
    key_events=frozenset({"abdication"}),
)
OBJECTIVE = replace(NAMES, self_faction="bolsheviks")

BOOL, NUMBER = ValueType.BOOL, ValueType.NUMBER


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("unrest(vyborg) > 0.5 and not flag(order_no_1)", BOOL),
        ("influence(liteiny, bolsheviks) >= influence(liteiny, government)", BOOL),
        ("controls(bolsheviks, winter_palace) or controls(bolsheviks, vyborg)", BOOL),
        ("holds(government, smolny) == false", BOOL),
        ("loyalty(volynsky, government) < 0.4 and commands(government, volynsky)", BOOL),
        ("strength(don_cossacks) + strikers() + strikers(vyborg) + crowd() + crowd(liteiny) > 1000", BOOL),
        ("bread(vyborg) < 1 or stock() < 500 or ration() <= 200", BOOL),
        ("raised(liteiny_bridge) and happened(abdication)", BOOL),
        ("legitimacy(soviet) - legitimacy(government) > 0.1", BOOL),
        ("districts_controlled(soviet) + sites_held(soviet) + held_points(soviet) > 3", BOOL),
        ("armed_share(bolsheviks) > 0.5 and city_influence(bolsheviks) > 0.3 and mutinied_units() >= 2", BOOL),
        ("date >= 1917-02-27T12:00 and turn > 3", BOOL),
        ("min(held_points(government), 5) / 5 + max(0, -1) * 2", NUMBER),
        ("turn", None),
    ],
)
def test_good_conditions_have_no_problems(source: str, expected: ValueType | None) -> None:
    assert check(parse(source), NAMES, expected) == []


def test_self_is_a_faction_inside_an_objective() -> None:
    assert check(parse("held_points(self) + city_influence(self) * 10"), OBJECTIVE, NUMBER) == []
    assert check(parse("holds(self, winter_palace)"), OBJECTIVE, BOOL) == []


def problems(source: str, expected: ValueType | None = BOOL, names: ScenarioNames = NAMES) -> list[tuple[int, str]]:
    return check(parse(source), names, expected)


@pytest.mark.parametrize(
    ("source", "column", "message"),
    [
        ("unrset(vyborg) > 0.5", 1, "unknown function 'unrset' (did you mean 'unrest'?)"),
        ("frobnicate() > 1", 1, "unknown function 'frobnicate'"),
        ("turn() > 1", 1, "'turn' is a variable, not a function: write it without '()'"),
        ("unrest() > 1", 1, "unrest takes 1 argument, not 0: unrest(district)"),
        ("influence(vyborg) > 1", 1, "influence takes 2 arguments, not 1: influence(district, faction)"),
        ("strikers(vyborg, liteiny) > 1", 1,
         "strikers takes 0 or 1 arguments, not 2: strikers() or strikers(district)"),
        ("unrest(vyborgg) > 0.5", 8, "unknown district 'vyborgg' (did you mean 'vyborg'?)"),
        ("influence(vyborg, bolshevik) > 0.5", 19, "unknown faction 'bolshevik' (did you mean 'bolsheviks'?)"),
        ("loyalty(government, volynsky) > 0.5", 9,
         "'government' is a faction, but argument 1 of loyalty(unit, faction) must be a unit"),
        ("controls(bolsheviks, volynsky)", 22,
         "'volynsky' is a unit, but argument 2 of controls(faction, district_or_site) must be a district or site"),
        ("happened(coronation)", 10, "unknown key event 'coronation'"),
        ("raised(vyborg)", 8, "'vyborg' is a district, but argument 1 of raised(link) must be a link"),
        ("unrest(1 + 2) > 0", 8, "argument 1 of unrest(district) must be a district id, written bare"),
        ("min(flag(a), 2) > 1", 5, "argument 1 of min(number, number) must be a number, but this is true/false"),
        ("unrest(vyborg) and 3", 20, "'and' needs true/false on both sides, but its right side is a number"),
        ("unrest(vyborg) or flag(a)", 1, "'or' needs true/false on both sides, but its left side is a number"),
        ("not unrest(vyborg)", 5, "'not' needs true/false, but this is a number"),
        ("-flag(a) < 1", 2, "'-' needs a number, but this is true/false"),
        ("flag(a) + 1 > 2", 1, "'+' needs a number on both sides, but its left side is true/false"),
        ("date > 3", 6, "'>' compares a date with a number: they never match"),
        ("flag(a) < flag(b)", 9, "'<' needs numbers or dates; true/false only have == and !="),
        ("unrest(vyborg)", 1, "this must give true/false, but it gives a number (compare it with something"),
        ("holds(self, smolny)", 7, "'self' is only meaningful in a faction's objective"),
        ("self > 1", 1, "'self' names a faction: use it as an argument, e.g. holds(self, smolny)"),
        ("stock > 3", 1, "'stock' is a function: write stock()"),
        ("vyborg", 1, "'vyborg' is a district: an id can only be a function's argument"),
        ("order_no_1", 1, "unknown name 'order_no_1': a bare word is a variable (turn, date); a flag is written "
                          "flag(order_no_1)"),
        ("trun > 3", 1, "unknown name 'trun' (did you mean 'turn'?)"),
    ],
)  # fmt: skip
def test_problems_are_located_and_explained(source: str, column: int, message: str) -> None:
    found = problems(source)
    assert any(c == column and message in m for c, m in found), found


def test_a_score_must_be_a_number() -> None:
    assert problems("flag(a)", NUMBER) == [(1, "this must give a number, but it gives true/false")]


def test_self_outside_faction_argument_and_wrong_kind() -> None:
    assert problems("unrest(self) > 0", names=OBJECTIVE) == [
        (8, "'self' is a faction, but argument 1 of unrest(district) must be a district")
    ]


def test_errors_do_not_cascade_and_all_are_reported() -> None:
    found = problems("unrset(vyborg) > 1 and influence(vyborgg, reds) > 0.5")
    assert [c for c, _ in found] == [1, 34, 43]


def test_any_word_is_a_flag() -> None:
    assert problems("flag(anything_at_all) or flag(Other2)") == []


def test_every_function_has_a_usage_line_and_meaning() -> None:
    for spec in FUNCTIONS.values():
        assert spec.usage().startswith(f"{spec.name}(")
        assert spec.meaning


def test_the_modders_guide_documents_every_function() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "conditions.md").read_text(encoding="utf-8")
    for spec in FUNCTIONS.values():
        forms = " / ".join(f"{spec.name}({', '.join(sig)})" for sig in spec.signatures)
        heading = f"#### {forms} → "
        assert heading in guide, heading
