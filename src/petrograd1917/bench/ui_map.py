"""Frame time of the game screen with everything drawn: the goal is 60 frames per second.

`bench/ui.py` (and anyone else) calls `game_screen_frame_ms(app, session)`: it opens the game screen on the given
app, selects a unit, hovers a district (so a tooltip is up), and times whole frames of the real loop — events,
widgets, map and all — plus the map alone, with its cached layers, as painted each frame.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pygame

from petrograd1917.ui.map_view import Hit
from petrograd1917.ui.panels_actions import Selection
from petrograd1917.ui.scene_game import GameScene

if TYPE_CHECKING:
    from petrograd1917.ui.app import App
    from petrograd1917.ui.session import GameSession


def game_screen_frame_ms(app: App, session: GameSession, frames: int = 240) -> dict[str, float]:
    """Mean milliseconds per frame: `frame_ms` for the whole window, `map_ms` for the map's part of it."""
    scene = GameScene(app, session)
    scene.guide_step = None
    scene.shown_to = session.state.current_faction  # no hotseat hand-over screen over the map
    app.reset(scene)
    app.run_frames(2)
    units = [u for u in scene.snap.units if u.commander]
    first = session.scenario.districts[0].id
    target = scene.map.district_centre(first)
    if units:
        scene.select(Selection("unit", units[0].id))
        app.run_frames(1)
        rect = scene.map.unit_rect(units[0].id)
        target = rect.center if rect else target
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=target, rel=(0, 0), buttons=(0, 0, 0)))
    app.run_frames(30)  # the hover tooltip appears after its delay
    assert app.top is scene, "the game screen should be on top"
    start = time.perf_counter()
    app.run_frames(frames)
    frame_ms = (time.perf_counter() - start) * 1000 / frames
    surface = app.window
    start = time.perf_counter()
    for i in range(frames):
        scene.map.draw(surface, scene.snap, i / 60, Hit("district", first), Hit("district", first))
    map_ms = (time.perf_counter() - start) * 1000 / frames
    return {"frame_ms": frame_ms, "map_ms": map_ms, "fps": 1000.0 / frame_ms if frame_ms else 0.0}
