"""The text that is decided and adopted: a document's version pinned to the commit that
last changed it, and the digest of its text without the front matter.

Members adopt the wording; the front matter (status, version label, dates) is the
kansli's bookkeeping, which changes when the text enters into force. Two versions have the
identical text when the digests of their bodies are equal.
"""

from __future__ import annotations

import hashlib

from styrdok.adoption.extract import Known
from styrdok.store.documents import DocumentRef, read_text
from styrdok.store.versions import Version, history, last_change, resolve
from styrdok.text.markdown import split_front_matter


def body_digest(text: str) -> str:
    """Return the SHA-256 of a document's text without its front matter."""
    _, lines = split_front_matter(text)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def digest_at(ref: DocumentRef, version: Version) -> str:
    """Return the digest of the text of ``version``."""
    return body_digest(read_text(ref, version.sha, version.path))


def pinned(ref: DocumentRef, rev: str) -> Version:
    """Return the committed version ``rev`` names, pinned to the commit that last changed
    the document; raise UnknownRevisionError when there is none."""
    from styrdok.core.errors import UnknownRevisionError

    version = last_change(ref, resolve(ref, rev))
    if version.sha is None:
        raise UnknownRevisionError(f"{rev}: bara sparade versioner (commits) kan beslutas")
    return version


def known(ref: DocumentRef, title: str) -> Known:
    """Return how an extract may name the document: name, title and every version label."""
    labels = tuple(dict.fromkeys(v.meta.label for v in history(ref) if v.meta.label))
    return Known(ref.name, title, labels)
