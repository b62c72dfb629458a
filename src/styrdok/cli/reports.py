"""The report commands: the remissammanställning (remiss summary) and the direktion's
summary (board).

Library modules are imported inside the commands, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from styrdok.cli.options import FLAGS, format_option, output_file, round_argument, today_option
from styrdok.cli.output import emit, needs_file, repository


@click.command("summary", options_metavar=FLAGS)
@round_argument()
@format_option(["md", "docx", "html"])
@output_file
@today_option("Datum på sammanställningen (standard: i dag).")
@click.pass_context
def summary(
    ctx: click.Context, round_id: str, fmt: str, output: Path | None, today: dt.date
) -> None:
    """Skriv remissammanställningen: vem som sagt vad om varje ändring och förbundets
    ställningstaganden.

    \b
    Exempel:
      styrdok remiss summary styrdokument-2024 --format docx -o remissammanstallning.docx
      styrdok remiss summary styrdokument-2024 --format html -o remissammanstallning.html
    """
    from styrdok.reports.tasks import summary_file

    needs_file(fmt, output)
    emit(summary_file(repository(ctx), round_id, fmt, today), output)  # type: ignore[arg-type]


@click.command(options_metavar=FLAGS)
@round_argument()
@format_option(["html", "docx", "md"])
@output_file
@today_option("Datum på sammanfattningen (standard: i dag).")
@click.pass_context
def board(ctx: click.Context, round_id: str, fmt: str, output: Path | None, today: dt.date) -> None:
    """Skriv direktionens sammanfattning av en remiss: vad som ändras, var medlemmarna
    står och vad som händer nu – att läsa på fem minuter.

    \b
    Exempel:
      styrdok board styrdokument-2024 --format html -o direktionen.html
      styrdok board styrdokument-2024 --format docx -o direktionen.docx
    """
    from styrdok.reports.tasks import board_file

    needs_file(fmt, output)
    emit(board_file(repository(ctx), round_id, fmt, today), output)  # type: ignore[arg-type]
