"""The direktion's summary as HTML, Word or Markdown bytes (the model is in
:mod:`styrdok.reports.board_model`)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from styrdok.core.templating import find_template, render_template
from styrdok.reports.board_adoption import ADOPTION_HEADING, AFTER_HEADING
from styrdok.reports.board_chart import chart_svg
from styrdok.reports.board_docx import board_docx
from styrdok.reports.board_markdown import render_markdown
from styrdok.reports.board_model import HEADINGS, TITLE, Board, board_summary
from styrdok.reports.compilation import Compilation
from styrdok.store.git import GitRepo
from styrdok.store.settings import Settings

Format = Literal["html", "docx", "md"]
FORMATS: tuple[Format, ...] = ("html", "docx", "md")
TEMPLATE = "direktion.html.j2"


def render_html(board: Board, repo: GitRepo) -> str:
    """Return the summary as one self-contained, accessible, printable HTML page."""
    return render_template(
        TEMPLATE,
        repo.root,
        board=board,
        title=TITLE,
        headings=HEADINGS,
        after_heading=AFTER_HEADING,
        adoption_heading=ADOPTION_HEADING,
        chart=chart_svg(board.answer_counts(), board.stance_bars()),
    )


def render_board(
    compilation: Compilation, fmt: Format, settings: Settings, repo: GitRepo, date: dt.date
) -> bytes:
    """Return the direktion's summary as HTML, .docx or Markdown bytes; the same inputs
    give the same bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}, expected one of {', '.join(FORMATS)}")
    board = board_summary(compilation, settings, repo, date)
    if fmt == "html":
        return render_html(board, repo).encode("utf-8")
    if fmt == "md":
        return render_markdown(board).encode("utf-8")
    return board_docx(board, settings, find_template("base.docx", repo.root))
