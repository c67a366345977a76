#!/usr/bin/env python3
"""Set up a private virtual environment (.venv) and run the game or its checks: the README's two commands.

    python3 bootstrap.py play [ARGS...]   install what the game needs, then start it (`petrograd1917 play ARGS`)
    python3 bootstrap.py test [ARGS...]   install the test tools, then run ruff, mypy and pytest (ARGS go to pytest)
    python3 bootstrap.py run ARGS...      install, then run `petrograd1917 ARGS` (validate, batch, bench, ...)

Only the Python standard library is used here, so it works on a machine with nothing but Python 3.11+.
Re-installing is skipped while pyproject.toml is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_environment(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - bootstrap may run under an older python3
        sys.exit(f"petrograd1917 needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing petrograd1917{'[' + extras + ']' if extras else ''} into .venv ...", flush=True)
    target = f".[{extras}]" if extras else "."
    run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", target])
    stamp.write_text(digest)


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def test(pytest_args: list[str]) -> None:
    ensure_environment("test")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    run([str(BIN / "ruff"), "check", "."], env)
    run([str(BIN / "ruff"), "format", "--check", "."], env)
    run([str(BIN / "mypy")], env)
    run([str(PYTHON), "-m", "pytest", *pytest_args], env)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"play", "test", "run"}:
        sys.exit(__doc__)
    command, rest = argv[0], argv[1:]
    if command == "test":
        test(rest)
        return
    ensure_environment("")
    cli = [str(PYTHON), "-m", "petrograd1917"]
    run(cli + (["play", *rest] if command == "play" else rest))


if __name__ == "__main__":
    main(sys.argv[1:])
