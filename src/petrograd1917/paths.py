"""Where the game finds its built-in scenarios and assets, and where it keeps a player's saves and scenarios."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PROJECT_ROOT = Path(__file__).resolve().parents[2]
_INSTALLED_DATA = Path(sys.prefix) / "share" / "petrograd1917"


def _data_dir(name: str, variable: str) -> Path:
    """The project's `name/` folder: from the environment, the source tree (checkout or editable install), or
    where a regular install puts it (`<prefix>/share/petrograd1917`, see pyproject's data-files)."""
    if variable in os.environ:
        return Path(os.environ[variable])
    in_tree = _PROJECT_ROOT / name
    return in_tree if in_tree.is_dir() else _INSTALLED_DATA / name


def builtin_scenarios_dir() -> Path:
    return _data_dir("scenarios", "PETROGRAD1917_SCENARIOS")


def assets_dir() -> Path:
    return _data_dir("assets", "PETROGRAD1917_ASSETS")


def user_dir() -> Path:
    """Saves, autosaves, settings and the player's own scenarios; PETROGRAD1917_HOME overrides (tests use it)."""
    base = os.environ.get("PETROGRAD1917_HOME") or os.environ.get("XDG_DATA_HOME")
    root = Path(base) if base else Path.home() / ".local" / "share"
    return root if os.environ.get("PETROGRAD1917_HOME") else root / "petrograd1917"


def user_scenarios_dir() -> Path:
    return user_dir() / "scenarios"


def saves_dir() -> Path:
    return user_dir() / "saves"
