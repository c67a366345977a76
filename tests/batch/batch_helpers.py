"""Shared bits of the batch tests: the tiny fixture scenario and record comparison (pytest puts this folder on
the path, so test modules import it by name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from petrograd1917.batch.records import TIMING_FIELDS

TINY = str(Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "tiny.yaml")


def comparable(records: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    """Records by game index without the fields that differ from run to run (timings)."""
    return [{k: v for k, v in r.items() if k not in TIMING_FIELDS} for r in sorted(records, key=lambda r: r["index"])]
