"""The remissammanställning as a Word file for the board papers, on the base template.

Headings use the template's built-in heading styles (so Word's navigation pane and tables
of contents find them), the page header carries the organisation, diarienummer, title and
date, and the footer the template's page numbers. The overview matrix is a real table; when
it has more recipient columns than fit on a portrait page it gets a landscape section of its
own (in parts), and when it would take more than three parts the overview counts the
recipients per stance for each section instead, as the HTML page's chart does (who took
which stance stands under each section). Each changed section shows its current and
proposed wording side by side as in the comparison table (:mod:`styrdok.word.table`):
removed words struck through, added words underlined in bold, so that the marking does not
depend on colour.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from styrdok.core.templating import find_template
from styrdok.core.vocabulary import Stance
from styrdok.reports.compilation import NO_ANSWER
from styrdok.reports.summary_intro import join_sv
from styrdok.reports.summary_model import (
    APPENDIX_HEADERS,
    STANCE_ORDER,
    TEXT,
    Quote,
    Side,
    Summary,
    SummarySection,
    position_lines,
)
from styrdok.store.settings import Settings
from styrdok.word.base import StyleSet, clear_body, grid_style, open_template, save, set_header
from styrdok.word.fit import chunks, fit, keep_dates_in, need_cm, shrink, want_cm
from styrdok.word.package import PackageInfo, finalise
from styrdok.word.table import HEADERS as WORDING_HEADERS
from styrdok.word.table import fill_cell as fill_wording
from styrdok.word.table import note as wording_note
from styrdok.word.xmltext import BodyText, cell, paragraph, row, run, run_properties, table, twips

BASE_TEMPLATE = "base.docx"
SUMMARY_PROPERTY = "styrdok.sammanstallning"
TEXT_WIDTH_CM = {False: 16.0, True: 24.7}  # A4 with the base template's 2.5 cm margins
TABLE_FONT_PT = 9
APPENDIX_PT = 8
LABEL_CM = 4.5  # widest a column of labels grows to hold its longest cell on one line
BREAKABLE_CM = {1: 3.6, 4: 3.2}  # appendix: a path and a checksum may break anywhere
MAX_MATRIX_PARTS = 3  # beyond this many landscape parts the overview counts stances


class _Writer:
    """The document being written: its body as XML text, its style ids looked up once."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.body = BodyText(document)
        self._styles = StyleSet(document, BASE_TEMPLATE)

    def style(self, name: str) -> str | None:
        """Return the id of the paragraph style ``name``, None when the template lacks it."""
        return self._styles.style_id(name)

    def heading(self, text: str, level: int) -> None:
        self.body.add(paragraph(run(text), self._styles.heading(level)))

    def paragraph(self, text: str, style: str | None = None) -> None:
        self.body.add(paragraph(run(text) if text else "", style))

    def quote(self, text: str) -> None:
        """Add text quoted as received, one paragraph per line, in the Quote style."""
        style = self.style("Quote")
        for line in text.strip().splitlines() or [""]:
            if style is not None:
                self.paragraph(line, style)
            else:
                self.body.add(paragraph(run(line, run_properties(italic=True))))

    def labelled(self, label: str, text: str) -> None:
        self.body.add(paragraph(run(f"{label}: ", BOLD) + run(text)))

    def caption(self, text: str) -> None:
        style = self.style("Caption")
        if style is not None:
            self.paragraph(text, style)
        else:
            self.body.add(paragraph(run(text, BOLD)))

    def table(
        self,
        caption: str,
        headers: Sequence[str],
        widths: Sequence[float],
        size: float,
        rows: Iterable[Sequence[tuple[str, str]]],
    ) -> None:
        """Add a table with a caption, a bold header row in ``size`` pt repeated on every
        page, fixed column widths in cm and ``rows`` of (text, run properties) cells."""
        self.caption(caption)
        twips_wide = [twips(width) for width in widths]
        bold = run_properties(bold=True, size=size)
        head = row([cell(w, run(h, bold)) for w, h in zip(twips_wide, headers, strict=True)], True)
        body = (
            row([cell(w, run(text, props)) for w, (text, props) in zip(twips_wide, r, strict=True)])
            for r in rows
        )
        self.body.add_table(table(twips_wide, self.table_style, caption), [head, *body])

    @functools.cached_property
    def table_style(self) -> str:
        """Return the id of the table style "Table Grid" (see grid_style)."""
        return str(grid_style(self.document).style_id)


