"""Located errors: a modder fixes a scenario fastest when every problem names its file, line and column.

A load collects every problem it finds (`Diagnostics`) and raises them together at the end (`ScenarioError`), so
one run of `petrograd1917 validate` lists all that is wrong instead of the first thing only.
"""

from __future__ import annotations

from dataclasses import dataclass

from petrograd1917.scenario.model import Location


@dataclass(frozen=True, slots=True)
class Diagnostic:
    location: Location
    message: str  # what is wrong, what was expected, and a "did you mean" where a near name exists

    def __str__(self) -> str:
        return printable(f"{self.location}: error: {self.message}")


def printable(text: str) -> str:
    """Text from a file made safe to print: control, invisible and unencodable characters written as escapes, so a
    file can neither colour the terminal, reverse a line nor crash the print."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class ScenarioError(Exception):
    """Every problem found while loading one scenario (never empty)."""

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class Diagnostics:
    """Collects problems during a load; `raise_if_any` turns them into one `ScenarioError`."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []
        self._seen: set[tuple[Location, str]] = set()

    def error(self, location: Location, message: str) -> None:
        if (location, message) not in self._seen:  # the same fault reached twice (e.g. through an alias) once
            self._seen.add((location, message))
            self._items.append(Diagnostic(location, message))

    def extend(self, diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.error(diagnostic.location, diagnostic.message)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[Diagnostic]:
        """In file order, so the listing reads top to bottom like the files themselves."""
        return sorted(self._items, key=lambda d: (d.location.file, d.location.line, d.location.column))

    def raise_if_any(self) -> None:
        if self._items:
            raise ScenarioError(self.sorted())
