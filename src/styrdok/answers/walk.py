"""Walk a Word answer's body once, in document order, and say where each paragraph stands.

The body is walked as word.read reads it (same styles, outline levels and list rules), and
every paragraph records:

- where it stands: the document, and the section of the last heading before it, turned into
  a ref as compare cites it (``model.ChapterBeside.cite``; a table row may say otherwise:
  a form row's bookmark, a comparison-table row's bookmark);
- its text in pieces, each with the tracked changes around it and the comment ranges open
  over it. Comment ranges (``w:commentRangeStart``/``w:commentRangeEnd``) need not be
  siblings: they may start in one paragraph and end in another, or between paragraphs.

A heading's ref is read from the text as we sent it: our changes accepted, the
respondent's rejected, so a respondent who renames a heading does not move the section.
A section our redline removes keeps its old ref, as compare.py cites it. The walk keeps the
headings of both versions (the old one: our changes rejected), so that with the document's
index (:class:`~styrdok.compare.keys.SectionIndex`) each heading gives the section's key: a
repealed ``2 kap. 3 §`` and the renumbered one that becomes ``2 kap. 3 §`` are told apart.
Tracked changes by ``our_author`` are the redline's own; answers.edits turns everybody
else's into proposed wording, answers.comments reads the comments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeAlias

from styrdok.answers.content import WordAnswer, local_date
from styrdok.compare.keys import SectionIndex
from styrdok.core.vocabulary import PREAMBLE
from styrdok.text.markdown import normalise
from styrdok.text.model import ChapterBeside, Heading, Section
from styrdok.word.ooxml import XmlElement, qn
from styrdok.word.read import BodyReader, sdt_content, table_rows

_CHANGES = {qn(f"w:{tag}"): tag for tag in ("ins", "del", "moveFrom", "moveTo")}
DELETIONS = ("del", "moveFrom")
INSERTIONS = ("ins", "moveTo")
_INLINE = frozenset(
    qn(f"w:{tag}") for tag in "hyperlink smartTag customXml fldSimple bdo dir".split()
)
_MOVE_STARTS = {qn("w:moveFromRangeStart"): "moveFrom", qn("w:moveToRangeStart"): "moveTo"}
_MOVE_ENDS = frozenset((qn("w:moveFromRangeEnd"), qn("w:moveToRangeEnd")))


# --- Walking the body ----------------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """The document and section a paragraph belongs to: the section's key (its citation
    when the document's sections are not known), and the citation as read."""

    document: str
    section: str
    cited: str = ""

    @property
    def label(self) -> str:
        """Return how a person cites the section: the citation read, else the key."""
        return self.cited or self.section


@dataclass(frozen=True)
class Change:
    """A tracked change around some text."""

    kind: str  # ins, del, moveFrom, moveTo
    author: str
    date: str
    move: str = ""  # the name of the move range, for moveFrom and moveTo


@dataclass(frozen=True)
class Piece:
    """Text of a run, with the changes around it (outermost first) and the open comments."""

    text: str
    changes: tuple[Change, ...]
    comments: frozenset[str]


@dataclass
class MarkedParagraph:
    """One paragraph as the walk found it."""

    order: int
    where: Where = Where("", "")
    pieces: list[Piece] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)  # comments anchored from here
    mark: tuple[Change, ...] = ()  # changes of the paragraph mark


RowWhere = Callable[[XmlElement], Where | None]
ReadingOrder: TypeAlias = tuple[int, int]  # paragraph, then place in it: sorts views
AFTER_COMMENTS = 1 << 20  # a change sorts after the comments that start in its paragraph


