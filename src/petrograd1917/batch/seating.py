"""Who plays which faction in each game: the same agents every game (a batch), or agents taking turns in every
seat (a tournament).

A batch plays a cycle of seatings, game i the seating i mod the cycle's length, so which agent plays which
faction in a game depends on its index alone, like its seed: never on the number of workers or on a resume.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

Seating = tuple[str, ...]  # an agent spec per faction, in the scenario's turn order

MAX_AGENTS = 8  # 8 agents on 4 factions make a cycle of 1,680 seatings


def rotation(agents: Sequence[str], seats: int) -> list[Seating]:
    """The cycle of seatings in which `agents` take turns in `seats` seats, balanced over each cycle.

    - Fewer agents than seats: the agents in order, shifted one seat a game (a cycle of len(agents) games);
      every agent plays in every game, and in every seat once per cycle.
    - Otherwise: every choice of `seats` different agents in every order (a cycle of n!/(n-seats)! games), so
      every agent meets every other in every pair of seats. They come in blocks of `seats` games that are the
      shifts of one order, so each short block already puts each of its agents once in each seat.
    """
    if len(agents) < seats:
        return [tuple(agents[(shift + seat) % len(agents)] for seat in range(seats)) for shift in range(len(agents))]
    cycle: list[Seating] = []
    for chosen in itertools.combinations(agents, seats):
        for rest in itertools.permutations(chosen[1:]):
            order = (chosen[0], *rest)
            cycle.extend(order[shift:] + order[:shift] for shift in range(seats))
    return cycle
