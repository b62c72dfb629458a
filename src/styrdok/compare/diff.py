"""Compare two versions of a document and render the change in the format asked for."""

from __future__ import annotations

from dataclasses import dataclass

from styrdok.compare.engine import Comparison, compare
from styrdok.store.documents import DocumentRef, load_document
from styrdok.store.versions import Version, resolve_all


@dataclass(frozen=True)
class DiffResult:
    """A comparison with the document and the two versions it was made from."""

    document: DocumentRef
    old: Version
    new: Version
    comparison: Comparison

    @property
    def title(self) -> str:
        return self.comparison.new.display_title or self.document.name


def diff_versions(ref: DocumentRef, old_rev: str, new_rev: str | None) -> DiffResult:
    """Return the comparison of two versions (``new_rev`` None: the working tree)."""
    old, new = resolve_all(ref, (old_rev, new_rev))
    comparison = compare(
        load_document(ref, old.sha, old.path), load_document(ref, new.sha, new.path)
    )
    return DiffResult(ref, old, new, comparison)
