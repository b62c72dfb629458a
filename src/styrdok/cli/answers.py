"""The remiss commands about answers: receive, answers and positions.

Library modules are imported inside the commands, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from styrdok.cli.options import FLAGS, date_option, json_flag, round_argument, today_option
from styrdok.cli.output import report, repository


@click.command("receive", options_metavar=FLAGS)
@round_argument()
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL...",
)
@click.option(
    "--from",
    "sender",
    metavar="INSTANS",
    help="Avsändare, för filer som inte kommer från styrdoks egna mallar.",
)
@date_option("--received", "Datum då svaret kom in (standard: i dag).", default_today=True)
@click.pass_context
def receive(
    ctx: click.Context,
    round_id: str,
    files: tuple[Path, ...],
    sender: str | None,
    received: dt.date,
) -> None:
    """Registrera inkomna remissvar: Word- eller PDF-filer, sparade exakt som de kom.

    Avsändaren läses ur styrdoks egna dokument; för andra filer anges den med --from.
    Filerna granskas innan de läses; en fil som inte godtas ger ett fel och inget sparas.

    \b
    Exempel:
      styrdok remiss receive styrdokument-2024 svar-ydre.docx --received 2024-05-08
      styrdok remiss receive styrdokument-2024 yttrande.pdf --from boxholm --received 2024-05-06
    """
    from styrdok.answers.tasks import receive_answers

    report(receive_answers(repository(ctx), round_id, files, sender, received))


@click.command("answers", options_metavar=FLAGS)
@round_argument()
@click.argument("recipient", metavar="[INSTANS]", required=False)
@json_flag("svaren")
@today_option()
@click.pass_context
def answers(
    ctx: click.Context, round_id: str, recipient: str | None, as_json: bool, today: dt.date
) -> None:
    """Visa registrerade svar och, per avsnitt, vad varje remissinstans sagt.

    \b
    Exempel:
      styrdok remiss answers styrdokument-2024
      styrdok remiss answers styrdokument-2024 ydre --json
    """
    from styrdok.reports.tasks import answers_overview

    report(answers_overview(repository(ctx), round_id, recipient, today, as_json))


@click.command("positions", options_metavar=FLAGS)
@round_argument()
@today_option()
@click.pass_context
def positions(ctx: click.Context, round_id: str, today: dt.date) -> None:
    """Skapa eller uppdatera filen där förbundets ställningstaganden skrivs.

    Filen remiss/ID/stallningstaganden.yaml listar varje ändrat avsnitt med de synpunkter
    som kommit in, och varje allmän synpunkt. Det personalen skrivit behålls.

    \b
    Exempel:
      styrdok remiss positions styrdokument-2024
    """
    from styrdok.reports.tasks import write_positions

    report(write_positions(repository(ctx), round_id, today))


COMMANDS = (receive, answers, positions)
