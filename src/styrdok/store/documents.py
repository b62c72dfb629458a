"""Find documents by name or path and load them at a revision or from the working tree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from styrdok.core.errors import (
    FrontMatterError,
    NotTextError,
    OutsideRepositoryError,
    UnknownDocumentError,
)
from styrdok.core.safefile import read_bytes
from styrdok.store.git import GitRepo
from styrdok.text.markdown import parse
from styrdok.text.model import Document

DOCS_DIR = "docs"


@dataclass(frozen=True)
class DocumentRef:
    """A document in a repository: its path relative to the repository root."""

    repo: GitRepo
    path: str

    @property
    def name(self) -> str:
        """Return the short name: the file stem."""
        return Path(self.path).stem


def list_documents(repo: GitRepo) -> list[DocumentRef]:
    """Return the documents under ``docs/`` in the working tree, sorted by path."""
    base = repo.root / DOCS_DIR
    paths = (
        sorted(p for p in base.rglob("*.md") if p.is_file() or p.is_symlink())
        if base.is_dir()
        else []
    )
    return [DocumentRef(repo, p.relative_to(repo.root).as_posix()) for p in paths]


def _inside(repo: GitRepo, path: Path) -> str:
    resolved = path.resolve()
    try:
        return resolved.relative_to(repo.root).as_posix()
    except ValueError:
        raise OutsideRepositoryError(f"{path} ligger utanför arkivet {repo.root}") from None


def find_document(repo: GitRepo, name: str) -> DocumentRef:
    """Return the document that ``name`` names: a path, or a file stem under ``docs/``."""
    candidate = Path(name)
    if candidate.suffix or "/" in name or candidate.is_absolute():
        for base in (Path.cwd(), repo.root):
            full = candidate if candidate.is_absolute() else base / candidate
            if full.exists():
                if full.is_dir():
                    raise UnknownDocumentError(f"{name} är en katalog, inte ett dokument")
                return DocumentRef(repo, _inside(repo, full))
        relative = _inside(repo, candidate if candidate.is_absolute() else Path.cwd() / name)
        if repo.has_commits and repo.history(relative):
            return DocumentRef(repo, relative)
    documents = list_documents(repo)
    matches = [d for d in documents if d.name == name or d.path == f"{DOCS_DIR}/{name}.md"]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        paths = ", ".join(d.path for d in matches)
        raise UnknownDocumentError(f"{name} är tvetydigt: {paths}")
    if repo.has_commits:
        for path in repo.files_at("HEAD", DOCS_DIR):
            if Path(path).stem == name and path.endswith(".md"):
                return DocumentRef(repo, path)
    known = ", ".join(d.name for d in documents) or "inga"
    raise UnknownDocumentError(f"okänt dokument: {name} (dokument i {DOCS_DIR}/: {known})")


def decode(data: bytes, where: str) -> str:
    """Return the UTF-8 text of ``data``; raise NotTextError naming ``where`` otherwise."""
    if b"\x00" in data:
        raise NotTextError(f"{where} är inte en textfil")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotTextError(f"{where} är inte UTF-8-text") from None


def read_text(ref: DocumentRef, sha: str | None, path: str | None = None) -> str:
    """Return a document's text at commit ``sha``, or from the working tree when None.

    ``path`` is the file's path at that commit when it differs (a renamed file)."""
    path = path or ref.path
    if sha is None:
        full = ref.repo.root / ref.path
        try:
            data = read_bytes(full, ref.path, root=ref.repo.root)
        except FileNotFoundError:
            raise UnknownDocumentError(f"{ref.path} finns inte i arbetskatalogen") from None
        return decode(data, ref.path)
    data_at = ref.repo.read(sha, path)
    if data_at is None:
        raise UnknownDocumentError(f"{path} finns inte i version {sha[:10]}")
    return decode(data_at, f"{path} ({sha[:10]})")


def load_document(ref: DocumentRef, sha: str | None, path: str | None = None) -> Document:
    """Return the model of a document at commit ``sha`` (None: the working tree)."""
    text = read_text(ref, sha, path)
    try:
        return parse(text)
    except FrontMatterError as exc:
        where = path or ref.path
        shown = where if sha is None else f"{where} ({sha[:10]})"
        raise FrontMatterError(f"{shown}: {exc}") from None
