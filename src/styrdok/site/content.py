"""What the site publishes, read from the repository: every document's version in force
and newest version (with the redline between them) and every remiss round's status, its
documents' redlines and its reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath

from styrdok.compare.diff import DiffResult, diff_versions
from styrdok.compare.engine import compare
from styrdok.core.errors import UnknownRevisionError
from styrdok.remiss.rounds import RoundDocument, check_pinned, list_rounds
from styrdok.remiss.status import RoundStatus, round_status
from styrdok.render.html import slug
from styrdok.store.documents import DOCS_DIR, DocumentRef, load_document, read_text
from styrdok.store.git import GitRepo
from styrdok.store.versions import Version, history, in_force
from styrdok.text.model import Document


@dataclass(frozen=True)
class Text:
    """One version of a document as published: the version, its model and the file
    name (without .html) of its page."""

    version: Version
    model: Document
    page: str


@dataclass(frozen=True)
class PublishedDocument:
    """A document: its version in force (if any), its newest version when that is
    another text, the redline between them and every committed version."""

    ref: DocumentRef
    title: str
    in_force: Text | None
    latest: Text | None
    redline: DiffResult | None
    versions: tuple[Version, ...]

    @property
    def name(self) -> str:
        return self.ref.name


@dataclass(frozen=True)
class PublishedRound:
    """A remiss round: its status on the day, and each document's redline."""

    status: RoundStatus
    redlines: tuple[tuple[RoundDocument, DiffResult], ...]

    @property
    def id(self) -> str:
        return self.status.round.id


def committed_documents(repo: GitRepo) -> list[DocumentRef]:
    """Return the documents under docs/ in the last commit, by path."""
    if not repo.has_commits:
        return []
    paths = [p for p in repo.files_at("HEAD", DOCS_DIR) if p.endswith(".md")]
    return [DocumentRef(repo, p) for p in sorted(paths)]


def _text(ref: DocumentRef, version: Version, taken: set[str]) -> Text:
    page = slug(version.name) or version.short
    if page in taken:
        page = f"{page}-{version.short}"
    taken.add(page)
    return Text(version, load_document(ref, version.sha, version.path), page)


def published_document(ref: DocumentRef, today: dt.date) -> PublishedDocument:
    """Return what the site shows of one document on ``today``."""
    versions = history(ref)
    try:
        current: Version | None = in_force(ref, today)
    except UnknownRevisionError:
        current = None
    newest = versions[0] if versions else None
    if (
        newest is not None
        and current is not None
        and (read_text(ref, newest.sha, newest.path) == read_text(ref, current.sha, current.path))
    ):
        newest = None  # the newest version is the one in force
    taken: set[str] = set()
    in_force_text = _text(ref, current, taken) if current is not None else None
    latest = _text(ref, newest, taken) if newest is not None else None
    redline = None
    if in_force_text is not None and latest is not None:
        comparison = compare(in_force_text.model, latest.model)
        redline = DiffResult(ref, in_force_text.version, latest.version, comparison)
    shown = latest or in_force_text
    title = shown.model.display_title if shown else PurePosixPath(ref.path).stem
    return PublishedDocument(ref, title or ref.name, in_force_text, latest, redline,
                             tuple(versions))  # fmt: skip


def published_round(repo: GitRepo, round_id: str, today: dt.date) -> PublishedRound:
    """Return what the site shows of one round on ``today``."""
    status = round_status(repo.root, round_id, today)
    check_pinned(repo, status.round)
    redlines = tuple(
        (d, diff_versions(DocumentRef(repo, d.proposal.path), d.base.commit, d.proposal.commit))
        for d in status.round.documents
    )
    return PublishedRound(status, redlines)


def published_rounds(repo: GitRepo, today: dt.date) -> list[PublishedRound]:
    """Return every round, newest first (by the day it was sent, then id)."""
    rounds = [published_round(repo, rid, today) for rid in list_rounds(repo.root)]
    return sorted(rounds, key=lambda r: (r.status.round.sent, r.id), reverse=True)
