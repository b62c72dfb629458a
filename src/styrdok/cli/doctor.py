"""``styrdok doctor``: check a repository and say what is wrong and how to mend it.

Library modules are imported inside the command, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import click

from styrdok.cli.options import FLAGS
from styrdok.cli.output import report, repository


@click.command(options_metavar=FLAGS)
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Granska arkivet: avbrutna skrivningar, filer som inte sparats i git, inkomna svar mot
    sina SHA-256-summor, poster som nämner filer som saknas och ett kvarlämnat lås.

    Det som kan lagas säkert lagas (en avbruten skrivning slutförs eller ångras); resten
    skrivs ut med hur det lagas. Avslutar med status 1 om något är fel.

    \b
    Exempel:
      styrdok doctor
    """
    from styrdok.remiss.tasks import doctor_report

    report(doctor_report(repository(ctx)))
