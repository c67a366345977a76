"""The one switch between the engine's compiled kernels and the same functions run as plain Python.

A phase's arithmetic over every unit or district (its kernel) is written once, as plain Python loops over numpy
arrays using only operations IEEE 754 rounds exactly, in a fixed order (`engine/portable.py`). `kernel` compiles it
with numba when numba is installed; otherwise, or when the environment sets `PETROGRAD1917_PURE_PYTHON=1`, the
very same function runs as Python, slowly, with the same bits: no fast-math, no fused multiply-add, no reordered
sums (numba does none of these unless asked). A test plays seeded games both ways and compares every state.

Compiled code is cached on disk beside the module (or in numba's user cache), so only the first run on a machine
pays for compiling. Kernels release the GIL: a computer player thinking in a background thread does not hold up
the window.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar, cast

try:
    import numba
    import numba.extending
except ImportError:  # a platform numba has no wheel for: the same games, slower
    numba = None  # type: ignore[assignment]

PURE_PYTHON_VARIABLE = "PETROGRAD1917_PURE_PYTHON"
COMPILED = numba is not None and os.environ.get(PURE_PYTHON_VARIABLE) != "1"

F = TypeVar("F", bound=Callable[..., Any])


def kernel(function: F) -> F:
    """Compile `function` (numba's nopython mode), or leave it as it is when running as plain Python."""
    if not COMPILED:
        return function
    return cast(F, numba.njit(cache=True, nogil=True, error_model="numpy")(function))


def helper(function: F) -> F:
    """A function kernels call: compiled into each kernel that calls it, and still a plain function for Python
    callers (numba's `register_jitable`)."""
    if not COMPILED:
        return function
    numba.extending.register_jitable(function)
    return function


def describe() -> str:
    """One line for `bench` and the logs: how the kernels run here."""
    if COMPILED:
        return f"kernels compiled by numba {numba.__version__} (cached on disk after their first run)"
    why = f"{PURE_PYTHON_VARIABLE}=1" if numba is not None else "numba is not installed"
    return f"kernels run as plain Python ({why}): the same games, slower"
