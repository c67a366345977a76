"""Per-turn history for the charts and the end screen: a few city-wide figures appended after each turn."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from petrograd1917.engine.compiled import kernel
from petrograd1917.engine.food import queue_length, shortage
from petrograd1917.engine.index import BoolArray, FloatArray, IntArray
from petrograd1917.engine.numeric import array_sum

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState


# The figures of `state.series`, in the order of `record_series`'s row.
FIGURES = (
    "unrest",
    "strikers",
    "crowd",
    "city_stock",
    "bread_days",
    "queues",
    "fear",
    "control",
    "armed_men",
    "men_by_district",
    "legitimacy",
    "following",
    "seats",
)


def record_series(state: GameState) -> None:
    """Add this turn's figures to `state.series` (one list per figure, one value per finished turn); each list is
    replaced by a longer one, never appended to, as the game's clones share them. Nothing in a game that keeps no
    record (`GameState.keeps_record`)."""
    if not state.keeps_record:
        return
    n_d, n_f = state.influence.shape
    rules = state.scenario.rules
    index = state.index
    sums = np.empty(6 + 3 * n_f)
    counts = np.empty((1 + n_d, n_f), dtype=np.int64)
    _figures(
        state.unrest,
        state.strikers,
        state.crowd,
        state.bread_days,
        state.fear,
        rules.queue_days,
        rules.fear_queue,
        state.unit_alive,
        state.unit_commander,
        state.unit_strength,
        state.unit_district,
        state.district_controller,
        state.influence,
        index.population,
        state.site_holder,
        index.site_victory_points,
        sums,
        counts,
    )
    figures = sums.tolist()
    control, *men = counts.tolist()
    row = (
        *figures[:3],  # unrest, strikers, crowd
        state.city_stock,
        *figures[3:6],  # bread_days, queues, fear
        control,
        figures[6 : 6 + n_f],  # armed_men
        men,
        state.legitimacy.tolist(),
        figures[6 + n_f : 6 + 2 * n_f],  # following
        figures[6 + 2 * n_f :],  # seats
    )
    series = state.series
    for key, value in zip(FIGURES, row, strict=True):  # a new list, not an append: clones share the lists
        series[key] = [*series.get(key, ()), value]


@kernel
def _figures(
    unrest: FloatArray,
    strikers: FloatArray,
    crowd: FloatArray,
    bread_days: FloatArray,
    fear: FloatArray,
    queue_days: float,
    fear_queue: float,
    alive: BoolArray,
    commander: IntArray,
    strength: FloatArray,
    district: IntArray,
    controller: IntArray,
    influence: FloatArray,
    population: FloatArray,
    holder: IntArray,
    points: IntArray,
    sums: FloatArray,
    counts: IntArray,
) -> None:
    """The city-wide figures of a turn, as numpy's sums make them. Into `sums`: the mean unrest, the strikers, the
    crowds, the mean bread in the shops, the mean queue (`food.queues`), the mean fear, then the men under arms each
    faction commands (its living units' strengths, in unit order, summed pairwise), then each faction's following in the
    city as `evaluate.city_influence` weighs it (its influence in each district times the district's people,
    summed pairwise, over all the people; 0 in a city of nobody), every side in one call, then the seats each holds
    as `evaluate.held_points` counts them (the victory points of its sites: whole numbers, so their sum is exact in
    any order; counted here, in this pass, as a turn's seizures have most often left that function's kept answer
    stale). Into `counts`: row 0 the districts each faction controls, then one row per district of the men each
    faction commands there (its obeying units' strengths added in unit order, rounded half to even)."""
    n_d = unrest.shape[0]
    n_f = counts.shape[1]
    sums[0] = array_sum(unrest) / n_d
    sums[1] = array_sum(strikers)
    sums[2] = array_sum(crowd)
    sums[3] = array_sum(bread_days) / n_d
    queue = np.empty(n_d)  # the bread queues (`food.queues`)
    for d in range(n_d):
        queue[d] = queue_length(shortage(bread_days[d], queue_days), fear[d], fear_queue)
    sums[4] = array_sum(queue) / n_d
    sums[5] = array_sum(fear) / n_d
    counts[0, :] = 0
    for d in range(controller.shape[0]):
        if controller[d] >= 0:
            counts[0, controller[d]] += 1
    n_u = alive.shape[0]
    men = np.empty(n_u)
    grid = np.zeros((n_d, n_f))
    for f in range(n_f):
        k = 0
        for u in range(n_u):
            if alive[u] and commander[u] == f:
                men[k] = strength[u]
                k += 1
                grid[district[u], f] += strength[u]
        sums[6 + f] = array_sum(men[:k])
    for d in range(n_d):
        for f in range(n_f):
            counts[1 + d, f] = np.int64(np.rint(grid[d, f]))
    people = array_sum(population)
    weighed = np.empty(n_d)
    for f in range(n_f):
        for d in range(n_d):
            weighed[d] = influence[d, f] * population[d]
        sums[6 + n_f + f] = array_sum(weighed) / people if people > 0.0 else 0.0
    sums[6 + 2 * n_f :] = 0.0
    for s in range(holder.shape[0]):
        if holder[s] >= 0:
            sums[6 + 2 * n_f + holder[s]] += points[s]
