"""The direktion's summary as a Word document on the base template, about two pages.

Word has no inline SVG here, so the chart's facts are two small tables: answers (on
time, late, missing, with names) and stances per document.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx.shared import Cm, Pt

from styrdok.core.vocabulary import Stance
from styrdok.reports.board_adoption import ADOPTION_HEADING, AFTER_HEADING
from styrdok.reports.board_model import HEADINGS, TITLE, Board
from styrdok.store.settings import Settings
from styrdok.word.base import clear_body, header_lines, open_template, save, set_header
from styrdok.word.package import PackageInfo, finalise
from styrdok.word.table import repeat_header

BOARD_PROPERTY = "styrdok.direktion"
MIN_NUMBER_CM = 1.4  # narrowest column of numbers
CM_PER_CHAR = 0.22  # width of a letter of a 9 pt bold header, with room to spare
FIRST_CM = 4.2  # narrowest first column beside columns of numbers
MEMBER_CM = 3.6  # the member column of the adoption table
_DNR = re.compile(r"^\s*dnr\.?\s*", re.IGNORECASE)


def _text_width(document: Any) -> int:
    section = document.sections[-1]
    return int(section.page_width - section.left_margin - section.right_margin)


def _table(
    document: Any,
    header: list[str],
    rows: list[list[str]],
    widths: list[float | None],
    numeric: set[int],
) -> Any:
    """Add a compact grid table with a bold, repeated header row and return it. ``widths``
    are column widths in cm (None: the rest of the text width); the ``numeric`` columns
    are right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    fixed = sum(int(Cm(w)) for w in widths if w is not None)
    emu = [int(Cm(w)) if w is not None else _text_width(document) - fixed for w in widths]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(9)
    repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.paragraphs[0].add_run(text).font.size = Pt(10)
    for column, width in zip(table.columns, emu, strict=True):
        column.width = width
    for row in table.rows:
        for n, cell in enumerate(row.cells):
            cell.width = emu[n]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if n in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _number_columns(document: Any, headers: list[str]) -> list[float | None]:
    """Return the widths of a table with a wide first column and columns of numbers, each
    as wide as the longest word of its header (shrunk when the page is too narrow)."""
    wanted = [max(MIN_NUMBER_CM, CM_PER_CHAR * max(map(len, h.split())) + 0.5) for h in headers]
    room = _text_width(document) / int(Cm(1)) - FIRST_CM
    scale = min(1.0, room / sum(wanted))
    return [None, *(w * scale for w in wanted)]


def _heading(document: Any, text: str, level: int) -> Any:
    heading = document.add_paragraph(text, style=f"Heading {level}")
    heading.paragraph_format.keep_with_next = True
    return heading


def _bullets(document: Any, items: list[str]) -> None:
    for item in items:
        document.add_paragraph(item, style="List Bullet").paragraph_format.space_after = Pt(2)


def board_docx(board: Board, settings: Settings, template: Path) -> bytes:
    """Return the summary as .docx bytes on ``template``; the same board gives the same
    bytes."""

    document = open_template(template)
    clear_body(document)
    _heading(document, TITLE, 1)
    lead = document.add_paragraph()
    lead.add_run(board.round_title).bold = True
    lead.add_run(f" · underlag daterat {board.date_text}")
    document.add_paragraph(board.intro)

    _heading(document, HEADINGS[0], 2)
    words = [w.capitalize() for w in board.count_words]
    _table(
        document,
        ["Dokument", *words],
        [[d.title, *(str(n) for _, n in d.counts)] for d in board.documents],
        _number_columns(document, words),
        set(range(1, len(board.count_words) + 1)),
    )
    for d in board.documents:
        _heading(document, d.title, 3)
        line = document.add_paragraph()
        line.add_run("Ändringar: ").bold = True
        line.add_run(d.change_line)
        line.add_run(f" ({d.base} → {d.proposal})")
        _bullets(document, [*d.changes, *([d.more_text] if d.more else [])])
        if d.note:
            document.add_paragraph().add_run(f"Anmärkning i förslaget: {d.note}").italic = True

    _heading(document, HEADINGS[1], 2)
    _table(
        document,
        ["Svar", "Antal", "Remissinstanser"],
        [[g.heading, str(len(g.names)), ", ".join(g.names) or "–"] for g in board.answers],
        [5.0, 1.6, None],
        {1},
    )
    caption = document.add_paragraph()
    caption.add_run("Ställningstaganden till ändrade avsnitt, antal synpunkter").bold = True
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(8)
    stances = [s.capitalize() for s in Stance]
    _table(
        document,
        ["Dokument", *stances],
        [[d.title, *(str(c.value) for c in d.stances)] for d in board.documents],
        _number_columns(document, stances),
        set(range(1, len(Stance) + 1)),
    )
    for note in board.notes:
        document.add_paragraph(note).paragraph_format.space_before = Pt(6)

    _heading(document, HEADINGS[2], 2)
    if not board.opposed:
        document.add_paragraph("Ingen remissinstans avstyrker något av de ändrade avsnitten.")
    for s in board.opposed:
        _heading(document, f"{s.section} ({s.document})", 3)
        lines = [
            f"{o.name} avstyrker" + (f": {o.comment}" if o.comment else ".") for o in s.objections
        ]
        if s.others:
            lines.append(f"Övriga: {s.others}.")
        if s.position:
            lines.append(f"Förbundets ställningstagande: {s.position}")
        _bullets(document, lines)

    if board.after:
        _heading(document, AFTER_HEADING, 2)
        _bullets(document, list(board.after))
    if board.adoption is not None:
        a = board.adoption
        _heading(document, ADOPTION_HEADING, 2)
        document.add_paragraph(a.decision)
        for text in a.signatures:
            document.add_paragraph(text).paragraph_format.space_after = Pt(2)
        if a.documents:
            n = len(a.documents)
            share = (_text_width(document) / int(Cm(1)) - MEMBER_CM) / n
            widths: list[float | None] = [MEMBER_CM, *([share] * (n - 1)), None]
            rows = [[r.member, *r.cells] for r in a.rows]
            _table(document, ["Medlem", *a.documents], rows, widths, set())
        _bullets(document, list(a.force))

    _heading(document, HEADINGS[3], 2)
    _bullets(document, list(board.next_steps))

    dnr = ", ".join(_DNR.sub("", d) for d in board.dnr) or None
    set_header(
        document,
        header_lines(board.organisation, TITLE, f"remiss {board.round_id}", dnr, board.date),
    )
    info = PackageInfo(
        title=f"{TITLE}: {board.round_title}",
        author=settings.author,
        date=board.date,
        custom={BOARD_PROPERTY: board.round_id},
    )
    return finalise(save(document), info)
