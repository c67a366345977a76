"""The condition parser: precedence, literals, columns, and errors that say where and what was expected."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petrograd1917.scenario.conditions import (
    Binary,
    Boolean,
    Call,
    ConditionSyntaxError,
    DateLiteral,
    Expr,
    Name,
    Number,
    Unary,
    parse,
)


def shape(expr: Expr) -> object:
    """The tree without columns, written as nested tuples, so precedence tests read like the grammar."""
    match expr:
        case Number() | Boolean() | DateLiteral():
            return expr.value
        case Name():
            return expr.name
        case Call():
            return (expr.function, *(shape(a) for a in expr.args))
        case Unary():
            return (expr.op, shape(expr.operand))
        case Binary():
            return (expr.op, shape(expr.left), shape(expr.right))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 2 * 3", ("+", 1.0, ("*", 2.0, 3.0))),
        ("(1 + 2) * 3", ("*", ("+", 1.0, 2.0), 3.0)),
        ("1 - 2 - 3", ("-", ("-", 1.0, 2.0), 3.0)),
        ("8 / 4 / 2", ("/", ("/", 8.0, 4.0), 2.0)),
        ("-2 * 3", ("*", ("-", 2.0), 3.0)),
        ("- -2", ("-", ("-", 2.0))),
        ("a or b and c", ("or", "a", ("and", "b", "c"))),
        ("a and b or c", ("or", ("and", "a", "b"), "c")),
        ("not a and b", ("and", ("not", "a"), "b")),
        ("not unrest(vyborg) > 0.5", ("not", (">", ("unrest", "vyborg"), 0.5))),
        ("not not flag(x)", ("not", ("not", ("flag", "x")))),
        ("turn + 1 >= 2 * 3", (">=", ("+", "turn", 1.0), ("*", 2.0, 3.0))),
        ("(a == b) != c", ("!=", ("==", "a", "b"), "c")),
        ("x <= 1 or y < 2 and z > 3", ("or", ("<=", "x", 1.0), ("and", ("<", "y", 2.0), (">", "z", 3.0)))),
        ("strikers()", ("strikers",)),
        ("influence(vyborg, bolsheviks)", ("influence", "vyborg", "bolsheviks")),
        ("min(held_points(self), 10) / 10", ("/", ("min", ("held_points", "self"), 10.0), 10.0)),
        ("true and false", ("and", True, False)),
        ("0.25 + .5 + 3", ("+", ("+", 0.25, 0.5), 3.0)),
    ],
)
def test_precedence_and_grouping(source: str, expected: object) -> None:
    assert shape(parse(source).tree) == expected


def test_dates_with_and_without_time() -> None:
    assert shape(parse("date >= 1917-02-27").tree) == (">=", "date", datetime(1917, 2, 27))
    assert shape(parse("date < 1917-10-25T06:00").tree) == ("<", "date", datetime(1917, 10, 25, 6, 0))


def test_columns_point_at_tokens_and_operators() -> None:
    tree = parse("unrest(vyborg) > 0.5 and flag(x)").tree
    assert isinstance(tree, Binary) and tree.column == 22  # the `and`
    assert isinstance(tree.left, Binary) and tree.left.column == 16  # the `>`
    call = tree.left.left
    assert isinstance(call, Call) and call.column == 1
    assert isinstance(call.args[0], Name) and call.args[0].column == 8
    assert isinstance(tree.right, Call) and tree.right.column == 26


def test_the_source_text_is_kept() -> None:
    assert parse("  turn > 3 ").source == "  turn > 3 "


def test_multi_line_text_parses() -> None:
    assert shape(parse("flag(a)\nand flag(b)").tree) == ("and", ("flag", "a"), ("flag", "b"))


@pytest.mark.parametrize(
    ("source", "column", "message"),
    [
        ("", 1, "the condition is empty"),
        ("   ", 1, "the condition is empty"),
        ("unrest(vyborg) > (0.5 + turn", 29, "expected ')' to close '(' opened at column 18, found the end"),
        ("(a and (b or c)", 16, "expected ')' to close '(' opened at column 1"),
        ("influence(vyborg bolsheviks)", 18, "expected ',' or ')' to close 'influence(' opened at column 10"),
        ("unrest(vyborg", 14, "expected ',' or ')' to close 'unrest(' opened at column 7, found the end"),
        ("turn >", 7, "expected a value after '>', found the end of the condition"),
        ("turn > and 3", 8, "expected a value after '>', found 'and'"),
        ("and turn", 1, "expected a value (a number, date, name, '(' or 'not'), found 'and'"),
        ("f(a,)", 5, "expected a value after ',', found ')'"),
        ("1 < 2 < 3", 7, "comparisons cannot be chained"),
        ("turn > 1)", 9, "')' without a matching '('"),
        ("turn > 1, 2", 9, "',' outside the brackets"),
        ("turn 3", 6, "expected an operator (and, or, a comparison or arithmetic) before '3'"),
        ("flag(a) flag(b)", 9, "expected an operator"),
        ("turn = 3", 6, "use '==' to compare"),
        ("flag(a) && flag(b)", 9, "use 'and' instead of '&&'"),
        ("flag(a) || flag(b)", 9, "use 'or' instead of '||'"),
        ("!flag(a)", 1, "use 'not' instead of '!'"),
        ("flag('a')", 6, "quotes are not needed"),
        ("turn > 3x", 9, "unexpected 'x' right after the number 3"),
        ("date > 1917-02-30", 8, "'1917-02-30' is not a real date"),
        ("date > 1917-02-27T25:00", 8, "is not a real date"),
        ("turn # 3", 6, "unexpected character '#'"),
        ("()", 2, "expected a value after '(', found ')'"),
    ],
)
def test_syntax_errors_say_where_and_what(source: str, column: int, message: str) -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse(source)
    assert caught.value.column == column
    assert message in str(caught.value)


@given(st.text(alphabet=st.sampled_from(list("abf()<=>!&|-+*/., 0123456789T'\"#\nandortruefalsenot")), max_size=40))
def test_any_text_parses_or_raises_a_located_syntax_error(source: str) -> None:
    try:
        parse(source)
    except ConditionSyntaxError as error:
        assert 1 <= error.column <= len(source) + 1


# A printer that writes only the brackets the precedence rules need: if parsing its output gives back the same tree
# for any tree, the parser's precedence and associativity are exactly the documented ones.
_PRECEDENCE = {"or": 1, "and": 2, "<": 4, "<=": 4, ">": 4, ">=": 4, "==": 4, "!=": 4, "+": 5, "-": 5, "*": 6, "/": 6}
_ATOM = 8


def _precedence(expr: Expr) -> int:
    if isinstance(expr, Binary):
        return _PRECEDENCE[expr.op]
    if isinstance(expr, Unary):
        return 3 if expr.op == "not" else 7
    return _ATOM


def _write(expr: Expr, needed: int = 0) -> str:
    match expr:
        case Number():
            text = f"{expr.value:g}"
        case Boolean():
            text = "true" if expr.value else "false"
        case Name():
            text = expr.name
        case Call():
            text = f"{expr.function}({', '.join(_write(a) for a in expr.args)})"
        case Unary():
            text = f"{expr.op} {_write(expr.operand, _precedence(expr))}"
        case Binary():
            p = _PRECEDENCE[expr.op]
            left_needs = p + 1 if p == 4 else p  # comparisons do not chain; the rest associate to the left
            text = f"{_write(expr.left, left_needs)} {expr.op} {_write(expr.right, p + 1)}"
        case _:
            raise AssertionError(expr)
    return f"({text})" if _precedence(expr) < needed else text


_leaves = st.one_of(
    st.integers(0, 99).map(lambda n: Number(float(n), 1)),
    st.booleans().map(lambda b: Boolean(b, 1)),
    st.sampled_from(["turn", "date", "vyborg"]).map(lambda n: Name(n, 1)),
)
_trees = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(sorted(_PRECEDENCE)), inner, inner).map(lambda t: Binary(t[0], t[1], t[2], 1)),
        st.tuples(st.sampled_from(["not", "-"]), inner).map(lambda t: Unary(t[0], t[1], 1)),
        st.tuples(st.sampled_from(["f", "unrest"]), st.lists(inner, max_size=2)).map(
            lambda t: Call(t[0], tuple(t[1]), 1)
        ),
    ),
    max_leaves=12,
)


@given(_trees)
def test_printing_with_minimal_brackets_parses_back_to_the_same_tree(tree: Expr) -> None:
    assert shape(parse(_write(tree)).tree) == shape(tree)


def test_hostile_conditions_are_bounded_not_a_crash() -> None:
    assert shape(parse("(" * 32 + "1" + ")" * 32).tree) == 1.0
    assert shape(parse("turn < 999999999999999").tree) == ("<", "turn", 999999999999999.0)
    for source, column, message in [
        ("(" * 33 + "1" + ")" * 33, 34, "nests too deeply (more than 32 levels"),
        ("not " * 40 + "x", 133, "nests too deeply"),
        ("f(" * 40, 67, "nests too deeply"),
        ("1" + " + 1" * 128, 513, "the condition is too long (more than 256"),
        ("score > 1" + "0" * 400, 9, "numbers in conditions have at most 15 digits"),
        ("turn < 0." + "0" * 20, 8, "numbers in conditions have at most 15 digits"),
    ]:
        with pytest.raises(ConditionSyntaxError) as caught:
            parse(source)
        assert caught.value.column == column and message in str(caught.value)
