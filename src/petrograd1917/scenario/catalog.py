"""The scenarios a player can pick: built-in ones and their own, each with title, dates and factions.

Shared fragments (a map included by scenarios) are not offered; a scenario that fails to load is listed as broken
with its first error, so a modder sees why their file is missing from the menu, and one bad file (or an unreadable
folder) never hides the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from petrograd1917 import paths
from petrograd1917.scenario.errors import ScenarioError
from petrograd1917.scenario.loader import display_name, load_scenario
from petrograd1917.scenario.yamlsource import Scalar, read_file


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    id: str
    path: Path
    builtin: bool
    title: str = ""
    summary: str = ""
    start: datetime | None = None
    end: datetime | None = None
    factions: tuple[str, ...] = ()  # faction names, in turn order
    error: str | None = None  # the first problem, for a scenario that does not load

    @property
    def broken(self) -> bool:
        return self.error is not None


def list_scenarios() -> list[CatalogEntry]:
    """Built-in scenarios first, then the user's, each folder in file-name order."""
    entries: list[CatalogEntry] = []
    for folder, builtin in ((paths.builtin_scenarios_dir(), True), (paths.user_scenarios_dir(), False)):
        for path in _files(folder):
            entry = _entry(path, builtin)
            if entry is not None:
                entries.append(entry)
    return entries


def _files(folder: Path) -> list[Path]:
    """The folder's scenario files in name order; none when it is missing, unreadable or not a folder."""
    try:
        return sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    except OSError:
        return []


def _entry(path: Path, builtin: bool) -> CatalogEntry | None:
    try:
        if _is_fragment(path):
            return None
        scenario = load_scenario(path)
    except ScenarioError as exc:
        return CatalogEntry(path.stem, path, builtin, error=str(exc.diagnostics[0]))
    except OSError as exc:  # the file vanished or changed while being read: still listed, as broken
        return CatalogEntry(path.stem, path, builtin, error=f"{display_name(path)}: cannot read the file: {exc}")
    return CatalogEntry(
        id=scenario.id,
        path=path,
        builtin=builtin,
        title=scenario.title,
        summary=scenario.summary,
        start=scenario.calendar.start,
        end=scenario.calendar.end,
        factions=tuple(f.name for f in scenario.factions),
    )


def _is_fragment(path: Path) -> bool:
    flag = read_file(path, display_name(path)).values.get("fragment")
    return isinstance(flag, Scalar) and flag.value is True
