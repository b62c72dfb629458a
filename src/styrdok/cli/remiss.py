"""The remiss commands that run a round: new, status, extend, remind, package and send.

Library modules are imported inside the commands, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from styrdok.cli.options import (
    DEADLINE,
    FLAGS,
    date_option,
    json_flag,
    only_option,
    output_folder,
    round_argument,
    smtp_flag,
    split_ids,
    today_option,
)
from styrdok.cli.output import Progress, report, repository


@click.command("new", options_metavar=FLAGS)
@round_argument()
@click.option("--title", required=True, help="Remissens rubrik.")
@click.option(
    "--deadline",
    required=True,
    type=DEADLINE,
    metavar="DATUM",
    help="Sista svarsdag (ÅÅÅÅ-MM-DD [TT:MM]).",
)
@date_option("--sent", "Utskicksdag (standard: i dag).", default_today=True)
@click.option(
    "--documents",
    multiple=True,
    metavar="DOKUMENT",
    help="Dokument att skicka (kan upprepas; standard: alla i docs/).",
)
@click.option(
    "--base", metavar="REV", help="Gällande version (standard: den som gäller utskicksdagen)."
)
@click.option("--proposal", metavar="REV", help="Förslaget (standard: HEAD).")
@click.option(
    "--recipients",
    multiple=True,
    metavar="ID",
    callback=split_ids,
    help="Remissinstanser (kan upprepas, eller med komma emellan; standard: medlemmarna på "
    "utskicksdagen).",
)
@click.option(
    "--decision-body", metavar="ORGAN", help="Organ som beslutar (standard: från styrdok.yaml)."
)
@date_option("--decision-date", "Datum för beslutssammanträdet.")
@click.option(
    "--diarienummer",
    "dnr",
    metavar="DNR",
    help="Omgångens diarienummer (standard: dokumentens diarienummer).",
)
@click.pass_context
def new(
    ctx: click.Context,
    round_id: str,
    title: str,
    deadline: dt.datetime,
    sent: dt.date,
    documents: tuple[str, ...],
    base: str | None,
    proposal: str | None,
    recipients: list[str],
    decision_body: str | None,
    decision_date: dt.date | None,
    dnr: str | None,
) -> None:
    """Skapa en remissomgång: dokument, versioner, mottagare och sista svarsdag.

    Varnar (men skapar ändå) om svarsdagen är en helgdag, om en instans medlemskap
    upphör före svarsdagen, om svarstiden är kort eller om förslaget inte ändrar något.
    Utan --recipients går remissen till medlemmarna på utskicksdagen; utan --diarienummer
    får den dokumentens diarienummer. Har styrdok.yaml eller remiss/remissinstanser.yaml
    ändringar som inte är sparade sparas de i samma commit.

    \b
    Exempel:
      styrdok remiss new reglemente-2024 --title "Revidering av direktionens reglemente" \\
          --documents direktionens-reglemente --deadline 2024-05-08 --sent 2024-02-23 \\
          --diarienummer "Dnr 2024/9"
      styrdok remiss new avtal-2024 --title "Revidering av Itsam-avtalet" \\
          --documents itsam-avtal --deadline 2024-05-31 --sent 2024-02-23 \\
          --recipients boxholm,ydre,lansstyrelsen
    """
    from styrdok.remiss.create import NewRound
    from styrdok.remiss.tasks import start_round

    spec = NewRound(
        id=round_id,
        title=title,
        deadline=deadline,
        sent=sent,
        documents=documents,
        base=base,
        proposal=proposal,
        recipients=recipients,
        decision_body=decision_body,
        decision_date=decision_date,
        dnr=dnr,
    )
    report(start_round(repository(ctx), spec))


@click.command("status", options_metavar=FLAGS)
@round_argument(required=False)
@json_flag("läget")
@click.option(
    "--ics",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL",
    help="Skriv svarsdagarna som kalenderfil (iCalendar).",
)
@today_option("Visa läget detta datum (standard: i dag).")
@click.option(
    "--check", is_flag=True, help="Avsluta med status 1 om någon svarsdag har passerat utan svar."
)
@click.pass_context
def status(
    ctx: click.Context,
    round_id: str | None,
    as_json: bool,
    ics: Path | None,
    today: dt.date,
    check: bool,
) -> None:
    """Visa läget per remissinstans: skickat, svarsdag, dagar kvar, svar och påminnelser.

    Utan ID visas alla omgångar som väntar på svar.

    \b
    Exempel:
      styrdok remiss status styrdokument-2024 --today 2024-04-25
      styrdok remiss status --ics svarsdagar.ics
      styrdok remiss status --check --today 2024-05-01
    """
    from styrdok.remiss.tasks import status_report

    outcome = status_report(repository(ctx), round_id, today, as_json=as_json, ics=ics, check=check)
    report(outcome)


@click.command("extend", options_metavar=FLAGS)
@round_argument()
@click.argument("recipient", metavar="INSTANS")
@click.option(
    "--to",
    "to",
    required=True,
    type=DEADLINE,
    metavar="DATUM",
    help="Ny sista svarsdag (ÅÅÅÅ-MM-DD [TT:MM]).",
)
@click.option("--reason", required=True, metavar="TEXT", help="Skälet till förlängningen.")
@click.pass_context
def extend(ctx: click.Context, round_id: str, recipient: str, to: dt.datetime, reason: str) -> None:
    """Ge en remissinstans förlängd svarstid.

    \b
    Exempel:
      styrdok remiss extend styrdokument-2024 ydre --to 2024-05-23 \\
          --reason "Kommunstyrelsen sammanträder 21 maj"
    """
    from styrdok.remiss.tasks import extend_deadline

    report(extend_deadline(repository(ctx), round_id, recipient, to, reason))


@click.command("remind", options_metavar=FLAGS)
@round_argument()
@today_option("Dagens datum (standard: i dag).")
@output_folder("Katalog för .eml-filer (standard: out/remiss/ID/paminnelser).")
@smtp_flag
@click.pass_context
def remind(
    ctx: click.Context, round_id: str, today: dt.date, output: Path | None, smtp: bool
) -> None:
    """Påminn remissinstanser som inte svarat och vars svarsdag är nära eller passerad.

    Med --smtp skickas påminnelserna via SMTP-servern i styrdok.yaml. En påminnelse är ett
    svar på remissbrevet, så att den hamnar i samma tråd hos registratorn.

    \b
    Exempel:
      styrdok remiss remind styrdokument-2024 --today 2024-05-03
      styrdok remiss remind styrdokument-2024 --today 2024-05-13 -o paminnelser
    """
    from styrdok.remiss.tasks import send_reminders

    report(send_reminders(repository(ctx), round_id, today, output, smtp))


@click.command("package", options_metavar=FLAGS)
@round_argument()
@output_folder("Katalog för paketen (standard: out/remiss/ID/paket).")
@only_option("Bygg bara paketet till denna remissinstans.")
@click.pass_context
def package(ctx: click.Context, round_id: str, output: Path | None, only: str | None) -> None:
    """Bygg ett remisspaket per remissinstans: en katalog och en zip-fil med missiv,
    svarsmall, förslag, spårade ändringar, jämförelsetabell och manifest.

    \b
    Exempel:
      styrdok remiss package styrdokument-2024
      styrdok remiss package styrdokument-2024 --only ydre -o paket
    """
    from styrdok.remiss.tasks import build_round_packages

    with Progress("Bygger paket") as progress:
        outcome = build_round_packages(repository(ctx), round_id, output, only, progress)
    report(outcome)


@click.command("send", options_metavar=FLAGS)
@round_argument()
@smtp_flag
@output_folder("Katalog för .eml-filer (standard: out/remiss/ID/utskick).")
@only_option("Skicka bara till denna remissinstans.")
@today_option("Datum att registrera utskicket på (standard: nu).", default_today=False)
@click.pass_context
def send(
    ctx: click.Context,
    round_id: str,
    smtp: bool,
    output: Path | None,
    only: str | None,
    today: dt.date | None,
) -> None:
    """Skicka remissen: ett e-brev per remissinstans till registratorn, med paketet bifogat.

    Utan --smtp skrivs breven som .eml-filer att öppna och skicka från e-postprogrammet;
    med --smtp skickas de via SMTP-servern i styrdok.yaml. Utskicket noteras per instans.
    Paketet bifogas som en zip-fil, eller fil för fil med "e-post: bilagor: filer" i
    styrdok.yaml; styrdok varnar när ett brev blir större än "största brev i MB" (10 MB).

    \b
    Exempel:
      styrdok remiss send styrdokument-2024 --today 2024-02-23
      styrdok remiss send styrdokument-2024 --only ydre -o utskick
    """
    from styrdok.remiss.tasks import send_round_packages

    report(send_round_packages(repository(ctx), round_id, today, output, only, smtp))


COMMANDS = (new, status, extend, remind, package, send)
