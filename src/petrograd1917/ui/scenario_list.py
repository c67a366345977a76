"""The scenarios a player can pick: built-in ones first, then the player's own, each loaded or with its errors.

A scenario that fails to load is listed all the same, with the loader's located errors (file:line:col), so a
modder sees what to fix instead of a missing entry or a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from petrograd1917 import paths
from petrograd1917.scenario.errors import ScenarioError
from petrograd1917.scenario.model import Scenario


@dataclass
class ScenarioChoice:
    path: Path
    builtin: bool
    scenario: Scenario | None = None
    errors: list[str] = field(default_factory=list)  # "FILE:LINE:COL: error: ..." lines

    @property
    def title(self) -> str:
        if self.scenario is not None:
            return self.scenario.title
        return self.path.stem.replace("-", " ").replace("_", " ").capitalize()

    @property
    def label(self) -> str:
        tag = "" if self.builtin else "  (yours)"
        mark = "  — has errors" if self.errors else ""
        return f"{self.title}{tag}{mark}"


def _is_fragment(path: Path) -> bool:
    """Include-only files (`fragment: true`, such as the shared map) are not playable on their own."""
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            head = [f.readline() for _ in range(40)]
    except OSError:
        return False
    return any(line.strip().replace(" ", "") == "fragment:true" for line in head)


def load_choice(path: Path, builtin: bool) -> ScenarioChoice:
    from petrograd1917 import load_scenario

    choice = ScenarioChoice(path=path, builtin=builtin)
    try:
        choice.scenario = load_scenario(path)
    except ScenarioError as error:
        choice.errors = [str(d) for d in error.diagnostics]
    except Exception as error:  # a loader bug must not take the menu down: show it like a scenario error
        choice.errors = [f"{path.name}:1:1: error: {type(error).__name__}: {error}"]
    return choice


def available() -> list[ScenarioChoice]:
    """Every playable scenario file, built-in first (by name), each loaded (or with its errors)."""
    found: list[ScenarioChoice] = []
    for folder, builtin in ((paths.builtin_scenarios_dir(), True), (paths.user_scenarios_dir(), False)):
        if not folder.is_dir():
            continue
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            if not _is_fragment(path):
                found.append(load_choice(path, builtin))
    return found
