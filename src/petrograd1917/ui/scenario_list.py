"""The scenarios a player can pick (from `scenario.catalog`), each loaded when first shown, with all its errors.

The catalog keeps a broken scenario's first error; the menu shows every one (file:line:col), so a modder sees
all there is to fix instead of a missing entry or a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from petrograd1917.scenario.catalog import CatalogEntry, list_scenarios
from petrograd1917.scenario.errors import ScenarioError
from petrograd1917.scenario.model import Scenario


@dataclass
class ScenarioChoice:
    entry: CatalogEntry
    _scenario: Scenario | None = field(default=None, repr=False)
    _errors: list[str] | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.entry.path

    @property
    def builtin(self) -> bool:
        return self.entry.builtin

    @property
    def title(self) -> str:
        return self.entry.title or self.entry.path.stem

    @property
    def label(self) -> str:
        tag = "" if self.builtin else "  (yours)"
        mark = "  — has errors" if self.entry.broken else ""
        return f"{self.title}{tag}{mark}"

    def _load(self) -> None:
        if self._errors is not None:
            return
        from petrograd1917 import load_scenario

        self._errors = []
        try:
            self._scenario = load_scenario(self.path)
        except ScenarioError as error:
            self._errors = [str(d) for d in error.diagnostics]
        except Exception as error:  # a loader bug must not take the menu down: show it like a scenario error
            self._errors = [f"{self.path.name}:1:1: error: {type(error).__name__}: {error}"]

    @property
    def scenario(self) -> Scenario | None:
        self._load()
        return self._scenario

    @property
    def errors(self) -> list[str]:
        self._load()
        return self._errors or []


def available() -> list[ScenarioChoice]:
    """Every playable scenario, built-in first; each is loaded only when asked for."""
    return [ScenarioChoice(entry) for entry in list_scenarios()]
