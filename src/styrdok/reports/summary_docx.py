"""The remissammanställning as a Word file for the board papers, on the base template.

Headings use the template's built-in heading styles (so Word's navigation pane and tables
of contents find them), the page header carries the organisation, diarienummer, title and
date, and the footer the template's page numbers. The overview matrix is a real table; when
it has more recipient columns than fit on a portrait page it gets a landscape section of its
own. Each changed section shows its current and proposed wording side by side as in the
comparison table (:mod:`styrdok.word.table`): removed words struck through, added words
underlined in bold, so that the marking does not depend on colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from styrdok.core.templating import find_template
from styrdok.core.vocabulary import Stance
from styrdok.reports.compilation import NO_ANSWER
from styrdok.reports.summary_intro import join_sv
from styrdok.reports.summary_model import (
    APPENDIX_HEADERS,
    TEXT,
    Quote,
    Side,
    Summary,
    SummarySection,
    position_lines,
)
from styrdok.store.settings import Settings
from styrdok.word.base import clear_body, open_template, save, set_header
from styrdok.word.fit import chunks, fit, keep_dates_in, need_cm, shrink, want_cm
from styrdok.word.package import PackageInfo, finalise
from styrdok.word.table import HEADERS as WORDING_HEADERS
from styrdok.word.table import fill_cell as fill_wording
from styrdok.word.table import note as wording_note
from styrdok.word.table import repeat_header, set_caption

BASE_TEMPLATE = "base.docx"
SUMMARY_PROPERTY = "styrdok.sammanstallning"
TEXT_WIDTH_CM = {False: 16.0, True: 24.7}  # A4 with the base template's 2.5 cm margins
TABLE_FONT_PT = 9
APPENDIX_PT = 8
LABEL_CM = 4.5  # widest a column of labels grows to hold its longest cell on one line
BREAKABLE_CM = {1: 3.6, 4: 3.2}  # appendix: a path and a checksum may break anywhere


def _heading(document: Any, text: str, level: int) -> None:
    document.add_paragraph(text, style=f"Heading {level}")


def _quote(document: Any, text: str) -> None:
    """Add text quoted as received, one paragraph per line, in the Quote style."""
    for line in text.strip().splitlines() or [""]:
        try:
            document.add_paragraph(line, style="Quote")
        except KeyError:
            document.add_paragraph().add_run(line).italic = True


def _labelled(document: Any, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)


def _table(
    document: Any, caption: str, headers: Sequence[str], widths: Sequence[float], size: float
) -> Any:
    """Return a new table with a caption, a bold header row in ``size`` pt repeated on
    every page and fixed column widths in cm."""
    from docx.shared import Cm, Pt

    try:
        document.add_paragraph(caption, style="Caption")
    except KeyError:
        document.add_paragraph().add_run(caption).bold = True
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    set_caption(table, caption)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = Cm(width)  # as in every row, so that Word and LibreOffice agree
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    repeat_header(table.rows[0])
    return table


def _row(table: Any, cells: Sequence[str], widths: Sequence[float], size: float) -> Any:
    """Add a row of plain text cells, the first in bold, and return it."""
    from docx.shared import Cm, Pt

    row = table.add_row()
    for n, (cell, text, width) in enumerate(zip(row.cells, cells, widths, strict=True)):
        cell.width = Cm(width)
        run = cell.paragraphs[0].add_run(text)
        run.font.size = Pt(size)
        run.bold = n == 0 or None
    return row


def _orientation(document: Any, landscape: bool) -> None:
    """Start a new section on a new page, in landscape or in portrait."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    wide = section.page_width > section.page_height
    if wide != landscape:
        section.page_width, section.page_height = section.page_height, section.page_width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _introduction(document: Any, summary: Summary) -> None:
    _heading(document, TEXT["round"], 2)
    for text in summary.round_text:
        document.add_paragraph(text)
    _heading(document, TEXT["answers"], 2)
    document.add_paragraph(" ".join(summary.answers_text))
    caption = "Remissinstanser, svarsdagar och inkomna svar"
    headers = summary.answer_headers
    rows = [summary.answer_cells(line) for line in summary.lines]
    note = len(headers) - 1  # the notes column takes the room left
    widths = _widths(headers, rows, 10, TEXT_WIDTH_CM[False], grow=[note], bold=[note])
    table = _table(document, caption, headers, widths, 10)
    for line, cells in zip(summary.lines, rows, strict=True):
        row = _row(table, cells, widths, 10)
        if line.late:
            row.cells[-1].paragraphs[0].runs[0].bold = True


