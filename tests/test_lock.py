"""The locks pin what the tests pass with, and a lock stale against pyproject.toml is refused."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bootstrap() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "bootstrap.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pins(path: Path) -> dict[str, str]:
    """Name -> version of each pin whose environment marker holds here (a universal lock has one per Python)."""
    found: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            requirement = Requirement(line.rstrip(" \\"))
            if requirement.marker is None or requirement.marker.evaluate():
                (version,) = (spec.version for spec in requirement.specifier)
                found[requirement.name.lower().replace("_", "-")] = version
    return found


def test_both_locks_are_fresh(bootstrap: ModuleType) -> None:
    for kind in bootstrap.KINDS:
        bootstrap.check_lock_fresh(kind)  # exits with the re-lock advice when stale


def test_a_changed_requirement_makes_the_lock_stale(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fresh = bootstrap.inputs_digest()
    text = (ROOT / "pyproject.toml").read_text()
    changed = text.replace('"numpy>=1.26"', '"numpy>=1.27"')
    assert changed != text
    (tmp_path / "pyproject.toml").write_text(changed)
    (tmp_path / "requirements").mkdir()
    for lock in (ROOT / "requirements").iterdir():
        (tmp_path / "requirements" / lock.name).write_bytes(lock.read_bytes())
    monkeypatch.setattr(bootstrap, "ROOT", tmp_path)
    monkeypatch.setattr(bootstrap, "LOCKS", tmp_path / "requirements")
    monkeypatch.setattr(bootstrap, "BUILD_INPUT", tmp_path / "requirements" / "build.in")
    assert bootstrap.inputs_digest() != fresh
    with pytest.raises(SystemExit, match="stale"):
        bootstrap.check_lock_fresh("test")


def test_every_declared_requirement_is_pinned_in_the_test_lock_and_satisfied() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"]) + [r for extra in project["optional-dependencies"].values() for r in extra]
    locked = pins(ROOT / "requirements" / "lock-test.txt")
    for text in declared:
        requirement = Requirement(text)
        name = requirement.name.lower().replace("_", "-")
        assert name in locked, f"{name} is declared but not locked"
        assert requirement.specifier.contains(locked[name], prereleases=True), f"{name}=={locked[name]} vs {text}"


def test_the_play_lock_agrees_with_the_test_lock() -> None:
    play, test = pins(ROOT / "requirements" / "lock-play.txt"), pins(ROOT / "requirements" / "lock-test.txt")
    assert play, "the play lock pins nothing"
    assert {name: test.get(name) for name in play} == play


def test_the_running_interpreter_has_the_locked_versions() -> None:
    """The tests run in what bootstrap installed from the lock, not in whatever happened to be there."""
    from importlib.metadata import version

    locked = pins(ROOT / "requirements" / "lock-test.txt")
    for name in ("numpy", "pyyaml", "pygame-ce", "pytest"):
        assert version(name) == locked[name], name
    assert sys.version_info >= (3, 11)
