"""Read a remiss answer into a structured record, kept beside the original.

Every file has passed intake's safety gate before it comes here. What a file is decides
how it is read:

- ``svarsmall``: our response form, filled in (answer_form): per section its stance, comment
  and proposed wording, the general views, and the Word comments made on it;
- ``dokument``: one of our documents sent back (the clean proposal, the redline, the
  comparison table or the letter): its Word comments and the respondent's own tracked
  changes, each tied to its section (answers.comments, answers.edits);
- ``yttrande``: any other Word file, a letter: its text one general view, with the sections
  it cites and the stances it takes; comments in it are kept, without a section;
- ``pdf``: a PDF with a text layer: its text one general view, read the same way; a page
  without text (a scanned page) flags the answer for manual reading;
- ``pdf utan text``: a scanned PDF: registered, and flagged for manual reading.

Our files are told apart by the custom properties remiss_package stamps on them, which
Word and LibreOffice keep; a form is also known by its bookmarks.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from styrdok.answers.comments import comment_views
from styrdok.answers.content import (
    KnownSections,
    Sections,
    WordAnswer,
    general_view,
    indexes,
    resolve_ref,
)
from styrdok.answers.edits import change_views
from styrdok.answers.form import read_form
from styrdok.answers.intake import Kind
from styrdok.answers.letter import Unit, pdf_text, pdf_units, place
from styrdok.answers.pdfquiet import quiet_pypdf
from styrdok.answers.record import (
    AnswerContent,
    GeneralView,
    SectionView,
    ViewSource,
    from_data,
    to_data,
)
from styrdok.answers.walk import ReadingOrder, Walk, Where
from styrdok.core.errors import WordFileError
from styrdok.core.vocabulary import AnswerKind
from styrdok.remiss.package import (
    DOCUMENT_PROPERTY,
    GENERAL_BOOKMARK,
    PART_PROPERTY,
    RECIPIENT_PROPERTY,
    ROUND_PROPERTY,
    SECTIONS_PROPERTY,
    PartKind,
)
from styrdok.text.numbering import parse_heading
from styrdok.word.ooxml import bookmark_names, qn
from styrdok.word.table import ROW_BOOKMARK, ROWS_PROPERTY, read_rows_property


class OpenedAnswer:
    """A received file opened once for :func:`identify` and :func:`read_answer`: a Word
    file's package is unpacked and parsed once (from the parts the intake gate kept), and
    a Word file that cannot be read fails the same way for both."""

    def __init__(self, data: bytes, kind: Kind, parts: Mapping[str, bytes] | None = None):
        self.data, self.kind, self._parts = data, kind, parts
        self._word: WordAnswer | None = None
        self._error: WordFileError | None = None

    def word(self) -> WordAnswer:
        """Return the Word answer; raise WordFileError when it cannot be read."""
        if self._word is None:
            if self._error is None:
                try:
                    self._word = WordAnswer(self.data, self._parts)
                except WordFileError as error:
                    self._error = error
            if self._error is not None:
                raise self._error.with_traceback(None)
        assert self._word is not None
        return self._word


def identify(
    data: bytes, kind: Kind, opened: OpenedAnswer | None = None
) -> tuple[str | None, str | None]:
    """Return the round id and recipient id that our custom properties (Word) or document
    information (PDF) carry, or (None, None). ``opened``: the same file, already opened."""
    _check_kind(kind)
    if kind == "pdf":
        with quiet_pypdf():
            try:
                info = _pdf_info(data)
            except Exception:  # pypdf raises many kinds on broken input
                return None, None
    else:
        try:
            info = (opened or OpenedAnswer(data, kind)).word().properties
        except WordFileError:
            return None, None
    return info.get(ROUND_PROPERTY) or None, info.get(RECIPIENT_PROPERTY) or None


def read_answer(
    data: bytes,
    kind: Kind,
    our_author: str,
    section_refs: KnownSections | None = None,
    opened: OpenedAnswer | None = None,
) -> AnswerContent:
    """Return what an answer says: views per section, general views and whether a person
    must read it.

    ``our_author`` wrote the tracked changes of our redline; changes and comments by anyone
    else are the respondent's. ``section_refs`` (document name → the index of its
    comparison, or only its citations) ties every view to a section's key and resolves
    what respondents write: ``§ 3`` and ``avsnitt 3`` to ``3 §`` or ``3``, a bare ``1 §``
    to ``2 kap. 1 §``; with it, a letter or PDF is split into views by the sections it
    names. ``opened``: the same file, already opened.
    """
    _check_kind(kind)
    sections = indexes(section_refs)
    if kind == "pdf":
        return _read_pdf(data, sections)
    answer = (opened or OpenedAnswer(data, kind)).word()
    props = answer.properties
    round_id = props.get(ROUND_PROPERTY) or None
    recipient = props.get(RECIPIENT_PROPERTY) or None
    part = _part_kind(props.get(PART_PROPERTY, ""))
    document = props.get(DOCUMENT_PROPERTY) or None
    if (
        part == PartKind.FORM
        or SECTIONS_PROPERTY in props
        or _has_bookmark(answer, GENERAL_BOOKMARK)
    ):
        reading, comments = read_form(answer, our_author, sections)
        found = (*reading.views, *(view for _order, view in sorted(comments, key=_first)))
        return AnswerContent(
            AnswerKind.FORM,
            round_id,
            recipient,
            None,
            found,
            tuple(reading.general),
            needs_manual_reading=not found and not reading.general,
            details=tuple(reading.details),
        )
    if part is not None:  # one of our documents, or the letter
        views = _document_views(answer, document or "", our_author, part, sections)
        return AnswerContent(
            AnswerKind.DOCUMENT, round_id, recipient, document, views, (), not views
        )
    reader = answer.reader()
    reader.blocks(answer.body)
    reader.flush()
    units = [Unit(text, kind in ("heading", "title")) for kind, _level, text in reader.paras]
    placed = place(units, sections, ViewSource.LETTER, _titles(sections), document)
    runs = placed.general if placed.views else [units]
    texts = ["\n".join(u.text for u in run) for run in runs]
    general = tuple(general_view(text, ViewSource.LETTER, sections) for text in texts if text)
    walk = Walk(answer, "", our_author, headings=False)
    views = (*placed.views, *(view for _order, view in comment_views(walk, walk.run())))
    return AnswerContent(
        AnswerKind.LETTER, round_id, recipient, document, views, general, not general and not views
    )


def _titles(sections: Sections) -> dict[str, str]:
    return {name: index.title for name, index in sections.items()}


def _part_kind(value: str) -> PartKind | None:
    """Return the part of our package a file says it is, None for a file of theirs."""
    try:
        return PartKind(value)
    except ValueError:
        return None


def _check_kind(kind: str) -> None:
    if kind not in ("docx", "pdf"):
        raise ValueError(f"kind must be 'docx' or 'pdf', got {kind!r}")


def _first(item: tuple[ReadingOrder, SectionView]) -> ReadingOrder:
    return item[0]


def _has_bookmark(answer: WordAnswer, name: str) -> bool:
    return any(el.get(qn("w:name")) == name for el in answer.body.iter(qn("w:bookmarkStart")))


def _document_views(
    answer: WordAnswer,
    document: str,
    our_author: str,
    part: PartKind,
    sections: Sections,
) -> tuple[SectionView, ...]:
    """Return the comments and the respondent's changes in one of our documents, in
    document order."""
    index = sections.get(document)
    if part == PartKind.TABLE:
        rows = read_rows_property(answer.properties.get(ROWS_PROPERTY, "[]"))

        def row_where(tr: Any) -> Where:
            for name in bookmark_names(tr, ROW_BOOKMARK):  # the row's key, as we wrote it
                if name in rows and (index is None or rows[name] in index):
                    target = index.target(rows[name]) if index is not None else None
                    cited = (target.new or target.old or "") if target else ""
                    return Where(document, rows[name], cited)
            known = index.refs if index is not None else []
            for cell in reversed(tr.findall(qn("w:tc"))):  # a table of an earlier version
                texts = answer.texts(cell)
                number, _title = parse_heading(texts[0]) if texts else (None, "")
                if number is not None:
                    ref = resolve_ref(number.label, known)
                    new_side = cell is tr.findall(qn("w:tc"))[-1]
                    key = None
                    if index is not None:
                        key = index.cited(ref, "new" if new_side else "old")
                    return Where(document, key or ref, ref)
            return Where(document, "")

        walk = Walk(answer, document, our_author, row_where=row_where, headings=False)
    else:  # the letter's headings are no sections of ours
        headings = part != PartKind.LETTER
        walk = Walk(answer, document, our_author, headings=headings, index=index)
    paras = walk.run()
    found = comment_views(walk, paras)
    found += change_views(walk, paras)
    found.sort(key=_first)  # stable: a comment before a change in the same paragraph
    return tuple(view for _order, view in found)


# --- PDF -----------------------------------------------------------------------------------


def _pdf_info(data: bytes) -> dict[str, str]:
    """Return a PDF's document information without the slashes (``styrdok.omgang``)."""
    import pypdf

    metadata = pypdf.PdfReader(io.BytesIO(data)).metadata
    return {str(k).lstrip("/"): str(v) for k, v in (metadata or {}).items()}