class Walk:
    """Walks a body and returns its paragraphs with where they stand and what marks them."""

    def __init__(
        self,
        answer: WordAnswer,
        document: str,
        our_author: str,
        row_where: RowWhere | None = None,
        headings: bool = True,
        index: SectionIndex | None = None,
    ) -> None:
        self.answer, self.document, self.ours = answer, document, our_author
        self.row_where, self.headings, self.index = row_where, headings, index
        self.text = BodyReader(answer.styles, answer.numbering, "original")  # t and delText
        self.kinds = answer.reader()
        self.paras: list[MarkedParagraph] = []
        self.open: set[str] = set()
        self.pending: list[str] = []  # comment ranges started between paragraphs
        self.moves: dict[str, tuple[str, str]] = {}  # range id → kind, name
        self.sections: list[Section] = []  # the headings above, as we sent them
        self.old_sections: list[Section] = []  # the same before our changes
        self.beside, self.old_beside = ChapterBeside(), ChapterBeside()  # of each stack
        self.seen_heading = False
        self.where = Where(document, PREAMBLE if headings else "")
        self.rows: list[Where] = []

    def run(self) -> list[MarkedParagraph]:
        self.blocks(self.answer.body)
        return self.paras

    # block level

    def blocks(self, parent: XmlElement) -> None:
        for child in parent:
            tag = child.tag
            if tag == qn("w:p"):
                self.paragraph(child)
            elif tag == qn("w:tbl"):
                self.table(child)
            elif tag == qn("w:sdt"):
                if (content := sdt_content(child)) is not None:
                    self.blocks(content)
            elif tag == qn("w:customXml"):
                self.blocks(child)
            else:
                self.marker(child, self.pending)

    def table(self, tbl: XmlElement) -> None:
        for row in table_rows(tbl):
            where = self.row_where(row) if self.row_where else None
            if where is not None:
                self.rows.append(where)
            for cell in row.iterfind(qn("w:tc")):
                self.blocks(cell)
            if where is not None:
                self.rows.pop()

    def marker(self, element: XmlElement, starts: list[str]) -> bool:
        """Follow a comment range or move range marker; return False for anything else."""
        tag = element.tag
        ident = element.get(qn("w:id"), "")
        if tag == qn("w:commentRangeStart"):
            self.open.add(ident)
            starts.append(ident)
        elif tag == qn("w:commentRangeEnd"):
            self.open.discard(ident)
        elif tag in _MOVE_STARTS:
            self.moves[ident] = (_MOVE_STARTS[tag], element.get(qn("w:name"), ""))
        elif tag in _MOVE_ENDS:
            self.moves.pop(ident, None)
        else:
            return False
        return True

    # paragraphs

    def paragraph(self, p: XmlElement) -> None:
        para = MarkedParagraph(len(self.paras), starts=self.pending)
        self.pending = []
        self.inline(p, (), para)
        ppr = p.find(qn("w:pPr"))
        mark = None if ppr is None else ppr.find(qn("w:rPr"))
        if mark is not None:
            para.mark = tuple(self.change(c) for c in mark if c.tag in _CHANGES)
        if self.headings:
            self.follow_heading(ppr, para)
        para.where = self.rows[-1] if self.rows else self.where
        self.paras.append(para)

    def follow_heading(self, ppr: XmlElement | None, para: MarkedParagraph) -> None:
        """Open a new section when the paragraph is a heading in the text as we sent it,
        or one our redline removes (its old text, as compare.py cites it)."""
        sent = normalise("".join(pc.text for pc in para.pieces if self.as_sent(pc)))
        before = normalise("".join(pc.text for pc in para.pieces if not has_change(pc, INSERTIONS)))
        if not sent and not before:
            return
        kind, level = self.kinds.classify(ppr)
        if kind != "heading" and not (kind == "title" and not self.seen_heading):
            return
        self.seen_heading = True
        new_ref = _push(self.sections, self.beside, sent, level) if sent else None
        old_ref = _push(self.old_sections, self.old_beside, before, level) if before else None
        self.where = self.place(new_ref, old_ref)

    def place(self, new_ref: str | None, old_ref: str | None) -> Where:
        """Return where a heading cited ``new_ref`` in the proposal and ``old_ref`` before
        our changes stands: its key when the document's index knows it."""
        cited = new_ref or old_ref or ""
        key = None
        if self.index is not None and new_ref is not None:
            key = self.index.cited(new_ref, "new", old_ref if old_ref != new_ref else None)
        elif self.index is not None and old_ref is not None:
            key = self.index.cited(old_ref, "old")
        return Where(self.document, key or cited, cited)

    def inline(
        self, parent: XmlElement, changes: tuple[Change, ...], para: MarkedParagraph
    ) -> None:
        for child in parent:
            tag = child.tag
            if tag == qn("w:r"):
                self.run_(child, changes, para)
            elif tag in _CHANGES:
                self.inline(child, (*changes, self.change(child)), para)
            elif tag == qn("w:sdt"):
                if (content := sdt_content(child)) is not None:
                    self.inline(content, changes, para)
            elif tag in _INLINE:
                self.inline(child, changes, para)
            elif tag == qn("w:pPr"):
                continue
            else:
                self.marker(child, para.starts)

    def run_(self, r: XmlElement, changes: tuple[Change, ...], para: MarkedParagraph) -> None:
        for ref in r.iterfind(qn("w:commentReference")):
            ident = ref.get(qn("w:id"), "")
            if ident not in self.open and not any(ident in pc.comments for pc in para.pieces):
                para.starts.append(ident)  # a comment on a point, not a range
        out: list[str] = []
        self.text.run(r, out)
        if text := "".join(out):
            para.pieces.append(Piece(text, changes, frozenset(self.open)))

    def change(self, element: XmlElement) -> Change:
        kind = _CHANGES[element.tag]
        move = ""
        if "move" in kind:  # Word opens the range before the change, LibreOffice inside it
            inside = element.find(qn(f"w:{kind}RangeStart"))
            names = [name for k, name in self.moves.values() if k == kind]
            move = inside.get(qn("w:name"), "") if inside is not None else next(iter(names), "")
        date = local_date(element.get(qn("w:date")), element.get(qn("w16du:dateUtc")))
        return Change(kind, element.get(qn("w:author"), ""), date, move)

    # whose text

    def theirs(self, piece: Piece, kinds: Iterable[str]) -> bool:
        kinds = tuple(kinds)
        return any(c.kind in kinds and c.author != self.ours for c in piece.changes)

    def as_sent(self, piece: Piece) -> bool:
        """Return whether the text is in our proposal (our changes accepted, theirs not)."""
        ours_deleted = any(c.kind in DELETIONS and c.author == self.ours for c in piece.changes)
        return not ours_deleted and not self.theirs(piece, INSERTIONS)


def _push(stack: list[Section], beside: ChapterBeside, text: str, level: int) -> str:
    """Put a heading on a stack of the headings above, and return its citation (with
    the chapter heading beside it, which ``beside`` has followed)."""
    while stack and stack[-1].heading.level >= level:
        stack.pop()
    section = Section(Heading(level, text))
    ref = beside.cite(section, tuple(stack))
    stack.append(section)
    return ref


def has_change(piece: Piece, kinds: tuple[str, ...]) -> bool:
    return any(c.kind in kinds for c in piece.changes)
