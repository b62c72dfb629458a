"""``styrdok site``: write the published website of the governance repository.

Library modules are imported inside the command, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from styrdok.cli.options import FLAGS, today_option
from styrdok.cli.output import report, repository


@click.command(options_metavar=FLAGS)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="KATALOG",
    required=True,
    help="Katalogen att skriva webbplatsen i.",
)
@today_option("Visa läget detta datum (standard: i dag).")
@click.pass_context
def site(ctx: click.Context, output: Path, today: dt.date) -> None:
    """Skriv en fristående webbplats för arkivet: styrdokumenten i gällande lydelse och
    som förslag med ändringarna mellan dem, varje remiss med läge och svarsdagar,
    remissammanställningen och sammanfattningen för direktionen, och remisserna som ett
    JSON-flöde (remisser.json).

    Alla länkar är relativa, så webbplatsen fungerar direkt från disken och på vilken
    webbserver som helst, till exempel git-serverns Pages. Samma arkiv och datum ger
    samma filer byte för byte.

    \b
    Exempel:
      styrdok site -o webbplats
      styrdok site -o webbplats --today 2024-05-28
    """
    from styrdok.site.tasks import publish_site

    report(publish_site(repository(ctx), output, today))
