"""Small vectorised helpers the dynamics share: a normal CDF (numpy has no erf), rates over a turn, and shifts that keep
shares valid."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from petrograd1917.engine.compiled import helper, kernel
from petrograd1917.engine.index import FloatArray
from petrograd1917.engine.portable import exp_value, power_value


@helper
def normal_cdf(x: float) -> float:
    """Share of a standard normal population below `x`, for Python callers and compiled kernels alike. numpy has no
    erf; Page's (1977) logistic form, 1 / (1 + e ** -t) with t = 2c (x + 0.044715 x ** 3), is within 2e-4 of it.
    `portable.exp_value`: the same bits on every CPU. The exponent is never positive, so nothing overflows: with
    e = e ** -|t|, 1 / (1 + e) where t >= 0 and e / (1 + e) below."""
    t = (0.044715 * x * x * x + x) * 1.5957691216  # 2c (x + 0.044715 x^3), summed in this order
    e = exp_value(-abs(t))
    below = 1.0 / (1.0 + e)
    return below if t >= 0.0 else e * below


_total = np.add.reduce  # `ndarray.sum` without its Python wrapper: the same reduction, the same bits
_BLOCK = 128  # numpy's pairwise summation sums blocks this long with eight running sums, and halves longer runs


@helper
def array_sum(values: Sequence[float] | FloatArray) -> float:
    """The sum of floats (a list, or a 1-D float64 array in a kernel) with exactly the bits `np.add.reduce` gives
    for the same numbers as a 1-D float64 array (numpy sums pairwise: eight running sums over blocks of up to 128,
    longer runs halved), for the phases that work on short lists where a numpy call costs more than the
    arithmetic."""
    n = len(values)
    if n < 8:  # numpy adds a run this short in turn (a share row, a faction's few units): here without a call
        total = -0.0  # -0.0 + x is x for every x
        for value in values:
            total += value
        return 0.0 + total  # numpy adds the sum to its identity: -0.0 becomes 0.0
    if n <= _BLOCK:
        return 0.0 + _block_sum(values, 0, n)
    # Longer runs: numpy halves them (each half a whole number of 8s, the rest to the right) until each is a block,
    # and adds each pair of halves; here the same tree, walked with a stack of steps (a kernel cannot recurse).
    starts, sizes, sums = [0] * 64, [0] * 64, [0.0] * 64
    steps, n_sums = 1, 0
    starts[0], sizes[0] = 0, n  # a size of -1 marks the step that adds the two sums on top of the stack
    while steps:
        steps -= 1
        first, size = starts[steps], sizes[steps]
        if size < 0:
            n_sums -= 1
            sums[n_sums - 1] = sums[n_sums - 1] + sums[n_sums]
        elif size <= _BLOCK:
            sums[n_sums] = _block_sum(values, first, size)
            n_sums += 1
        else:
            half = size // 2
            half -= half % 8
            starts[steps], sizes[steps] = 0, -1
            starts[steps + 1], sizes[steps + 1] = first + half, size - half
            starts[steps + 2], sizes[steps + 2] = first, half
            steps += 3
    return 0.0 + sums[0]


@helper
def _block_sum(values: Sequence[float] | FloatArray, start: int, n: int) -> float:
    """numpy's sum of values[start : start + n] for 8 <= n <= 128: eight running sums."""
    r0, r1, r2, r3 = values[start], values[start + 1], values[start + 2], values[start + 3]
    r4, r5, r6, r7 = values[start + 4], values[start + 5], values[start + 6], values[start + 7]
    i, whole = start + 8, start + n - n % 8
    while i < whole:
        r0 += values[i]
        r1 += values[i + 1]
        r2 += values[i + 2]
        r3 += values[i + 3]
        r4 += values[i + 4]
        r5 += values[i + 5]
        r6 += values[i + 6]
        r7 += values[i + 7]
        i += 8
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for j in range(whole, start + n):
        total += values[j]
    return total


@helper
def at_least(value: float, floor: float) -> float:
    """numpy's `maximum(value, floor)` of two floats, the second where they tie (-0.0 against 0.0): Python's
    `max(floor, value)`, for kernels, and for Python callers at a fraction of the builtin's cost."""
    return value if value > floor else floor


