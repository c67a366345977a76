"""Untrusted bytes: every way a file can be bad gives one located error, never a traceback, hang or code run."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

from petrograd1917.scenario.errors import ScenarioError
from petrograd1917.scenario.yamlsource import MAX_FILE_BYTES, Mapping, Scalar, parse_bytes, parse_text, read_file

BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
    ]
)

BAD_TEXT = [
    ("python tag", "a: !!python/object/apply:os.system ['echo pwned']\n", 1, 4, "tag '!!python/object/apply"),
    ("python name", "a: !!python/name:os.system\n", 1, 4, "not allowed"),
    ("unknown tag", "a: !custom 3\n", 1, 4, "tag '!custom'"),
    ("set tag", "a: !!set {x, y}\n", 1, 4, "'!!set' is not allowed"),
    ("duplicate key", "a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first written at line 1)"),
    ("tab indent", "a:\n\tb: 1\n", 2, 1, "tab"),
    ("syntax", "a: [1, 2\nb: 3\n", 2, 2, "YAML syntax"),
    ("bad indentation", "a:\n  b: 1\n c: 2\n", 3, 2, "YAML syntax"),
    ("empty", "", 1, 1, "empty"),
    ("only comments", "# nothing here\n\n", 1, 1, "empty"),
    ("top-level list", "- 1\n- 2\n", 1, 1, "top level must be a mapping"),
    ("top-level scalar", "just text\n", 1, 1, "top level must be a mapping"),
    ("alias bomb", BOMB, 6, None, "expands to more than"),
    ("recursive alias", "a: &a [*a]\n", 1, 8, "cannot refer to the list or mapping that contains it"),
    ("deep flow nesting", "a: " + "[" * 50_000 + "]" * 50_000 + "\n", 1, 4 + 64, "nested more than"),
    ("control character", "a: \x07\n", 1, 4, "not allowed"),
    ("merge key", "x: &x {a: 1}\ny:\n  <<: *x\n", 3, 3, "merge keys"),
    ("two documents", "a: 1\n---\nb: 2\n", 2, 1, "single document"),
    ("infinite number", "a: .inf\n", 1, 4, "finite number"),
    ("huge integer", "a: " + "9" * 5000 + "\n", 1, 4, "cannot read"),
    ("time zone", "a: 1917-02-23T06:00:00+03:00\n", 1, 4, "time zone"),
    ("impossible date", "a: 1917-02-30\n", 1, 4, "cannot read '1917-02-30'"),
    ("complex key", "? [a]\n: 1\n", 1, 3, "key must be a plain name"),
    ("undefined alias", "a: *nowhere\n", 1, 4, "undefined alias"),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"), [c[1:] for c in BAD_TEXT], ids=[c[0] for c in BAD_TEXT]
)
def test_bad_text_gives_one_located_error(text: str, line: int, column: int | None, fragment: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as caught:
        parse_text(text, "bad.yaml")
    assert time.perf_counter() - started < 5, "a bad file must fail fast"
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.location.file == "bad.yaml"
    assert diagnostic.location.line == line
    if column is not None:
        assert diagnostic.location.column == column
    assert fragment in diagnostic.message
    assert str(diagnostic).startswith(f"bad.yaml:{line}:")
    assert ": error: " in str(diagnostic)


def test_python_tag_runs_no_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(ScenarioError):
        parse_text(f"a: !!python/object/apply:os.system ['touch {marker}']\n", "bad.yaml")
    assert not marker.exists()


def test_non_utf8_byte_is_located() -> None:
    data = b"id: x\ntitle: caf" + b"\xe9 noir\n"
    with pytest.raises(ScenarioError) as caught:
        parse_bytes(data, "latin.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.location.line, diagnostic.location.column) == (2, 11)
    assert "0xe9" in diagnostic.message and "UTF-8" in diagnostic.message


def test_utf8_bom_is_accepted() -> None:
    value = parse_bytes(b"\xef\xbb\xbfa: 1\n", "bom.yaml")
    assert isinstance(value.values["a"], Scalar) and value.values["a"].value == 1


def test_file_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.write(b"a: 1\n")
        handle.seek(50 * 1024 * 1024)
        handle.write(b"\n")
    with pytest.raises(ScenarioError) as caught:
        read_file(path, "big.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert str(diagnostic.location) == "big.yaml:1:1"
    assert f"limited to {MAX_FILE_BYTES // 1_048_576} MB" in diagnostic.message


def test_missing_file_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        read_file(tmp_path / "nope.yaml", "nope.yaml")
    assert str(caught.value.diagnostics[0].location) == "nope.yaml:1:1"


def test_every_value_keeps_its_position() -> None:
    value = parse_text("a: 1\nb:\n  - x\n  - {c: 'q'}\n", "pos.yaml")
    b = value.values["b"]
    assert (b.location.line, b.location.column) == (3, 3)
    inner = b.items[1]  # type: ignore[union-attr]
    assert isinstance(inner, Mapping)
    c = inner.values["c"]
    assert isinstance(c, Scalar)
    assert (c.location.line, c.location.column, c.style) == (4, 9, "'")
    assert inner.key_location("c").column == 6


def test_tab_inside_a_value_is_fine() -> None:
    value = parse_text('a: "x\ty"\n', "ok.yaml")
    assert isinstance(value.values["a"], Scalar) and value.values["a"].value == "x\ty"


def test_timestamps_in_the_three_spellings() -> None:
    from petrograd1917.scenario.build import scalar_value

    value = parse_text("a: 1917-02-23\nb: 1917-02-23 06:00\nc: 1917-02-23T06:00\n", "dates.yaml")
    found = [scalar_value(datetime, value.values[k], None) for k in "abc"]  # type: ignore[arg-type]
    assert found == [datetime(1917, 2, 23), datetime(1917, 2, 23, 6), datetime(1917, 2, 23, 6)]
