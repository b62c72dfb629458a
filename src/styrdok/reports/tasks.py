"""The report tasks behind ``remiss answers``, ``positions``, ``summary`` and ``board``:
each compiles a round as of a day and returns what to show or the file to write."""

from __future__ import annotations

import datetime as dt
import json

from styrdok.core.outcome import Outcome
from styrdok.core.plural import count
from styrdok.remiss.rounds import RoundError
from styrdok.reports.answers import answers_data, answers_text
from styrdok.reports.board import Format as BoardFormat
from styrdok.reports.board import render_board
from styrdok.reports.compilation import Compilation, compile_round
from styrdok.reports.final import final_lines, final_texts
from styrdok.reports.positions import load_positions, update_positions
from styrdok.reports.summary import Format as SummaryFormat
from styrdok.reports.summary import render_summary
from styrdok.store.git import GitRepo
from styrdok.store.settings import load_settings


def answers_overview(
    repo: GitRepo, round_id: str, recipient: str | None, today: dt.date, as_json: bool = False
) -> Outcome:
    """Show a round's registered answers and, per section, what each recipient (or only
    ``recipient``) said, as text or JSON."""
    compilation = compile_round(repo, round_id, today)
    if recipient is not None and recipient not in compilation.round.recipients:
        raise RoundError(f"{recipient} är inte remissinstans i {round_id}")
    if as_json:
        data = answers_data(compilation, recipient)
        return Outcome(text=json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return Outcome(text=answers_text(compilation, recipient))


def write_positions(repo: GitRepo, round_id: str, today: dt.date) -> Outcome:
    """Create or update the file where the förbund writes its positions, and commit it."""
    path, sections, general = update_positions(repo, round_id, today)
    views = count(general, "allmän synpunkt", "allmänna synpunkter")
    return Outcome(text=f"Skrev {path}: {sections} avsnitt och {views}\n")


def _compiled(repo: GitRepo, round_id: str, today: dt.date) -> Compilation:
    sections, general = load_positions(repo.root, round_id)
    return compile_round(repo, round_id, today, sections, general)


def summary_file(repo: GitRepo, round_id: str, fmt: SummaryFormat, today: dt.date) -> bytes:
    """Return the remissammanställning dated ``today`` as .docx, HTML or Markdown bytes."""
    compilation = _compiled(repo, round_id, today)
    after = final_lines(final_texts(repo, compilation))
    return render_summary(compilation, fmt, load_settings(repo.root), repo.root, today, after)


def board_file(repo: GitRepo, round_id: str, fmt: BoardFormat, today: dt.date) -> bytes:
    """Return the direktion's summary dated ``today`` as HTML, .docx or Markdown bytes."""
    return render_board(
        _compiled(repo, round_id, today), fmt, load_settings(repo.root), repo, today
    )