def _cells(
    headers: Sequence[str], rows: Sequence[Sequence[str]], size: float, bold: Iterable[int] = ()
) -> list[list[tuple[str, float, bool]]]:
    """Return each column's texts as :mod:`styrdok.word.fit` measures them: the header,
    the first column and the ``bold`` columns (that may be bold) in bold, all in ``size``
    pt."""
    heavy = {0, *bold}
    return [
        [(head, size, True), *((row[k], size, k in heavy) for row in rows)]
        for k, head in enumerate(headers)
    ]


def _widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    size: float,
    total: float,
    grow: Iterable[int] = (),
    bold: Iterable[int] = (),
) -> list[float]:
    """Return column widths in cm filling ``total``, none narrower than its longest word,
    a label column wide enough for its longest cell when there is room (at most
    LABEL_CM), the room left to the ``grow`` columns."""
    columns = _cells(headers, rows, size, bold)
    needs = [need_cm(cells) for cells in columns]
    wants = [want_cm(cells, LABEL_CM) for cells in columns]
    return fit(needs, total, grow, wants) or shrink(needs, total)


def _matrix_parts(summary: Summary, width: float) -> list[list[int]]:
    """Return the recipients (by index) of each part of the overview matrix: as many as
    fit beside the section column with no name or stance broken inside a word."""
    cells = [s.cells for d in summary.documents for s in d.sections]
    labels = [("Avsnitt", TABLE_FONT_PT, True)] + [
        (s.label, TABLE_FONT_PT, True) for d in summary.documents for s in d.sections
    ]
    first = max(need_cm(labels), want_cm(labels, LABEL_CM))
    needs = [
        need_cm([(name, TABLE_FONT_PT, True), *((row[k], TABLE_FONT_PT, True) for row in cells)])
        for k, name in enumerate(summary.recipients)
    ]
    return chunks(needs, width - first)


def matrix_fits_portrait(summary: Summary) -> bool:
    """Return True when the overview matrix fits a portrait page in one part."""
    return len(_matrix_parts(summary, TEXT_WIDTH_CM[False])) <= 1


def _overview(document: Any, summary: Summary, landscape: bool) -> None:
    _heading(document, TEXT["overview"], 2)
    width = TEXT_WIDTH_CM[landscape]
    parts = _matrix_parts(summary, width)
    for d in summary.documents:
        _heading(document, d.title, 3)
        if not d.sections:
            document.add_paragraph("Inga ändrade avsnitt.")
            continue
        for n, part in enumerate(parts, 1):
            caption = f"Remissinstansernas ställningstaganden: {d.title}"
            if len(parts) > 1:
                caption += f" (del {n} av {len(parts)})"
            headers = ("Avsnitt", *(summary.recipients[k] for k in part))
            rows = [(s.label, *(s.cells[k] for k in part)) for s in d.sections]
            widths = _widths(headers, rows, TABLE_FONT_PT, width, grow=range(1, len(headers)))
            table = _table(document, caption, headers, widths, TABLE_FONT_PT)
            for cells in rows:
                row = _row(table, cells, widths, TABLE_FONT_PT)
                for cell, stance in zip(row.cells[1:], cells[1:], strict=True):
                    run = cell.paragraphs[0].runs[0]
                    run.bold = stance == Stance.OPPOSES or None
                    run.italic = stance == NO_ANSWER or None
    document.add_paragraph(TEXT["no-stance"])


def _opinion(document: Any, o: Quote) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(o.name).bold = True
    paragraph.add_run(": ")
    paragraph.add_run(o.stance).bold = o.stance == Stance.OPPOSES or None
    paragraph.add_run(f" ({o.origin})")
    if o.anchor:
        document.add_paragraph(f"{TEXT['anchor']}:")
        _quote(document, o.anchor)
    if o.comment:
        _quote(document, o.comment)
    if o.proposal:
        document.add_paragraph(f"{TEXT['proposal']}:")
        _quote(document, o.proposal)


def _position(document: Any, level: int, position: Any) -> None:
    _heading(document, TEXT["position"], level)
    found = position_lines(position)
    if not found:
        document.add_paragraph(TEXT["no-position"])
    for label, text in found:
        _labelled(document, label, text)


