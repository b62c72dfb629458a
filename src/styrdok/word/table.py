"""The comparison table (jämförelsetabell): current and proposed wording side by side.

The layout Swedish public bodies use to present amendments: landscape A4, the change
line at the top, then a two-column table with "Nuvarande lydelse" and "Föreslagen
lydelse" and one row per changed section. Removed words are struck through in the left
column and added words underlined in bold in the right one, so the marking does not
depend on colour. A new section has an empty left cell, a repealed one an empty right.

In a document with chapters a row naming the chapter stands before its sections. Each
section row carries a bookmark, and the custom property ``styrdok.rader`` maps it to the
section's key (:mod:`styrdok.compare.keys`), so that a comment on a row is tied to its
section even where a repealed and a renumbered section have the same number.

It also holds the two table properties python-docx has no API for, which the summary and
board tables use too: a header row repeated on every page and a table caption.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from styrdok.compare.changeline import change_line
from styrdok.compare.engine import BlockChange, SectionChange, SectionStatus
from styrdok.compare.worddiff import Op
from styrdok.core.vocabulary import PREAMBLE_HEADING
from styrdok.store.settings import Settings
from styrdok.word.base import clear_body, grid_style, header_lines, open_template, save, set_header
from styrdok.word.ooxml import add_bookmark, el, element_of
from styrdok.word.package import PackageInfo, finalise

if TYPE_CHECKING:
    from styrdok.compare.diff import DiffResult

Side = Literal["old", "new"]
HEADERS = ("Nuvarande lydelse", "Föreslagen lydelse")
TABLE_PROPERTY = "styrdok.jamforelse"
ROWS_PROPERTY = "styrdok.rader"  # the bookmark of each section row → the section's key
ROW_BOOKMARK = "styrdok_rad_"
BOOKMARK_IDS = 9000  # above the ids Word and python-docx give their own bookmarks


def rows_property(keys: Sequence[str]) -> str:
    """Return the property ``styrdok.rader``: row bookmark → section key, in row order."""
    listed = [{"bokmärke": f"{ROW_BOOKMARK}{n}", "nyckel": k} for n, k in enumerate(keys, 1)]
    return json.dumps(listed, ensure_ascii=False)


def read_rows_property(text: str) -> dict[str, str]:
    """Return what :func:`rows_property` wrote (bookmark → key); {} for a mangled value."""
    try:
        listed = json.loads(text)
    except ValueError:
        return {}
    return {
        str(item.get("bokmärke", "")): str(item.get("nyckel", ""))
        for item in (listed if isinstance(listed, list) else [])
        if isinstance(item, dict)
    }


def _landscape(document: Any) -> None:
    from docx.enum.section import WD_ORIENT

    for section in document.sections:
        if section.orientation != WD_ORIENT.LANDSCAPE:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width


def _runs(paragraph: Any, ops: Sequence[Op], side: Side, bold: bool = False) -> None:
    """Add the text of one side to a paragraph, marking what differs from the other."""
    skip = "insert" if side == "old" else "delete"
    for op in ops:
        if op.kind == skip or not op.text:
            continue
        run = paragraph.add_run(op.text)
        run.bold = bold or None
        if op.kind == "delete":
            run.font.strike = True
        elif op.kind == "insert":
            run.bold = True
            run.underline = True


def _marker(block: BlockChange, side: Side, counters: dict[int, int]) -> str:
    item = block.old if side == "old" else block.new
    assert item is not None
    if item.kind == "bullet":
        return "  " * item.depth + "• "
    if item.kind == "ordered":
        counters[item.depth] = counters.get(item.depth, 0) + 1
        for deeper in [d for d in counters if d > item.depth]:
            del counters[deeper]
        return "  " * item.depth + f"{counters[item.depth]}. "
    counters.clear()
    return ""


def fill_cell(cell: Any, change: SectionChange, side: Side) -> None:
    """Write one side of a changed section into a table cell."""
    section = change.old if side == "old" else change.new
    first = cell.paragraphs[0]
    if section is None:
        return
    if section.heading is not None:
        _runs(first, change.heading_ops, side, bold=True)
    else:
        first.add_run(PREAMBLE_HEADING).bold = True
    counters: dict[int, int] = {}
    for block in change.blocks:
        present = block.old if side == "old" else block.new
        if present is None:
            continue
        paragraph = cell.add_paragraph()
        marker = _marker(block, side, counters)
        if marker:
            paragraph.add_run(marker)
        _runs(paragraph, block.ops, side)


def note(change: SectionChange) -> str | None:
    if change.status == SectionStatus.RENUMBERED and change.old and change.new:
        return f"Nuvarande {change.old.ref} betecknas {change.new.ref}."
    if change.status == SectionStatus.MOVED and change.old and change.new:
        return f"Flyttas från {change.old.ref}."
    if change.split_from:
        return f"Bryts ut ur {change.split_from}."
    if change.merged_into:
        return f"Förs in i {change.merged_into}."
    return None


def table_docx(result: DiffResult, settings: Settings, date: dt.date, template: Path) -> bytes:
    """Return the comparison table of a comparison as .docx bytes; the same arguments
    give the same bytes."""
    from docx.shared import Pt

    document = open_template(template)
    clear_body(document)
    _landscape(document)
    comparison = result.comparison
    document.add_paragraph(f"Jämförelsetabell: {result.title}", style="Heading 1")
    document.add_paragraph(
        f"Nuvarande lydelse: {result.old.name}. Föreslagen lydelse: {result.new.name}."
    )
    line = document.add_paragraph()
    line.add_run("Ändringar: ").bold = True
    line.add_run(change_line(comparison))
    legend = document.add_paragraph("Borttagen text är ")
    legend.add_run("överstruken").font.strike = True
    legend.add_run(", tillagd text är ")
    added = legend.add_run("understruken i fetstil")
    added.bold = True
    added.underline = True
    legend.add_run(".")
    changes = comparison.changes
    table = document.add_table(rows=1, cols=2)
    table.style = grid_style(document)
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    repeat_header(table.rows[0])
    chapter = ""
    for n, change in enumerate(changes, 1):
        if change.chapter and change.chapter != chapter:
            heading = table.add_row()
            merged = heading.cells[0].merge(heading.cells[1])
            merged.paragraphs[0].add_run(change.chapter).bold = True
        chapter = change.chapter
        row = table.add_row()
        add_bookmark(element_of(row.cells[0].paragraphs[0]), f"{ROW_BOOKMARK}{n}", BOOKMARK_IDS + n)
        fill_cell(row.cells[0], change, "old")
        fill_cell(row.cells[1], change, "new")
        remark = note(change)
        if remark:
            row.cells[1].add_paragraph().add_run(remark).italic = True
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(4)
    if not changes:
        document.add_paragraph("Inga avsnitt har ändrats.")
    new = comparison.new
    label = f"jämförelse {result.old.name} → {result.new.name}"
    set_header(
        document, header_lines(settings.organisation.name, result.title, label, new.meta.dnr, date)
    )
    info = PackageInfo(
        title=f"Jämförelsetabell: {result.title}",
        author=settings.author,
        date=date,
        custom={
            TABLE_PROPERTY: f"{result.old.short}..{result.new.short}",
            ROWS_PROPERTY: rows_property([c.key for c in changes]),
        },
    )
    return finalise(save(document), info)


def repeat_header(row: Any) -> None:
    """Mark a table row (python-docx's) to repeat at the top of every page."""
    element_of(row).get_or_add_trPr().append(el("w:tblHeader", {"w:val": "true"}))


def set_caption(table: Any, caption: str) -> None:
    """Give a table (python-docx's) the caption that screen readers announce."""
    element_of(table).tblPr.append(el("w:tblCaption", {"w:val": caption}))
