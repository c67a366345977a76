"""The one error a batch reports to its user: it cannot start or resume as asked."""

from __future__ import annotations


class BatchError(Exception):
    """A batch that cannot start as asked (bad agent, unknown faction, a folder holding another batch or in use,
    damaged records); the message says what to do."""
