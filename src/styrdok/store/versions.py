"""Versions of a document: every commit that touched it, named by its front matter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from styrdok.core.errors import StyrdokError, UnknownRevisionError
from styrdok.store.documents import DocumentRef, read_text
from styrdok.store.git import Commit
from styrdok.store.gitproc import finish_all, start_all
from styrdok.text.markdown import front_matter
from styrdok.text.model import Metadata

WORKING_TREE = "arbetskopian"


@dataclass(frozen=True)
class Version:
    """A document as one commit left it (``sha`` None: the working tree)."""

    sha: str | None
    path: str
    date: dt.datetime | None
    subject: str
    meta: Metadata

    @property
    def short(self) -> str:
        """Return the short commit id, or 'arbetskopian' for the working tree."""
        return self.sha[:10] if self.sha else WORKING_TREE

    @property
    def name(self) -> str:
        """Return how to present the version: its label, else its short commit id."""
        return self.meta.label or self.short


def _meta(ref: DocumentRef, sha: str | None, path: str) -> Metadata:
    try:
        values = front_matter(read_text(ref, sha, path))
    except StyrdokError:
        return Metadata()
    return Metadata(values)


def history(ref: DocumentRef) -> list[Version]:
    """Return every committed version of a document, newest first."""
    return [
        Version(c.sha, c.path, c.date, c.subject, _meta(ref, c.sha, c.path))
        for c in ref.repo.history(ref.path)
    ]


def working_tree(ref: DocumentRef) -> Version:
    """Return the version in the working tree."""
    return Version(None, ref.path, None, "", _meta(ref, None, ref.path))


def resolve(ref: DocumentRef, rev: str | None) -> Version:
    """Return the version that ``rev`` names: any git revision, a version label, or None
    for the working tree. A label names the newest commit that carries it; a git
    revision of the same name takes precedence."""
    if rev is None or rev == WORKING_TREE:
        return working_tree(ref)
    try:
        sha = ref.repo.resolve(rev)
    except UnknownRevisionError:
        sha = None
    if sha is None:
        wanted = rev.casefold().strip()
        labels: list[str] = []
        for commit in ref.repo.history(ref.path):
            meta = _meta(ref, commit.sha, commit.path)
            if meta.label and meta.label.casefold() == wanted:
                return Version(commit.sha, commit.path, commit.date, commit.subject, meta)
            if meta.label and meta.label not in labels:
                labels.append(meta.label)
        known = (
            f"versioner av {ref.name}: {', '.join(labels)}"
            if labels
            else f"{ref.name} har inga versionsnamn; ange en commit"
        )
        raise UnknownRevisionError(f"okänd revision eller version: {rev} ({known})")
    return _at(ref, rev, sha, ref.repo.history(ref.path, sha)[:1])


_LOG_FORMAT = "--format=%x1e%H%x1f%cI%x1f%s"  # as GitRepo.history reads it


def _last_commits(ref: DocumentRef, shas: list[str]) -> list[list[Commit]]:
    """Return, for each commit in ``shas``, ``ref.repo.history(ref.path, sha)[:1]``: the
    last commit up to it that touched the document. The ``git log`` queries run at the
    same time and stop at the first commit; while they run, the texts are read (and kept
    by the reader) at the document's path. A query that fails is asked again the plain
    way, so that its error is the one it always was."""
    if not ref.repo.has_commits:
        return [[] for _sha in shas]
    queries = [
        ("log", "--follow", "--max-count=1", _LOG_FORMAT, "--name-only", sha, "--", ref.path)
        for sha in shas
    ]
    processes = start_all(ref.repo.root, queries)
    try:
        for sha in shas:  # read meanwhile: the text is most often at the same path
            try:
                ref.repo.read(sha, ref.path)
            except StyrdokError:
                break  # reported, as always, where the text is read for its version
    finally:
        done = finish_all(processes)
    out: list[list[Commit]] = []
    for sha, (status, data) in zip(shas, done, strict=True):
        if status != 0:
            out.append(ref.repo.history(ref.path, sha)[:1])
            continue
        commits = []
        for record in data.decode("utf-8").split("\x1e")[1:]:
            header, _, names = record.partition("\n")
            commit, date, subject = header.split("\x1f", 2)
            name = next((n for n in names.splitlines() if n.strip()), ref.path)
            commits.append(Commit(commit, dt.datetime.fromisoformat(date), subject, name))
        out.append(commits[:1])
    return out


def resolve_all(ref: DocumentRef, revs: Sequence[str | None]) -> list[Version]:
    """Return ``[resolve(ref, rev) for rev in revs]``: the same versions, with the
    queries for the commit that last changed the document run at the same time."""
    shas: list[str | None] = []
    for rev in revs:
        if rev is None or rev == WORKING_TREE:
            shas.append(None)
            continue
        try:
            shas.append(ref.repo.resolve(rev))
        except UnknownRevisionError:
            return [resolve(ref, rev) for rev in revs]  # a version label: one at a time
    committed = [sha for sha in shas if sha is not None]
    lasts = iter(_last_commits(ref, committed) if committed else [])
    return [
        working_tree(ref) if sha is None else _at(ref, rev, sha, next(lasts))
        for rev, sha in zip(revs, shas, strict=True)
    ]


def _at(ref: DocumentRef, rev: str | None, sha: str, last: list[Commit]) -> Version:
    """Return the version at commit ``sha`` (which ``rev`` names), given the last commit
    up to it that touched the document (``last``: that one, or none)."""
    if last and last[0].sha == sha:
        c = last[0]
        return Version(c.sha, c.path, c.date, c.subject, _meta(ref, c.sha, c.path))
    # A commit that did not touch the file: the version is the file as that commit has it.
    if ref.repo.read(sha, ref.path) is None:
        raise UnknownRevisionError(f"{ref.path} finns inte i revision {rev}")
    return Version(
        sha,
        ref.path,
        last[0].date if last else None,
        last[0].subject if last else "",
        _meta(ref, sha, ref.path),
    )


def in_force(ref: DocumentRef, day: dt.date) -> Version:
    """Return the version in force on ``day``: the adopted version (status gällande or
    upphävd) with the latest 'gäller från' on or before that day."""
    candidates = [
        v
        for v in history(ref)
        if v.meta.valid_from is not None
        and v.meta.valid_from <= day
        and v.meta.status in ("gällande", "upphävd")
    ]
    if not candidates:
        raise UnknownRevisionError(_nothing_in_force(ref, day))
    # Newest commit first in history, so max() keeps the newest of equal dates.
    best = candidates[0]
    for version in candidates[1:]:
        assert version.meta.valid_from is not None and best.meta.valid_from is not None
        if version.meta.valid_from > best.meta.valid_from:
            best = version
    if best.meta.status == "upphävd" and best.meta.valid_from is not None:
        raise UnknownRevisionError(f"{ref.name} upphävdes från {best.meta.valid_from.isoformat()}")
    return best


def _nothing_in_force(ref: DocumentRef, day: dt.date) -> str:
    """Return why no version was in force on ``day``: the earliest one starts later, or
    no version says when it starts."""
    dated = [
        v
        for v in history(ref)
        if v.meta.valid_from is not None and v.meta.status in ("gällande", "upphävd")
    ]
    if not dated:
        return (
            f"ingen version av {ref.name} gällde {day.isoformat()} "
            "(ange 'gäller från' och status i dokumentets front matter)"
        )
    first = min(dated, key=lambda v: v.meta.valid_from or day)
    assert first.meta.valid_from is not None
    return (
        f"ingen version av {ref.name} gällde {day.isoformat()}: den tidigaste, {first.name}, "
        f"gäller från {first.meta.valid_from.isoformat()}"
    )


def last_change(ref: DocumentRef, version: Version) -> Version:
    """Return the version as pinned to the last commit that changed the document (the
    same text as ``version``)."""
    if version.sha is None:
        return version
    commits = ref.repo.history(version.path, version.sha)[:1]
    if not commits or commits[0].sha == version.sha:
        return version
    c = commits[0]
    return Version(c.sha, c.path, c.date, c.subject, version.meta)
