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
from styrdok.core.errors import TemplateError
from styrdok.core.vocabulary import PREAMBLE_HEADING
from styrdok.store.settings import Settings
from styrdok.word import xmltext
from styrdok.word.base import (
    clear_body,
    grid_style,
    header_lines,
    open_template,
    set_header,
    style_id,
)
from styrdok.word.ooxml import el, element_of
from styrdok.word.package import PackageInfo, finalise_parts
from styrdok.word.template import NeedsPythonDocx, TemplateDocument

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
    if isinstance(document, TemplateDocument):
        for found in document.sections:
            found.landscape()
        return
    from docx.enum.section import WD_ORIENT

    for section in document.sections:
        if section.orientation != WD_ORIENT.LANDSCAPE:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width


RunLook = tuple[bool, bool, bool]  # bold, struck through, underlined


def _side_runs(ops: Sequence[Op], side: Side, bold: bool = False) -> list[tuple[str, RunLook]]:
    """Return the runs of one side: text and look, marking what differs from the other."""
    skip = "insert" if side == "old" else "delete"
    runs: list[tuple[str, RunLook]] = []
    for op in ops:
        if op.kind == skip or not op.text:
            continue
        if op.kind == "delete":
            runs.append((op.text, (bold, True, False)))
        elif op.kind == "insert":
            runs.append((op.text, (True, False, True)))
        else:
            runs.append((op.text, (bold, False, False)))
    return runs


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


def cell_paragraphs(
    change: SectionChange, side: Side
) -> list[tuple[str, list[tuple[str, RunLook]]]] | None:
    """Return one side of a changed section as the paragraphs of a table cell: a list
    marker (plain text, maybe empty) and the marked runs; None when the section is not in
    that version. The first paragraph is the heading, in bold."""
    section = change.old if side == "old" else change.new
    if section is None:
        return None
    if section.heading is not None:
        paragraphs = [("", _side_runs(change.heading_ops, side, bold=True))]
    else:
        paragraphs = [("", [(PREAMBLE_HEADING, (True, False, False))])]
    counters: dict[int, int] = {}
    for block in change.blocks:
        present = block.old if side == "old" else block.new
        if present is None:
            continue
        marker = _marker(block, side, counters)
        paragraphs.append((marker, _side_runs(block.ops, side)))
    return paragraphs


def fill_cell(cell: Any, change: SectionChange, side: Side) -> None:
    """Write one side of a changed section into a table cell (python-docx's)."""
    found = cell_paragraphs(change, side)
    if found is None:
        return
    for n, (marker, runs) in enumerate(found):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        if marker:
            paragraph.add_run(marker)
        for text, (bold, strike, underline) in runs:
            run = paragraph.add_run(text)
            run.bold = bold or None
            if strike:
                run.font.strike = True
            if underline:
                run.underline = True


def _cell_xml(width: int, change: SectionChange, side: Side, first: str, remark: str) -> str:
    """Return a section row's cell as WordprocessingML text, as :func:`fill_cell` and the
    row's spacing write it through python-docx: ``first`` goes before the runs of the
    first paragraph (a bookmark), ``remark`` is an italic last paragraph."""
    found = cell_paragraphs(change, side) or [("", [])]
    out = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>']
    for n, (marker, runs) in enumerate(found):
        out.append(_SPACED)
        if n == 0:
            out.append(first)
        if marker:
            out.append(xmltext.run(marker))
        for text, (bold, strike, underline) in runs:
            props = xmltext.run_properties(bold, False, strike, underline) or "<w:rPr/>"
            out.append(xmltext.run(text, props))
        out.append("</w:p>")
    if remark:
        out.append(f"{_SPACED}{xmltext.run(remark, xmltext.run_properties(italic=True))}</w:p>")
    out.append("</w:tc>")
    return "".join(out)


