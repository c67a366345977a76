"""What a tournament shows: ratings of the agents, their win rates, and their win rates in each seat.

How a game counts. The agent playing the winning faction beats each other agent in that game, once (an agent
playing several factions is one agent); a game nobody wins is a draw between every two agents in it, half a win
to each; a failed game counts for nothing. A four-faction game thus gives up to three results, all from one
game: the rating intervals resample whole games, so they stay honest about that.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from petrograd1917.batch.ratings import Rating, bradley_terry
from petrograd1917.batch.seating import rotation
from petrograd1917.batch.stats import Rate

HOW_A_GAME_COUNTS = (
    "the agent playing the winning faction beats each other agent in that game once (an agent playing several "
    "factions counts once); a game nobody wins is a draw, half a win to each agent in it; failed games count "
    "for nothing"
)


@dataclass(frozen=True, slots=True)
class Standings:
    scenario: str
    factions: tuple[str, ...]
    completed: int
    failed: int
    cycle: int  # games in a cycle of seatings: a multiple of it balances the seats exactly
    draws: Rate
    ratings: tuple[Rating, ...]  # best first
    wins: dict[str, Rate]  # per agent: games one of its factions won, of the games it played
    seats: dict[str, dict[str, Rate]]  # per agent, per faction it played: games won of games played there

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def game_results(record: dict[str, Any], agents: Sequence[str]) -> np.ndarray:
    """The game's results as a wins matrix: [i, j] is what agent i gained against agent j in it."""
    results = np.zeros((len(agents), len(agents)))
    playing = sorted({agents.index(spec) for spec in record["agents"].values()})
    winner = record["winner"]
    if winner is None:
        for i, j in itertools.permutations(playing, 2):
            results[i, j] = 0.5
    else:
        champion = agents.index(record["agents"][winner])
        results[champion, [i for i in playing if i != champion]] = 1.0
    return results


def standings(
    records: Sequence[dict[str, Any]], agents: Sequence[str], factions: Sequence[str], scenario: str = ""
) -> Standings:
    """The standings after `records` (a tournament batch's records, in any order)."""
    done = sorted((r for r in records if not r.get("error")), key=lambda r: r["index"])
    per_game = np.array([game_results(r, agents) for r in done]).reshape(len(done), len(agents), len(agents))
    ratings = sorted(bradley_terry(agents, per_game), key=lambda r: -r.rating)
    wins = {}
    seats = {}
    for agent in agents:
        played = [r for r in done if agent in r["agents"].values()]
        won = sum(r["winner"] is not None and r["agents"][r["winner"]] == agent for r in played)
        wins[agent] = Rate.of(won, len(played))
        seats[agent] = {
            faction: Rate.of(
                sum(r["winner"] == faction for r in done if r["agents"][faction] == agent),
                sum(r["agents"][faction] == agent for r in done),
            )
            for faction in factions
        }
    return Standings(
        scenario=scenario,
        factions=tuple(factions),
        completed=len(done),
        failed=len(records) - len(done),
        cycle=len(rotation(agents, len(factions))),
        draws=Rate.of(sum(r["winner"] is None for r in done), len(done)),
        ratings=tuple(ratings),
        wins=wins,
        seats=seats,
    )


def format_standings(table: Standings) -> str:
    """The tables the `tournament` command prints."""
    width = max([len(r.agent) for r in table.ratings] + [5])
    lines = [
        f"{table.scenario}: {table.completed} games completed, {table.failed} failed; {len(table.ratings)} agents "
        f"take turns in {len(table.factions)} seats, a cycle of {table.cycle} games"
    ]
    lines.append(f"{'agent':<{width}}  {'rating [95% interval]':<24}  {'won':>9}  win rate [95% interval]")
    for rating in table.ratings:
        rate = table.wins[rating.agent]
        span = f"{rating.rating:+6.0f}  [{rating.low:+5.0f} – {rating.high:+5.0f}]"
        lines.append(f"{rating.agent:<{width}}  {span:<24}  {rate.count:>4}/{rate.games:<4}  {_pct(rate)}")
    lines.append(f"{'draws':<{width}}  {'':<24}  {table.draws.count:>4}/{table.draws.games:<4}  {_pct(table.draws)}")
    lines.append("")
    lines.append("win rate by seat: games won / games played in that faction [95% interval]")
    column = max([len(f) for f in table.factions] + [24])
    lines.append(f"{'agent':<{width}}  " + "  ".join(f"{f:<{column}}" for f in table.factions).rstrip())
    for rating in table.ratings:
        cells = [_cell(table.seats[rating.agent][f]) for f in table.factions]
        lines.append(f"{rating.agent:<{width}}  " + "  ".join(f"{c:<{column}}" for c in cells).rstrip())
    lines.append("")
    lines.append("ratings: Bradley–Terry on the Elo scale (400 points: 10-to-1 odds), the agents' mean at 0;")
    lines.append("higher is stronger; win rates: higher is better")
    lines.append(f"a game counts thus: {HOW_A_GAME_COUNTS}")
    return "\n".join(lines)


def _pct(rate: Rate) -> str:
    return f"{rate.rate:6.1%}  [{rate.low:5.1%} – {rate.high:5.1%}]"


def _cell(rate: Rate) -> str:
    if not rate.games:
        return "–"
    return f"{rate.count}/{rate.games} {rate.rate:4.0%} [{rate.low:.0%}–{rate.high:.0%}]"
