"""The compiled kernels: the warm-up the window runs while the player reads the menus compiles every one of them,
the engine's and the computer players' (so neither an end of turn nor a player's first think stalls on a compile),
and a kernel is a plain function when the kernels run as Python."""

from __future__ import annotations

import os
import subprocess
import sys

from petrograd1917.engine.compiled import PURE_PYTHON_VARIABLE

_UNCOMPILED = """
import importlib, pkgutil, sys
import petrograd1917.ai as ai
import petrograd1917.engine as engine
from petrograd1917 import load_scenario
from petrograd1917.ai.play import warm_up
from numba.core.registry import CPUDispatcher

warm_up(load_scenario("february-1917"))
packages = ((engine, "petrograd1917.engine."), (ai, "petrograd1917.ai."))
modules = [importlib.import_module(m.name) for package, prefix in packages
           for m in pkgutil.walk_packages(package.__path__, prefix)]
kernels = {f"{m.__name__}.{name}": value for m in modules for name, value in vars(m).items()
           if isinstance(value, CPUDispatcher) and value.__module__ == m.__name__}
print(len(kernels), *sorted(name for name, kernel in kernels.items() if not kernel.signatures))
"""


def test_the_warm_up_compiles_every_kernel() -> None:
    env = {key: value for key, value in os.environ.items() if key != PURE_PYTHON_VARIABLE}
    result = subprocess.run([sys.executable, "-c", _UNCOMPILED], capture_output=True, text=True, env=env, check=True)
    count, *uncompiled = result.stdout.split()
    assert int(count) >= 1
    assert uncompiled == []


def test_kernels_are_plain_functions_when_run_as_python() -> None:
    code = (
        "import types; from petrograd1917.engine import loyalty, compiled\n"
        "print(compiled.COMPILED, isinstance(loyalty._drift, types.FunctionType))"
    )
    env = {**os.environ, PURE_PYTHON_VARIABLE: "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split() == ["False", "True"]
