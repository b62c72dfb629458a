"""Versions of a document: every commit that touched it, named by its front matter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from styrdok.core.errors import StyrdokError, UnknownRevisionError
from styrdok.store.documents import DocumentRef, read_text
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
    last = ref.repo.history(ref.path, sha)[:1]
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
