"""The comparison as Markdown for viewers without diff support: deletions ~~struck~~,
insertions in **bold**.

Emphasis markers only work where CommonMark lets them open and close (``** x**`` and
``a~~,b~~`` do not), so spaces at the edges of a change stand outside the markers, and a
change is widened over the neighbouring word where that alone shows it faithfully.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Literal

from styrdok.compare.changeline import change_line
from styrdok.compare.diff import DiffResult
from styrdok.compare.engine import BlockChange, SectionChange
from styrdok.compare.worddiff import Op
from styrdok.render.common import (
    BlockList,
    Paragraph,
    form_note,
    group_blocks,
    label,
    marker,
    shows_body,
    status_text,
    title_changed,
    unchanged_sections,
)

Side = Literal["old", "new"]
LEGEND = "Teckenförklaring: ~~struken text~~ är borttagen, **fet text** är tillagd."
_INLINE = re.compile(r"([\\`*_~\[\]<>&|])")
_LINE_START = re.compile(r"^(?:[#+\-=>]|\d{1,9}[.)])")


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _wordlike(ch: str) -> bool:
    return not ch.isspace() and not _punct(ch)


def escape(text: str) -> str:
    """Return text with every character that Markdown could read as inline markup escaped."""
    return _INLINE.sub(r"\\\1", text)


def escape_line(text: str) -> str:
    """Return a line's content with a backslash where its start would read as a block."""
    match = _LINE_START.match(text)
    if match is None:
        return text
    end = match.end()
    return f"{text[: end - 1]}\\{text[end - 1 :]}"


