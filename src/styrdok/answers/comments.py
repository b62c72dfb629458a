"""Walk a Word answer's body, and read its comments, each tied to its section.

The body is walked once, in document order, as docx_read reads it (same styles, outline
levels and list rules), and every paragraph records:

- where it stands: the document, and the section of the last heading before it, turned into
  a ref with ``model.section_ref`` (a table row may say otherwise: a form row's bookmark, the
  heading at the top of a comparison-table row);
- its text in pieces, each with the tracked changes around it and the comment ranges open
  over it. Comment ranges (``w:commentRangeStart``/``w:commentRangeEnd``) need not be
  siblings: they may start in one paragraph and end in another, or between paragraphs.

A heading's ref is read from the text as we sent it: our changes accepted, the
respondent's rejected, so a respondent who renames a heading does not move the section.
A section our redline removes keeps its old ref, as compare.py cites it. The walk keeps the
headings of both versions (the old one: our changes rejected), so that with the document's
index (:class:`~styrdok.compare.keys.SectionIndex`) each heading gives the section's key: a
repealed ``2 kap. 3 §`` and the renumbered one that becomes ``2 kap. 3 §`` are told apart.

Comments come from ``comments.xml``; replies from ``commentsExtended.xml``
(``w15:paraIdParent`` names the last paragraph of the comment replied to). A comment by
``our_author`` is ours; replies to it by others are views. Tracked changes by ``our_author``
are the redline's own; answer_read turns everybody else's into proposed wording.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeAlias

from styrdok.answers.content import WordAnswer, find_stances, local_date
from styrdok.answers.record import SectionView, ViewSource
from styrdok.compare.keys import SectionIndex
from styrdok.core.vocabulary import PREAMBLE
from styrdok.text.markdown import normalise
from styrdok.text.model import Heading, Section, section_ref
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
        new_ref = _push(self.sections, sent, level) if sent else None
        old_ref = _push(self.old_sections, before, level) if before else None
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


def _push(stack: list[Section], text: str, level: int) -> str:
    """Put a heading on a stack of the headings above, and return its citation."""
    while stack and stack[-1].heading.level >= level:
        stack.pop()
    section = Section(Heading(level, text))
    ref = section_ref(section, tuple(stack))
    stack.append(section)
    return ref


def has_change(piece: Piece, kinds: tuple[str, ...]) -> bool:
    return any(c.kind in kinds for c in piece.changes)


# --- Comments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    """A comment in comments.xml."""

    ident: str
    author: str
    date: str
    text: str
    para_id: str  # w14:paraId of its last paragraph ("" when not written)
    index: int  # its place in comments.xml


def read_comments(answer: WordAnswer) -> list[Comment]:
    """Return the comments in comments.xml, in the order written."""
    root = answer.related("comments")
    if root is None:
        return []
    utc = _utc_dates(answer)
    comments = []
    for index, element in enumerate(root.iterfind(qn("w:comment"))):
        paragraphs = element.findall(f".//{qn('w:p')}")
        para_id = paragraphs[-1].get(qn("w14:paraId"), "") if paragraphs else ""
        date = local_date(element.get(qn("w:date")), utc.get(para_id))
        text = "\n".join(answer.texts(element))
        author = element.get(qn("w:author"), "")
        comments.append(Comment(element.get(qn("w:id"), ""), author, date, text, para_id, index))
    return comments


def _utc_dates(answer: WordAnswer) -> dict[str, str]:
    """Return the true UTC times newer Word keeps beside comments, by paragraph id."""
    ids, extensible = answer.related("commentsIds"), answer.related("commentsExtensible")
    if ids is None or extensible is None:
        return {}
    durable = {
        el.get(qn("w16cex:durableId"), ""): el.get(qn("w16cex:dateUtc"), "")
        for el in extensible.iterfind(qn("w16cex:commentExtensible"))
    }
    return {
        el.get(qn("w16cid:paraId"), ""): durable.get(el.get(qn("w16cid:durableId"), ""), "")
        for el in ids.iterfind(qn("w16cid:commentId"))
    }


def _replies_to(
    walk: Walk, comments: list[Comment], paras: list[MarkedParagraph]
) -> dict[str, str]:
    """Return the comment each reply answers (comment id → id).

    Word keeps threads in commentsExtended.xml: ``w15:paraIdParent`` names the last paragraph
    of the comment replied to. LibreOffice 7.4 writes no threads, but a reply keeps its
    parent's range, so without that part a comment on exactly the text of an earlier one
    answers it.
    """
    extended = walk.answer.related("commentsExtended")
    if extended is not None:
        by_para = {c.para_id: c.ident for c in comments if c.para_id}
        parents = {}
        for el in extended.iterfind(qn("w15:commentEx")):
            child = by_para.get(el.get(qn("w15:paraId"), ""))
            parent = by_para.get(el.get(qn("w15:paraIdParent"), ""))
            if child is not None and parent is not None and child != parent:
                parents[child] = parent
        return parents
    first_on: dict[tuple[int, tuple[ReadingOrder, ...]], str] = {}
    parents = {}
    for comment in sorted(comments, key=_written):
        (order, _place), _where = _start(comment.ident, paras, "")
        covered = tuple(
            (para.order, i)
            for para in paras
            for i, piece in enumerate(para.pieces)
            if comment.ident in piece.comments
        )
        if not covered:
            continue  # a comment on a point
        if (order, covered) in first_on:
            parents[comment.ident] = first_on[order, covered]
        else:
            first_on[order, covered] = comment.ident
    return parents


def _written(comment: Comment) -> tuple[str, int]:
    """Return a sort key: when it was written, then where it stands in comments.xml."""
    return (comment.date or "~", comment.index)


def comment_views(
    walk: Walk, paras: list[MarkedParagraph]
) -> list[tuple[ReadingOrder, SectionView]]:
    """Return a view per comment thread not started by us, with its position in the body."""
    our_author, document = walk.ours, walk.document
    comments = read_comments(walk.answer)
    if not comments:
        return []
    by_id = {c.ident: c for c in comments}
    parents = _replies_to(walk, comments, paras)

    def root(comment: Comment) -> Comment:
        seen = {comment.ident}
        while (parent := by_id.get(parents.get(comment.ident, ""))) and parent.ident not in seen:
            seen.add(parent.ident)
            comment = parent
        return comment

    threads: dict[str, list[Comment]] = {}
    for comment in comments:
        threads.setdefault(root(comment).ident, [])
        if comment.ident in parents:
            threads[root(comment).ident].append(comment)
    views = []
    for ident, replies in threads.items():
        first = by_id[ident]
        replies.sort(key=_written)
        order, where = _start(first.ident, paras, document)
        anchor = _anchor(first.ident, paras, walk)
        if first.author != our_author:
            heads, rest = [first], replies
        else:  # our own note: the respondents' replies to it are their views
            heads, rest = [r for r in replies if r.author != our_author], []
        for head in heads:
            views.append(
                (
                    order,
                    SectionView(
                        document=where.document,
                        section=where.section,
                        stance=next(iter(find_stances(head.text)), None),
                        comment=head.text,
                        proposal="",
                        source=ViewSource.COMMENT,
                        author=head.author,
                        date=head.date,
                        anchor=anchor,
                        replies=tuple(_reply(r) for r in rest),
                    ),
                )
            )
    return views


def _reply(comment: Comment) -> str:
    return f"{comment.author}: {comment.text}" if comment.author else comment.text


def _start(ident: str, paras: list[MarkedParagraph], document: str) -> tuple[ReadingOrder, Where]:
    for para in paras:
        if ident in para.starts:
            return (para.order, para.starts.index(ident)), para.where
    return (len(paras), 0), Where(document, "")  # anchored outside the body (a header, a note)


def _anchor(ident: str, paras: list[MarkedParagraph], walk: Walk) -> str:
    """Return the text a comment is anchored to as we proposed it (our changes accepted),
    or as marked up when that is empty (a comment on text our redline deletes)."""
    for keep in (walk.as_sent, lambda piece: True):
        lines = []
        for para in paras:
            text = "".join(pc.text for pc in para.pieces if ident in pc.comments and keep(pc))
            if text := normalise(text):
                lines.append(text)
        if lines:
            return "\n".join(lines)
    return ""
