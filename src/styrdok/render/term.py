"""The comparison as terminal text: ANSI colours, or git word-diff markers when piped."""

from __future__ import annotations

from collections.abc import Iterable

from styrdok.compare.changeline import change_line
from styrdok.compare.diff import DiffResult
from styrdok.compare.engine import BlockChange, SectionChange
from styrdok.compare.worddiff import Op
from styrdok.render.common import (
    BlockList,
    Paragraph,
    form_note,
    group_blocks,
    heading_prefix,
    label,
    marker,
    shows_body,
    status_text,
    unchanged_count,
)

RULE = "── "
# Each style is switched off on its own, so that a change inside a bold heading stays bold.
BOLD = ("\x1b[1m", "\x1b[22m")
DIM = ("\x1b[2m", "\x1b[22m")
DELETED = ("\x1b[31;9m", "\x1b[29;39m")  # red, struck through
INSERTED = ("\x1b[32;4m", "\x1b[24;39m")  # green, underlined
PLAIN_DELETED = ("[-", "-]")
PLAIN_INSERTED = ("{+", "+}")


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def wrap(self, text: str, codes: tuple[str, str]) -> str:
        return f"{codes[0]}{text}{codes[1]}" if self.color and text else text

    def ops(self, ops: Iterable[Op]) -> str:
        out = []
        for op in ops:
            if op.kind == "delete":
                out.append(self._mark(op.text, DELETED, PLAIN_DELETED))
            elif op.kind == "insert":
                out.append(self._mark(op.text, INSERTED, PLAIN_INSERTED))
            else:
                out.append(op.text)
        return "".join(out)

    def _mark(self, text: str, codes: tuple[str, str], plain: tuple[str, str]) -> str:
        pair = codes if self.color else plain
        return f"{pair[0]}{text}{pair[1]}"

    def block(self, change: BlockChange) -> str:
        note = form_note(change)
        text = self.ops(change.ops)
        return f"{text} {self.wrap(f'({note})', DIM)}" if note else text


def _list_lines(group: BlockList, indent: str, style: _Style) -> list[str]:
    lines = []
    for item in group.items:
        mark = marker(group, item)
        lines.append(f"{indent}{mark}{style.block(item.change)}")
        for child in item.children:
            lines += _list_lines(child, indent + " " * len(mark), style)
    return lines


def _section(change: SectionChange, style: _Style) -> list[str]:
    prefix = heading_prefix(change)
    heading = style.ops(change.heading_ops)
    heading = f"{prefix} {heading}" if heading and prefix else heading or label(change)
    lines = [style.wrap(f"{RULE}{heading} ({status_text(change)})", BOLD)]
    if not shows_body(change):
        return lines
    for group in group_blocks(change.blocks):
        lines.append("")
        if isinstance(group, Paragraph):
            lines.append(style.block(group.change))
        else:
            lines += _list_lines(group, "", style)
    return lines


def render(result: DiffResult, color: bool = False) -> str:
    """Return the comparison as terminal text: a header, then every changed section with
    its deletions and insertions marked (ANSI colours, or ``[-…-]``/``{+…+}`` without)."""
    style = _Style(color)
    comparison = result.comparison
    lines = [
        style.wrap(result.title, BOLD),
        f"Jämför {result.old.name} → {result.new.name}",
        f"Ändringar: {change_line(comparison)}",
    ]
    for change in comparison.changes:
        lines += ["", *_section(change, style)]
    footer = unchanged_count(result)
    if footer:
        lines += ["", footer]
    return "\n".join(lines) + "\n"
