"""The comparison as Markdown for viewers without diff support: deletions ~~struck~~,
insertions in **bold**.

Emphasis markers only work where CommonMark lets them open and close (``** x**`` and
``a~~,b~~`` do not), so edge spaces are moved outside the markers and a change that starts
or ends with punctuation next to a letter is widened to the whole word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from styrdok.compare import BlockChange, SectionChange
from styrdok.redline import DiffResult
from styrdok.render_common import (
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
from styrdok.worddiff import Op

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


def widen(ops: Sequence[Op]) -> list[Op]:
    """Return the operations with changes widened where markers could not show them: a
    change of spaces only takes in the words around it, and a change that starts (ends)
    with punctuation right after (before) a letter takes in that word."""
    items: list[list[str]] = []  # [equal] or [deleted, inserted]
    for op in ops:
        if op.kind == "equal":
            items.append([op.text])
        else:
            if not items or len(items[-1]) == 1:
                items.append(["", ""])
            items[-1][0 if op.kind == "delete" else 1] += op.text
    for k, item in enumerate(items):
        if len(item) == 1:
            continue
        before = items[k - 1] if k > 0 else None
        after = items[k + 1] if k + 1 < len(items) else None
        if not "".join(item).strip():
            left = _take(before, True, lambda ch: not ch.isspace())
            right = _take(after, False, lambda ch: not ch.isspace())
            item[:] = [left + t + right for t in item]
        texts = [t for t in item if t]
        if not texts:
            continue
        if before and before[0] and _wordlike(before[0][-1]) and _punct(texts[0][0]):
            piece = _take(before, True, _wordlike)
            item[:] = [piece + t for t in item]
        if after and after[0] and _wordlike(after[0][0]) and _punct(texts[-1][-1]):
            piece = _take(after, False, _wordlike)
            item[:] = [t + piece for t in item]
    out: list[Op] = []
    for item in items:
        if len(item) == 1:
            if item[0]:
                out.append(Op("equal", item[0]))
            continue
        if item[0]:
            out.append(Op("delete", item[0]))
        if item[1]:
            out.append(Op("insert", item[1]))
    return out


def _mark(text: str, mark: str) -> str:
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{escape(core)}{mark}{trail}"


def ops_markdown(ops: Sequence[Op]) -> str:
    """Return the operations as Markdown: ``~~deleted~~`` and ``**inserted**``."""
    out = []
    for op in widen(ops):
        if op.kind == "delete":
            out.append(_mark(op.text, "~~"))
        elif op.kind == "insert":
            out.append(_mark(op.text, "**"))
        else:
            out.append(escape(op.text))
    return "".join(out)


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
        f"Ändringar: {escape(comparison.summary)}",
        "",
        LEGEND,
    ]
    for change in comparison.changes:
        lines += ["", *_section(change)]
    unchanged = unchanged_sections(result)
    if unchanged:
        lines += ["", f"Oförändrade avsnitt: {escape(unchanged)}"]
    return "\n".join(lines) + "\n"
