"""Read a Word answer's comments, each tied to the section the walk found it in.

Comments come from ``comments.xml``; replies from ``commentsExtended.xml``
(``w15:paraIdParent`` names the last paragraph of the comment replied to). A comment by
``our_author`` is ours; replies to it by others are views.
"""

from __future__ import annotations

from dataclasses import dataclass

from styrdok.answers.content import WordAnswer, find_stances, local_date
from styrdok.answers.record import SectionView, ViewSource
from styrdok.answers.walk import MarkedParagraph, ReadingOrder, Walk, Where
from styrdok.text.markdown import normalise
from styrdok.word.ooxml import qn

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


def has_comments(answer: WordAnswer) -> bool:
    """Return whether comments.xml holds any comment (whether :func:`read_comments`
    returns any)."""
    root = answer.related("comments")
    return root is not None and next(root.iterfind(qn("w:comment")), None) is not None


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
