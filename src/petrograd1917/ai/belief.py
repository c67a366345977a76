"""Possible worlds consistent with what a side sees (determinization), for the computer players to search on.

A computer player reads the game only through `observe` (`engine/observation.py`): the truth about its own units
and those its commissars sit with, estimates of the others' loyalty, everything public, and no dice. It plays on
`believed_state(observation)`, the view turned back into a game (`View.world` builds the same game without the
view in between); each look-ahead or playout then starts from a
*determinized* clone of it: the hidden loyalties redrawn around the estimates and dice drawn from the agent's own
generator. Changing anything the side cannot see cannot change what it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.engine.compiled import kernel
from petrograd1917.engine.numeric import array_sum, at_least, at_most
from petrograd1917.engine.observation import believed_world, drawn_seed, looked_at, played_world
from petrograd1917.engine.visibility import GRID, seen_and_known

if TYPE_CHECKING:
    from petrograd1917.engine.index import BoolArray, FloatArray, IntArray
    from petrograd1917.engine.state import GameState


@dataclass(slots=True)
class View:
    """A decision's starting point: the side looking, the game it believes from its observation, and what
    `determinize` redraws in every world (worked out once per decision: a search draws hundreds of worlds from one
    view). Each part is worked out when first asked for: the loyalties as the side sees them (`loyalty`, `known`),
    the believed game (`world`) and the hidden units' rows (`hidden`, `believed`). A decision the heuristic takes
    on its priors alone reads the game looked at (`seen`) for what is public and for its own units' loyalties,
    which it sees as they are, and needs none of them. A view is spent within the decision it was made for: the
    game looked at does not change before."""

    viewer: int  # the side's faction index
    seen: GameState  # the game looked at: read for what is public and the side's own units, never another's loyalty
    draws: tuple[int, int]  # the believed game's seed and its dice's, drawn when the side looked
    sight: tuple[FloatArray, BoolArray] | None = None  # `loyalty` and `known`, once asked for
    built: GameState | None = None  # the believed game, once built
    rows: tuple[IntArray, FloatArray] | None = None  # `hidden` and `believed`, once asked for
    looking: GameState | None = None  # the game looked at with the side's loyalties, once asked for (`asked`)

    @property
    def loyalty(self) -> FloatArray:
        """[units, factions] the loyalties as the side sees them (`visibility.seen_and_known`)."""
        return self._sight()[0]

    @property
    def known(self) -> BoolArray:
        """[units] those whose true loyalty the side sees."""
        return self._sight()[1]

    @property
    def world(self) -> GameState:
        """The believed game (estimates for loyalties, the agent's dice; `observation.believed_world`), changed by
        no search but the one that draws its `last` world from it."""
        if self.built is None:
            self.built = believed_world(self.seen, self.loyalty, *self.draws)
        return self.built

    def asked(self) -> GameState:
        """The game the rules' odds of the side's orders are asked of: the believed game once built, else the game
        looked at with the side's loyalties (`observation.looked_at`: the same odds, for a fifth of the cost of
        building the believed game, which most decisions that ask never need)."""
        if self.built is not None:
            return self.built
        if self.looking is None:
            self.looking = looked_at(self.seen, self.loyalty)
        return self.looking

    @property
    def hidden(self) -> IntArray:
        """The units whose loyalty the side does not know, as row indices."""
        return self._rows()[0]

    @property
    def believed(self) -> FloatArray:
        """[hidden, F] their estimated loyalties, as the side saw them (read before any world is redrawn)."""
        return self._rows()[1]

    @property
    def spread(self) -> float:
        """The estimates' error: their noise plus the reports' rounding."""
        return float(self.seen.scenario.rules.loyalty_noise + GRID / 2)

    def _sight(self) -> tuple[FloatArray, BoolArray]:
        if self.sight is None:
            self.sight = seen_and_known(self.seen, self.viewer)
        return self.sight

    def _rows(self) -> tuple[IntArray, FloatArray]:
        if self.rows is None:
            (hidden,) = (~self.known).nonzero()  # `np.flatnonzero`'s indices, without its wrappers
            self.rows = (hidden, self.loyalty[hidden])
        return self.rows


def view_of(state: GameState, rng: np.random.Generator) -> View:
    """What the side to move sees of `state`, and the world it believes in (`believed_state(observe(...))`), worked
    out when asked for: the numbers drawn for it are drawn now, as `believed_state` draws them."""
    draws = drawn_seed(rng), drawn_seed(rng)
    return View(state.current_faction_index, state, draws)


def determinize(view: View, rng: np.random.Generator, last: bool = False) -> GameState:
    """A possible world: hidden loyalties drawn around the estimates (their spread plus the reports' rounding),
    its dice drawn from `rng` itself (the searcher's own generator: building one per world costs more than the
    rest of the clone, and a world is thrown away after one playout). Each row is clipped to [0, 1] and scaled
    to sum to at most 1 (`_redraw`: the draws are made here, before the kernel, as the search makes them).
    The `last` world drawn from a view may be the view's world itself, not a clone of it: the view is spent (nor
    is that world built as the believed game, with dice and a record of its own, unless it was already).
    The list of legal actions made of the view's world still holds for every world drawn from it, although the
    loyalties are rewritten outside the door: no rule of what may be ordered reads a loyalty (a test holds it)."""
    if not last:
        clone = view.world.clone(record=False)
    else:  # the believed game if built (for worlds drawn before), else the same game without what no search reads
        clone = view.built if view.built is not None else played_world(view.seen, view.loyalty, view.draws[0])
    clone.rng = rng
    clone.keeps_record = False  # played once and thrown away: no log text, no series (no rule reads them)
    if len(view.hidden):
        _redraw(clone.unit_loyalty, view.hidden, view.believed, rng.normal(0.0, view.spread, size=view.believed.shape))
    return clone


@kernel
def _redraw(loyalty: FloatArray, hidden: IntArray, believed: FloatArray, noise: FloatArray) -> None:
    """Each hidden unit's row of `loyalty` (in place): its estimate plus the noise drawn for it, clipped to [0, 1]
    (as numpy's maximum and minimum: no draw is NaN or a negative zero) and scaled to sum to at most 1 (its sum
    pairwise, as numpy sums a row)."""
    n_f = believed.shape[1]
    row = np.empty(n_f)
    for i in range(hidden.shape[0]):
        for g in range(n_f):
            row[g] = at_most(at_least(believed[i, g] + noise[i, g], 0.0), 1.0)
        total = at_least(array_sum(row), 1.0)
        for g in range(n_f):
            loyalty[hidden[i], g] = row[g] / total
