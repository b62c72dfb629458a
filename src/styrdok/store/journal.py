"""Writes that a crash cannot leave half-done: every change styrdok commits goes through
:func:`commit_files` (or :func:`commit_many`), and :func:`recover` completes or undoes one
that was interrupted.

Before the first file is written, a journal in the git folder lists every file of the
change with the SHA-256 of its new content (or none for a file to remove) and the commit
message. Files are written atomically, so each is either as before or as intended. The
next styrdok run that takes the repository lock (or ``styrdok doctor``) finds the journal:
if every file is as intended, it commits them with the recorded message; otherwise it
puts back the files that were already written, so the repository is as before and the
command can simply be run again. Either way the journal is then removed.

:func:`commit_many` does the same for several changes at once (the answers of one
``remiss receive``): one journal lists them in order, and an interrupted run is completed
change by change up to the first one not written whole; that one and the rest are undone.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from styrdok.core.atomic import write_bytes
from styrdok.core.errors import OutputError, StyrdokError, os_error_text

JOURNAL = "styrdok-journal.json"
_notices: list[str] = []


class JournalError(StyrdokError):
    """The journal of an interrupted write cannot be read."""


class _Repo(Protocol):
    root: Path

    @property
    def git_dir(self) -> Path: ...

    @property
    def has_commits(self) -> bool: ...

    def commit(self, paths: Any, message: str) -> str: ...

    def has_changes(self, paths: Any) -> bool: ...

    def read(self, sha: str, path: str) -> bytes | None: ...

    def unstage(self, paths: Any) -> None: ...

    def is_staged(self, path: Path) -> bool: ...

    def head(self) -> str: ...

    def ready_to_commit(self) -> object: ...

    def commit_many(self, changes: Sequence[tuple[Sequence[str], str]]) -> list[str] | None: ...


@dataclass(frozen=True)
class Recovery:
    """What :func:`recover` did with an interrupted write."""

    message: str  # the commit message of the interrupted change
    completed: bool  # True: committed as intended; False: undone
    paths: tuple[str, ...]

    def __str__(self) -> str:
        if self.completed:
            return f"en avbruten skrivning slutfördes och sparades: {self.message}"
        return f"en avbruten skrivning ångrades (kör kommandot igen): {self.message}"


def journal_path(repo: _Repo) -> Path:
    """Return where the journal of a write under way lies."""
    return repo.git_dir / JOURNAL


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return "katalog"


def _relative(repo: _Repo, path: Path) -> str:
    full = Path(path) if Path(path).is_absolute() else repo.root / path
    resolved = full.parent.resolve() / full.name
    return resolved.relative_to(repo.root).as_posix()


def commit_files(repo: _Repo, files: Mapping[Path, bytes | None], message: str) -> str:
    """Write ``files`` (path → new bytes, None to remove) and commit them with
    ``message`` as one change; return the commit id. Call it holding the lock. When
    nothing may be committed (no git identity, a merge under way), nothing is written."""
    repo.ready_to_commit()
    relative = [_relative(repo, path) for path in files]
    entries = [
        {"sökväg": rel, "sha256": None if data is None else hashlib.sha256(data).hexdigest()}
        for rel, data in zip(relative, files.values(), strict=True)
    ]
    record = {"meddelande": message, "filer": entries}
    journal = journal_path(repo)
    write_bytes(journal, (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode())
    paths = [repo.root / rel for rel in relative]
    try:
        for full, data in zip(paths, files.values(), strict=True):
            if data is None:
                _remove(full)
            else:
                _make_folder(full.parent)
                write_bytes(full, data)
    except (StyrdokError, OSError):
        try:  # a full disk midway: put back what was written, then report the fault
            recover(repo)
        except (StyrdokError, OSError):
            pass  # the journal stays; the next run undoes the change
        _notices.clear()
        raise
    if repo.has_changes(paths):
        sha = repo.commit(paths, message)
    else:
        sha = repo.head()
    journal.unlink(missing_ok=True)
    return sha


def commit_many(
    repo: _Repo, changes: Sequence[tuple[Mapping[Path, bytes | None], str]]
) -> list[str]:
    """Write and commit several changes (files, message), one commit each, in order, as
    :func:`commit_files` would one after the other; return the commit after each. Call
    it holding the lock.

    One journal lists every change before the first file is written; the files are
    written atomically, flushed to the disk once (``os.sync``, not an fsync each), then
    committed together (``GitRepo.commit_many``: one git
    fast-import), or one by one where that cannot be done. A write that fails midway,
    or a crash, leaves the changes before it committed and the rest undone
    (:func:`recover`).
    """
    repo.ready_to_commit()
    if not changes:
        return []
    relative = [[_relative(repo, path) for path in files] for files, _message in changes]
    record = {
        "ändringar": [
            {
                "meddelande": message,
                "filer": [
                    {"sökväg": rel, "sha256": None if data is None else _sha256(data)}
                    for rel, data in zip(rels, files.values(), strict=True)
                ],
            }
            for rels, (files, message) in zip(relative, changes, strict=True)
        ]
    }
    journal = journal_path(repo)
    write_bytes(journal, (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode())
    folders: set[Path] = set()
    try:
        for rels, (files, _message) in zip(relative, changes, strict=True):
            for rel, data in zip(rels, files.values(), strict=True):
                full = repo.root / rel
                if data is None:
                    _remove(full)
                    continue
                if full.parent not in folders:
                    _make_folder(full.parent)
                    folders.add(full.parent)
                write_bytes(full, data, durable=False)
    except (StyrdokError, OSError):
        try:  # a full disk midway: commit the changes written whole, undo the rest
            recover(repo)
        except (StyrdokError, OSError):
            pass  # the journal stays; the next run completes or undoes the changes
        _notices.clear()
        raise
    # One flush of every file written above instead of an fsync each (about 5 ms a file
    # here): the answers are on the disk before they are committed, as with commit_files.
    os.sync()
    messages = [message for _files, message in changes]
    shas = repo.commit_many(list(zip(relative, messages, strict=True)))
    if shas is None:
        shas = []
        for rels, message in zip(relative, messages, strict=True):
            paths = [repo.root / rel for rel in rels]
            shas.append(repo.commit(paths, message) if repo.has_changes(paths) else repo.head())
    journal.unlink(missing_ok=True)
    return shas


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"kan inte skapa katalogen {folder}: {os_error_text(exc)}") from None


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"kan inte ta bort {path}: {os_error_text(exc)}") from None


def pending(repo: _Repo) -> dict[str, Any] | None:
    """Return the journal of an interrupted write, or None when there is none."""
    path = journal_path(repo)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        raise JournalError(f"journalen {path} kan inte läsas; ta bort den för hand") from None
    try:
        record = json.loads(text)
        listed = record["ändringar"] if "ändringar" in record else [record]
        changes = [
            (c["meddelande"], [(str(e["sökväg"]), e["sha256"]) for e in c["filer"]]) for c in listed
        ]
    except (ValueError, KeyError, TypeError):
        raise JournalError(f"journalen {path} är trasig; ta bort den för hand") from None
    if not changes or any(
        not isinstance(message, str) or any(".." in Path(p).parts for p, _ in entries)
        for message, entries in changes
    ):
        raise JournalError(f"journalen {path} är trasig; ta bort den för hand")
    message, entries = changes[0]
    return {"message": message, "files": entries, "changes": changes}


def recover(repo: _Repo) -> Recovery | None:
    """Complete or undo an interrupted write; return what was done, or None when no
    write was interrupted. Call it holding the lock.

    A journal of several changes (:func:`commit_many`) is taken in order: each written
    whole is committed, as far as the first that is not; that one and all after it are
    undone. What is returned is then the first change undone, else the last committed."""
    record = pending(repo)
    if record is None:
        return None
    changes: list[tuple[str, list[tuple[str, str | None]]]] = record["changes"]
    completed: list[Recovery] = []
    undone: list[Recovery] = []
    for message, entries in changes:
        paths = [repo.root / rel for rel, _ in entries]
        rels = tuple(rel for rel, _ in entries)
        written = [
            _digest(path) == digest for path, (_rel, digest) in zip(paths, entries, strict=True)
        ]
        if not undone and all(written):
            if repo.has_changes(paths):
                repo.commit(paths, message)
            completed.append(Recovery(message, True, rels))
            continue
        undone.append(Recovery(message, False, rels))
        if len(changes) > 1 and not any(written):
            continue  # never begun: nothing of it to put back
        for path, (rel, _), was_written in zip(paths, entries, written, strict=True):
            if not was_written:
                continue  # still as before the interrupted write
            before = repo.read("HEAD", rel) if repo.has_commits else None
            if before is None:
                _remove(path)
            else:
                _make_folder(path.parent)
                write_bytes(path, before)
        staged = [p for p in paths if repo.is_staged(p)]
        if staged:
            repo.unstage(staged)
    journal_path(repo).unlink(missing_ok=True)
    _notices.extend(_summary(completed, undone))
    return undone[0] if undone else completed[-1]


def _summary(completed: list[Recovery], undone: list[Recovery]) -> list[str]:
    """Return the notices of a recovery: one line for the changes completed, one for
    those undone."""
    out = []
    for done, text in (
        (completed, "avbrutna skrivningar slutfördes och sparades"),
        (undone, "avbrutna skrivningar ångrades (kör kommandot igen)"),
    ):
        if len(done) == 1:
            out.append(str(done[0]))
        elif done:
            out.append(f"{len(done)} {text}: {done[0].message} … {done[-1].message}")
    return out


def take_notices() -> list[str]:
    """Return (and forget) what recoveries were made since the last call, for the CLI
    to show as warnings."""
    out = list(_notices)
    _notices.clear()
    return out
