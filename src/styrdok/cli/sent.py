"""``styrdok remiss sent``: record that staff sent the prepared .eml messages themselves.

Library modules are imported inside the command, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import datetime as dt

import click

from styrdok.cli.options import FLAGS, only_option, round_argument, today_option
from styrdok.cli.output import report, repository


@click.command("sent", options_metavar=FLAGS)
@round_argument()
@only_option("Registrera bara utskicket till denna instans.")
@today_option("Dag då breven skickades (standard: nu).", default_today=False)
@click.pass_context
def remiss_sent(ctx: click.Context, round_id: str, only: str | None, today: dt.date | None) -> None:
    """Registrera att de förberedda breven (.eml-utkasten från 'remiss send') har
    skickats från e-postprogrammet.

    \b
    Exempel:
      styrdok remiss sent styrdokument-2024 --only ydre --today 2024-02-23
      styrdok remiss sent styrdokument-2024 --today 2024-02-23
    """
    from styrdok.remiss.tasks import confirm_sent_packages

    report(confirm_sent_packages(repository(ctx), round_id, today, only))
