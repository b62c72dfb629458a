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
from styrdok.word.base import clear_body, grid_style, header_lines, open_template, save, set_header
from styrdok.word.fit import fit, keep_dates_in, need_cm, shrink, want_cm
from styrdok.word.package import PackageInfo, finalise
from styrdok.word.table import repeat_header

BOARD_PROPERTY = "styrdok.direktion"
HEADER_PT, CELL_PT = 9, 10
MIN_NUMBER_CM = 1.4  # narrowest column of numbers
LABEL_CM = 5.0  # widest a column of labels grows to hold its longest cell on one line
_DNR = re.compile(r"^\s*dnr\.?\s*", re.IGNORECASE)


def _text_width(document: Any) -> int:
    section = document.sections[-1]
    return int(section.page_width - section.left_margin - section.right_margin)


def _widths(document: Any, header: list[str], rows: list[list[str]], grow: list[int]) -> list[int]:
    """Return column widths (EMU) that fill the text width, each column at least as wide
    as its longest word (numbers at least MIN_NUMBER_CM), the room left to ``grow``."""
    columns = [
        [(head, HEADER_PT, True), *((row[k], CELL_PT, False) for row in rows)]
        for k, head in enumerate(header)
    ]
    needs = [need_cm(cells) for cells in columns]
    needs = [max(n, MIN_NUMBER_CM) if k not in grow else n for k, n in enumerate(needs)]
    wants = [want_cm(cells, LABEL_CM) for cells in columns]
    total = _text_width(document) / int(Cm(1))
    widths = fit(needs, total, grow, wants) or shrink(needs, total)
    emu = [int(Cm(w)) for w in widths]
    emu[-1] += _text_width(document) - sum(emu)  # rounding: the table fills the width
    return emu


def _table(
    document: Any, header: list[str], rows: list[list[str]], grow: list[int], numeric: set[int]
) -> Any:
    """Add a compact grid table with a bold, repeated header row and return it: fixed
    column widths, none narrower than its longest word, the room left to the ``grow``
    columns; the ``numeric`` columns are right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=1, cols=len(header))
    table.style = grid_style(document)
    table.autofit = False
    emu = _widths(document, header, rows, grow)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(HEADER_PT)
    repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.paragraphs[0].add_run(text).font.size = Pt(CELL_PT)
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
        [0],
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
        [2],
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
        [0],
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
            rows = [[r.member, *r.cells] for r in a.rows]
            grow = list(range(1, len(a.documents) + 1))
            _table(document, ["Medlem", *a.documents], rows, grow, set())
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
    keep_dates_in(document)
    return finalise(save(document), info)
