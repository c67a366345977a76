"""A plain-text progress bar with an ETA on stderr: redrawn in place on a terminal, a line now and then in a log."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:d}:{rest % 60:02d}"


class Progress:
    def __init__(self, total: int, already: int = 0, stream: TextIO | None = None, width: int = 30) -> None:
        self.total = total
        self.done = already
        self.failed = 0
        self._start_done = already
        self._stream = stream if stream is not None else sys.stderr
        self._tty = self._stream.isatty()
        self._width = width
        self._started = time.monotonic()
        self._last_draw = self._started
        self._drawn = -1  # `done` when last drawn

    def advance(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if self.done == self.total or now - self._last_draw >= (0.1 if self._tty else 10.0):
            self._last_draw = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        elapsed = now - self._started
        fresh = self.done - self._start_done
        rate = fresh / elapsed if elapsed > 0 else 0.0
        share = self.done / self.total if self.total else 1.0
        filled = int(share * self._width)
        bar = "#" * filled + "." * (self._width - filled)
        eta = _clock((self.total - self.done) / rate) if rate > 0 else "?"
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"[{bar}] {self.done}/{self.total} games{failed}  {rate:.1f} games/s  elapsed {_clock(elapsed)}  ETA {eta}"
        )

    def _draw(self, now: float) -> None:
        self._drawn = self.done
        self._stream.write(("\r" if self._tty else "") + self.line(now) + ("" if self._tty else "\n"))
        self._stream.flush()

    def close(self) -> None:
        if self._drawn != self.done:
            self._draw(time.monotonic())
        if self._tty:
            self._stream.write("\n")
            self._stream.flush()
