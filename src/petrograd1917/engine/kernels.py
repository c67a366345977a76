"""Compiled kernels (numba) for the costliest arithmetic of the end of turn, with the numpy code as the fallback.

A kernel runs only where numba is installed and `PETROGRAD1917_PURE` is not set to 1; otherwise the phases run
their numpy code. Both give the same bits: a kernel does only the four operations, comparisons and sums of fewer
than eight numbers (which numpy also sums left to right), in numpy's order; `max`/`min` keep numpy's tie rule (the
second operand, which decides the sign of a zero). Powers, exponentials and tanh stay in numpy between kernels:
numpy's vectorised versions differ from the C library's (which numba calls) in the last bit of a few results.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar, cast

from petrograd1917.engine.index import BoolArray, FloatArray, IntArray

_F = TypeVar("_F", bound=Callable[..., Any])

MAX_SEQUENTIAL = 8  # numpy sums fewer numbers than this left to right; a kernel sums only such rows


_NUMBA: Any = None
if os.environ.get("PETROGRAD1917_PURE") != "1":
    try:
        import numba as _NUMBA  # optional: without it the phases take their numpy path
    except ImportError:
        _NUMBA = None
ENABLED = _NUMBA is not None


def _compiled(fn: _F) -> _F:
    """`fn` compiled on its first call (the machine code cached, so later processes load it), or without numba `fn`
    itself: plain Python, slow but with the same bits (the phases take their numpy path then; tests call it)."""
    if _NUMBA is None:
        return fn
    return cast(_F, _NUMBA.njit(cache=True, nogil=True)(fn))


@_compiled
def drift_pulls(
    loyalty: FloatArray,
    district: IntArray,
    shield: FloatArray,
    commander: IntArray,
    alive: BoolArray,
    queue: FloatArray,
    hunger: float,
    share: FloatArray,
    news: bool,
    news_rate: float,
    influence_pull: float,
    influence: FloatArray,
    leader: IntArray,
    crowd: FloatArray,
    large_crowd: float,
    crowd_contact: float,
    commissar: IntArray,
    commissar_pull: float,
    target: FloatArray,
    weight: FloatArray,
) -> None:
    """The first half of `loyalty.drift`: hunger (in place, `hunger` = rate x days, 0 with full shops), then each
    unit's pulls into `target` and their total into `weight`. `share`: legitimacy shares; `news`: False when no
    faction has any (the news pulls nowhere)."""
    n_u, n_f = loyalty.shape
    for u in range(n_u):
        d = district[u]
        c = commander[u]
        if hunger != 0.0:
            own = c if c > 0 else 0
            loss = hunger * queue[d] * shield[u] if (alive[u] and c >= 0) else 0.0
            loyalty[u, own] = loyalty[u, own] - loss
        for f in range(n_f):
            x = loyalty[u, f]
            loyalty[u, f] = x if x > 0.0 else 0.0
        heard = news_rate * shield[u] if news else 0.0
        agitation = influence_pull * shield[u]
        for f in range(n_f):
            target[u, f] = heard * share[f] + agitation * influence[d, f]
        w = heard + agitation
        lead = leader[d]
        if lead >= 0:
            ratio = crowd[d] / large_crowd
            size = 1.0 if ratio > 1.0 else ratio
            contact = crowd_contact * size * shield[u]
            target[u, lead] += contact
            w += contact
        if commissar[u] >= 0:
            target[u, commissar[u]] += commissar_pull
            w += commissar_pull
        weight[u] = w


@_compiled
def drift_mix(
    loyalty: FloatArray, target: FloatArray, weight: FloatArray, taken: FloatArray, mask: FloatArray, masked: bool
) -> None:
    """The second half of `loyalty.drift`, in place: each row mixed with its target (`taken`: the share of the mix
    the turn takes), loyalty to impossible sides zeroed (`mask`, if `masked`), then clipped and normalised."""
    n_u, n_f = loyalty.shape
    for u in range(n_u):
        w = weight[u]
        scale = taken[u] / (w if w > 1e-12 else 1e-12)
        keep = 1.0 - w * scale
        for f in range(n_f):
            x = loyalty[u, f] * keep
            x = x + target[u, f] * scale
            if masked:
                x = x * mask[u, f]
            x = x if x > 0.0 else 0.0
            loyalty[u, f] = x if x < 1.0 else 1.0
        total = loyalty[u, 0]
        for f in range(1, n_f):
            total += loyalty[u, f]
        if total > 1.0:
            for f in range(n_f):
                loyalty[u, f] = loyalty[u, f] / total
