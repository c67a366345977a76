"""Code, docs and the shipped schema speak of the project alone: no pointers to documents a reader cannot open."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = re.compile(r"DESIGN(\.md)?[ ,]*§|\bDESIGN\.md\b|team brief|engineer's\)|\.\./shared\b")


def readable_files() -> list[Path]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for suffix in ("*.py", "*.md", "*.json", "*.yaml"):
        files += sorted((ROOT / "src").rglob(suffix))
    return files


def test_no_file_points_outside_the_repository() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in readable_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert not found, "\n".join(found)


def test_the_pattern_catches_the_references_it_is_for() -> None:
    for line in ("as DESIGN §3b says", "see DESIGN.md", "the team brief", "(the map engineer's)"):
        assert OUTSIDE.search(line), line
    assert not OUTSIDE.search("the design of the map")
