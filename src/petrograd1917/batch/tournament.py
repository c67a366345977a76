"""What a tournament shows: ratings of the agents, their win rates, and their win rates in each seat.

How a game counts. The agent playing the winning faction beats each other agent in that game, once (an agent
playing several factions is one agent); a game nobody wins is a draw between every two agents in it, half a win
to each; a failed game counts for nothing. A four-faction game thus gives up to three results, all from one
game: the rating intervals resample whole games, so they stay honest about that.

Head to head, every two agents: the games one beat the other, lost to it, drew, and how likely a lead at least
that large would be between two agents of equal strength (an exact one-sided binomial test on the games one of
them won, draws left out). Rotating the seats makes equal agents win half of the games in each cycle; the seats'
own odds only make the true spread narrower than the binomial one, so the test errs on the side of caution.
"""

from __future__ import annotations

import itertools
import math
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
class HeadToHead:
    agent: str  # the one with more wins over the other (the first given, when even)
    other: str
    won: int  # games in which `agent` beat `other`
    lost: int
    drawn: int
    p: float  # one-sided: the chance of `won` or more of `won + lost` between equally strong agents


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
    pairs: tuple[HeadToHead, ...]  # every two agents, in the order given

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


def upper_tail(successes: int, trials: int) -> float:
    """P(X >= successes) for X ~ Binomial(trials, 1/2), summed in logs so a million games stay in range."""
    if trials <= 0 or successes <= 0:
        return 1.0
    whole = math.lgamma(trials + 1) - trials * math.log(2.0)
    terms = (whole - math.lgamma(k + 1) - math.lgamma(trials - k + 1) for k in range(successes, trials + 1))
    return min(1.0, math.fsum(math.exp(t) for t in terms))


def head_to_head(per_game: np.ndarray, agents: Sequence[str]) -> tuple[HeadToHead, ...]:
    """Every two agents' results against each other, from the games' wins matrices."""
    pairs = []
    for i, j in itertools.combinations(range(len(agents)), 2):
        won, lost = int((per_game[:, i, j] == 1.0).sum()), int((per_game[:, j, i] == 1.0).sum())
        drawn = int((per_game[:, i, j] == 0.5).sum())
        if lost > won:
            i, j, won, lost = j, i, lost, won
        pairs.append(HeadToHead(agents[i], agents[j], won, lost, drawn, upper_tail(won, won + lost)))
    return tuple(pairs)


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
        pairs=head_to_head(per_game, agents),
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
    lines.append("head to head: games won, lost and drawn; p: the chance of such a lead between equal agents")
    for pair in table.pairs:
        lines.append(
            f"{pair.agent} against {pair.other}: {pair.won} won, {pair.lost} lost, {pair.drawn} drawn; "
            f"p = {pair.p:.2g} (one-sided exact binomial test, draws left out)"
        )
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
