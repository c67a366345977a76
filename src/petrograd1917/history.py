"""`petrograd1917 history SCENARIO`: does the model reproduce 1917 under historical play, and can every side win?

Two batches. *Historical play*: every faction is a computer player that answers event cards the way they were
answered in 1917 (the choice a scenario marks `historical`; the agent is in `ai/historical.py`). Its games are
set beside the history: the turn each key event happened against its historical date, and a few figures from the
project's history notes (strikers per day in February, the ration in October). *Balance*: the same computer player
for everyone, choosing freely; each faction's win rate with a 95% interval.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from petrograd1917.ai.base import AgentSpecError, agent_names
from petrograd1917.ai.historical import HISTORICAL
from petrograd1917.batch.runner import BatchConfig, BatchError, run_batch
from petrograd1917.batch.stats import Rate, Summary, format_table
from petrograd1917.engine.calendar import turn_dates
from petrograd1917.scenario.errors import ScenarioError
from petrograd1917.scenario.model import Scenario

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState


# ----------------------------------------------------------------------------------------------------------
# Historical play: what each game records beside its outcome
# ----------------------------------------------------------------------------------------------------------


def measure(state: GameState) -> dict[str, Any]:
    """What the history table needs beyond the outcome: per-turn strikers and armed men, the ration at the end."""
    return {
        "strikers": [round(x) for x in state.series.get("strikers", [])],
        "armed_men": state.series.get("armed_men", []),
        "ration": float(state.ration),
    }


# ----------------------------------------------------------------------------------------------------------
# Targets from the history notes that are not key events
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    history: str
    games: Callable[[Scenario, Sequence[dict[str, Any]]], str]


def _day_of(scenario: Scenario, turn: float) -> datetime:
    dates = turn_dates(scenario.calendar)
    return dates[min(int(turn), len(dates) - 1)]


def _strikers_on(day: datetime) -> Callable[[Scenario, Sequence[dict[str, Any]]], str]:
    """Mean over games of the most strikers on that day (the series holds one figure per finished turn)."""

    def figure(scenario: Scenario, records: Sequence[dict[str, Any]]) -> str:
        dates = turn_dates(scenario.calendar)
        turns = [t for t, d in enumerate(dates) if d.date() == day.date()]
        peaks = [max(r["extra"]["strikers"][t] for t in turns if t < len(r["extra"]["strikers"])) for r in records]
        return f"{statistics.fmean(peaks):,.0f}" if peaks else "–"

    return figure


def _key_event_by(event: str, deadline: datetime) -> Callable[[Scenario, Sequence[dict[str, Any]]], str]:
    def figure(scenario: Scenario, records: Sequence[dict[str, Any]]) -> str:
        turns = [r["key_events"][event] for r in records if event in r["key_events"]]
        hits = sum(1 for turn in turns if _day_of(scenario, turn) < deadline)
        return _rate(Rate.of(hits, len(records)))

    return figure


def _mean_ration(scenario: Scenario, records: Sequence[dict[str, Any]]) -> str:
    return f"{statistics.fmean(r['extra']['ration'] for r in records):.0f} g" if records else "–"


FIGURES: dict[str, tuple[Figure, ...]] = {
    "february-1917": (
        Figure("strikers on 23 Feb", "about 90,000", _strikers_on(datetime(1917, 2, 23))),
        Figure("strikers on 24 Feb", "about half the workforce (~200,000)", _strikers_on(datetime(1917, 2, 24))),
        Figure("strikers on 25 Feb", "240,000", _strikers_on(datetime(1917, 2, 25))),
        Figure("garrison over by the end of 27 Feb", "yes", _key_event_by("garrison_over", datetime(1917, 2, 28))),
        Figure("garrison over by the end of 28 Feb", "yes", _key_event_by("garrison_over", datetime(1917, 3, 1))),
    ),
    "october-1917": (
        Figure(
            "Winter Palace falls by 26 Oct",
            "yes, 26 Oct 02:10",
            _key_event_by("winter_palace_falls", datetime(1917, 10, 27)),
        ),
        Figure("bread ration at the end", "about 300 g", _mean_ration),
    ),
}


# ----------------------------------------------------------------------------------------------------------
# Tables
# ----------------------------------------------------------------------------------------------------------


def _rate(rate: Rate) -> str:
    return f"{rate.rate:5.0%} [{rate.low:.0%}–{rate.high:.0%}]"


def _when(when: datetime) -> str:
    return when.strftime("%d %b %H:%M")


def history_table(scenario: Scenario, summary: Summary) -> str:
    """Key events and figures from the history notes, beside what the games under historical play gave."""
    records = [r for r in summary.records if not r.get("error")]
    dates = turn_dates(scenario.calendar)
    agents = set(summary.agents.values())
    lines = [
        f"{scenario.title}: {len(records)} games under historical play ({', '.join(sorted(agents))})",
        f"{'':34}  {'history':<22}  {'games: happened':<19}  {'median (turns 25%–75%)':<30}",
    ]
    for key in scenario.victory.key_events:
        turns = sorted(r["key_events"][key.id] for r in records if key.id in r["key_events"])
        historical = "–"
        if key.historical_date is not None:
            turn = max((t for t, d in enumerate(dates) if d <= key.historical_date), default=0)
            historical = f"{_when(key.historical_date)} (t{turn})"
        timing = "–"
        if turns:
            quartiles = statistics.quantiles(turns, n=4) if len(turns) > 1 else [turns[0]] * 3
            median = statistics.median(turns)
            timing = f"{_when(_day_of(scenario, median))} (t{median:g}, t{quartiles[0]:g}–t{quartiles[2]:g})"
        happened = _rate(Rate.of(len(turns), len(records)))
        lines.append(f"{key.label[:34]:<34}  {historical:<22}  {happened:<19}  {timing}")
    for figure in FIGURES.get(scenario.id, ()):
        lines.append(f"{figure.label[:34]:<34}  {figure.history:<22}  {figure.games(scenario, records)}")
    if summary.failures:
        first = summary.failures[0]
        lines.append(f"{len(summary.failures)} games failed; the first (seed {first.seed}): {first.error}")
    winners = ", ".join(f"{f}: {_rate(rate).strip()}" for f, rate in summary.wins.items() if rate.count)
    lines.append(f"winners under historical play: {winners or 'none'}; draws {_rate(summary.draws).strip()}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------------------
# The command
# ----------------------------------------------------------------------------------------------------------


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "history",
        help="compare a scenario's games under historical play with history, and show its balance",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument("scenario", help="a built-in scenario name (february-1917, october-1917) or a .yaml path")
    parser.add_argument("--games", type=int, default=40, help="games per batch (default 40)")
    parser.add_argument("--balance-games", type=int, default=None, help="games for the balance table (default --games)")
    parser.add_argument("--seed", type=int, default=1917, help="batch seed (default 1917)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--agent", default=None, help="computer player (default heuristic, or random without it)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    agent = args.agent or ("heuristic" if "heuristic" in agent_names() else "random")
    balance_games = args.games if args.balance_games is None else args.balance_games
    try:
        if args.games < 1 or balance_games < 0 or args.jobs < 1:
            raise BatchError("--games and --jobs must be at least 1")
        historical = _batch(args, f"{HISTORICAL}:{agent}", args.games, measure)
        from petrograd1917 import load_scenario

        scenario = load_scenario(args.scenario)
        print(history_table(scenario, historical))
        if balance_games:
            print()
            print("Balance: every faction played by the same computer player, choosing freely")
            print(format_table(_batch(args, agent, balance_games, None)))
    except (AgentSpecError, BatchError, ScenarioError, OSError, RuntimeError) as exc:
        print(f"history: {exc}", file=sys.stderr)
        return 1
    return 0


def _batch(args: argparse.Namespace, agent: str, games: int, probe: Callable[..., dict[str, Any]] | None) -> Summary:
    config = BatchConfig(
        scenario=args.scenario,
        games=games,
        seed=args.seed,
        jobs=args.jobs,
        default_agent=agent,
        measure=probe,
        progress=not args.quiet,
    )
    return run_batch(config)
