"""A lock that keeps two styrdok runs from changing a repository at the same time.

The lock is an exclusive ``flock`` on ``.git/styrdok.lock``: the kernel releases it when
the process that holds it ends, however it ends. While held, the file names the holder's
process id, and it is emptied on release, so a non-empty file that nobody locks tells that
a run was stopped midway (``styrdok doctor`` reports it).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from styrdok.core.errors import StyrdokError, os_error_text

LOCK_NAME = "styrdok.lock"


class LockedError(StyrdokError):
    """Another styrdok run holds the lock."""


class LockFileError(StyrdokError):
    """The lock file cannot be created or opened (a read-only repository)."""


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise LockFileError(
            f"kan inte låsa arkivet för ändringar ({path}): {os_error_text(exc)}"
        ) from None


@contextmanager
def repository_lock(git_dir: Path, wait: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock on the repository while the block runs; wait up to
    ``wait`` seconds for another run to finish."""
    path = Path(git_dir) / LOCK_NAME
    fd = _open(path)
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
            _record(fd, f"{os.getpid()}\n")
            yield
        finally:
            _record(fd, "")
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _record(fd: int, text: str) -> None:
    """Write who holds the lock into the lock file; a full disk only loses the note."""
    try:
        os.ftruncate(fd, 0)
        if text:
            os.pwrite(fd, text.encode("ascii"), 0)
    except OSError:
        pass


@dataclass(frozen=True)
class LockState:
    """What the lock file tells: whether a run holds the lock now and whose process id
    the file names (a run that was stopped before it could empty it)."""

    held: bool
    pid: int | None

    @property
    def holder_alive(self) -> bool:
        """Return True when the named process still runs."""
        return self.pid is not None and _alive(self.pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lock_state(git_dir: Path) -> LockState:
    """Return the state of the repository's lock without waiting for it."""
    path = Path(git_dir) / LOCK_NAME
    if not path.exists():
        return LockState(False, None)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return LockState(False, None)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            held = False
            fcntl.flock(fd, fcntl.LOCK_UN)
        except BlockingIOError:
            held = True
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    finally:
        os.close(fd)
    return LockState(held, int(text) if text.isdigit() else None)


def clear_stale(git_dir: Path) -> bool:
    """Empty a lock file left by a run that was stopped, if nobody holds the lock;
    return True when there was such a note."""
    path = Path(git_dir) / LOCK_NAME
    state = lock_state(git_dir)
    if state.held or state.pid is None:
        return False
    fd = _open(path)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        try:
            _record(fd, "")
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
    return True
