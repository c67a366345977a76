"""Termination and hang-up stop a batch the way Ctrl-C does: the games finished so far are kept, the summary is
written, and `--resume` carries on later.

While the games run, SIGTERM, SIGHUP and Ctrl-C raise `Stopped` (a KeyboardInterrupt, so one `except` handles all
three) in the main thread. Only the first signal raises: another one arriving while the batch cleans up is
remembered, never allowed to cut the summary short. While a finished game is being recorded, a signal waits until
the record is whole (`StopSignals.held`): otherwise the games file and the summary could disagree by one game.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """The batch was asked to stop by a signal (SIGINT for Ctrl-C)."""

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
    def held(self) -> Iterator[None]:
        """Inside, a stop signal is only remembered; on leaving, the first one seen (if any) raises."""
        was_armed, self.armed = self.armed, False
        try:
            yield
        finally:
            self.armed = was_armed
        if was_armed and self.signum is not None:
            self.armed = False
            raise Stopped(self.signum)


@contextmanager
def stop_signals() -> Iterator[StopSignals]:
    """Turn SIGTERM, SIGHUP and Ctrl-C into `Stopped` inside the block (the main thread only: Python delivers
    signals there; elsewhere the block runs with the handlers it had). Ctrl-C is taken over only where it would
    have raised KeyboardInterrupt anyway. The previous handlers come back afterwards."""
    seen = StopSignals()
    if threading.current_thread() is not threading.main_thread():
        yield seen
        return
    taken = STOP_SIGNALS
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        taken += (signal.SIGINT,)
    previous = {signum: signal.getsignal(signum) for signum in taken}
    for signum in taken:
        signal.signal(signum, seen.handle)
    try:
        yield seen
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
