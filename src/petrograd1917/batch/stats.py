"""What a batch says: win rates with 95% Wilson intervals, draws, game length, key-event timing, failures.

The summary is computed from the records alone (sorted by game index), so it is the same whichever executor ran
the games and in whatever order they finished.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

Z95 = 1.959963984540054


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval: honest near 0 and 1 and for small samples, unlike the normal approximation."""
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact at the edges, where rounding would show
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True, slots=True)
class Rate:
    count: int
    games: int
    rate: float
    low: float  # 95% Wilson interval
    high: float

    @classmethod
    def of(cls, count: int, games: int) -> Rate:
        low, high = wilson(count, games)
        return cls(count, games, count / games if games else 0.0, low, high)


@dataclass(frozen=True, slots=True)
class KeyEventTiming:
    share: Rate  # games in which it happened
    mean_turn: float | None
    median_turn: float | None


@dataclass(frozen=True, slots=True)
class Failure:
    index: int
    seed: int
    error: str


@dataclass(frozen=True, slots=True)
class Summary:
    scenario: str
    agents: dict[str, str]
    games: int  # recorded games (finished or failed)
    completed: int
    wins: dict[str, Rate]  # per faction, over completed games
    draws: Rate
    mean_scores: dict[str, float]
    mean_turns: float | None
    median_turns: float | None
    key_events: dict[str, KeyEventTiming]
    failures: tuple[Failure, ...]
    mean_duration_s: float | None
    interrupted: bool = False
    stopped_by: str | None = None  # the signal that stopped an interrupted batch: SIGINT (Ctrl-C), SIGTERM, SIGHUP
    records: tuple[dict[str, Any], ...] = field(default=(), repr=False)  # the games, by index (not in JSON)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["records"]
        return data


def summarize(
    records: Sequence[dict[str, Any]],
    factions: Sequence[str],
    scenario: str = "",
    agents: dict[str, str] | None = None,
    key_event_ids: Sequence[str] = (),
    stopped_by: str | None = None,
) -> Summary:
    records = sorted(records, key=lambda r: r["index"])
    done = [r for r in records if not r.get("error")]
    n = len(done)
    turns = [r["turns"] for r in done]
    durations = [r["duration_s"] for r in records if "duration_s" in r]
    events = list(dict.fromkeys([*key_event_ids, *(k for r in done for k in r.get("key_events", {}))]))
    timings = {}
    for event in events:
        when = [r["key_events"][event] for r in done if event in r.get("key_events", {})]
        timings[event] = KeyEventTiming(
            share=Rate.of(len(when), n),
            mean_turn=statistics.fmean(when) if when else None,
            median_turn=statistics.median(when) if when else None,
        )
    return Summary(
        scenario=scenario,
        agents=dict(agents or {}),
        games=len(records),
        completed=n,
        wins={f: Rate.of(sum(r["winner"] == f for r in done), n) for f in factions},
        draws=Rate.of(sum(r["winner"] is None for r in done), n),
        mean_scores={f: statistics.fmean(r["scores"].get(f, 0.0) for r in done) if done else 0.0 for f in factions},
        mean_turns=statistics.fmean(turns) if turns else None,
        median_turns=statistics.median(turns) if turns else None,
        key_events=timings,
        failures=tuple(Failure(r["index"], r["seed"], r["error"]) for r in records if r.get("error")),
        mean_duration_s=statistics.fmean(durations) if durations else None,
        interrupted=stopped_by is not None,
        stopped_by=stopped_by,
        records=tuple(records),
    )


def format_table(summary: Summary) -> str:
    """The table the `batch` command prints."""

    def pct(rate: Rate) -> str:
        return f"{rate.rate:6.1%}  [{rate.low:5.1%} – {rate.high:5.1%}]"

    def num(value: float | None) -> str:
        return "–" if value is None else f"{value:.1f}"

    lines = [f"{summary.scenario}: {summary.completed} games completed, {len(summary.failures)} failed"]
    if summary.interrupted:
        lines.append("(interrupted: the figures cover the games finished so far)")
    width = max([len(f) for f in summary.wins] + [12])
    lines.append(f"{'faction':<{width}}  {'agent':<18} {'wins':>5}  {'win rate [95% interval]':<24}  mean score")
    for faction, rate in summary.wins.items():
        agent = summary.agents.get(faction, "")
        score = summary.mean_scores.get(faction, 0.0)
        lines.append(f"{faction:<{width}}  {agent:<18} {rate.count:>5}  {pct(rate):<24}  {score:10.3f}")
    lines.append(f"{'draw':<{width}}  {'':<18} {summary.draws.count:>5}  {pct(summary.draws)}")
    lines.append(f"game length: mean {num(summary.mean_turns)} turns, median {num(summary.median_turns)}")
    if summary.key_events:
        column = max(len(e) for e in summary.key_events) + 1
        lines.append(f"{'key event':<{column}} {'happened [95% interval]':<24}  mean turn  median")
        for event, timing in summary.key_events.items():
            turns = f"{num(timing.mean_turn):>9}  {num(timing.median_turn):>6}"
            lines.append(f"{event:<{column}} {pct(timing.share):<24}  {turns}")
    for failure in summary.failures[:10]:
        lines.append(f"failed: game {failure.index} (seed {failure.seed}): {failure.error}")
    if len(summary.failures) > 10:
        lines.append(f"... and {len(summary.failures) - 10} more failures (see games.jsonl)")
    if summary.mean_duration_s is not None:
        lines.append(f"mean time per game: {summary.mean_duration_s * 1000:.1f} ms")
    return "\n".join(lines)
