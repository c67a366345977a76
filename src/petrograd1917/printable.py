"""Text from a file, made safe to print: the one place where control characters become visible escapes.

A save, scenario or batch file may carry terminal escape sequences (which could recolour, retitle or rewrite the
player's terminal), bidirectional overrides (which make text read differently from what it is), or lone
surrogates (which cannot be encoded at all). Everything the command line prints that came from a file passes
through `printable`, so it shows what the file holds without acting on the terminal.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; zero-width and bidirectional marks, embeddings, overrides and isolates; line and
# paragraph separators; the byte-order mark; surrogates (only ever lone ones in a str).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
_UNSAFE_KEEPING_LINES = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that was not UTF-8 (Python's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every character that could act on a terminal written as an escape (`\\x1b`, `\\u202e`).
    With `keep_newlines`, line breaks stay (for multi-line messages whose lines are our own)."""
    pattern = _UNSAFE_KEEPING_LINES if keep_newlines else _UNSAFE
    return pattern.sub(_escape, text)
