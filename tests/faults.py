"""Helpers for fault injection: styrdok in its own process, a git that kills it at the
commit, read-only folders, and a tiny full file system."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
REAL_GIT = shutil.which("git") or "/usr/bin/git"
KILL_VARIABLE = "STYRDOK_TEST_KILL_AT_COMMIT"


def styrdok(
    repo: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run styrdok in its own process in ``repo``; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "styrdok", "--repo", str(repo), *args],
        env={**os.environ, "PYTHONPATH": str(SRC), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def killing_git(folder: Path, verb: str = "commit") -> dict[str, str]:
    """Write a ``git`` that runs the real one, except that ``git commit`` (or another
    ``verb``) kills the process that started it (styrdok) with SIGKILL while
    ``STYRDOK_TEST_KILL_AT_COMMIT`` is set; return the environment that puts it first on
    PATH."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "git"
    script.write_text(
        "#!/bin/sh\n"
        'if [ -n "$' + KILL_VARIABLE + '" ]; then\n'
        '  for a in "$@"; do\n'
        f'    if [ "$a" = {verb} ]; then kill -9 "$PPID"; exit 1; fi\n'
        "  done\n"
        "fi\n"
        f'exec {REAL_GIT} "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}", KILL_VARIABLE: "1"}


@contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """Make a folder or file immutable (``chattr +i``) for the block: even root cannot
    write there, which chmod does not achieve for the root user the tests run as."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i går inte här ({done.stderr.decode().strip()})")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def namespace_available() -> str | None:
    """Return why a private mount namespace (unshare -rm) cannot be had, or None."""
    if shutil.which("unshare") is None:
        return "unshare saknas"
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        return f"unshare -rm med tmpfs går inte här ({probe.stderr.decode().strip()})"
    return None


def in_namespace(script: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run a shell script in a private user and mount namespace, where it may mount a
    tiny tmpfs or a read-only bind mount that no one else sees."""
    reason = namespace_available()
    if reason:
        pytest.skip(reason)
    return subprocess.run(
        ["unshare", "-rm", "sh", "-ec", script],
        env={**os.environ, "PYTHONPATH": str(SRC), "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
