#!/usr/bin/env python3
"""Set up a private virtual environment (.venv) and run the game or its checks: the README's two commands.

    python3 bootstrap.py play [ARGS...]   install what the game needs, then start it (`petrograd1917 play ARGS`)
    python3 bootstrap.py test [ARGS...]   install the test tools, then run ruff, mypy, the import contract and
                                          pytest (ARGS go to pytest)
    python3 bootstrap.py run ARGS...      install, then run `petrograd1917 ARGS` (validate, batch, bench, ...)
    python3 bootstrap.py lock             re-resolve requirements/lock-*.txt after pyproject.toml changed

Everything is installed from the lock files in requirements/, exact versions with hashes, so a fresh machine gets
what the tests passed with. Only the Python standard library is used here, so it works on a machine with nothing
but Python 3.11+. Re-installing is skipped while the lock is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
LOCKS = ROOT / "requirements"
BUILD_INPUT = LOCKS / "build.in"
# The resolver used only by `lock`; pinned so that two developers re-locking get the same file.
LOCKER = "uv==0.13.9"
INPUTS_PREFIX = "# inputs-sha256: "
KINDS = ["play", "test"]  # each lock holds the one before it, at the same versions


def lock_path(kind: str) -> Path:
    """`play` holds what the game needs; `test` adds every extra (test tools, plots, cluster, rl)."""
    return LOCKS / f"lock-{kind}.txt"


def inputs_digest() -> str:
    """A digest of what the locks are resolved from: the declared requirements, not the rest of pyproject.toml."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "optional-dependencies": project.get("optional-dependencies", {}),
        "build": BUILD_INPUT.read_text(encoding="utf-8"),
        "locker": LOCKER,
    }
    return hashlib.sha256(json.dumps(declared, sort_keys=True).encode()).hexdigest()


def check_lock_fresh(kind: str) -> None:
    path = lock_path(kind)
    if not path.exists():
        sys.exit(f"{path.relative_to(ROOT)} is missing: run `python3 bootstrap.py lock`")
    header = next((line for line in path.read_text().splitlines() if line.startswith(INPUTS_PREFIX)), "")
    if header.removeprefix(INPUTS_PREFIX).strip() != inputs_digest():
        sys.exit(
            f"{path.relative_to(ROOT)} is stale: pyproject.toml's requirements changed since it was made.\n"
            "Run `python3 bootstrap.py lock`, run the tests, and commit the new lock files."
        )


def ensure_environment(kind: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - bootstrap may run under an older python3
        sys.exit(f"petrograd1917 needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    check_lock_fresh(kind)
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if any(stamp_current(wider) for wider in KINDS[KINDS.index(kind) :]):
        return
    lock = lock_path(kind)
    print(f"Installing petrograd1917 and the locked {kind} requirements into .venv ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    run([*pip, "--require-hashes", "--no-deps", "-r", str(lock)])
    run([*pip, "--no-deps", "--no-build-isolation", "-e", "."])
    for other in VENV.glob(".installed-*"):
        other.unlink()
    (VENV / f".installed-{kind}").write_text(stamp_digest(kind))


def stamp_digest(kind: str) -> str:
    return hashlib.sha256(lock_path(kind).read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()


def stamp_current(kind: str) -> bool:
    """True when .venv holds exactly this lock, installed since the lock or pyproject.toml last changed."""
    stamp = VENV / f".installed-{kind}"
    return stamp.exists() and stamp.read_text() == stamp_digest(kind)


def lock() -> None:
    """Re-resolve both lock files: test first (every extra), then play held to the test lock's versions."""
    tool_venv = VENV / "locker"
    tool_python = tool_venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    if not tool_python.exists():
        venv.EnvBuilder(with_pip=True).create(tool_venv)
    run([str(tool_python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", LOCKER])
    header = f"{INPUTS_PREFIX}{inputs_digest()}\n# Made by `python3 bootstrap.py lock`; do not edit by hand.\n"
    compile_ = [str(tool_python), "-m", "uv", "pip", "compile", "--quiet", "--universal", "--generate-hashes"]
    compile_ += ["--python-version", "3.11", "--no-header", "--custom-compile-command", "python3 bootstrap.py lock"]
    for kind, extra in (("test", ["--all-extras"]), ("play", ["--constraint", str(lock_path("test"))])):
        out = lock_path(kind)
        run([*compile_, *extra, "pyproject.toml", str(BUILD_INPUT.relative_to(ROOT)), "-o", str(out)])
        out.write_text(header + out.read_text())
        print(f"wrote {out.relative_to(ROOT)}")


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
    run([str(BIN / "lint-imports")], env)
    run([str(PYTHON), "-m", "pytest", *pytest_args], env)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"play", "test", "run", "lock"}:
        sys.exit(__doc__)
    command, rest = argv[0], argv[1:]
    if command == "test":
        test(rest)
        return
    if command == "lock":
        lock()
        return
    # `run` may call the batch or bench tools, which want the cluster and plot extras: give it the full lock.
    ensure_environment("play" if command == "play" else "test")
    cli = [str(PYTHON), "-m", "petrograd1917"]
    run(cli + (["play", *rest] if command == "play" else rest))


if __name__ == "__main__":
    main(sys.argv[1:])
