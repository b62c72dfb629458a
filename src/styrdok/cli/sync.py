"""``styrdok sync``: bring the clone and the kansli's git server together.

Library modules are imported inside the command, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import click

from styrdok.cli.options import FLAGS
from styrdok.cli.output import report, repository


@click.command(options_metavar=FLAGS)
@click.option(
    "--remote",
    metavar="NAMN",
    help="Fjärrarkivet att synkronisera med (standard: det grenen följer, annars origin).",
)
@click.pass_context
def sync(ctx: click.Context, remote: str | None) -> None:
    """Synkronisera med kansliets git-server: hämta kollegornas ändringar, lägg dina
    egna ovanpå och skicka dem. Kör det när arbetet börjar och när det är klart.

    Har någon annan skickat under tiden hämtar styrdok igen och försöker på nytt. styrdoks
    egna poster (svar, händelser, beslut) är en fil var och krockar aldrig. Har en fil som
    skrivs för hand – ställningstagandena, ett dokument – ändrats både här och på servern
    står båda versionerna i filen mellan <<<<<<< och >>>>>>>: behåll det som ska gälla,
    ta bort markeringarna och kör styrdok sync igen. Ingen commit går förlorad.

    \b
    Exempel:
      styrdok sync
      styrdok sync --remote origin
    """
    from styrdok.store.tasks import sync_repository

    report(sync_repository(repository(ctx), remote))
