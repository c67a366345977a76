"""Where the game finds its built-in scenarios and assets, and where it keeps a player's saves and scenarios."""

from __future__ import annotations

import os
from pathlib import Path

_PROJECT_ROOT = Path(__file__).resolve().parents[2]


def builtin_scenarios_dir() -> Path:
    """The `scenarios/` folder of the project (an editable install or a source checkout)."""
    return Path(os.environ.get("PETROGRAD1917_SCENARIOS", _PROJECT_ROOT / "scenarios"))


def assets_dir() -> Path:
    return Path(os.environ.get("PETROGRAD1917_ASSETS", _PROJECT_ROOT / "assets"))


def user_dir() -> Path:
    """Saves, autosaves, settings and the player's own scenarios; PETROGRAD1917_HOME overrides (tests use it)."""
    base = os.environ.get("PETROGRAD1917_HOME") or os.environ.get("XDG_DATA_HOME")
    root = Path(base) if base else Path.home() / ".local" / "share"
    return root if os.environ.get("PETROGRAD1917_HOME") else root / "petrograd1917"


def user_scenarios_dir() -> Path:
    return user_dir() / "scenarios"


def saves_dir() -> Path:
    return user_dir() / "saves"
