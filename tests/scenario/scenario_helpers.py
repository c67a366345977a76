"""Shared helpers of the loader tests (imported by name: test folders are not packages)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from petrograd1917.scenario.errors import Diagnostic, ScenarioError
from petrograd1917.scenario.loader import load_scenario

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
TINY = FIXTURES / "tiny.yaml"
TINY_MAP = FIXTURES / "tiny-map.yaml"

Edit = Callable[..., Path]


def errors_of(path: Path | str) -> list[Diagnostic]:
    """The diagnostics of a load that must fail."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return list(caught.value.diagnostics)


def only_error(path: Path | str) -> Diagnostic:
    diagnostics = errors_of(path)
    assert len(diagnostics) == 1, "\n".join(map(str, diagnostics))
    return diagnostics[0]


def line_of(path: Path, needle: str) -> int:
    """1-based line where `needle` (which may span lines) first starts."""
    text = path.read_text(encoding="utf-8")
    assert needle in text, f"{needle!r} not in {path}"
    return text[: text.index(needle)].count("\n") + 1
