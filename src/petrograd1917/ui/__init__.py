"""The pygame window (see README.md in this folder). Nothing outside `ui/` imports pygame."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner in the player's terminal
