"""The adoption commands: after the remiss, the direktion's decision, each member's
adoption, where it stands, reminders and entering into force.

Library modules are imported inside the commands, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from styrdok.cli.options import (
    FLAGS,
    SUBCOMMANDS,
    OrderedGroup,
    date_option,
    json_flag,
    output_folder,
    round_argument,
    smtp_flag,
    today_option,
)
from styrdok.cli.output import report, repository

extract_option = click.option(
    "--extract",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL",
    help="Protokollsutdraget (PDF eller Word); sparas oförändrat med kontrollsumma.",
)
paragraph_option = click.option(
    "--paragraph", required=True, metavar="§", help='Beslutets paragraf, till exempel "§ 45".'
)
received_option = date_option("--received", "Dag då utdraget kom in (standard: beslutsdagen).")


def _versions(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    """Return ``DOKUMENT=REV`` values as a mapping; a bare ``REV`` is kept under ''."""
    out: dict[str, str] = {}
    for value in values:
        name, sep, rev = value.partition("=")
        if not sep:
            name, rev = "", value
        if not rev.strip():
            raise click.BadParameter(f"förväntade DOKUMENT=VERSION, fick {value!r}")
        out[name.strip()] = rev.strip()
    return out


@click.group("adoption", cls=OrderedGroup, options_metavar=FLAGS, subcommand_metavar=SUBCOMMANDS)
def adoption_group() -> None:
    """Efter remissen: direktionens beslut, medlemmarnas antaganden och ikraftträdandet.

    En ny förbundsordning (och andra dokument som styrdok.yaml anger under antagande)
    träder i kraft först när fullmäktige i varje medlemskommun har antagit exakt samma
    text. Varje beslut och antagande sparas med protokollsutdraget oförändrat.

    \b
    Exempel:
      styrdok adoption decide styrdokument-2024 --date 2024-06-13 --paragraph "§ 45" \\
          --extract protokollsutdrag.pdf --adopt-by 2024-11-30
    """


@click.command("decide", options_metavar=FLAGS)
@round_argument()
@date_option("--date", "Beslutsdagen (ÅÅÅÅ-MM-DD).")
@paragraph_option
@extract_option
@click.option("--body", metavar="ORGAN", help="Organet som beslutade (standard: omgångens).")
@click.option(
    "--version",
    "versions",
    multiple=True,
    metavar="DOKUMENT=REV",
    callback=_versions,
    help="Den version av ett dokument som beslutades (kan upprepas; standard: den senast sparade).",
)
@date_option("--adopt-by", "Sista dag för medlemmarnas antagande.")
@received_option
@click.pass_context
def decide(
    ctx: click.Context,
    round_id: str,
    date: dt.date | None,
    paragraph: str,
    extract: Path,
    body: str | None,
    versions: dict[str, str],
    adopt_by: dt.date | None,
    received: dt.date | None,
) -> None:
    """Registrera direktionens beslut: datum, paragraf, exakt vilka versioner som
    beslutades och protokollsutdraget (granskas som remissvar och sparas oförändrat).
    Samma beslut med samma utdrag en gång till ändrar inget.

    \b
    Exempel:
      styrdok adoption decide styrdokument-2024 --date 2024-06-13 --paragraph "§ 45" \\
          --extract protokollsutdrag.pdf --adopt-by 2024-11-30
    """
    from styrdok.adoption.decision import AdoptionError, DecisionSpec
    from styrdok.adoption.tasks import decide as task

    if date is None:
        raise click.UsageError("ange beslutsdagen med --date")
    if "" in versions:
        raise AdoptionError(
            "ange versionen som DOKUMENT=VERSION, till exempel forbundsordning=HEAD"
        )
    spec = DecisionSpec(round_id, date, paragraph, extract, body, versions, adopt_by, received)
    report(task(repository(ctx), spec))


@click.command("schedule", options_metavar=FLAGS)
@round_argument()
@click.argument("member", metavar="MEDLEM")
@date_option("--date", "Dagen för fullmäktiges sammanträde (ÅÅÅÅ-MM-DD).")
@click.option("--body", metavar="ORGAN", help="Organet (standard: antagande.organ i styrdok.yaml).")
@click.pass_context
def schedule(
    ctx: click.Context, round_id: str, member: str, date: dt.date | None, body: str | None
) -> None:
    """Notera när en medlems fullmäktige ska besluta om antagandet.

    \b
    Exempel:
      styrdok adoption schedule styrdokument-2024 ydre --date 2024-10-21
      styrdok adoption schedule styrdokument-2024 odeshog --date 2024-10-14 \\
          --body "Kommunfullmäktige"
    """
    from styrdok.adoption.tasks import plan

    if date is None:
        raise click.UsageError("ange sammanträdesdagen med --date")
    report(plan(repository(ctx), round_id, member, date, body))


@click.command("adopt", options_metavar=FLAGS)
@round_argument()
@click.argument("member", metavar="MEDLEM")
@date_option("--date", "Dagen då fullmäktige beslutade (ÅÅÅÅ-MM-DD).")
@paragraph_option
@extract_option
@click.option("--body", metavar="ORGAN", help="Organet (standard: antagande.organ i styrdok.yaml).")
@click.option(
    "--document",
    "documents",
    multiple=True,
    metavar="DOKUMENT",
    help="Dokument som antogs (kan upprepas; standard: alla som medlemmarna antar).",
)
@click.option(
    "--version",
    "versions",
    multiple=True,
    metavar="[DOKUMENT=]REV",
    callback=_versions,
    help="Versionen som antogs, när den inte framgår av utdraget (standard: den som "
    "utdraget nämner, annars den beslutade).",
)
@click.option("--with-changes", is_flag=True, help="Fullmäktige antog texten med ändring.")
@received_option
@click.pass_context
def adopt(
    ctx: click.Context,
    round_id: str,
    member: str,
    date: dt.date | None,
    paragraph: str,
    extract: Path,
    body: str | None,
    documents: tuple[str, ...],
    versions: dict[str, str],
    with_changes: bool,
    received: dt.date | None,
) -> None:
    """Registrera att en medlems fullmäktige har antagit: datum, paragraf, vilken text och
    protokollsutdraget. En annan version eller ett antagande med ändring flaggas: texten
    är då inte densamma och dokumentet kan inte träda i kraft. När den sista medlemmen
    har antagit samma text träder dokumentet i kraft från sitt datum.

    \b
    Exempel:
      styrdok adoption adopt styrdokument-2024 boxholm --date 2024-09-16 \\
          --paragraph "§ 87" --extract utdrag-boxholm.pdf
      styrdok adoption adopt styrdokument-2024 vimmerby --date 2024-09-30 \\
          --paragraph "§ 112" --extract utdrag-vimmerby.docx --version "remissversion 2024"
    """
    from styrdok.adoption.members import AdoptionSpec
    from styrdok.adoption.tasks import adopt as task

    if date is None:
        raise click.UsageError("ange dagen för fullmäktiges beslut med --date")
    spec = AdoptionSpec(
        round_id, member, date, paragraph, extract, body, documents,
        versions, with_changes, received,
    )  # fmt: skip
    report(task(repository(ctx), spec))


@click.command("status", options_metavar=FLAGS)
@round_argument()
@json_flag("läget")
@click.option(
    "--ics",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL",
    help="Skriv sista dag för antagande och planerade sammanträden som kalenderfil.",
)
@today_option("Visa läget detta datum (standard: i dag).")
@click.option(
    "--check",
    is_flag=True,
    help="Avsluta med status 1 om sista dag för antagande har passerat och någon saknas.",
)
@click.pass_context
def status(
    ctx: click.Context, round_id: str, as_json: bool, ics: Path | None, today: dt.date, check: bool
) -> None:
    """Visa läget per medlem och dokument: antagen, annan text, planerad, saknas eller
    berörs inte, och om dokumentet har trätt i kraft eller vad det väntar på.

    \b
    Exempel:
      styrdok adoption status styrdokument-2024 --today 2024-10-01
      styrdok adoption status styrdokument-2024 --json
      styrdok adoption status styrdokument-2024 --ics antaganden.ics
    """
    from styrdok.adoption.tasks import status_report

    report(status_report(repository(ctx), round_id, today, as_json=as_json, ics=ics, check=check))


@click.command("remind", options_metavar=FLAGS)
@round_argument()
@today_option("Dagens datum (standard: i dag).")
@output_folder("Katalog för .eml-filer (standard: out/remiss/ID/antagande).")
@smtp_flag
@click.pass_context
def remind(
    ctx: click.Context, round_id: str, today: dt.date, output: Path | None, smtp: bool
) -> None:
    """Påminn de medlemmar som ännu inte har antagit samma text som direktionen beslutade.

    Medlemmar som har antagit en annan text påminns om att anta den beslutade; de som
    har ett planerat sammanträde påminns inte.

    \b
    Exempel:
      styrdok adoption remind styrdokument-2024 --today 2024-11-04
      styrdok adoption remind styrdokument-2024 --today 2024-12-02 -o paminnelser
    """
    from styrdok.adoption.tasks import remind as task

    report(task(repository(ctx), round_id, today, output, smtp))


@click.command("enact", options_metavar=FLAGS)
@round_argument()
@today_option("Dagens datum (standard: i dag).")
@click.pass_context
def enact(ctx: click.Context, round_id: str, today: dt.date) -> None:
    """Spara ikraftträdandet för de dokument som alla medlemmar har antagit: versionen får
    status gällande från sitt datum (en commit). Säger varför de övriga inte gäller än.

    \b
    Exempel:
      styrdok adoption enact styrdokument-2024
      styrdok adoption enact styrdokument-2024 --today 2025-01-01
    """
    from styrdok.adoption.tasks import enact as task

    report(task(repository(ctx), round_id, today))


COMMANDS = (decide, schedule, adopt, status, remind, enact)
