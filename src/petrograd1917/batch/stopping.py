"""Termination and hang-up stop a batch the way Ctrl-C does: the games finished so far are kept, the summary is
written, and `--resume` carries on later.

While the games run, SIGTERM and SIGHUP raise `Stopped` (a KeyboardInterrupt, so one `except` handles all three)
in the main thread. Only the first signal raises: another one arriving while the batch cleans up is remembered,
never allowed to cut the summary short.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """The batch was asked to stop by a signal other than Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StopSignals:
    """What the handlers saw: `signum` of the first stop signal (or None); `armed` while it may still raise."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.armed = True

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is None:
            self.signum = signum
        if self.armed:
            self.armed = False
            raise Stopped(signum)


@contextmanager
def stop_signals() -> Iterator[StopSignals]:
    """Turn SIGTERM and SIGHUP into `Stopped` inside the block (the main thread only: Python delivers signals
    there; elsewhere the block runs with the handlers it had). The previous handlers come back afterwards."""
    seen = StopSignals()
    if threading.current_thread() is not threading.main_thread():
        yield seen
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    for signum in STOP_SIGNALS:
        signal.signal(signum, seen.handle)
    try:
        yield seen
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