def _lead(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trail(text: str) -> str:
    return text[len(text.rstrip()) :]


def _not_space(ch: str) -> bool:
    return not ch.isspace()


def _take(equal: list[str] | None, from_end: bool, keep: Callable[[str], bool]) -> str:
    """Remove and return the run of characters that ``keep`` accepts at one end of an
    equal item (a one-element list), or '' when there is none."""
    if not equal:
        return ""
    text = equal[0]
    n = 0
    for ch in reversed(text) if from_end else text:
        if not keep(ch):
            break
        n += 1
    if n == 0:
        return ""
    if from_end:
        equal[0], piece = text[:-n], text[-n:]
    else:
        piece, equal[0] = text[:n], text[n:]
    return piece


def _runs(ops: Sequence[Op]) -> list[list[str]]:
    """Return the operations as items: ``[equal]`` or a change ``[deleted, inserted]``,
    with empty equal items dropped and the changes on either side of them joined."""
    items: list[list[str]] = []
    for kind, text in ops:
        if kind == "equal":
            if text:
                items.append([text])
            continue
        if not items or len(items[-1]) == 1:
            items.append(["", ""])
        items[-1][0 if kind == "delete" else 1] += text
    return items


def _pieces(deleted: str, inserted: str) -> list[tuple[str, str]]:
    """Return a change laid out as pieces ``(marker, text)``: spaces both versions share at
    its edges stand outside, other edge spaces just outside their own marker."""
    sides = [t for t in (deleted, inserted) if t]
    lead = os.path.commonprefix([_lead(t) for t in sides])
    trail = os.path.commonprefix([_trail(t)[::-1] for t in sides])[::-1]
    out = [("", lead)]
    for mark, text in (("~~", deleted), ("**", inserted)):
        inner = text[len(lead) : len(text) - len(trail)] if text.strip() else ""
        if inner:
            out += [("", _lead(inner)), (mark, inner.strip()), ("", _trail(inner))]
    out.append(("", trail))
    return [(mark, text) for mark, text in out if text]


def _faithful(
    left: str, run: list[str], right: str, pieces: list[tuple[str, str]], shown: Sequence[Side]
) -> bool:
    """Return True when dropping the insertions (deletions) reads as the old (new) text,
    for each version ``shown``."""
    checks = {"old": ("**", run[0]), "new": ("~~", run[1])}
    for skip, wanted in (checks[side] for side in shown):
        seen = "".join(text for mark, text in pieces if mark != skip)
        if (left + seen + right).split() != (left + wanted + right).split():
            return False
    return True


def _stuck(left: str, pieces: list[tuple[str, str]], right: str) -> tuple[bool, bool]:
    """Return whether the first marker cannot open (punctuation right after a letter) and
    whether the last cannot close (punctuation right before a letter), as in CommonMark."""
    marked = [k for k, (mark, _) in enumerate(pieces) if mark]
    first, last = marked[0], marked[-1]
    before = (left + "".join(text for _, text in pieces[:first]))[-1:]
    after = ("".join(text for _, text in pieces[last + 1 :]) + right)[:1]
    opens = bool(before) and _wordlike(before) and _punct(pieces[first][1][0])
    closes = bool(after) and _wordlike(after) and _punct(pieces[last][1][-1])
    return opens, closes


def _widen_one(
    before: list[str] | None, run: list[str], after: list[str] | None, shown: Sequence[Side]
) -> bool:
    """Widen one change over the text beside it where its markers could not show it
    faithfully; return True when it took in any text."""
    deleted, inserted = run
    left_text, right_text = (before or [""])[0], (after or [""])[0]
    pieces = _pieces(deleted, inserted)
    keep = _not_space
    if not any(mark for mark, _ in pieces):  # spaces only: show the words around them
        take_left = take_right = True
    elif not _faithful(left_text, run, right_text, pieces, shown):
        take_left = _lead(deleted) != _lead(inserted)
        take_right = _trail(deleted) != _trail(inserted)
    else:
        take_left, take_right = _stuck(left_text, pieces, right_text)
        keep = _wordlike
    left = _take(before, True, keep) if take_left else ""
    right = _take(after, False, keep) if take_right else ""
    run[:] = [left + deleted + right, left + inserted + right]
    return bool(left or right)


def widen(ops: Sequence[Op], shown: Sequence[Side] = ("old", "new")) -> list[Op]:
    """Return the operations with changes widened over the neighbouring word where
    Markdown markers could not show them: a change of spaces only, edge spaces that would
    join or split words of the other version, and punctuation next to a letter. ``shown``
    names the versions the text is read as (both in a redline)."""
    items = _runs(ops)
    changed = True
    while changed:
        changed = False
        for k, item in enumerate(items):
            if len(item) == 2:
                before = items[k - 1] if k > 0 else None
                after = items[k + 1] if k + 1 < len(items) else None
                if _widen_one(before, item, after, shown):
                    changed = True
                    items = _runs(_ops(items))
                    break
    return _ops(items)


def _ops(items: list[list[str]]) -> list[Op]:
    out: list[Op] = []
    for item in items:
        if len(item) == 1:
            out.append(Op("equal", item[0]))
            continue
        if item[0]:
            out.append(Op("delete", item[0]))
        if item[1]:
            out.append(Op("insert", item[1]))
    return out


def _marked(ops: Sequence[Op]) -> str:
    out = []
    for item in _runs(ops):
        if len(item) == 1:
            out.append(escape(item[0]))
            continue
        for mark, text in _pieces(item[0], item[1]):
            out.append(f"{mark}{escape(text)}{mark}" if mark else text)
    return "".join(out)


def ops_markdown(ops: Sequence[Op]) -> str:
    """Return the operations as Markdown: ``~~deleted~~`` and ``**inserted**``."""
    return _marked(widen(ops))


def side_markdown(ops: Sequence[Op], side: Side) -> str:
    """Return one version's text as Markdown: the old version (``side`` "old") with its
    deleted words ``~~struck~~``, or the new one with its inserted words in ``**bold**``.

    The other version's words are left out and the changes widened by the same rules as in
    :func:`ops_markdown`, read as this version only: spaces at a change's edges stand
    outside the markers, punctuation next to a letter takes in the letters, and a change of
    spaces alone takes in the words beside it."""
    other = "insert" if side == "old" else "delete"
    current = _side_ops(ops, other)
    while True:  # ends: each round takes in more of the text, or changes nothing
        widened = _side_ops(widen(current, (side,)), other)
        if widened == current:
            return _marked(current)
        current = widened


def _side_ops(ops: Sequence[Op], other: str) -> list[Op]:
    """Return the operations without the ``other`` kind, neighbours of one kind joined."""
    out: list[Op] = []
    for op in ops:
        if op.kind == other or not op.text:
            continue
        if out and out[-1].kind == op.kind:
            out[-1] = Op(op.kind, out[-1].text + op.text)
        else:
            out.append(op)
    return out


def _block(change: BlockChange) -> str:
    note = form_note(change)
    text = ops_markdown(change.ops)
    return f"{text} *({note})*" if note else text


def _list_lines(group: BlockList, indent: str) -> list[str]:
    lines = []
    for item in group.items:
        mark = marker(group, item)
        lines.append(f"{indent}{mark}{escape_line(_block(item.change))}")
        for child in item.children:
            lines += _list_lines(child, indent + " " * len(mark))
    return lines


def _section(change: SectionChange) -> list[str]:
    lines = [f"## {escape(label(change))} ({escape(status_text(change))})"]
    if title_changed(change):
        lines += ["", f"Rubrik: {ops_markdown(change.heading_ops)}"]
    if not shows_body(change):
        return lines
    for group in group_blocks(change.blocks):
        lines.append("")
        if isinstance(group, Paragraph):
            lines.append(escape_line(_block(group.change)))
        else:
            lines += _list_lines(group, "")
    return lines


def render(result: DiffResult) -> str:
    """Return the comparison as Markdown: title, change line, legend, then every changed
    section under a ``##`` heading that names its status in words."""
    comparison = result.comparison
    lines = [
        f"# {escape(result.title)}",
        "",
        escape(f"Jämför {result.old.name} → {result.new.name}"),
        "",
        f"Ändringar: {escape(change_line(comparison))}",
        "",
        LEGEND,
    ]
    for change in comparison.changes:
        lines += ["", *_section(change)]
    unchanged = unchanged_sections(result)
    if unchanged:
        lines += ["", f"Oförändrade avsnitt: {escape(unchanged)}"]
    return "\n".join(lines) + "\n"
