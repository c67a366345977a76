"""A seed gives one game on every CPU: seeded games played in a process told to use other kernels (numpy without
its AVX-512 code, or without any SIMD code beyond its baseline; another BLAS kernel; the C library's maths without
fused multiply-add) end in the very states they end in here, whether random orders or the computer players (the
heuristic, and the search in one seat) play them. So do the engine's compiled kernels run as the plain Python
they are written in (`engine/compiled.py`), the path of a machine without numba.

Each run also compares probes: of what the engine relies on (numpy's sums and arithmetic, the portable functions),
which must agree; and of the functions the engine gave up (numpy's exp, tanh, power and log, BLAS, math.exp), whose
bits differ between the two processes on a CPU with the wide SIMD: the other process really ran other kernels (and
the games differed too, before the engine used `engine/portable.py`).
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cpu_helpers import agent_games, ai_probes, exact_probes, kernel_probes, seeded_games

from petrograd1917.engine.compiled import COMPILED, PURE_PYTHON_VARIABLE

HELPER = Path(__file__).with_name("cpu_helpers.py")
X86 = platform.machine().lower() in ("x86_64", "amd64")
# numpy's SIMD targets for this CPU, and whether each is in use here
_multiarray_umath = importlib.import_module("numpy._core._multiarray_umath")
TARGETS: list[str] = list(getattr(_multiarray_umath, "__cpu_dispatch__", []))
FEATURES: dict[str, bool] = dict(getattr(_multiarray_umath, "__cpu_features__", {}))
IN_USE = [target for target in TARGETS if FEATURES.get(target)]
WIDE = [target for target in IN_USE if target.startswith("AVX512") or target == "X86_V4"]


def _run_elsewhere(settings: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(HELPER)],
        env={**os.environ, **settings, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def here() -> dict[str, Any]:
    return {
        "games": seeded_games(),
        "agents": agent_games(),
        "ai": ai_probes(),
        "probes": kernel_probes(),
        "exact": exact_probes(),
    }


def test_the_same_games_without_avx512(here: dict[str, Any]) -> None:
    there = _run_elsewhere({"NPY_DISABLE_CPU_FEATURES": " ".join(WIDE)})
    assert there["games"] == here["games"]
    assert there["agents"] == here["agents"]
    assert there["ai"] == here["ai"]
    assert there["exact"] == here["exact"]
    if WIDE:  # numpy's exp has an AVX-512 kernel: without it, other bits
        assert there["probes"]["np.exp"] != here["probes"]["np.exp"], there["probes"]


def test_the_same_games_on_the_plainest_kernels(here: dict[str, Any]) -> None:
    settings = {"NPY_DISABLE_CPU_FEATURES": " ".join(IN_USE)}
    if X86:
        settings["OPENBLAS_CORETYPE"] = "Prescott"  # OpenBLAS's kernels for the first x86-64 CPUs
        settings["GLIBC_TUNABLES"] = "glibc.cpu.hwcaps=-AVX2,-FMA"  # the C library's maths without FMA
    there = _run_elsewhere(settings)
    assert there["games"] == here["games"]
    assert there["agents"] == here["agents"]
    assert there["ai"] == here["ai"]
    assert there["exact"] == here["exact"]
    if X86 and FEATURES.get("AVX2"):  # numpy's tanh has an AVX2 kernel, and OpenBLAS kernels for AVX2 CPUs
        differ = {name for name, bits in there["probes"].items() if bits != here["probes"][name]}
        assert {"np.tanh", "blas"} <= differ, there["probes"]


def test_the_same_games_with_the_kernels_run_as_plain_python(here: dict[str, Any]) -> None:
    assert COMPILED, f"numba is in the lock: the kernels run compiled here unless {PURE_PYTHON_VARIABLE}=1 is set"
    there = _run_elsewhere({PURE_PYTHON_VARIABLE: "1"})
    assert there["compiled"] is False
    assert there["games"] == here["games"]
    assert there["agents"] == here["agents"]
    assert there["ai"] == here["ai"]
    assert there["exact"] == here["exact"]
