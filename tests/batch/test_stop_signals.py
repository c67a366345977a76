"""The stop signals' rules, in this process: a signal stops the batch once, and never in the middle of recording
a finished game."""

from __future__ import annotations

import os
import signal

import pytest

from petrograd1917.batch.stopping import Stopped, stop_signals


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stop_signal_raises_stopped_naming_it(stop: signal.Signals) -> None:
    with pytest.raises(Stopped) as raised, stop_signals() as signals:
        os.kill(os.getpid(), stop)
    assert raised.value.signum == stop and signals.signum == stop


def test_a_signal_while_a_game_is_recorded_waits_until_the_record_is_whole() -> None:
    recorded: list[str] = []
    with pytest.raises(Stopped), stop_signals() as signals:
        with signals.held():
            os.kill(os.getpid(), signal.SIGTERM)
            recorded.append("line written")  # would be cut off here if the signal raised at once
            recorded.append("record kept")
        recorded.append("next game")  # never reached: the held signal raises on leaving
    assert recorded == ["line written", "record kept"]


def test_only_the_first_signal_stops_and_the_clean_up_is_never_cut_short() -> None:
    with pytest.raises(Stopped), stop_signals() as signals:
        os.kill(os.getpid(), signal.SIGTERM)
    signals_after = []
    with stop_signals() as again:
        again.armed = False  # as after the first stop: the summary is being written
        os.kill(os.getpid(), signal.SIGHUP)
        signals_after.append(again.signum)
    assert signals.signum == signal.SIGTERM and signals_after == [signal.SIGHUP]


def test_the_previous_handlers_come_back() -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    with stop_signals():
        assert signal.getsignal(signal.SIGTERM) is not before[signal.SIGTERM]
    assert {s: signal.getsignal(s) for s in before} == before
