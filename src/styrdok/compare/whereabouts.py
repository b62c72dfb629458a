"""Where a section went: a reference to a number the document no longer has ("enligt
6 §") is looked up in the document's earlier versions, and the section it named there
is followed through the comparison to the text as it is now ("6 § är numera 5 §")."""

from __future__ import annotations

from styrdok.compare.engine import compare
from styrdok.core.errors import StyrdokError
from styrdok.store.documents import DocumentRef, load_document
from styrdok.store.versions import history
from styrdok.text.check import Reference, citation, cites, numbered_sections
from styrdok.text.model import Document

MAX_VERSIONS = 30  # earlier versions searched for the number a reference cites


def where_now(old: Document, new: Document, ref: Reference) -> str | None:
    """Return where the section that ``ref`` cites in ``old`` stands in ``new``, in words:
    ``6 § är numera 5 §``, ``6 § har förts in i 5 §`` or ``6 § har tagits bort``; None
    when ``old`` has no one section cited so, or it stands where it stood."""
    positions = [
        k
        for k, (number, chapter) in enumerate(numbered_sections(old))
        if cites(ref, number, chapter)
    ]
    if len(positions) != 1:
        return None
    index = positions[0] + (1 if old.preamble else 0)  # flatten() puts the preamble first
    change = next(c for c in compare(old, new).sections if c.old and c.old.index == index)
    if change.new is None:
        if change.merged_into:
            return f"{ref.label} har förts in i {change.merged_into}"
        return f"{ref.label} har tagits bort"
    now = numbered_sections(new)[change.new.index - (1 if new.preamble else 0)]
    number, chapter = now
    if number is None:
        return f"{ref.label} är numera avsnittet {change.new.title}"
    cited = citation(number, chapter, ref)
    return None if cited == ref.label else f"{ref.label} är numera {cited}"


def where_it_went(ref_doc: DocumentRef, current: Document, ref: Reference) -> str | None:
    """Return where the section ``ref`` cites went, seen from the newest committed version
    of the document that still has a section cited so (None when none has)."""
    for version in history(ref_doc)[:MAX_VERSIONS]:
        try:
            old = load_document(ref_doc, version.sha, version.path)
        except StyrdokError:
            continue  # a version that cannot be read says nothing
        if any(cites(ref, number, chapter) for number, chapter in numbered_sections(old)):
            return where_now(old, current, ref)
    return None
