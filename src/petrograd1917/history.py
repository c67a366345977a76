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
from petrograd1917.engine.calendar import at_turn, turn_dates
from petrograd1917.scenario.errors import ScenarioError
from petrograd1917.scenario.model import Scenario

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState


# ----------------------------------------------------------------------------------------------------------
# Historical play: what each game records beside its outcome
# ----------------------------------------------------------------------------------------------------------


def measure(state: GameState) -> dict[str, Any]:
    """What the history table needs beyond the outcome: per-turn strikers, armed men (in all and by district), the
    ration at the end, the killed by fire each day, the first unit to mutiny, who the police and each unit obey."""
    dates = state.index.turn_dates
    killed: dict[str, int] = {}
    first_mutiny = None
    for entry in state.log:
        if entry.kind == "fire" and entry.data.get("killed"):
            day = at_turn(dates, entry.turn).strftime("%Y-%m-%d")
            killed[day] = killed.get(day, 0) + int(entry.data["killed"])
        if entry.kind == "mutiny" and first_mutiny is None:
            first_mutiny = str(entry.data.get("unit"))
    starting = {u.id: u.commander for u in state.scenario.units}
    police = [spec.id for u, spec in enumerate(state.unit_specs) if spec.kind.value == "police" and spec.id in starting]
    commanders = {
        spec.id: state.index.faction_ids[c] if (c := int(state.unit_commander[u])) >= 0 else None
        for u, spec in enumerate(state.unit_specs)
    }
    return {
        "strikers": [round(x) for x in state.series.get("strikers", [])],
        "armed_men": state.series.get("armed_men", []),
        "men_by_district": state.series.get("men_by_district", []),
        "ration": float(state.ration),
        "killed_by_fire": killed,
        "first_mutiny": first_mutiny,
        "police_turned": sum(1 for p in police if commanders[p] != starting[p] and commanders[p] is not None),
        "commanders": commanders,
    }


# ----------------------------------------------------------------------------------------------------------
# Targets from the history notes that are not key events
# ----------------------------------------------------------------------------------------------------------

