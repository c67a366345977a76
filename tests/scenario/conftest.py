"""Fixtures for the loader tests: copies of the tiny scenario to break on purpose, an isolated user folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from scenario_helpers import TINY, TINY_MAP, Edit


@pytest.fixture(autouse=True)
def isolated_user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own empty user folder, so a player's real scenarios never leak in."""
    home = tmp_path / "home"
    (home / "scenarios").mkdir(parents=True)
    monkeypatch.setenv("PETROGRAD1917_HOME", str(home))
    yield home


@pytest.fixture
def tiny_text() -> str:
    return TINY.read_text(encoding="utf-8")


@pytest.fixture
def write_tiny(tmp_path: Path) -> Edit:
    """Write a copy of tiny.yaml (with `replace` pairs applied) beside a copy of its map; return its path."""
    folder = tmp_path / "scenario"
    folder.mkdir()
    shutil.copy(TINY_MAP, folder / TINY_MAP.name)

    def write(*replace: tuple[str, str], text: str | None = None, name: str = "tiny.yaml") -> Path:
        content = TINY.read_text(encoding="utf-8") if text is None else text
        for old, new in replace:
            assert old in content, f"the fixture no longer contains {old!r}"
            content = content.replace(old, new, 1)
        path = folder / name
        path.write_text(content, encoding="utf-8")
        return path

    return write
