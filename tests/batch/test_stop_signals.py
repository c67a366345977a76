"""The stop signals' rules, in this process: a signal stops the batch once, and never in the middle of recording
a finished game."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from petrograd1917.batch.stopping import Stopped, StopSignals, stop_signals


def signal_and_wait(signals: StopSignals, signum: int) -> None:
    """Send `signum` to this process and wait until its handler has run (Python runs a handler at its own next
    chance, maybe a little after the signal, and a loaded machine can make that later still)."""
    os.kill(os.getpid(), signum)
    deadline = time.monotonic() + 30
    while signals.signum is None and time.monotonic() < deadline:
        time.sleep(0.001)
    assert signals.signum == signum


@pytest.fixture(autouse=True)
def ctrl_c_as_in_a_terminal() -> Iterator[None]:
    """Ctrl-C as Python sets it up when started from a terminal (a test run started in the background by a shell
    without job control inherits it ignored)."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stop_signal_raises_stopped_naming_it(stop: signal.Signals) -> None:
    with pytest.raises(Stopped) as raised, stop_signals() as signals:
        signal_and_wait(signals, stop)
    assert raised.value.signum == stop


def test_a_signal_while_a_game_is_recorded_waits_until_the_record_is_whole() -> None:
    recorded: list[str] = []
    with pytest.raises(Stopped), stop_signals() as signals:
        with signals.held():
            signal_and_wait(signals, signal.SIGTERM)
            recorded.append("line written")  # would be cut off here if the signal raised at once
            recorded.append("record kept")
        recorded.append("next game")  # never reached: the held signal raises on leaving
    assert recorded == ["line written", "record kept"]


def test_a_signal_during_the_clean_up_is_remembered_and_never_cuts_it_short() -> None:
    with stop_signals() as signals:
        signals.armed = False  # as after the first stop: the records and the summary are being written
        signal_and_wait(signals, signal.SIGHUP)
        cleaned_up = True
    assert cleaned_up and signals.signum == signal.SIGHUP


def test_the_previous_handlers_come_back() -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    with stop_signals():
        assert signal.getsignal(signal.SIGTERM) is not before[signal.SIGTERM]
    assert {s: signal.getsignal(s) for s in before} == before