Games = Sequence[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    source: str  # where the history notes have it, in the project's words
    history: str
    games: Callable[[Scenario, Games], str]


# The project's source histories, by the names the notes give them.
NARRATIVE = "narrative history"
PEOPLES = "people's history"


def _day_of(scenario: Scenario, turn: float) -> datetime:
    dates = turn_dates(scenario.calendar)
    return dates[min(int(turn), len(dates) - 1)]


def spread(values: Sequence[float], style: str = "{:,.0f}") -> str:
    """'median 1,200 [10%–90%: 800–1,900]' over the games."""
    if not values:
        return "–"
    ordered = sorted(values)
    if len(ordered) > 1:
        deciles = statistics.quantiles(ordered, n=10, method="inclusive")
        low, high = deciles[0], deciles[-1]
    else:
        low = high = ordered[0]
    median = statistics.median(ordered)
    return f"median {style.format(median)} [{style.format(low)}–{style.format(high)}]"


def _turn_ending(scenario: Scenario, when: datetime) -> int:
    """The turn whose end is the first at or after `when` (its series entry describes that moment)."""
    dates = turn_dates(scenario.calendar)
    return max(0, min(len(dates) - 1, next((t for t, d in enumerate(dates) if d >= when), len(dates)) - 1))


def _strikers_on(day: datetime) -> Callable[[Scenario, Games], str]:
    """The most strikers on that day (the series holds one figure per finished turn)."""

    def figure(scenario: Scenario, records: Games) -> str:
        dates = turn_dates(scenario.calendar)
        turns = [t for t, d in enumerate(dates) if d.date() == day.date()]
        peaks = [max(r["extra"]["strikers"][t] for t in turns if t < len(r["extra"]["strikers"])) for r in records]
        return spread(peaks)

    return figure


def _key_event_by(event: str, deadline: datetime) -> Callable[[Scenario, Games], str]:
    def figure(scenario: Scenario, records: Games) -> str:
        turns = [r["key_events"][event] for r in records if event in r["key_events"]]
        hits = sum(1 for turn in turns if _day_of(scenario, turn) < deadline)
        return _rate(Rate.of(hits, len(records)))

    return figure


def _killed_on(day: str) -> Callable[[Scenario, Games], str]:
    def figure(scenario: Scenario, records: Games) -> str:
        return spread([r["extra"]["killed_by_fire"].get(day, 0) for r in records])

    return figure


def _men_at(faction: str, when: datetime, districts: tuple[str, ...] | None) -> Callable[[Scenario, Games], str]:
    """Men under arms obeying `faction` in `districts` (None: the whole city, approaches left out) at `when`."""

    def figure(scenario: Scenario, records: Games) -> str:
        ids = [d.id for d in scenario.districts]
        wanted = districts or tuple(d.id for d in scenario.districts if d.character.value != "approach")
        rows = [ids.index(d) for d in wanted]
        f = [x.id for x in scenario.factions].index(faction)
        turn = _turn_ending(scenario, when)
        men = []
        for r in records:
            series = r["extra"]["men_by_district"]
            if series:
                grid = at_turn(series, turn)
                men.append(sum(grid[d][f] for d in rows))
        return spread(men)

    return figure


def _first_mutiny(*units: str) -> Callable[[Scenario, Games], str]:
    def figure(scenario: Scenario, records: Games) -> str:
        firsts = [r["extra"]["first_mutiny"] for r in records]
        hits = sum(1 for first in firsts if first in units)
        named = {u.id: u.name for u in scenario.units}
        common = max(set(firsts), key=firsts.count) if firsts else None
        most = named.get(common, "none") if common else "none"
        return f"{_rate(Rate.of(hits, len(records))).strip()} (most often first: {most})"

    return figure


def _police_turned(scenario: Scenario, records: Games) -> str:
    turned = sum(1 for r in records if r["extra"]["police_turned"])
    return f"{_rate(Rate.of(turned, len(records))).strip()} of games"


def _obeys(unit: str, faction: str) -> Callable[[Scenario, Games], str]:
    def figure(scenario: Scenario, records: Games) -> str:
        hits = sum(1 for r in records if r["extra"]["commanders"].get(unit) == faction)
        return f"{_rate(Rate.of(hits, len(records))).strip()} of games"

    return figure


def _ration(scenario: Scenario, records: Games) -> str:
    return spread([r["extra"]["ration"] for r in records], "{:.0f} g")


FIGURES: dict[str, tuple[Figure, ...]] = {
    "february-1917": (
        Figure("strikers on 23 Feb", f"{NARRATIVE}, Women's Day", "about 90,000", _strikers_on(datetime(1917, 2, 23))),
        Figure(
            "strikers on 24 Feb",
            f"{NARRATIVE}, Friday 24 Feb",
            "half the workforce, ~200,000",
            _strikers_on(datetime(1917, 2, 24)),
        ),
        Figure(
            "strikers on 25 Feb", f"{NARRATIVE}, Saturday 25 Feb", "about 240,000", _strikers_on(datetime(1917, 2, 25))
        ),
        Figure("killed by fire on 26 Feb", f"{NARRATIVE}, Sunday 26 Feb", "about 40", _killed_on("1917-02-26")),
        Figure(
            "first unit to go over",
            f"{NARRATIVE}, morning of 27 Feb",
            "the Volynsky (training detachment)",
            _first_mutiny("volynsky_training", "volynsky_reserve"),
        ),
        Figure(
            "garrison over by the end of 27 Feb",
            f"{NARRATIVE}, 27 Feb",
            "yes",
            _key_event_by("garrison_over", datetime(1917, 2, 28)),
        ),
        Figure(
            "garrison over by the end of 28 Feb",
            f"{NARRATIVE}, 28 Feb",
            "yes",
            _key_event_by("garrison_over", datetime(1917, 3, 1)),
        ),
        Figure(
            "government's men in the city, night of 27 Feb",
            f"{NARRATIVE}, late on 27 Feb",
            "Khabalov: no more than 2,000",
            _men_at("tsarist", datetime(1917, 2, 28, 6), None),
        ),
        Figure(
            "police who change sides", f"{NARRATIVE}, 27-28 Feb", "none: they hid or gave themselves up", _police_turned
        ),
        Figure(
            "Kronstadt sailors with the Bolsheviks at the end",
            f"{NARRATIVE}, 28 Feb",
            "no: not Bolshevik-led",
            _obeys("kronstadt_sailors", "bolsheviks"),
        ),
    ),
    "october-1917": (
        Figure(
            "Winter Palace falls by 26 Oct",
            f"{NARRATIVE}, 25-26 Oct",
            "yes, 26 Oct 02:10",
            _key_event_by("winter_palace_falls", datetime(1917, 10, 27)),
        ),
        Figure(
            "government's men at the palace, 25 Oct noon",
            f"{NARRATIVE}, 25 Oct, 3 p.m.",
            "about 3,000, hungry, morale sinking",
            _men_at("government", datetime(1917, 10, 25, 12), ("admiralty",)),
        ),
        Figure(
            "government's men at the palace, 25 Oct 18:00",
            f"{NARRATIVE}, 25 Oct, 6.15 p.m.",
            "fewer: a large group of cadets leaves",
            _men_at("government", datetime(1917, 10, 25, 18), ("admiralty",)),
        ),
        Figure(
            "government's men at the palace, 26 Oct 00:00",
            f"{NARRATIVE}, 25 Oct, 8 p.m.",
            "fewer still: 200 Cossacks walk away",
            _men_at("government", datetime(1917, 10, 26, 0), ("admiralty",)),
        ),
        Figure("bread ration at the end", f"{PEOPLES}, October", "about 300 g", _ration),
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
    lines.append("")
    lines.append(f"{'target':<46}  {'source':<32}  {'history':<38}  games (median [10%–90%] or share)")
    for figure in FIGURES.get(scenario.id, ()):
        lines.append(
            f"{figure.label[:46]:<46}  {figure.source[:32]:<32}  {figure.history[:38]:<38}  "
            f"{figure.games(scenario, records)}"
        )
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