@helper
def at_most(value: float, ceiling: float) -> float:
    """numpy's `minimum(value, ceiling)` of two floats, the second where they tie: Python's `min(ceiling, value)`,
    for kernels, and for Python callers at a fraction of the builtin's cost."""
    return value if value < ceiling else ceiling


def clip(x: FloatArray, floor: float, ceiling: float | FloatArray) -> FloatArray:
    """`np.clip(x, floor, ceiling)` with its bits (a tie gives the bound), as two ufuncs: np.clip's dispatch costs
    more than the work on the few districts an effect or a phase clips."""
    result: FloatArray = np.minimum(np.maximum(x, floor), ceiling)
    return result


def clip01(x: FloatArray) -> FloatArray:
    """Elementwise clip to [0, 1]: `clip` to the unit interval, written out (one call less for the orders' odds)."""
    result: FloatArray = np.minimum(np.maximum(x, 0.0), 1.0)
    return result


@helper
def per_turn_value(rate: float, days: float) -> float:
    """The share a daily `rate` (a decay, a loss, a pull) takes over a turn of `days` days: 1 - (1 - rate) ** days.
    It compounds, so two half-day turns do what one day turn does, and a day turn is the rate itself. The power is
    `portable.power_value`: the same bits on every CPU. For Python callers and compiled kernels alike."""
    if days == 1.0:
        return rate
    return 1.0 - power_value(max(1.0 - rate, 0.0), days)


def add_share(rows: FloatArray, row: int, column: int, amount: float) -> None:
    """Add `amount` to one share of a row of shares (influence, loyalty), keeping it in [0, 1] and the row's sum
    at most 1 by scaling the other shares down proportionally: a gain for one faction is a loss for the others
    (`add_share_rows` on the one row)."""
    add_share_rows(rows, row, row + 1, column, float(amount))


@kernel
def add_share_rows(rows: FloatArray, first: int, end: int, column: int, amount: float) -> None:
    """`add_share` on each row from `first` to before `end`, in turn (an event's gain in every district in one
    call). A row's shares are a handful of numbers, summed as numpy sums them."""
    n_f = rows.shape[1]
    values = np.empty(n_f)
    for row in range(first, end):
        for f in range(n_f):
            values[f] = rows[row, f]
        new = clip01_value(values[column] + amount)  # as min(1.0, max(0.0, x)) gives it, in one call
        values[column] = 0.0
        others = array_sum(values)
        if others > 1.0 - new and others > 0.0:  # the others shrink; else they stay as they are
            scale = (1.0 - new) / others
            for f in range(n_f):
                rows[row, f] = values[f] * scale
        rows[row, column] = new


@helper
def clip01_value(value: float) -> float:
    """`clip01` of one float, with numpy's bits (a tie gives the bound: -0.0 becomes 0.0), for Python callers and
    compiled kernels alike."""
    value = value if value > 0.0 else 0.0
    return value if value < 1.0 else 1.0


@helper
def add_shares(rows: FloatArray, gains: FloatArray) -> None:
    """In place, for a whole matrix of gains at once: each nonzero gain is added to its share (clipped to [0, 1]);
    where a row then sums above 1, the untouched shares shrink proportionally (and, if that is not enough, the
    gained ones too), as `add_share` does for one. Row by row, for kernels and Python alike."""
    n_f = rows.shape[1]
    gained = np.empty(n_f)
    others = np.empty(n_f)
    for d in range(rows.shape[0]):
        for f in range(n_f):
            touched = gains[d, f] != 0.0
            gained[f] = at_most(at_least(rows[d, f] + gains[d, f], 0.0), 1.0) if touched else 0.0
            others[f] = 0.0 if touched else rows[d, f]
        gained_sum = array_sum(gained)
        room = at_least(1.0 - gained_sum, 0.0)
        keep = at_most(1.0, room / at_least(array_sum(others), 1e-12))
        scale = at_most(1.0, 1.0 / at_least(gained_sum, 1e-12))
        for f in range(n_f):
            rows[d, f] = gained[f] * scale + others[f] * keep
