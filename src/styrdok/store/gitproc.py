"""Reading a repository with git itself, without GitPython: where the repository is,
and revisions and blobs through one long-running ``git cat-file --batch``.

``styrdok diff`` and the other read-only commands use this for speed (GitPython takes
longer to import than the whole comparison of a small document); everything else goes
through GitPython in :mod:`styrdok.store.git`."""

from __future__ import annotations

import subprocess
import weakref
from dataclasses import dataclass
from pathlib import Path

from styrdok.core.errors import GitError


@dataclass(frozen=True)
class Location:
    """Where a repository is: its working tree and its git folder (both absolute)."""

    root: Path
    git_dir: Path


class NotFound(Exception):
    """``where`` is in no repository (``bare``: in a repository without working tree)."""

    def __init__(self, bare: bool) -> None:
        super().__init__("bare" if bare else "none")
        self.bare = bare


def run(cwd: Path | None, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Return the finished ``git ARGS`` (its output as bytes); raise GitError without git."""
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, stdin=subprocess.DEVNULL, check=False
        )
    except FileNotFoundError:
        raise GitError("git saknas: installera git och försök igen") from None


def locate(where: Path) -> Location:
    """Return the repository that contains folder ``where``; raise NotFound otherwise."""
    done = run(where, "rev-parse", "--absolute-git-dir", "--show-toplevel")
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if done.returncode != 0 or len(lines) != 2 or not lines[1]:
        raise NotFound(bare=bool(lines))  # a git folder was found, but no working tree
    return Location(Path(lines[1]).resolve(), Path(lines[0]))


def _close(process: subprocess.Popen[bytes]) -> None:
    if process.stdin is not None:
        process.stdin.close()
    if process.stdout is not None:
        process.stdout.close()
    process.wait()


class BlobReader:
    """One ``git cat-file --batch`` process: objects by name (``sha:path``, ``HEAD~1``),
    as many as asked for, in the one process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._process: subprocess.Popen[bytes] | None = None

    def _started(self) -> subprocess.Popen[bytes]:
        if self._process is None:
            try:
                process = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self.root,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except FileNotFoundError:
                raise GitError("git saknas: installera git och försök igen") from None
            weakref.finalize(self, _close, process)
            self._process = process
        return self._process

    def get(self, name: str) -> tuple[str, str, bytes] | None:
        """Return (id, type, content) of the object ``name`` names, None when none does."""
        if "\n" in name or "\r" in name or not name:
            return None
        process = self._started()
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        process.stdin.flush()
        header = process.stdout.readline()
        if not header:
            raise GitError("git cat-file avslutades oväntat")
        parts = header.split()
        if len(parts) != 3 or not parts[2].isdigit():
            return None  # "<name> missing", "<name> ambiguous"
        size = int(parts[2])
        data = process.stdout.read(size + 1)[:size]  # the content and its newline
        return parts[0].decode("ascii"), parts[1].decode("ascii"), data
