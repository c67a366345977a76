"""The window: opening it, the 60 fps loop, and a stack of scenes.

`App.run()` is the real game loop. `App.step()` runs exactly one frame of it (events from pygame's queue, update,
draw), so tests and benchmarks drive the very same loop by posting real pygame events and stepping frames.
"""

from __future__ import annotations

import os
import sys
import threading
import warnings
from collections.abc import Iterable
from pathlib import Path

import pygame
import pygame_gui

from petrograd1917.ai.play import warm_up
from petrograd1917.scenario.catalog import list_scenarios
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.ui import images, theme
from petrograd1917.ui.scene import Scene
from petrograd1917.ui.settings import MIN_WINDOW, Settings, SettingsError, load_settings, save_settings

FPS = 60
TITLE = "Petrograd 1917"


class App:
    def __init__(self, settings: Settings | None = None, *, persist_settings: bool = True) -> None:
        os.environ.setdefault("SDL_VIDEO_CENTERED", "1")
        pygame.display.init()
        pygame.font.init()  # no mixer: the game has no sound and must run without a sound device
        pygame.key.set_repeat(400, 40)
        self.settings = settings or load_settings()
        self.persist_settings = persist_settings
        self.window = self._open_window()
        self.clock = pygame.time.Clock()
        self.scenes: list[Scene] = []
        self.running = True
        self.frame = 0
        self.exit_code = 0
        self._theme = theme.theme_dict(self.settings.ui_scale)
        self._background: pygame.Surface | None = None
        self._notice: tuple[str, float] | None = None  # a short message over every screen, and its time left
        self._typed_by_hotkey = False  # a scene used the last key press: the text it would type is dropped

    # -- window ----------------------------------------------------------------------------------------------
    def _open_window(self) -> pygame.Surface:
        pygame.display.set_caption(TITLE)
        icon = images.image("icons/app.png")
        pygame.display.set_icon(icon)
        if self.settings.fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        surface = pygame.display.set_mode(self.settings.size, pygame.RESIZABLE)
        _display_window().minimum_size = MIN_WINDOW  # the window manager stops the player going smaller
        return surface

    @property
    def size(self) -> tuple[int, int]:
        return self.window.get_size()

    def new_manager(self) -> pygame_gui.UIManager:
        """A widget manager with the game's theme at the current UI scale (one per scene)."""
        manager = pygame_gui.UIManager(self.size, self._theme, enable_live_theme_updates=False)
        # the bold and italic faces text boxes use for <b> and <i>, loaded now rather than mid-frame
        scale = self.settings.ui_scale
        fonts: list[dict[str, str | int | float]] = [
            {"name": "noto_sans", "point_size": round(size * scale), "style": style}
            for size in (14, 16, 18, 20)
            for style in ("bold", "italic")
        ]
        with warnings.catch_warnings():  # pygame_gui warns about faces the theme had loaded already
            warnings.simplefilter("ignore", UserWarning)
            manager.preload_fonts(fonts)
        return manager

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings at once: reopen the window if its mode changed, rebuild every scene, save them."""
        old = self.settings
        self.settings = settings
        if self.persist_settings:
            try:
                save_settings(settings)
            except SettingsError as error:  # a read-only home: the window goes on with the new settings
                self.notify(str(error), 8)
        if (old.size, old.fullscreen) != (settings.size, settings.fullscreen):
            self.window = self._open_window()
            self._background = None
        if old.ui_scale != settings.ui_scale:
            self._theme = theme.theme_dict(settings.ui_scale)
            for scene in self.scenes:
                scene.manager.clear_and_reset()
                scene.manager = self.new_manager()
        for scene in self.scenes:
            scene.on_resize(self.size)

    def _resized(self, width: int, height: int) -> None:
        """The window has a new size. Where it differs from the size asked for (below the minimum, or a size
        posted by a test), the same window is resized in place: it keeps its place on the screen."""
        size = (max(MIN_WINDOW[0], width), max(MIN_WINDOW[1], height))
        if not self.settings.fullscreen:
            window = _display_window()
            if window.size != size:
                window.size = size
        self.window = pygame.display.get_surface() or self.window
        self._background = None
        for scene in self.scenes:
            scene.on_resize(self.size)

    def draw_background(self, surface: pygame.Surface) -> None:
        """The paper-dark ground of every full screen (a texture from assets, tiled once per window size)."""
        if self._background is None or self._background.get_size() != surface.get_size():
            self._background = pygame.Surface(surface.get_size())
            self._background.fill(theme.BACKGROUND)
            tile = images.image("textures/ground.png")
            tw, th = tile.get_size()
            for x in range(0, surface.get_width(), tw):
                for y in range(0, surface.get_height(), th):
                    self._background.blit(tile, (x, y))
        surface.blit(self._background, (0, 0))

    # -- scenes ----------------------------------------------------------------------------------------------
    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> None:
        self.scenes.append(scene)
        scene.on_enter()

    def pop(self) -> Scene | None:
        if not self.scenes:
            return None
        scene = self.scenes.pop()
        scene.on_exit()
        if self.top is not None:
            self.top.on_resume()
        return scene

    def replace(self, scene: Scene) -> None:
        """Swap the top scene for another (e.g. menu -> scenario choice)."""
        if self.scenes:
            self.scenes.pop().on_exit()
        self.push(scene)

    def reset(self, scene: Scene) -> None:
        """Leave every scene and start afresh with one (e.g. back to the main menu)."""
        while self.scenes:
            self.scenes.pop().on_exit()
        self.push(scene)

    def find(self, kind: type[Scene]) -> Scene | None:
        return next((s for s in reversed(self.scenes) if isinstance(s, kind)), None)

    def notify(self, text: str, seconds: float = 3.0) -> None:
        """Show a one-line message at the bottom of the window for a few seconds ("Saved to ...")."""
        self._notice = (text, seconds)

    @property
    def notice(self) -> str | None:
        return self._notice[0] if self._notice else None

    def quit(self, code: int = 0) -> None:
        self.running = False
        self.exit_code = code

    # -- the loop --------------------------------------------------------------------------------------------
    def step(self, events: Iterable[pygame.event.Event] | None = None, dt: float | None = None) -> None:
        """One frame: handle `events` (default: pygame's queue), update the top scene, draw, flip."""
        if dt is None:
            dt = self.clock.tick(FPS) / 1000.0
        for event in pygame.event.get() if events is None else events:
            self._dispatch(event)
        scene = self.top
        if scene is not None:
            scene.manager.update(dt)
            scene.update(dt)
        if self._notice is not None:
            text, left = self._notice
            self._notice = (text, left - dt) if left > dt else None
        self.draw(self.window)
        pygame.display.flip()
        self.frame += 1

    def _dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            if self.top is None:
                self.quit()
            else:
                self.top.on_quit_request()
            return
        if event.type == pygame.VIDEORESIZE:
            self._resized(event.w, event.h)
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.apply_settings(self.settings.with_(fullscreen=not self.settings.fullscreen))
            return
        if event.type == pygame.TEXTINPUT and self._typed_by_hotkey:
            self._typed_by_hotkey = False  # the letter of a key a scene already used (W opens the who's who)
            return
        scene = self.top
        if scene is None:
            return
        used = scene.manager.process_events(event) or scene.handle_event(event)
        if event.type == pygame.KEYDOWN:
            self._typed_by_hotkey = bool(used) and not scene.manager.get_focus_set()

    def draw(self, surface: pygame.Surface) -> None:
        start = 0
        for i in range(len(self.scenes) - 1, -1, -1):  # draw from the last opaque scene up
            if self.scenes[i].opaque:
                start = i
                break
        for scene in self.scenes[start:]:
            scene.draw(surface)
            scene.manager.draw_ui(surface)
        if self._notice is not None:
            self._draw_notice(surface, self._notice[0])

    def _draw_notice(self, surface: pygame.Surface, text: str) -> None:
        scale = self.settings.ui_scale
        image = theme.scaled_font(16, scale).render(text, True, theme.TEXT)
        box = image.get_rect().inflate(round(32 * scale), round(16 * scale))
        box.midbottom = (surface.get_width() // 2, surface.get_height() - round(48 * scale))
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=6)
        pygame.draw.rect(surface, theme.ACCENT, box, 1, border_radius=6)
        surface.blit(image, image.get_rect(center=box.center))

    def run_frames(self, n: int, dt: float = 1 / FPS) -> None:
        """Advance `n` frames with a fixed time step and without waiting (tests, benchmarks)."""
        for _ in range(n):
            if not self.running:
                return
            self.step(dt=dt)

    def run(self) -> int:
        """The game loop, capped at 60 frames per second, until a scene quits. Should anything fail, the game in
        progress is saved first, so a bug costs the player nothing but a restart."""
        threading.Thread(target=_warm_engine, name="engine-warm-up", daemon=True).start()
        try:
            while self.running and self.scenes:
                self.step()
        except Exception:
            self.rescue()
            raise
        finally:
            pygame.display.quit()
        return self.exit_code

    def rescue(self) -> None:
        for scene in reversed(self.scenes):
            session = getattr(scene, "session", None)
            if session is not None and hasattr(session, "autosave"):
                try:
                    path = session.autosave()
                except Exception:  # the original error matters more than this one
                    return
                print(f"petrograd1917: an error stopped the game; it was saved as {path}", file=sys.stderr)
                return

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.window, str(path))


def _display_window() -> pygame.Window:
    """The window `pygame.display` opened, as an object whose size and minimum size can be set in place."""
    with warnings.catch_warnings():  # pygame-ce prefers Window objects of one's own; this one is the display's
        warnings.simplefilter("ignore", DeprecationWarning)
        return pygame.Window.from_display_module()


def _warm_engine() -> None:
    """While the player reads the menus, compile the engine's and the computer players' kernels (or load them from
    disk) on a throwaway game of the first scenario that loads, so neither the first end of turn nor the first
    think of a computer player stalls the window on a new machine."""
    for entry in list_scenarios():
        if not entry.broken:
            warm_up(load_scenario(entry.path))
            return
