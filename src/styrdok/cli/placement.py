"""The remiss command that corrects how an answer was read: place.

Library modules are imported inside the command, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import click

from styrdok.cli.options import FLAGS, round_argument
from styrdok.cli.output import report, repository


@click.command("place", options_metavar=FLAGS)
@round_argument()
@click.argument("recipient", metavar="INSTANS")
@click.argument("view", metavar="SYNPUNKT")
@click.option(
    "--section",
    metavar="AVSNITT",
    help='Avsnittet synpunkten gäller, som i förslaget ("2 kap. 3 §"), eller "allmänt".',
)
@click.option("--document", metavar="DOKUMENT", help="Dokumentet, när flera har avsnittet.")
@click.option(
    "--stance",
    metavar="STÄLLNINGSTAGANDE",
    help='tillstyrker, avstyrker, synpunkter, "ingen erinran" eller ingen.',
)
@click.pass_context
def place(
    ctx: click.Context,
    round_id: str,
    recipient: str,
    view: str,
    section: str | None,
    document: str | None,
    stance: str | None,
) -> None:
    """Placera en synpunkt under rätt avsnitt eller ge den ett ställningstagande för hand.

    SYNPUNKT är numret som remiss answers visar (1.3: svar 1, synpunkt 3). Rättelsen
    sparas bredvid svaret, görs som en commit och gäller även om svaret läses om.

    \b
    Exempel:
      styrdok remiss place styrdokument-2024 boxholm 1 --document forbundsordning \\
          --section "3 §" --stance synpunkter
      styrdok remiss place styrdokument-2024 boxholm 1 --section allmänt
    """
    from styrdok.answers.tasks import place_view

    report(place_view(repository(ctx), round_id, recipient, view, section, document, stance))


COMMANDS = (place,)
