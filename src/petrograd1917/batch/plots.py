"""`--plot`: PNG charts of a batch (win rates with their intervals, game lengths, key-event timing).

matplotlib is an optional dependency (the `plots` extra) and runs on the Agg backend: no window, no display.
"""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from petrograd1917.batch.stats import Summary

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def write_plots(summary: Summary, out: Path) -> list[Path]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise RuntimeError("--plot needs matplotlib: pip install 'petrograd1917[plots]'") from None

    written = []
    done = [r for r in summary.records if not r.get("error")]

    # Win rates with 95% intervals, draws last.
    labels = [*summary.wins, "draw"]
    rates = [*summary.wins.values(), summary.draws]
    fig, ax = plt.subplots(figsize=(7, 4))
    values = [r.rate for r in rates]
    errors = [[r.rate - r.low for r in rates], [r.high - r.rate for r in rates]]
    ax.bar(labels, values, yerr=errors, capsize=6, color="#8c2d19")
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of games (95% interval)")
    ax.set_title(f"{summary.scenario}: who wins ({summary.completed} games)")
    written.append(_save(fig, out / "win_rates.png"))

    # Game length.
    fig, ax = plt.subplots(figsize=(7, 4))
    counts = Counter(r["turns"] for r in done)
    ax.bar(list(counts), list(counts.values()), color="#3b5b7a")
    ax.set_xlabel("turns played")
    ax.set_ylabel("games")
    ax.set_title(f"{summary.scenario}: game length")
    written.append(_save(fig, out / "game_lengths.png"))

    # Key events: on which turn each happened, and how often.
    if summary.key_events:
        fig, ax = plt.subplots(figsize=(8, 0.6 * len(summary.key_events) + 1.5))
        names = list(summary.key_events)
        turns = [[r["key_events"][k] for r in done if k in r.get("key_events", {})] for k in names]
        shown = [(name, t) for name, t in zip(names, turns, strict=True) if t]
        for row, (_, when) in enumerate(shown):
            ax.hlines(row, min(when), max(when), color="#999999")  # the range of turns it happened on
            ax.plot(statistics.median(when), row, "o", color="#8c2d19")
            ax.plot(statistics.fmean(when), row, "|", color="#3b5b7a", markersize=14)
        ax.set_yticks(
            range(len(shown)), [f"{name} ({summary.key_events[name].share.rate:.0%} of games)" for name, _ in shown]
        )
        ax.set_ylim(-0.8, len(shown) - 0.2)
        ax.set_xlabel("turn of the game, the first is 0 (dot: median, bar: mean, line: range)")
        ax.set_title(f"{summary.scenario}: when the key events happened")
        written.append(_save(fig, out / "key_events.png"))
    return written


def _save(fig: Figure, path: Path) -> Path:
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
