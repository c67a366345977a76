"""The layers hold: the scenario loader needs neither the engine nor numpy, every engine module sits in one layer
of the import contract, and no engine module imports inside a function (so the contract sees every import)."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import petrograd1917.engine

ENGINE = Path(petrograd1917.engine.__file__).parent
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_loading_a_scenario_loads_neither_the_engine_nor_numpy() -> None:
    code = (
        "import sys, petrograd1917.scenario, petrograd1917.scenario.loader, petrograd1917.scenario.catalog\n"
        "print(' '.join(m for m in sys.modules if m.startswith(('numpy', 'petrograd1917.engine'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []


def _engine_layers() -> list[set[str]]:
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    (engine,) = [c for c in contracts if c.get("containers") == ["petrograd1917.engine"]]
    return [{name.strip() for name in layer.split(":")} for layer in engine["layers"]]


def test_every_engine_module_is_in_exactly_one_layer() -> None:
    modules = {path.stem for path in ENGINE.glob("*.py") if path.stem != "__init__"}
    modules |= {path.name for path in ENGINE.iterdir() if (path / "__init__.py").exists()}
    layers = _engine_layers()
    placed = [name for layer in layers for name in layer]
    assert len(placed) == len(set(placed))
    missing = modules - set(placed)
    assert not missing, f"add {sorted(missing)} to a layer of the engine contract in pyproject.toml"
    assert "game" in layers[0] and "state" in layers[-1]


def test_no_engine_module_imports_inside_a_function() -> None:
    for path in sorted(ENGINE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = [n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))]
                assert not inner, f"{path.name}:{inner[0].lineno} imports inside {node.name}()"
