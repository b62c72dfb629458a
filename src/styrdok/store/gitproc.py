"""Reading a repository with git itself, without GitPython: where the repository is,
revisions and blobs through one long-running ``git cat-file --batch``, and several
git commands (the diff's ``git log`` queries) run at the same time.

``styrdok diff`` and the other read-only commands use this for speed (GitPython takes
longer to import than the whole comparison of a small document); everything else goes
through GitPython in :mod:`styrdok.store.git`."""

from __future__ import annotations

import re
import subprocess
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from styrdok.core.errors import GitError


@dataclass(frozen=True)
class Location:
    """Where a repository is: its working tree and its git folder (both absolute)."""

    root: Path
    git_dir: Path


Running = subprocess.Popen[bytes]  # a git process started by start_all


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


def start_all(cwd: Path | None, commands: Sequence[Sequence[str]]) -> list[Running]:
    """Return each ``git ARGS`` in ``commands`` started, all at once (their error output
    is dropped); raise GitError without git. Wait for them with :func:`finish_all`."""
    processes: list[Running] = []
    try:
        for args in commands:
            processes.append(
                subprocess.Popen(
                    ["git", *args],
                    cwd=cwd,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            )
    except FileNotFoundError:
        finish_all(processes)
        raise GitError("git saknas: installera git och försök igen") from None
    return processes


def finish_all(processes: list[Running]) -> list[tuple[int, bytes]]:
    """Return (exit status, output) of each process, once it has ended."""
    results = []
    for process in processes:
        out, _err = process.communicate()
        results.append((process.returncode, out))
    return results


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


# A name of the form ``<full commit id>:<path>`` always names the same object.
_FIXED_NAME = re.compile(r"(?:[0-9a-f]{40}|[0-9a-f]{64}):.+", re.DOTALL)
_KEPT = 4  # objects read by such a name that are kept: both versions a diff reads twice


class BlobReader:
    """One ``git cat-file --batch`` process: objects by name (``sha:path``, ``HEAD~1``),
    as many as asked for, in the one process. The last few objects read by a full
    commit id and path are kept, so that reading the same version again (its front
    matter first, then the whole text) does not read it from git again."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._process: subprocess.Popen[bytes] | None = None
        self._kept: dict[str, tuple[str, str, bytes]] = {}

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
        kept = self._kept.get(name)
        if kept is not None:
            return kept
        found = self._read(name)
        if found is not None and _FIXED_NAME.fullmatch(name):
            if len(self._kept) >= _KEPT:
                del self._kept[next(iter(self._kept))]  # the oldest
            self._kept[name] = found
        return found

    def _read(self, name: str) -> tuple[str, str, bytes] | None:
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
        data = process.stdout.read(size)
        process.stdout.read(1)  # the newline after the content
        return parts[0].decode("ascii"), parts[1].decode("ascii"), data