def _read_pdf(data: bytes, sections: Sections) -> AnswerContent:
    import pypdf

    with quiet_pypdf():
        reader = pypdf.PdfReader(io.BytesIO(data))
        info = {str(k).lstrip("/"): str(v) for k, v in (reader.metadata or {}).items()}
        pages = []
        for page in reader.pages:
            try:
                text = page.extract_text() or ""
            except Exception:  # a page pypdf cannot read is read by a person
                text = ""
            lines = [" ".join(line.split()) for line in text.splitlines()]
            pages.append("\n".join(line for line in lines if line))
    round_id = info.get(ROUND_PROPERTY) or None
    recipient = info.get(RECIPIENT_PROPERTY) or None
    text = "\n\n".join(page for page in pages if page)  # a blank line between pages
    if not text:
        return AnswerContent(AnswerKind.SCANNED, round_id, recipient, None, (), (), True)
    placed = place(pdf_units(pages), sections, ViewSource.PDF, _titles(sections))
    rest = [pdf_text(run) for run in placed.general] if placed.views else [text]
    general = tuple(general_view(t, ViewSource.PDF, sections) for t in rest if t)
    return AnswerContent(
        AnswerKind.PDF,
        round_id,
        recipient,
        None,
        tuple(placed.views),
        general,
        needs_manual_reading=not all(pages),
    )


__all__ = [
    "AnswerContent",
    "GeneralView",
    "SectionView",
    "from_data",
    "identify",
    "read_answer",
    "to_data",
]
