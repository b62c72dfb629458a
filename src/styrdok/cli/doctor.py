"""``styrdok doctor``: check a repository and say what is wrong and how to mend it."""

from __future__ import annotations

import sys

import click


@click.command(options_metavar="[FLAGGOR]")
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Granska arkivet: avbrutna skrivningar, filer som inte sparats i git, inkomna svar mot
    sina SHA-256-summor, poster som nämner filer som saknas och ett kvarlämnat lås.

    Det som kan lagas säkert lagas (en avbruten skrivning slutförs eller ångras); resten
    skrivs ut med hur det lagas. Avslutar med status 1 om något är fel.

    \b
    Exempel:
      styrdok doctor
      styrdok --repo styrdokument doctor
    """
    from styrdok.remiss.doctor import diagnose
    from styrdok.store.git import GitRepo

    report = diagnose(GitRepo.find(ctx.obj.get("repo")))
    for mended in report.mended:
        click.echo(f"Åtgärdat: {mended}")
    for problem in report.problems:
        click.echo(f"Fel: {problem}")
    if not report.ok:
        click.echo(f"{len(report.problems)} fel hittades", err=True)
        sys.exit(1)
    click.echo("Inga fel i arkivet", err=True)
