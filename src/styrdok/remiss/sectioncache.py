"""The sections of a round's comparisons, kept so that a receive need not compare the
round's documents again.

Receiving ties every view to a section by the index of each document's comparison
(:class:`~styrdok.compare.keys.SectionIndex`: keys, citations, changed or not, and the
title): the same for every answer and every call of a round. The index is kept in the
repository's git directory (never in the work tree: no record changes), one file per
document, named by the hash of all it is made from: the text of both versions, the
round's title of the document, and the source of styrdok and the Python that made it.
``remiss package`` keeps it when it compares the documents, the first receive when it
has to.

A kept index is checked before it is used: a file that cannot be read, is not what it
should be (its own digest, its form) or was made from something else is ignored, and
the documents are compared again; a file that cannot be written is not kept.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from styrdok.compare.keys import SectionIndex, SectionTarget
from styrdok.core.atomic import write_bytes
from styrdok.core.errors import StyrdokError
from styrdok.remiss.rounds import Round, RoundDocument
from styrdok.store.documents import DocumentRef, read_text
from styrdok.store.git import GitRepo
from styrdok.store.versions import resolve

if TYPE_CHECKING:  # the comparison's modules are loaded only to compare
    from styrdok.compare.diff import DiffResult

FORMAT = 2  # of the kept file; part of every name (2: each section's former key)
FOLDER = "styrdok-avsnitt"  # in the git directory
MAX_BYTES = 16 << 20


def section_indexes(repo: GitRepo, r: Round) -> dict[str, SectionIndex]:
    """Return the index of each document's comparison by document name: the kept one
    when it was made from the same versions by the same code, else compared anew (and
    kept)."""
    out = {}
    for d in r.documents:
        path = _path(repo, d)
        index = _load(path) if path is not None else None
        if index is None:
            from styrdok.compare.diff import diff_versions

            ref = DocumentRef(repo, d.proposal.path)
            result = diff_versions(ref, d.base.commit, d.proposal.commit)
            index = SectionIndex.of(result.comparison, d.title)
            if path is not None:
                _save(path, index)
        out[d.name] = index
    return out


def keep(repo: GitRepo, r: Round, results: Sequence[DiffResult]) -> None:
    """Keep the index of each of the round's comparisons (``results``, in the order of
    its documents), for receives to come."""
    for d, result in zip(r.documents, results, strict=True):
        path = _path(repo, d)
        if path is not None and _load(path) is None:
            _save(path, SectionIndex.of(result.comparison, d.title))


def _path(repo: GitRepo, d: RoundDocument) -> Path | None:
    """Return the file that keeps the index of ``d``'s comparison, named by what it is
    made from; None when it cannot be told (a version that cannot be read: comparing
    says why)."""
    code = _code()
    if code is None:
        return None
    ref = DocumentRef(repo, d.proposal.path)
    digest = hashlib.sha256()
    try:  # the versions diff_versions compares, read as it reads them
        for rev in (d.base.commit, d.proposal.commit):
            version = resolve(ref, rev)
            _part(digest, read_text(ref, version.sha, version.path).encode("utf-8"))
    except (StyrdokError, OSError, UnicodeError):
        return None
    _part(digest, d.title.encode("utf-8"))
    _part(digest, code.encode("ascii"))
    return repo.git_dir / FOLDER / f"{FORMAT}-{digest.hexdigest()}.json"


def _part(digest: Any, data: bytes) -> None:
    digest.update(b"%d:" % len(data))
    digest.update(data)


@functools.cache
def _code() -> str | None:
    """Return the digest of the code that makes a comparison: every source file of
    styrdok and the Python (and its Unicode tables) it runs on; None when the source
    cannot be read."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    _part(digest, f"{sys.version}\0{unicodedata.unidata_version}".encode())
    try:
        files = sorted(root.rglob("*.py"))
        for file in files:
            _part(digest, file.relative_to(root).as_posix().encode("utf-8"))
            _part(digest, file.read_bytes())
    except OSError:
        return None
    return digest.hexdigest() if files else None


def _payload(index: SectionIndex) -> dict[str, Any]:
    return {
        "titel": index.title,
        "avsnitt": [[t.key, t.old, t.new, t.changed, t.legacy] for t in index.targets],
    }


def _digest(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _save(path: Path, index: SectionIndex) -> None:
    payload = _payload(index)
    data = {"format": FORMAT, "sha256": _digest(payload), **payload}
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, text.encode("utf-8"), durable=False)
    except (StyrdokError, OSError):
        pass  # not kept: the next receive compares the documents again


def _load(path: Path) -> SectionIndex | None:
    """Return the index kept in ``path``; None when there is none or it is not sound."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        data = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_BYTES else None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        title, listed = data["titel"], data["avsnitt"]
        if not isinstance(title, str) or not isinstance(listed, list):
            return None
        targets = [_target(item) for item in listed]
        if data.get("sha256") != _digest({"titel": title, "avsnitt": listed}):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if any(t is None for t in targets):
        return None
    return SectionIndex([t for t in targets if t is not None], title)


def _target(item: Any) -> SectionTarget | None:
    if not isinstance(item, list) or len(item) != 5:
        return None
    key, old, new, changed, legacy = item
    if not isinstance(key, str) or not isinstance(changed, bool):
        return None
    if not all(side is None or isinstance(side, str) for side in (old, new, legacy)):
        return None
    return SectionTarget(key, old, new, changed, legacy)
