"""`batch.lock`: one batch at a time writes into a batch folder.

Two batches (or a batch and its own `--resume`) writing one folder would play every game twice. The lock is the
operating system's lock on the file `batch.lock`, which the kernel drops when its holder ends in any way: a
batch that crashed or was killed leaves no lock behind, and the next batch simply takes the file over. The file
names its holder's process id for the message a second batch shows.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from petrograd1917.batch.errors import BatchError

LOCK_FILE = "batch.lock"


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the lock of `folder` for the block, or raise BatchError at once if another process holds it."""
    path = folder / LOCK_FILE
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise BatchError(f"cannot lock {folder}: {error.strerror or error}") from None
        if not _try_lock(descriptor):
            holder = _holder(descriptor)
            os.close(descriptor)
            raise BatchError(
                f"{folder} is in use by another batch{holder}: wait for it to finish or stop it, then run again"
            )
        if _still_named(descriptor, path):
            break
        os.close(descriptor)  # its holder removed the file as we opened it: lock the one that is there now
    os.ftruncate(descriptor, 0)
    os.write(descriptor, f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n".encode())
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still holding it, so a waiting batch sees the file gone and starts afresh
        os.close(descriptor)


def _try_lock(descriptor: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _holder(descriptor: int) -> str:
    """' (pid N since …)' from the lock file, or nothing when it does not say."""
    try:
        os.lseek(descriptor, 0, os.SEEK_SET)
        words = os.read(descriptor, 80).decode("ascii").split()
    except (OSError, UnicodeDecodeError):
        return ""
    if len(words) >= 2 and words[0] == "pid" and words[1].isdigit():
        return f" (process {words[1]}{' since ' + ' '.join(words[3:5]) if len(words) >= 5 else ''})"
    return ""


def _still_named(descriptor: int, path: Path) -> bool:
    try:
        named = path.stat()
    except OSError:
        return False
    held = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)