BOLD = run_properties(bold=True)


def _plain(cells: Sequence[str], size: float) -> list[tuple[str, str]]:
    """Return a row of plain text cells in ``size`` pt, the first in bold."""
    first, rest = run_properties(bold=True, size=size), run_properties(size=size)
    return [(text, first if n == 0 else rest) for n, text in enumerate(cells)]


def _orientation(w: _Writer, landscape: bool) -> None:
    """Start a new section on a new page, in landscape or in portrait."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    w.body.flush()
    section = w.document.add_section(WD_SECTION.NEW_PAGE)
    wide = section.page_width > section.page_height
    if wide != landscape:
        section.page_width, section.page_height = section.page_height, section.page_width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _introduction(w: _Writer, summary: Summary) -> None:
    w.heading(TEXT["round"], 2)
    for text in summary.round_text:
        w.paragraph(text)
    w.heading(TEXT["answers"], 2)
    w.paragraph(" ".join(summary.answers_text))
    caption = "Remissinstanser, svarsdagar och inkomna svar"
    headers = summary.answer_headers
    rows = [summary.answer_cells(line) for line in summary.lines]
    note = len(headers) - 1  # the notes column takes the room left
    widths = _widths(headers, rows, 10, TEXT_WIDTH_CM[False], grow=[note], bold=[note])
    late = run_properties(bold=True, size=10)
    cells = []
    for line, texts in zip(summary.lines, rows, strict=True):
        plain = _plain(texts, 10)
        if line.late:
            plain[-1] = (plain[-1][0], late)
        cells.append(plain)
    w.table(caption, headers, widths, 10, cells)


def _cells(
    headers: Sequence[str], rows: Sequence[Sequence[str]], size: float, bold: Iterable[int] = ()
) -> list[list[tuple[str, float, bool]]]:
    """Return each column's texts as :mod:`styrdok.word.fit` measures them: the header,
    the first column and the ``bold`` columns (that may be bold) in bold, all in ``size``
    pt."""
    heavy = {0, *bold}
    return [  # each text once: a column of stances holds a few texts many times
        list(dict.fromkeys([(head, size, True), *((row[k], size, k in heavy) for row in rows)]))
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
        need_cm({(name, TABLE_FONT_PT, True), *((row[k], TABLE_FONT_PT, True) for row in cells)})
        for k, name in enumerate(summary.recipients)
    ]
    return chunks(needs, width - first)


def matrix_fits_portrait(summary: Summary) -> bool:
    """Return True when the overview matrix fits a portrait page in one part."""
    return len(_matrix_parts(summary, TEXT_WIDTH_CM[False])) <= 1


def overview_layout(summary: Summary) -> Literal["portrait", "landscape", "counts"]:
    """Return how the overview is laid out: the matrix on a portrait page, the matrix on
    landscape pages of its own (in at most MAX_MATRIX_PARTS parts), or else a table of
    counts per stance for each section (the HTML page's chart as a table), since a matrix
    split into dozens of parts of a few recipients each cannot be read."""
    if matrix_fits_portrait(summary):
        return "portrait"
    parts = len(_matrix_parts(summary, TEXT_WIDTH_CM[True]))
    return "landscape" if parts <= MAX_MATRIX_PARTS else "counts"


def _stance_properties() -> dict[str, str]:
    """Return the run properties of a matrix cell by its text: against in bold, no
    answer in italic, the rest plain."""
    return {
        Stance.OPPOSES: run_properties(bold=True, size=TABLE_FONT_PT),
        NO_ANSWER: run_properties(italic=True, size=TABLE_FONT_PT),
    }


def _overview(w: _Writer, summary: Summary, landscape: bool) -> None:
    w.heading(TEXT["overview"], 2)
    width = TEXT_WIDTH_CM[landscape]
    parts = _matrix_parts(summary, width)
    label = run_properties(bold=True, size=TABLE_FONT_PT)
    plain = run_properties(size=TABLE_FONT_PT)
    stance = _stance_properties()
    for d in summary.documents:
        w.heading(d.title, 3)
        if not d.sections:
            w.paragraph("Inga ändrade avsnitt.")
            continue
        for n, part in enumerate(parts, 1):
            caption = f"Remissinstansernas ställningstaganden: {d.title}"
            if len(parts) > 1:
                caption += f" (del {n} av {len(parts)})"
            headers = ("Avsnitt", *(summary.recipients[k] for k in part))
            rows = [(s.label, *(s.cells[k] for k in part)) for s in d.sections]
            widths = _widths(headers, rows, TABLE_FONT_PT, width, grow=range(1, len(headers)))
            cells = ([(r[0], label), *((c, stance.get(c, plain)) for c in r[1:])] for r in rows)
            w.table(caption, headers, widths, TABLE_FONT_PT, cells)
    w.paragraph(TEXT["no-stance"])


def _counts(w: _Writer, summary: Summary) -> None:
    """Add the overview as counts: for each document a table with a row per changed
    section and a column per stance, the numbers the HTML page's chart shows."""
    w.heading(TEXT["overview"], 2)
    headers = ("Avsnitt", *STANCE_ORDER)  # the matrix's words; the note below explains –
    for d in summary.documents:
        w.heading(d.title, 3)
        if not d.sections:
            w.paragraph("Inga ändrade avsnitt.")
            continue
        rows = [(s.label, *s.count_cells()) for s in d.sections]
        widths = _widths(headers, rows, TABLE_FONT_PT, TEXT_WIDTH_CM[False], grow=[0])
        caption = f"{TEXT['counts']}: {d.title}"
        w.table(caption, headers, widths, TABLE_FONT_PT, [_plain(r, TABLE_FONT_PT) for r in rows])
    w.paragraph(TEXT["counts-note"])
    w.paragraph(TEXT["no-stance"])


def _opinion(w: _Writer, o: Quote) -> None:
    against = BOLD if o.stance == Stance.OPPOSES else "<w:rPr/>"  # as python-docx wrote it
    w.body.add(
        paragraph(run(o.name, BOLD) + run(": ") + run(o.stance, against) + run(f" ({o.origin})"))
    )
    if o.anchor:
        w.paragraph(f"{TEXT['anchor']}:")
        w.quote(o.anchor)
    if o.comment:
        w.quote(o.comment)
    if o.proposal:
        w.paragraph(f"{TEXT['proposal']}:")
        w.quote(o.proposal)


def _position(w: _Writer, level: int, position: Any) -> None:
    w.heading(TEXT["position"], level)
    found = position_lines(position)
    if not found:
        w.paragraph(TEXT["no-position"])
    for label, text in found:
        w.labelled(label, text)


def _wording(w: _Writer, s: SummarySection) -> None:
    """Add the section's current and proposed wording side by side, a table filled through
    python-docx as the comparison table fills it (:func:`styrdok.word.table.fill_cell`)."""
    from docx.shared import Cm, Pt

    w.table(f"Lydelse: {s.label}", WORDING_HEADERS, (8.0, 8.0), 11, [])
    w.body.flush()
    found = w.document.tables[-1]
    new = found.add_row()
    sides: tuple[Side, Side] = ("old", "new")
    for part, side in zip(new.cells, sides, strict=True):
        part.width = Cm(8.0)
        fill_wording(part, s.change, side)
        if (s.change.old if side == "old" else s.change.new) is None:
            part.paragraphs[0].add_run(TEXT[f"absent-{side}"]).italic = True
        for p in part.paragraphs:
            p.paragraph_format.space_after = Pt(4)
    note = wording_note(s.change)
    if note:
        new.cells[1].add_paragraph().add_run(note).italic = True


def _section(w: _Writer, s: SummarySection, level: int = 4) -> None:
    w.heading(f"{s.label} ({s.status_text})", level)
    _wording(w, s)
    w.heading(TEXT["views"], level + 1)
    if not s.opinions:
        w.paragraph(TEXT["no-views"])
    for o in s.opinions:
        _opinion(w, o)
    for key, names in (("silent", s.silent), ("unanswered", s.unanswered)):
        if names:
            w.labelled(TEXT[key], f"{join_sv(names)}.")
    _position(w, level + 1, s.position)


def _legend(w: _Writer) -> None:
    added = run_properties(bold=True, underline=True)
    w.body.add(
        paragraph(
            run("Teckenförklaring: borttagen text är ")
            + run("överstruken", run_properties(strike=True))
            + run(", tillagd text är ")
            + run("understruken i fetstil", added)
            + run(".")
        )
    )


def _appendix(w: _Writer, summary: Summary) -> None:
    w.heading(TEXT["appendix"], 2)
    caption = "Inkomna handlingar som de registrerats"
    rows = [
        (a.name, f"{a.path} ({a.note})" if a.note else a.path, a.original_name, a.received, "")
        for a in summary.appendix
    ]
    needs = [need_cm(cells) for cells in _cells(APPENDIX_HEADERS, rows, APPENDIX_PT)]
    needs = [BREAKABLE_CM.get(k, need) for k, need in enumerate(needs)]
    total = TEXT_WIDTH_CM[False]
    widths = fit(needs, total, list(BREAKABLE_CM)) or shrink(needs, total)
    sha = run_properties(size=7, font="Consolas")
    cells = [
        [*_plain(texts[:4], APPENDIX_PT), (a.sha256, sha)]
        for a, texts in zip(summary.appendix, rows, strict=True)
    ]
    w.table(caption, APPENDIX_HEADERS, widths, APPENDIX_PT, cells)
    if summary.manual:
        w.labelled(TEXT["manual"], f"{join_sv(summary.manual)}.")


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
    w = _Writer(document)
    w.heading(summary.title, 1)
    w.paragraph(summary.subtitle)
    _introduction(w, summary)
    layout = overview_layout(summary)
    if layout == "counts":
        _counts(w, summary)
    elif layout == "landscape":
        _orientation(w, landscape=True)
        _overview(w, summary, landscape=True)
        _orientation(w, landscape=False)
    else:
        _overview(w, summary, landscape=False)
    w.heading(TEXT["sections"], 2)
    _legend(w)
    for d in summary.documents:
        w.heading(f"{d.title} ({d.dnr})" if d.dnr else d.title, 3)
        w.paragraph(f"Förslag: {d.versions}.")
        for group in d.chapters:
            if group.chapter:
                w.heading(group.chapter, 4)
            for s in group.items:
                _section(w, s, 5 if group.chapter else 4)
    w.heading(TEXT["general"], 2)
    if not summary.general:
        w.paragraph(TEXT["no-general"])
    for g in summary.general:
        w.heading(g.name, 3)
        w.paragraph(g.origin)
        w.quote(g.comment)
        _position(w, 4, g.position)
    if summary.after:
        w.heading(TEXT["after"], 2)
        for line in summary.after:
            w.paragraph(line, w.style("List Bullet"))
    _appendix(w, summary)
    w.body.flush()
    set_header(document, header_lines(summary))
    keep_dates_in(document)
    info = PackageInfo(
        title=summary.title,
        author=settings.author,
        date=summary.date,
        custom={SUMMARY_PROPERTY: summary.round_id},
    )
    return finalise(save(document), info)
