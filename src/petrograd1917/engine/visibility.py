"""What a faction can see of units' loyalty (Kuran's hidden preferences): the truth for a unit's commander and for a
faction with a commissar at its side; for anyone else an estimate.

An estimate is the truth plus an error that belongs to the game and the viewer, not to the moment of looking. The
error has three independent parts, each a fixed normal draw per (unit, faction) from a generator seeded by the
game's seed and the viewer (never from `state.rng`: looking never changes the game):

- a *residue* nobody outside the unit can remove (a quarter of the variance);
- *rumour*, lifted while the viewer has informants where the unit stands (its influence there is at least
  `INFORMANT_INFLUENCE`; a third of the variance);
- *distance*, lifted while one of the viewer's own units stands in the same district (contact; the rest).

The total spread is the scenario's `loyalty_noise`. Because every part is fixed for the game, asking again, on
another turn or after moving in and out of contact, gives the same error: averaging many looks never reveals more
than the best look did. Games with other seeds have unrelated errors. Estimates are reported to the nearest
`GRID` (an intelligence report, not a measurement), then scaled so a row never sums past one. Row u of the error
is the u-th draw of its stream, so a unit added later does not change what is seen of the others.
"""

from __future__ import annotations

import numpy as np

from petrograd1917.engine.cache import PerKey
from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray
from petrograd1917.engine.numeric import array_sum, at_least, at_most
from petrograd1917.engine.state import GameState

GRID = 0.05  # estimates are reported to the nearest twentieth
INFORMANT_INFLUENCE = 0.25  # a faction with this much following in a district hears what its soldiers think
# Shares of the error's variance: the residue, rumour (lifted by informants), distance (lifted by contact).
VARIANCE_SHARES = (0.25, 0.35, 0.40)
_STREAM_TAG = 1917  # keeps the error's stream apart from any other use of the game's seed


def clarity(state: GameState, viewer: int) -> tuple[BoolArray, BoolArray]:
    """Per unit: (viewer has informants in its district, viewer has a unit of its own in its district)."""
    return _clarity(viewer, state.unit_district, state.influence, state.unit_commander, state.unit_alive,
                    state.index.n_districts)  # fmt: skip


@helper
def _clarity(
    viewer: int, district: IntArray, influence: FloatArray, commander: IntArray, alive: BoolArray, n_d: int
) -> tuple[BoolArray, BoolArray]:
    n_u = district.shape[0]
    present = np.zeros(n_d, dtype=np.bool_)
    for u in range(n_u):
        if commander[u] == viewer and alive[u]:
            present[district[u]] = True
    informed = np.empty(n_u, dtype=np.bool_)
    in_contact = np.empty(n_u, dtype=np.bool_)
    for u in range(n_u):
        informed[u] = influence[district[u], viewer] >= INFORMANT_INFLUENCE
        in_contact[u] = present[district[u]]
    return informed, in_contact


def visible_loyalties(state: GameState, viewer: int) -> FloatArray:
    """[units, factions] loyalty as `viewer` sees it: true rows where it may know, estimates elsewhere."""
    return seen_and_known(state, viewer)[0]


def seen_and_known(state: GameState, viewer: int) -> tuple[FloatArray, BoolArray]:
    """`visible_loyalties`, and the units whose true loyalty `viewer` sees (those it commands and those its
    commissars sit with), found in the same pass: a computer player's view needs both at every decision."""
    true = state.unit_loyalty
    parts = _error_parts(state.seed, viewer, true.shape, state.scenario.rules.loyalty_noise)
    return _seen(true, parts, viewer, state.unit_district, state.influence, state.unit_commander, state.unit_alive,
                 state.unit_commissar, state.index.n_districts)  # fmt: skip


@kernel
def _seen(
    true: FloatArray,
    parts: FloatArray,
    viewer: int,
    district: IntArray,
    influence: FloatArray,
    commander: IntArray,
    alive: BoolArray,
    commissar: IntArray,
    n_d: int,
) -> tuple[FloatArray, BoolArray]:
    """`seen_and_known`, unit by unit: a unit the viewer commands or has a commissar with is seen as it is;
    another is its truth plus the error's parts (the rumour's part lifted where the viewer has informants, the
    distance's where one of its own units stands: `clarity`), clipped to [0, 1], reported to the nearest GRID
    (rounding half to even, as numpy rounds) and scaled down where the row sums past 1 (its sum pairwise, as
    numpy sums a row)."""
    n_u, n_f = true.shape
    informed, in_contact = _clarity(viewer, district, influence, commander, alive, n_d)
    seen = np.empty((n_u, n_f))
    known = np.empty(n_u, dtype=np.bool_)
    for u in range(n_u):
        known[u] = commander[u] == viewer or commissar[u] == viewer
        if known[u]:
            for g in range(n_f):
                seen[u, g] = true[u, g]
            continue
        for g in range(n_f):
            error = (
                parts[0, u, g] + (0.0 if informed[u] else parts[1, u, g]) + (0.0 if in_contact[u] else parts[2, u, g])
            )
            clipped = at_most(at_least(true[u, g] + error, 0.0), 1.0)
            seen[u, g] = np.rint(clipped / GRID) * GRID
        total = array_sum(seen[u])
        if total > 1.0:
            for g in range(n_f):
                seen[u, g] = seen[u, g] / at_least(total, 1.0)
    return seen, known


def _build_error_parts(key: tuple[int, int, tuple[int, ...], float]) -> FloatArray:
    seed, viewer, shape, spread = key
    stream = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed % 2**128, viewer, _STREAM_TAG])))
    draws = stream.standard_normal((shape[0], len(VARIANCE_SHARES), shape[1]))  # unit-major: rows stay put
    scale = spread * np.sqrt(np.array(VARIANCE_SHARES))
    found: FloatArray = np.ascontiguousarray((draws * scale[None, :, None]).transpose(1, 0, 2))
    found.flags.writeable = False
    return found


# A pure function of its key, so it is cached (engine/cache.py): building its generator costs more than the rest
# of a look, and players look every decision.
_ERRORS: PerKey[tuple[int, int, tuple[int, ...], float], FloatArray] = PerKey(_build_error_parts)


def _error_parts(seed: int, viewer: int, shape: tuple[int, ...], spread: float) -> FloatArray:
    """[3, units, factions] the viewer's fixed error parts in this game, read-only."""
    return _ERRORS((seed, viewer, shape, spread))


def visible_loyalty(state: GameState, unit: int, viewer: int) -> dict[str, float]:
    """Loyalty of one unit over factions as `viewer` sees it (shares in [0, 1] summing to at most 1)."""
    row = visible_loyalties(state, viewer)[unit]
    return {fid: float(row[f]) for f, fid in enumerate(state.index.faction_ids)}
