"""The ``remiss`` and ``adoption`` groups with their commands. Loaded only when one of
them is used (see :data:`styrdok.cli.app.COMMANDS`)."""

from __future__ import annotations

import click

from styrdok.cli import adoption, answers, archive, correct, placement, remiss, reports
from styrdok.cli.options import FLAGS, SUBCOMMANDS, OrderedGroup
from styrdok.cli.sent import remiss_sent


@click.group("remiss", cls=OrderedGroup, options_metavar=FLAGS, subcommand_metavar=SUBCOMMANDS)
def remiss_group() -> None:
    """Remissomgångar: skapa, skicka, följ upp svarstider, ta emot svar och sammanställ.

    \b
    Exempel:
      styrdok remiss status styrdokument-2024 --today 2024-04-25
      styrdok remiss package styrdokument-2024 --only ydre -o paket
    """


new, *running = remiss.COMMANDS
for command in (
    new,
    *correct.COMMANDS,
    *running,
    *answers.COMMANDS,
    *placement.COMMANDS,
    reports.summary,
    remiss_sent,
    archive.remiss_archive,
):
    remiss_group.add_command(command)

adoption_group = adoption.adoption_group
for command in adoption.COMMANDS:
    adoption_group.add_command(command)