_SPACED = '<w:p><w:pPr><w:spacing w:after="80"/></w:pPr>'  # space after: 4 pt


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
    give the same bytes.

    The template is read without python-docx when it can be (word.template), else (or
    when it turns out to need python-docx) opened with it; both give the same bytes."""
    try:
        return _table(result, settings, date, TemplateDocument.open(template))
    except NeedsPythonDocx:
        return _table(result, settings, date, open_template(template))


def _table(result: DiffResult, settings: Settings, date: dt.date, document: Any) -> bytes:
    clear_body(document)
    _landscape(document)
    comparison = result.comparison
    try:
        heading = style_id(document, "Heading 1", "paragraph")
    except (KeyError, ValueError):
        raise TemplateError("Word-mallen saknar formatmallen 'Heading 1' (Rubrik 1)") from None
    bold, strike = xmltext.run_properties(bold=True), xmltext.run_properties(strike=True)
    added = xmltext.run_properties(bold=True, underline=True)
    body = xmltext.BodyText(document)
    body.add(xmltext.paragraph(xmltext.run(f"Jämförelsetabell: {result.title}"), heading))
    names = f"Nuvarande lydelse: {result.old.name}. Föreslagen lydelse: {result.new.name}."
    body.add(xmltext.paragraph(xmltext.run(names)))
    line = xmltext.run("Ändringar: ", bold) + xmltext.run(change_line(comparison))
    body.add(xmltext.paragraph(line))
    legend = (
        xmltext.run("Borttagen text är ")
        + xmltext.run("överstruken", strike)
        + xmltext.run(", tillagd text är ")
        + xmltext.run("understruken i fetstil", added)
        + xmltext.run(".")
    )
    body.add(xmltext.paragraph(legend))
    changes = comparison.changes
    width = _column_twips(document)
    style = style_id(document, grid_style(document), "table")
    table_style = "" if style is None else f"<w:tblStyle w:val={xmltext.attr(style)}/>"
    start = (
        f'<w:tbl><w:tblPr>{table_style}<w:tblW w:type="auto" w:w="0"/>{xmltext.TABLE_LOOK}'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/><w:gridCol w:w="{width}"/>'
        "</w:tblGrid></w:tbl>"
    )
    header = xmltext.row(
        (xmltext.cell(width, xmltext.run(text, bold)) for text in HEADERS), header=True
    )
    rows = [header]
    chapter = ""
    for n, change in enumerate(changes, 1):
        if change.chapter and change.chapter != chapter:
            rows.append(
                f'<w:tr><w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{2 * width}"/>'
                f'<w:gridSpan w:val="2"/></w:tcPr>'
                f"{xmltext.paragraph(xmltext.run(change.chapter, bold))}</w:tc></w:tr>"
            )
        chapter = change.chapter
        ident = BOOKMARK_IDS + n
        mark = (
            f'<w:bookmarkStart w:id="{ident}" w:name="{ROW_BOOKMARK}{n}"/>'
            f'<w:bookmarkEnd w:id="{ident}"/>'
        )
        old = _cell_xml(width, change, "old", mark, "")
        new = _cell_xml(width, change, "new", "", note(change) or "")
        rows.append(f"<w:tr>{old}{new}</w:tr>")
    body.add_table(start, rows)
    if not changes:
        body.add(xmltext.paragraph(xmltext.run("Inga avsnitt har ändrats.")))
    new_version = comparison.new
    label = f"jämförelse {result.old.name} → {result.new.name}"
    set_header(
        document,
        header_lines(settings.organisation.name, result.title, label, new_version.meta.dnr, date),
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
    return finalise_parts(body.save(document), info)


def _column_twips(document: Any) -> int:
    """Return the width in twips python-docx gives each of two columns of a new table:
    half the text width of the last section."""
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    return int(round((width // 2) / 635.0))


def repeat_header(row: Any) -> None:
    """Mark a table row (python-docx's) to repeat at the top of every page."""
    element_of(row).get_or_add_trPr().append(el("w:tblHeader", {"w:val": "true"}))


def set_caption(table: Any, caption: str) -> None:
    """Give a table (python-docx's) the caption that screen readers announce."""
    element_of(table).tblPr.append(el("w:tblCaption", {"w:val": caption}))
