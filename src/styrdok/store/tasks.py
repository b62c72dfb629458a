"""The repository tasks behind ``init``, ``list`` and ``log``: each takes what the user
asked for and returns what to tell them."""

from __future__ import annotations

from pathlib import Path

from styrdok.core.outcome import Outcome, lines
from styrdok.store.documents import find_document, list_documents
from styrdok.store.git import GitRepo
from styrdok.store.sync import connect, describe, sync
from styrdok.store.versions import history, working_tree
from styrdok.store.workspace import init_repository


def create_repository(directory: Path, name: str, remote: str | None = None) -> Outcome:
    """Create a governance repository for the organisation ``name`` at ``directory``;
    with ``remote``, share it through the kansli's git server at that URL (or fetch the
    repository already there)."""
    if remote is not None:
        _repo, done = connect(directory, remote, name)
        return Outcome(text=f"{done}\n")
    root = init_repository(directory, name)
    return Outcome(text=f"Skapade styrdok-arkiv i {root}\n")


def sync_repository(repo: GitRepo, remote: str | None = None) -> Outcome:
    """Bring the repository and the kansli's git server together: fetch, put the local
    changes on top, push."""
    return Outcome(text=f"{describe(sync(repo, remote))}\n")


def document_list(repo: GitRepo) -> Outcome:
    """List the documents in ``docs/``: name, title, status and version, tab-separated."""
    rows = []
    for ref in list_documents(repo):
        meta = working_tree(ref).meta
        rows.append("\t".join([ref.name, meta.title or "", meta.status or "", meta.label or ""]))
    return Outcome(text=lines(rows))


def version_log(repo: GitRepo, document: str) -> Outcome:
    """List a document's committed versions, newest first: the date it was saved,
    version, status, the date it is in force from (when it says), commit and message."""
    ref = find_document(repo, document)
    rows = []
    for v in history(ref):
        date = v.date.date().isoformat() if v.date else ""
        valid = [f"gäller från {v.meta.valid_from.isoformat()}"] if v.meta.valid_from else []
        fields = [date, v.meta.label or "-", v.meta.status or "-", *valid, v.short, v.subject]
        rows.append("  ".join(fields))
    notes = () if rows else (f"{ref.path} har inga sparade versioner ännu",)
    return Outcome(text=lines(rows), notes=notes)
