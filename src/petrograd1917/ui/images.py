"""Pictures from `assets/` (drawn by `scripts/make_assets.py`), loaded once and cached.

A missing file must not stop the game (an asset folder from an older checkout, say): it is replaced by a plain
placeholder of the right size, and the game goes on.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

from petrograd1917 import paths


@lru_cache(maxsize=128)
def image(name: str) -> pygame.Surface:
    """`name` is a path inside assets/, e.g. "icons/bread.png"."""
    try:
        surface = pygame.image.load(str(paths.assets_dir() / name))
    except (OSError, pygame.error, FileNotFoundError):
        surface = pygame.Surface((32, 32), pygame.SRCALPHA)
        pygame.draw.rect(surface, (127, 122, 134), surface.get_rect(), 2)
        return surface
    return surface.convert_alpha() if pygame.display.get_surface() is not None else surface


@lru_cache(maxsize=128)
def icon(name: str, size: int) -> pygame.Surface:
    """An icon from assets/icons/NAME.png scaled to `size` pixels square (smoothly)."""
    return pygame.transform.smoothscale(image(f"icons/{name}.png"), (size, size))
