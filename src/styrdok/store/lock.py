"""A lock that keeps two styrdok runs from changing a repository at the same time."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from styrdok.core.errors import StyrdokError

LOCK_NAME = "styrdok.lock"


class LockedError(StyrdokError):
    """Another styrdok run holds the lock."""


@contextmanager
def repository_lock(git_dir: Path, wait: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock on the repository while the block runs; wait up to
    ``wait`` seconds for another run to finish."""
    path = Path(git_dir) / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockedError(
                        "en annan styrdok-körning ändrar arkivet just nu; försök igen om en stund"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
