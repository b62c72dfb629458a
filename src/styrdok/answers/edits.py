"""The respondent's tracked changes in one of our documents, as proposed wording.

Every run of changed paragraphs in one section by one author is one view: what the
section said as we sent it (the anchor), what it says with the respondent's changes (the
proposal), and the changes in words ("Ersätter ”stödja” med ”understödja”").
"""

from __future__ import annotations

from styrdok.answers.content import shorten
from styrdok.answers.record import SectionView, ViewSource
from styrdok.answers.walk import (
    AFTER_COMMENTS,
    DELETIONS,
    INSERTIONS,
    Change,
    MarkedParagraph,
    ReadingOrder,
    Walk,
    Where,
    has_change,
)
from styrdok.text.markdown import normalise

# --- The respondent's tracked changes ------------------------------------------------------


def change_views(
    walk: Walk, paras: list[MarkedParagraph]
) -> list[tuple[ReadingOrder, SectionView]]:
    """Return the respondent's tracked changes as proposed wording: one view per run of
    changed paragraphs in one section by one author, in document order."""
    groups: list[list[MarkedParagraph]] = []
    author = ""
    joined = False  # the previous paragraph's mark was deleted: this one is joined to it
    for para in paras:
        theirs = [c for pc in para.pieces for c in pc.changes if c.author != walk.ours]
        theirs += [c for c in para.mark if c.author != walk.ours]
        last = groups[-1][-1] if groups else None
        if joined and groups:
            groups[-1].append(para)
        elif theirs:
            if (
                last is not None
                and last.order == para.order - 1
                and last.where == para.where
                and theirs[0].author == author
            ):
                groups[-1].append(para)
            else:
                groups.append([para])
                author = theirs[0].author
        joined = any(c.kind in DELETIONS and c.author != walk.ours for c in para.mark)
    moved = _move_ends(walk, paras)
    return [
        ((group[0].order, AFTER_COMMENTS), _change_view(walk, group, moved)) for group in groups
    ]


def _move_ends(walk: Walk, paras: list[MarkedParagraph]) -> dict[tuple[str, str], Where]:
    """Return where each end of each move (kind, name) of the respondent stands."""
    ends: dict[tuple[str, str], Where] = {}
    for para in paras:
        for piece in para.pieces:
            for change in piece.changes:
                if change.move and change.author != walk.ours:
                    ends.setdefault((change.kind, change.move), para.where)
    return ends


def _change_view(
    walk: Walk, group: list[MarkedParagraph], moved: dict[tuple[str, str], Where]
) -> SectionView:
    before, after, phrases = [], [], []
    first: Change | None = None
    after_line = ""
    for para in group:
        before.append(normalise("".join(pc.text for pc in para.pieces if walk.as_sent(pc))))
        after_line += "".join(pc.text for pc in para.pieces if not has_change(pc, DELETIONS))
        mark = [c for c in para.mark if c.author != walk.ours]
        if not any(c.kind in DELETIONS for c in mark):
            after.append(normalise(after_line))
            after_line = ""
        for kind, text, change in _segments(walk, para):
            first = first or change
            phrases.append(_phrase(kind, text, change, para.where, moved) if change else "")
        phrases.append("")  # a new paragraph: no replacement across it
        first = first or next(iter(mark), None)
    if after_line:
        after.append(normalise(after_line))
    description = "; ".join(p for p in _replacements(phrases) if p)
    if not description and first is not None:
        description = "delar stycket" if first.kind in INSERTIONS else "slår ihop stycken"
    description = description[:1].upper() + description[1:]
    return SectionView(
        document=group[0].where.document,
        section=group[0].where.section,
        stance=None,
        comment=description,
        proposal="\n".join(line for line in after if line),
        source=ViewSource.CHANGE,
        author=first.author if first else "",
        date=first.date if first else "",
        anchor="\n".join(line for line in before if line),
    )


def _segments(walk: Walk, para: MarkedParagraph) -> list[tuple[str, str, Change | None]]:
    """Return the respondent's changes in a paragraph in order, adjacent pieces of one kind
    joined; unchanged text between two changes is a segment without a change."""
    out: list[tuple[str, str, Change | None]] = []
    for piece in para.pieces:
        change = next((c for c in reversed(piece.changes) if c.author != walk.ours), None)
        if change is None:
            if out and out[-1][2] is not None:
                out.append(("", "", None))
            continue
        prev = out[-1][2] if out else None
        if prev is not None and prev.kind == change.kind and prev.move == change.move:
            out[-1] = (change.kind, out[-1][1] + piece.text, prev)
        else:
            out.append((change.kind, piece.text, change))
    return out


def _phrase(
    kind: str, text: str, change: Change, where: Where, moved: dict[tuple[str, str], Where]
) -> str:
    quoted = f"”{shorten(text)}”"
    if kind == "del":
        return f"stryker {quoted}"
    if kind == "ins":
        return f"lägger till {quoted}"
    other = moved.get(("moveTo" if kind == "moveFrom" else "moveFrom", change.move))
    elsewhere = other.label if other is not None and other != where else ""
    if kind == "moveFrom":
        return f"flyttar {quoted}" + (f" till {elsewhere}" if elsewhere else "")
    return f"flyttar hit {quoted}" + (f" från {elsewhere}" if elsewhere else "")


def _replacements(phrases: list[str]) -> list[str]:
    """Return the phrases with a deletion directly followed by an insertion as one."""
    out: list[str] = []
    for phrase in phrases:
        if out and out[-1].startswith("stryker ") and phrase.startswith("lägger till "):
            out[-1] = f"ersätter {out[-1].removeprefix('stryker ')} med " + phrase.removeprefix(
                "lägger till "
            )
        else:
            out.append(phrase)
    return out
