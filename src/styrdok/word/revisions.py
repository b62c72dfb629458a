"""Tracked changes in WordprocessingML: the one module that writes (and counts) them.

python-docx has no classes for revisions, so they are written here as WordprocessingML
text (parsed once with the rest of the body):
inserted and deleted runs (``w:ins``, ``w:del`` with ``w:delText``), moved runs
(``w:moveFrom``, ``w:moveTo`` between named move ranges), tracked paragraph marks
(``w:ins``/``w:del``/``w:moveFrom``/``w:moveTo`` in the mark's ``w:pPr/w:rPr``), a
formatting change holding the old paragraph properties (``w:pPrChange``) and the
``w:trackRevisions`` setting. Every revision has a unique ``w:id``, the author and the
date, written as Word does: midnight with a trailing ``Z`` (Word's local time, not UTC).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Literal

from styrdok.word.ooxml import XmlElement, el, parse, qn
from styrdok.word.package import read_parts
from styrdok.word.xmltext import attr, run_xml

MarkKind = Literal["ins", "del", "moveFrom", "moveTo"]
RunKind = Literal["ins", "del", "moveFrom", "moveTo"]
# w:settings children that come after w:trackRevisions in the schema.
_AFTER_TRACK_REVISIONS = tuple(
    qn(f"w:{name}")
    for name in (
        "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride "
        "styleLockTheme styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit "
        "hyphenationZone doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle "
        "defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting "
        "bookFoldPrintingSheets drawingGridHorizontalSpacing drawingGridVerticalSpacing "
        "displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
        "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
        "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning "
        "characterSpacingControl printTwoOnOne strictFirstAndLastChars noLineBreaksAfter "
        "noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema saveInvalidXml "
        "ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml "
        "saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
        "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr "
        "compat docVars rsids attachedSchema themeFontLang clrSchemeMapping "
        "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
        "readModeInkLockDown smartTagType shapeDefaults doNotEmbedSmartTags decimalSymbol "
        "listSeparator"
    ).split()
) + (qn("m:mathPr"),)
APART = 2  # minutes between revisions that LibreOffice must not join


@dataclass
class RevisionCount:
    """How many revisions of each kind a document holds (each element with a w:id
    counts once; move ranges are not revisions)."""

    inserted: int = 0  # w:ins around runs
    deleted: int = 0  # w:del around runs
    moved_from: int = 0  # w:moveFrom around runs
    moved_to: int = 0  # w:moveTo around runs
    inserted_marks: int = 0  # paragraph marks: w:pPr/w:rPr/w:ins
    deleted_marks: int = 0
    moved_from_marks: int = 0
    moved_to_marks: int = 0
    format_changes: int = 0  # w:pPrChange

    @property
    def total(self) -> int:
        """Return the number of revisions of all kinds."""
        return sum(getattr(self, f.name) for f in fields(self))

    def add(self, kind: RunKind, mark: bool = False) -> None:
        """Count one more run (or paragraph mark) of ``kind``."""
        name = _RUN_FIELD[kind] + ("_marks" if mark else "")
        setattr(self, name, getattr(self, name) + 1)


_RUN_FIELD = {"ins": "inserted", "del": "deleted", "moveFrom": "moved_from", "moveTo": "moved_to"}


def revision_date(day: dt.date, minute: int = 0) -> str:
    """Return ``day`` as Word writes revision dates: ``2024-02-23T00:00:00Z``."""
    return f"{day.isoformat()}T00:{minute:02d}:00Z"


class Revisions:
    """Writes revisions by one author on one date as WordprocessingML text, numbering them,
    and counts them."""

    def __init__(self, author: str, day: dt.date) -> None:
        if not author:
            raise ValueError("a revision needs an author, got an empty name")
        self.author = author
        self.day = day
        self.count = RevisionCount()
        self._next_id = 1
        self._author = attr(author)
        # LibreOffice (7.4) joins two revisions of one kind and author, less than two
        # minutes apart, that touch across an untracked paragraph mark into one that
        # takes the mark along; a writer moves ``minute`` (0 or APART) for a paragraph
        # whose first revision touches the previous paragraph's last one.
        self.minute = 0

    @property
    def date(self) -> str:
        """Return the w:date of the revisions written now."""
        return revision_date(self.day, self.minute)

    def _new(self, tag: str, extra: str = "") -> tuple[str, int]:
        """Return the start of a revision element ``tag`` (without its closing ``>``) with
        the next id, and that id."""
        ident = self._next_id
        self._next_id += 1
        return f'<{tag} w:id="{ident}" w:author={self._author} w:date="{self.date}"{extra}', ident

    def run(self, kind: RunKind, text: str) -> str:
        """Return a run of ``text`` wrapped as inserted, deleted or moved."""
        start, _ident = self._new(f"w:{kind}")
        self.count.add(kind)
        return f"{start}>{run_xml(text, 'w:delText' if kind == 'del' else 'w:t')}</w:{kind}>"

    def moved_run(self, kind: Literal["moveFrom", "moveTo"], text: str, name: str) -> str:
        """Return a moved run of ``text`` in a move range of its own called ``name``."""
        start, end = self.move_range("from" if kind == "moveFrom" else "to", name)
        return start + self.run(kind, text) + end

    def mark(self, kind: MarkKind) -> str:
        """Return the ``w:rPr`` that tracks a paragraph mark as inserted, deleted or moved,
        to stand in the paragraph's ``w:pPr`` after its style and numbering."""
        start, _ident = self._new(f"w:{kind}")
        self.count.add(kind, mark=True)
        return f"<w:rPr>{start}/></w:rPr>"

    def format_change(self, old_ppr: str) -> str:
        """Return the ``w:pPrChange`` recording that the paragraph's properties were
        ``old_ppr`` (a ``w:pPr`` holding style and numbering only) before this revision,
        to stand last in the paragraph's ``w:pPr``."""
        start, _ident = self._new("w:pPrChange")
        self.count.format_changes += 1
        return f"{start}>{old_ppr}</w:pPrChange>"

    def move_range(self, side: Literal["from", "to"], name: str) -> tuple[str, str]:
        """Return the start and the end of a named move range (``side`` from: old place,
        to: new)."""
        tag = "w:moveFromRange" if side == "from" else "w:moveToRange"
        start, ident = self._new(f"{tag}Start", f" w:name={attr(name)}")
        return f"{start}/>", f'<{tag}End w:id="{ident}"/>'


def track_revisions(settings: XmlElement) -> None:
    """Switch change tracking on in a ``w:settings`` element, so the recipient's own
    edits are tracked too."""
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    element = el("w:trackRevisions")
    for child in settings:
        if child.tag in _AFTER_TRACK_REVISIONS:
            child.addprevious(element)
            return
    settings.append(element)


def count_revisions(docx: bytes) -> RevisionCount:
    """Return the revisions in the body of a .docx (paragraph marks counted apart)."""
    root = parse(read_parts(docx)["word/document.xml"])
    count = RevisionCount()
    rpr = qn("w:rPr")
    kind: RunKind
    for kind in ("ins", "del", "moveFrom", "moveTo"):
        for element in root.iter(qn(f"w:{kind}")):
            count.add(kind, mark=element.getparent().tag == rpr)
    count.format_changes = sum(1 for _ in root.iter(qn("w:pPrChange")))
    return count
