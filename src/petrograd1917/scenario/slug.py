"""Scenario ids are slugs: an id names save and autosave files, so it keeps to a short, safe alphabet.

No path separators, dots, spaces, control or direction-changing characters, and a bounded length: an id copied
into a file name can never leave the saves folder or hide what it says.
"""

from __future__ import annotations

import re

from petrograd1917.printable import printable

MAX_SLUG_LENGTH = 64
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
SLUG_RULE = f"lower-case letters, digits, '-' and '_', starting with a letter or digit, at most {MAX_SLUG_LENGTH} long"


def is_slug(text: str) -> bool:
    return len(text) <= MAX_SLUG_LENGTH and SLUG.fullmatch(text) is not None


def slug_like(text: str) -> str:
    """A slug close to `text`, suggested in the message that refuses it."""
    suggestion = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")[:MAX_SLUG_LENGTH]
    return suggestion or "my-scenario"


def quoted(text: str, width: int = 40) -> str:
    """Untrusted text for a message: cut to `width`, quoted, control and invisible characters escaped."""
    return "'" + printable(text if len(text) <= width else text[: width - 3] + "...") + "'"
