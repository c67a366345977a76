"""Hostile saves and settings files, generated and written to real files: each one loads or is refused with the
game's own error (never another exception), within a bound on memory and on CPU time."""

from __future__ import annotations

import json
import math
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from saves_helpers import Played

from petrograd1917 import saves
from petrograd1917.ui import settings as window_settings

MEMORY_BOUND = 256 * 1024 * 1024  # bytes allocated at the peak, far above any real save
CPU_BOUND = 60.0  # seconds of CPU for one file: a hang, not a speed, is what this catches

HOSTILE_TEXT = st.sampled_from(
    ["", "\x00", "\x1b[2J", "\u202e", "../../../etc/passwd", "/etc/passwd", "C:\\x", "a" * 5000, "\ud800", "human"]
)
HOSTILE_NUMBER = st.sampled_from(
    ["1" + "0" * 400, "1e400", "-1e400", "NaN", "Infinity", "-1", "1.0e+308", "0", "2.5", "99999999999999999999"]
)


def json_values() -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers(-(10**18), 10**18) | st.floats(allow_nan=False) | HOSTILE_TEXT
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE_TEXT, inner))


@contextmanager
def bounded() -> Iterator[None]:
    tracemalloc.start()
    started = time.process_time()
    try:
        yield
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < MEMORY_BOUND, f"{peak} bytes at the peak"
    assert time.process_time() - started < CPU_BOUND


def loads_or_is_refused(path: Path) -> None:
    try:
        saves.load_game(path)
    except saves.SaveError as error:
        assert str(error)


def field_changes(document: dict[str, Any]) -> st.SearchStrategy[Callable[[dict[str, Any]], str]]:
    """Ways to give one field of a save a hostile value: any JSON, or a number literal no game value can be."""
    keys = sorted(document)

    def set_field(key: str, value: Any) -> Callable[[dict[str, Any]], str]:
        return lambda changed: json.dumps({**changed, key: value})

    def raw_number(key: str, literal: str) -> Callable[[dict[str, Any]], str]:
        return lambda changed: json.dumps({**changed, key: 123456789}).replace("123456789", literal, 1)

    return st.builds(set_field, st.sampled_from(keys), json_values()) | st.builds(
        raw_number, st.sampled_from(keys), HOSTILE_NUMBER
    )


def text_changes() -> st.SearchStrategy[Callable[[str], str]]:
    """Ways to break a save's text: deep nesting, a cut, other line endings, stray bytes."""

    def nest(depth: int) -> Callable[[str], str]:
        return lambda text: text.replace('"actions": [', '"actions": [' + "[" * depth, 1) + "]" * depth

    def cut(fraction: float) -> Callable[[str], str]:
        return lambda text: text[: int(len(text) * fraction)]

    def line_endings(ending: str) -> Callable[[str], str]:
        return lambda text: text.replace("\n", ending)

    return st.one_of(
        st.just(lambda text: text),
        st.builds(nest, st.sampled_from([10, 1000, 100_000])),
        st.builds(cut, st.floats(0.0, 1.0)),
        st.builds(line_endings, st.sampled_from(["\r", "\r\n", "\u2028", "\x00"])),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_hostile_save_loads_or_is_refused_within_bounds(played: Played, tmp_path: Path, data: st.DataObject) -> None:
    path = saves.save_game(tmp_path / "game.json", played.state, played.actions, played.seed)
    document = json.loads(path.read_text(encoding="utf-8"))
    text = json.dumps(document)
    for change in data.draw(st.lists(field_changes(document), max_size=2)):
        text = change(json.loads(text))
    text = data.draw(text_changes())(text)
    hostile = tmp_path / "hostile.json"
    hostile.write_text(text, encoding="utf-8", errors="surrogatepass")
    with bounded():
        loads_or_is_refused(hostile)
        listed = dict(saves.saves_in(tmp_path))
    assert isinstance(listed[hostile], saves.SaveRecord | saves.SaveError)


VALUES = json_values() | HOSTILE_NUMBER.map(lambda literal: ("raw", literal))


@settings(max_examples=60, deadline=None)
@given(values=st.dictionaries(st.sampled_from(["width", "height", "ui_scale", "palette", "ai_speed", "x"]), VALUES))
def test_a_hostile_settings_file_gives_usable_settings(values: dict[str, Any]) -> None:
    literals = {key: value[1] for key, value in values.items() if isinstance(value, tuple)}
    plain = {key: (f"@{key}@" if key in literals else value) for key, value in values.items()}
    text = json.dumps(plain)
    for key, literal in literals.items():
        text = text.replace(f'"@{key}@"', literal)
    path = window_settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with bounded():
        chosen = window_settings.load_settings()
    assert math.isfinite(chosen.ui_scale) and window_settings.UI_SCALES[0] <= chosen.ui_scale
    smallest = window_settings.MIN_WINDOW
    assert smallest[0] <= chosen.width <= 7680 and smallest[1] <= chosen.height <= 4320
    assert chosen.palette in window_settings.PALETTES and chosen.ai_speed in window_settings.AI_SPEEDS
