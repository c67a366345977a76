"""The player's window settings, kept as JSON in the user folder.

Settings are a player's preference, not game data, so a damaged or foreign file must never stop the game: anything
that cannot be read falls back to the defaults (key by key: a NaN, an infinity or a value of the wrong type), the
file is read within fixed bounds (no pipe waited on, no deep nesting parsed), writes are atomic so a crash
mid-save cannot leave a half-written file behind, and a home that cannot be written gives a message, not a crash.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from petrograd1917 import jsonfile, paths
from petrograd1917.atomic import write_text_atomic
from petrograd1917.printable import printable

PALETTES = ("scenario", "colour-blind")  # faction colours as the scenario gives them, or Okabe–Ito
AI_SPEEDS = {"slow": 1.5, "normal": 0.6, "fast": 0.15, "instant": 0.0}  # seconds a computer move stays on screen
UI_SCALES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5)
WINDOW_SIZES = ((1280, 720), (1366, 768), (1600, 900), (1920, 1080))
MIN_WINDOW = (960, 600)
BOUNDS = jsonfile.Bounds(max_bytes=64 * 1024, max_depth=4, allow_non_finite=True)  # checked per key below


class SettingsError(Exception):
    """The settings could not be kept (a read-only home, a home that is a file); the message is for the player."""


@dataclass(frozen=True, slots=True)
class Settings:
    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    ui_scale: float = 1.0  # multiplies font sizes and spacing
    palette: str = "scenario"  # one of PALETTES
    ai_speed: str = "normal"  # one of AI_SPEEDS
    show_tutorial: bool = True  # the guided first turn

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def ai_delay(self) -> float:
        return AI_SPEEDS[self.ai_speed]

    def with_(self, **changes: Any) -> Settings:
        return _checked(replace(self, **changes))


def settings_path() -> Path:
    return paths.user_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings; a missing, corrupt or half-valid file gives the defaults for what cannot be used."""
    path = path or settings_path()
    try:
        data = jsonfile.read_json(path, BOUNDS)
    except (jsonfile.JsonFileError, OSError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        value = data.get(f.name, getattr(defaults, f.name))
        default = getattr(defaults, f.name)
        # bool is an int subclass: compare exact types, but let an int stand for a float
        ok = type(value) is type(default) or (isinstance(default, float) and type(value) is int)
        if ok and isinstance(value, float) and not math.isfinite(value):
            ok = False  # NaN or beyond 1e308: no window size or scale
        values[f.name] = value if ok else default
    return _checked(Settings(**values))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Atomic write, so a crash never leaves half a settings file; raises SettingsError when it cannot be kept."""
    target = path or settings_path()
    try:
        write_text_atomic(target, json.dumps(asdict(settings), indent=2))
    except OSError as error:
        raise SettingsError(
            f"The settings apply now but cannot be kept: {error.strerror or error} ({printable(str(target.parent))})"
        ) from None


def _checked(s: Settings) -> Settings:
    """Clamp every value into what the window can use, so a hand-edited file cannot break the game."""
    d = Settings()
    return replace(
        s,
        width=max(MIN_WINDOW[0], min(7680, s.width)),
        height=max(MIN_WINDOW[1], min(4320, s.height)),
        ui_scale=min(max(float(s.ui_scale), UI_SCALES[0]), UI_SCALES[-1]),
        palette=s.palette if s.palette in PALETTES else d.palette,
        ai_speed=s.ai_speed if s.ai_speed in AI_SPEEDS else d.ai_speed,
    )