def _section(document: Any, s: SummarySection, level: int = 4) -> None:
    from docx.shared import Cm, Pt

    _heading(document, f"{s.label} ({s.status_text})", level)
    table = _table(document, f"Lydelse: {s.label}", WORDING_HEADERS, (8.0, 8.0), 11)
    row = table.add_row()
    sides: tuple[Side, Side] = ("old", "new")
    for cell, side in zip(row.cells, sides, strict=True):
        cell.width = Cm(8.0)
        fill_wording(cell, s.change, side)
        if (s.change.old if side == "old" else s.change.new) is None:
            cell.paragraphs[0].add_run(TEXT[f"absent-{side}"]).italic = True
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.space_after = Pt(4)
    note = wording_note(s.change)
    if note:
        row.cells[1].add_paragraph().add_run(note).italic = True
    _heading(document, TEXT["views"], level + 1)
    if not s.opinions:
        document.add_paragraph(TEXT["no-views"])
    for o in s.opinions:
        _opinion(document, o)
    for key, names in (("silent", s.silent), ("unanswered", s.unanswered)):
        if names:
            _labelled(document, TEXT[key], f"{join_sv(names)}.")
    _position(document, level + 1, s.position)


def _legend(document: Any) -> None:
    legend = document.add_paragraph("Teckenförklaring: borttagen text är ")
    legend.add_run("överstruken").font.strike = True
    legend.add_run(", tillagd text är ")
    added = legend.add_run("understruken i fetstil")
    added.bold = added.underline = True
    legend.add_run(".")


def _appendix(document: Any, summary: Summary) -> None:
    from docx.shared import Pt

    _heading(document, TEXT["appendix"], 2)
    caption = "Inkomna handlingar som de registrerats"
    rows = [
        (a.name, f"{a.path} ({a.note})" if a.note else a.path, a.original_name, a.received, "")
        for a in summary.appendix
    ]
    needs = [need_cm(cells) for cells in _cells(APPENDIX_HEADERS, rows, APPENDIX_PT)]
    needs = [BREAKABLE_CM.get(k, need) for k, need in enumerate(needs)]
    total = TEXT_WIDTH_CM[False]
    widths = fit(needs, total, list(BREAKABLE_CM)) or shrink(needs, total)
    table = _table(document, caption, APPENDIX_HEADERS, widths, APPENDIX_PT)
    for a, cells in zip(summary.appendix, rows, strict=True):
        row = _row(table, (*cells[:4], a.sha256), widths, APPENDIX_PT)
        sha = row.cells[4].paragraphs[0].runs[0]
        sha.font.name = "Consolas"
        sha.font.size = Pt(7)
    if summary.manual:
        _labelled(document, TEXT["manual"], f"{join_sv(summary.manual)}.")


def header_lines(summary: Summary) -> list[str]:
    """Return the page header: organisation, diarienummer and date on the first line (a tab
    puts the second half at the right margin), the title on its own line, where it may be
    longer than the tab stops allow."""
    dnr = [f"Dnr {summary.dnr}"] if summary.dnr else []
    right = " · ".join([*dnr, summary.date.isoformat()])
    return [f"{summary.organisation}\t\t{right}", summary.title]


def summary_docx(summary: Summary, settings: Settings, repo_root: Path | None) -> bytes:
    """Return the remissammanställning as .docx bytes on the base template; the same
    summary gives the same bytes."""
    document = open_template(find_template(BASE_TEMPLATE, repo_root))
    clear_body(document)
    _heading(document, summary.title, 1)
    document.add_paragraph(summary.subtitle)
    _introduction(document, summary)
    landscape = not matrix_fits_portrait(summary)
    if landscape:
        _orientation(document, landscape=True)
    _overview(document, summary, landscape)
    if landscape:
        _orientation(document, landscape=False)
    _heading(document, TEXT["sections"], 2)
    _legend(document)
    for d in summary.documents:
        _heading(document, f"{d.title} ({d.dnr})" if d.dnr else d.title, 3)
        document.add_paragraph(f"Förslag: {d.versions}.")
        for group in d.chapters:
            if group.chapter:
                _heading(document, group.chapter, 4)
            for s in group.items:
                _section(document, s, 5 if group.chapter else 4)
    _heading(document, TEXT["general"], 2)
    if not summary.general:
        document.add_paragraph(TEXT["no-general"])
    for g in summary.general:
        _heading(document, g.name, 3)
        document.add_paragraph(g.origin)
        _quote(document, g.comment)
        _position(document, 4, g.position)
    if summary.after:
        _heading(document, TEXT["after"], 2)
        for line in summary.after:
            document.add_paragraph(line, style="List Bullet")
    _appendix(document, summary)
    set_header(document, header_lines(summary))
    keep_dates_in(document)
    info = PackageInfo(
        title=summary.title,
        author=settings.author,
        date=summary.date,
        custom={SUMMARY_PROPERTY: summary.round_id},
    )
    return finalise(save(document), info)
