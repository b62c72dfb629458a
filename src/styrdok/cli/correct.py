"""The remiss commands that correct a round after ``new``: edit, add, remove and cancel.

Library modules are imported inside the commands, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import datetime as dt

import click

from styrdok.cli.options import (
    DEADLINE,
    FLAGS,
    date_option,
    round_argument,
    split_ids,
    today_option,
)
from styrdok.cli.output import report, repository

recipients_argument = click.argument(
    "recipients", nargs=-1, required=True, metavar="INSTANS...", callback=split_ids
)


@click.command("edit", options_metavar=FLAGS)
@round_argument()
@click.option("--title", metavar="TEXT", help="Ny rubrik.")
@click.option("--diarienummer", "dnr", metavar="DNR", help="Omgångens diarienummer.")
@click.option(
    "--deadline", type=DEADLINE, metavar="DATUM", help="Ny sista svarsdag (ÅÅÅÅ-MM-DD [TT:MM])."
)
@date_option("--decision-date", "Nytt datum för beslutssammanträdet.")
@click.option("--decision-body", metavar="ORGAN", help="Organ som beslutar.")
@click.pass_context
def edit(
    ctx: click.Context,
    round_id: str,
    title: str | None,
    dnr: str | None,
    deadline: dt.datetime | None,
    decision_date: dt.date | None,
    decision_body: str | None,
) -> None:
    """Rätta en remissomgång: rubrik, diarienummer, sista svarsdag eller beslutssammanträde.

    Rubrik, diarienummer och sista svarsdag står i det som skickas och kan bara ändras
    innan remissen har skickats till någon (ge en enskild instans längre tid med remiss
    extend). Beslutssammanträdet kan ändras tills direktionens beslut är registrerat.
    Varje rättelse sparas som en egen commit.

    \b
    Exempel:
      styrdok remiss edit reglemente-2024 --title "Revidering av direktionens reglemente 2024" \\
          --decision-date 2024-06-13
      styrdok remiss edit avtal-2024 --diarienummer "Dnr 2024/10" --deadline 2024-06-07
    """
    from styrdok.remiss.correct import RoundEdit
    from styrdok.remiss.tasks import correct_round

    if all(v is None for v in (title, dnr, deadline, decision_date, decision_body)):
        raise click.UsageError(
            "ange vad som ska ändras: --title, --diarienummer, --deadline, --decision-date "
            "eller --decision-body"
        )
    change = RoundEdit(title, dnr, deadline, decision_date, decision_body)
    report(correct_round(repository(ctx), round_id, change))


@click.command("add", options_metavar=FLAGS)
@round_argument()
@recipients_argument
@today_option("Dagens datum (standard: i dag).")
@click.pass_context
def add(ctx: click.Context, round_id: str, recipients: list[str], today: dt.date) -> None:
    """Lägg till remissinstanser ur remiss/remissinstanser.yaml i en omgång.

    INSTANS är instansens id; flera kan anges, med mellanslag eller komma emellan. En
    instans som inte är medlem (medlem: nej), till exempel en länsstyrelse, kommer med i
    en omgång bara så här eller med remiss new --recipients. Har remissen redan skickats
    till andra skickas den till de nya med remiss send --only INSTANS.

    \b
    Exempel:
      styrdok remiss add reglemente-2024 lansstyrelsen
      styrdok remiss add avtal-2024 vimmerby,atvidaberg
    """
    from styrdok.remiss.tasks import add_to_round

    report(add_to_round(repository(ctx), round_id, recipients, today))


@click.command("remove", options_metavar=FLAGS)
@round_argument()
@recipients_argument
@click.pass_context
def remove(ctx: click.Context, round_id: str, recipients: list[str]) -> None:
    """Ta bort remissinstanser ur en omgång.

    Går inte när remissen redan har skickats till instansen eller när ett svar från den
    är registrerat: det som skickats och kommit in är allmänna handlingar.

    \b
    Exempel:
      styrdok remiss remove reglemente-2024 kinda
      styrdok remiss remove avtal-2024 lansstyrelsen
    """
    from styrdok.remiss.tasks import remove_from_round

    report(remove_from_round(repository(ctx), round_id, recipients))


@click.command("cancel", options_metavar=FLAGS)
@round_argument()
@click.pass_context
def cancel(ctx: click.Context, round_id: str) -> None:
    """Ställ in en remissomgång som inte har skickats.

    Omgången tas bort (git behåller historiken) och dess id kan användas för en ny
    omgång. En omgång som har skickats till någon kan inte ställas in.

    \b
    Exempel:
      styrdok remiss cancel reglemente-2024
      styrdok remiss cancel avtal-2024
    """
    from styrdok.remiss.tasks import cancel

    report(cancel(repository(ctx), round_id))


COMMANDS = (edit, add, remove, cancel)
