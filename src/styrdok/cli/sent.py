"""``styrdok remiss sent``: record that staff sent the prepared .eml messages themselves."""

from __future__ import annotations

import datetime as dt

import click


@click.command("sent", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.option("--only", metavar="INSTANS", help="Registrera bara utskicket till denna instans.")
@click.option("--today", metavar="DATUM", help="Dag då breven skickades (standard: nu).")
@click.pass_context
def remiss_sent(ctx: click.Context, round_id: str, only: str | None, today: str | None) -> None:
    """Registrera att de förberedda breven (.eml-utkasten från 'remiss send') har
    skickats från e-postprogrammet.

    \b
    Exempel:
      styrdok remiss sent styrdokument-2024 --today 2024-02-23
      styrdok remiss sent styrdokument-2024 --only ydre
    """
    from styrdok.core.dates import STOCKHOLM, now, parse_date
    from styrdok.remiss.actions import confirm_sent
    from styrdok.store.git import GitRepo

    repo = GitRepo.find(ctx.obj.get("repo"))
    at = (
        dt.datetime.combine(parse_date(today, "--today"), dt.time(9, 0), STOCKHOLM)
        if today
        else now()
    )
    for recipient in confirm_sent(repo, round_id, at, only):
        click.echo(f"Registrerade utskicket till {recipient.name} som skickat")
