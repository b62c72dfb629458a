"""The command line: thin click wrappers around the library. The only module that
imports click. Heavy libraries are imported inside the commands that need them."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from styrdok import __version__
from styrdok.cli.messages import install as _swedish

_swedish()
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """A group that turns every StyrdokError into one Swedish line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from styrdok.core.errors import StyrdokError, os_error_message
        from styrdok.store.journal import take_notices

        try:
            return super().invoke(ctx)
        except StyrdokError as exc:
            _fail(str(exc))
        except OSError as exc:  # the last net: each write reports its own errors first
            _fail(os_error_message(exc, "kan inte läsa eller skriva"))
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except KeyboardInterrupt:
            _fail("avbrutet")

        finally:
            for notice in take_notices():  # an interrupted write completed or undone
                click.echo(f"styrdok: varning: {notice}", err=True)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order they are defined


def _fail(message: str) -> NoReturn:
    click.echo(f"styrdok: fel: {message}", err=True)
    sys.exit(1)


def _repo(ctx: click.Context) -> Any:
    from styrdok.store.git import GitRepo

    return GitRepo.find(ctx.obj.get("repo"))


def _document(ctx: click.Context, name: str) -> Any:
    from styrdok.store.documents import find_document

    return find_document(_repo(ctx), name)


def _emit(text: str, output: Path | None) -> None:
    """Print ``text`` or write it atomically to ``output``."""
    if output is None:
        click.echo(text, nl=False)
        return
    from styrdok.store.outputs import write_output

    write_output(output, text.encode("utf-8"))
    click.echo(f"Skrev {output}", err=True)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"förväntade ett datum ÅÅÅÅ-MM-DD, fick {value!r}") from None


_output_file = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL",
    help="Skriv till fil.",
)
_today_option = click.option(
    "--today", metavar="DATUM", help="Läget detta datum (standard: i dag)."
)


def _needs_file(fmt: str, output: Path | None, binary: tuple[str, ...] = ("docx",)) -> None:
    """Refuse to print a Word file in the terminal."""
    if fmt in binary and output is None:
        raise click.UsageError(
            f"--format {fmt} kräver -o FIL (en Word-fil skrivs inte i terminalen)"
        )


@click.group(
    cls=_Group,
    context_settings=CONTEXT,
    options_metavar="[FLAGGOR]",
    subcommand_metavar="KOMMANDO [ARGUMENT]...",
)
@click.version_option(__version__, "-V", "--version", prog_name="styrdok")
@click.option(
    "--repo",
    type=click.Path(path_type=Path, file_okay=False),
    help="Arkivet att arbeta i (standard: det som innehåller aktuell katalog).",
)
@click.pass_context
def main(ctx: click.Context, repo: Path | None) -> None:
    """styrdok — styrdokument för kommunalförbund: versioner, jämförelser och remisser.

    Dokumenten är Markdown-filer i ett git-arkiv (i katalogen docs/). Ett dokument
    anges med sitt filnamn utan .md eller med sin sökväg.

    \b
    Exempel:
      styrdok log forbundsordning
      styrdok diff forbundsordning "gällande 2019" "remissversion 2024"
    """
    ctx.ensure_object(dict)
    ctx.obj["repo"] = repo


@main.command(options_metavar="[FLAGGOR]")
@click.argument(
    "directory", required=False, type=click.Path(path_type=Path), default=".", metavar="[KATALOG]"
)
@click.option("--namn", "name", default="Kommunalförbundet", help="Organisationens namn.")
def init(directory: Path, name: str) -> None:
    """Skapa ett nytt, tomt styrdok-arkiv med inställningsfil och kataloger.

    \b
    Exempel:
      styrdok init styrdokument --namn "Exempelförbundet"
    """
    from styrdok.store.workspace import init_repository

    root = init_repository(directory, name)
    click.echo(f"Skapade styrdok-arkiv i {root}")


@main.command("list", options_metavar="[FLAGGOR]")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """Lista dokumenten i docs/ med titel, status och version.

    \b
    Exempel:
      styrdok list
    """
    from styrdok.store.documents import list_documents
    from styrdok.store.versions import working_tree

    for ref in list_documents(_repo(ctx)):
        version = working_tree(ref)
        meta = version.meta
        fields = [ref.name, meta.title or "", meta.status or "", meta.label or ""]
        click.echo("\t".join(fields))


@main.command(options_metavar="[FLAGGOR]")
@click.argument("document", metavar="DOKUMENT")
@click.pass_context
def log(ctx: click.Context, document: str) -> None:
    """Visa dokumentets versioner: datum, version, status, commit och meddelande.

    \b
    Exempel:
      styrdok log forbundsordning
    """
    from styrdok.store.versions import history

    ref = _document(ctx, document)
    versions = history(ref)
    if not versions:
        click.echo(f"{ref.path} har inga sparade versioner ännu", err=True)
    for v in versions:
        date = v.date.date().isoformat() if v.date else ""
        row = [date, v.meta.label or "-", v.meta.status or "-", v.short, v.subject]
        click.echo("  ".join(row))


@main.command(options_metavar="[FLAGGOR]")
@click.argument("document", metavar="DOKUMENT")
@click.argument("rev", required=False, metavar="[REV]")
@click.option("--at", "at", metavar="DATUM", help="Visa versionen som gällde detta datum.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "docx"]),
    default="md",
    show_default=True,
    help="Utdataformat: Markdown eller Word (docx, kräver -o).",
)
@_output_file
@click.pass_context
def show(
    ctx: click.Context,
    document: str,
    rev: str | None,
    at: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Visa texten i en version: REV är en git-revision eller en versionsetikett.

    Utan REV visas arbetskopian; med --at den version som gällde ett visst datum.
    Med --format docx blir texten en Word-fil på arkivets grundmall (templates/base.docx).

    \b
    Exempel:
      styrdok show forbundsordning "gällande 2019"
      styrdok show forbundsordning --at 2020-01-01
      styrdok show itsam-avtal HEAD~1
      styrdok show forbundsordning "remissversion 2024" --format docx -o forbundsordning.docx
    """
    from styrdok.store.documents import load
    from styrdok.store.versions import in_force, resolve
    from styrdok.text.markdown import render

    _needs_file(fmt, output)
    ref = _document(ctx, document)
    day = _date(at, "--at")
    if day is not None and rev is not None:
        raise click.UsageError("ange antingen REV eller --at, inte båda")
    version = in_force(ref, day) if day is not None else resolve(ref, rev)
    if fmt == "docx" and output is not None:
        from styrdok.store.outputs import write_output
        from styrdok.word.clean import version_docx

        write_output(output, version_docx(ref, version))
        click.echo(f"Skrev {output}", err=True)
        return
    _emit(render(load(ref, version.sha, version.path)), output)


@main.command(options_metavar="[FLAGGOR]")
@click.argument("document", metavar="DOKUMENT")
@click.argument("old", metavar="GAMMAL")
@click.argument("new", required=False, metavar="[NY]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["term", "html", "md", "json", "docx", "table"]),
    default="term",
    show_default=True,
    help="Utdataformat; docx är en Word-fil med spårade ändringar och table en "
    "jämförelsetabell i Word (båda kräver -o).",
)
@_output_file
@click.option(
    "--forfattare",
    "author",
    metavar="NAMN",
    help="Författare till ändringarna i Word-filen (standard: ändringar.författare i "
    "styrdok.yaml, annars organisationens namn).",
)
@click.option(
    "--datum",
    "datum",
    metavar="ÅÅÅÅ-MM-DD",
    help="Datum för ändringarna i Word-filen (standard: i dag).",
)
@click.pass_context
def diff(
    ctx: click.Context,
    document: str,
    old: str,
    new: str | None,
    fmt: str,
    output: Path | None,
    author: str | None,
    datum: str | None,
) -> None:
    """Visa vad som ändrats mellan två versioner, avsnitt för avsnitt och ord för ord.

    GAMMAL och NY är git-revisioner eller versionsetiketter; utan NY jämförs med
    arbetskopian. Överst står en ändringsrad i SFS-stil. Med --format docx blir
    jämförelsen en Word-fil där varje ändring är en spårad ändring som mottagaren kan
    godkänna eller avvisa.

    \b
    Exempel:
      styrdok diff forbundsordning "gällande 2019" "remissversion 2024"
      styrdok diff forbundsordning "gällande 2019" --format html -o redline.html
      styrdok diff reglemente HEAD~1 --format json
      styrdok diff forbundsordning "gällande 2019" "remissversion 2024" --format docx \\
        -o forslag.docx --forfattare "Förbundskansliet" --datum 2024-03-01
      styrdok diff forbundsordning "gällande 2019" --format table -o jamforelse.docx
    """
    from styrdok.compare.diff import diff_versions
    from styrdok.render.formats import BINARY_FORMATS, render_binary, render_text

    if fmt not in BINARY_FORMATS and (author is not None or datum is not None):
        raise click.UsageError("--forfattare och --datum gäller bara --format docx och table")
    _needs_file(fmt, output, BINARY_FORMATS)
    if author is not None and not author.strip():
        raise click.UsageError("--forfattare får inte vara tomt")
    day = _date(datum, "--datum")
    result = diff_versions(_document(ctx, document), old, new)
    if fmt in BINARY_FORMATS:
        _emit_bytes(render_binary(result, fmt, author, day), output)
        return
    color = fmt == "term" and output is None and _use_color()
    _emit(render_text(result, fmt, color=color), output)


def _use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


@main.command(options_metavar="[FLAGGOR]")
@click.argument("document", required=False, metavar="[DOKUMENT]")
@click.pass_context
def check(ctx: click.Context, document: str | None) -> None:
    """Granska dokumentens struktur: dubbla eller överhoppade nummer och hänvisningar
    till avsnitt som inte finns. Avslutar med status 1 om något hittas.

    \b
    Exempel:
      styrdok check
      styrdok check forbundsordning
    """
    from styrdok.core.errors import StyrdokError
    from styrdok.store.documents import list_documents, load
    from styrdok.text.check import check_document

    repo = _repo(ctx)
    refs = [_document(ctx, document)] if document else list_documents(repo)
    problems = 0
    for ref in refs:
        try:
            model = load(ref, None)
        except StyrdokError as exc:  # report the file and go on with the others
            text = str(exc)
            click.echo(text if text.startswith(ref.path) else f"{ref.path}: {text}")
            problems += 1
            continue
        for problem in check_document(model):
            click.echo(f"{ref.path}: {problem}")
            problems += 1
    if problems:
        click.echo(f"{problems} problem hittades", err=True)
        sys.exit(1)
    click.echo(f"Inga problem i {len(refs)} dokument", err=True)


@main.group(options_metavar="[FLAGGOR]", subcommand_metavar="KOMMANDO [ARGUMENT]...")
def remiss() -> None:
    """Remissomgångar: skapa, skicka, följ upp svarstider och påminn.

    \b
    Exempel:
      styrdok remiss new styrdokument-2024 --title "Revidering av styrdokument" \\
          --deadline 2024-05-09 --sent 2024-02-23
      styrdok remiss status --today 2024-04-25
    """


def _today(value: str | None, option: str = "--today") -> dt.date:
    from styrdok.core.dates import parse_date, today

    return parse_date(value, option) if value else today()


def _warn(messages: list[str]) -> None:
    for message in messages:
        click.echo(f"styrdok: varning: {message}", err=True)


@remiss.command("new", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.option("--title", required=True, help="Remissens rubrik.")
@click.option(
    "--deadline", required=True, metavar="DATUM", help="Sista svarsdag (ÅÅÅÅ-MM-DD [TT:MM])."
)
@click.option("--sent", metavar="DATUM", help="Utskicksdag (standard: i dag).")
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
    help="Remissinstanser (kan upprepas; standard: medlemmarna på utskicksdagen).",
)
@click.option(
    "--decision-body", metavar="ORGAN", help="Organ som beslutar (standard: från styrdok.yaml)."
)
@click.option("--decision-date", metavar="DATUM", help="Datum för beslutssammanträdet.")
@click.pass_context
def remiss_new(
    ctx: click.Context,
    round_id: str,
    title: str,
    deadline: str,
    sent: str | None,
    documents: tuple[str, ...],
    base: str | None,
    proposal: str | None,
    recipients: tuple[str, ...],
    decision_body: str | None,
    decision_date: str | None,
) -> None:
    """Skapa en remissomgång: dokument, versioner, mottagare och sista svarsdag.

    Varnar (men skapar ändå) om svarsdagen är en helgdag, om en instans medlemskap
    upphör före svarsdagen, om svarstiden är kort eller om förslaget inte ändrar något.

    \b
    Exempel:
      styrdok remiss new styrdokument-2024 --title "Revidering av Itsams styrdokument" \\
          --deadline 2024-05-09 --sent 2024-02-23 --decision-date 2024-06-13
    """
    from styrdok.core.dates import parse_date, parse_deadline, today
    from styrdok.remiss.rounds import NewRound, create_round
    from styrdok.store.settings import load

    repo = _repo(ctx)
    ids = [part.strip() for value in recipients for part in value.split(",") if part.strip()]
    spec = NewRound(
        id=round_id,
        title=title,
        deadline=parse_deadline(deadline),
        sent=parse_date(sent, "--sent") if sent else today(),
        documents=documents,
        base=base,
        proposal=proposal,
        recipients=ids,
        decision_body=decision_body,
        decision_date=parse_date(decision_date, "--decision-date") if decision_date else None,
    )
    with repo.locked():
        created, warnings = create_round(repo, load(repo.root), spec)
    _warn(warnings)
    click.echo(
        f"Skapade remiss {created.id}: {len(created.documents)} dokument, "
        f"{len(created.recipients)} remissinstanser, sista svarsdag {created.deadline_text}"
    )


@remiss.command("status", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="[ID]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Skriv läget som JSON.")
@click.option(
    "--ics",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL",
    help="Skriv svarsdagarna som kalenderfil (iCalendar).",
)
@click.option("--today", metavar="DATUM", help="Visa läget detta datum (standard: i dag).")
@click.option(
    "--check", is_flag=True, help="Avsluta med status 1 om någon svarsdag har passerat utan svar."
)
@click.pass_context
def remiss_status(
    ctx: click.Context,
    round_id: str | None,
    as_json: bool,
    ics: Path | None,
    today: str | None,
    check: bool,
) -> None:
    """Visa läget per remissinstans: skickat, svarsdag, dagar kvar, svar och påminnelser.

    Utan ID visas alla omgångar som väntar på svar.

    \b
    Exempel:
      styrdok remiss status styrdokument-2024 --today 2024-04-25
      styrdok remiss status --ics svarsdagar.ics
      styrdok remiss status --check
    """
    import json

    from styrdok.remiss.report import status_table
    from styrdok.remiss.status import open_rounds, round_status, to_data

    repo = _repo(ctx)
    day = _today(today)
    statuses = [round_status(repo.root, round_id, day)] if round_id else open_rounds(repo.root, day)
    if ics is not None:
        from styrdok.remiss.calendar import deadlines_ics
        from styrdok.store.outputs import write_output
        from styrdok.store.settings import load

        write_output(ics, deadlines_ics(statuses, load(repo.root).organisation.name))
        click.echo(f"Skrev {ics}", err=True)
    if as_json:
        click.echo(json.dumps([to_data(s) for s in statuses], ensure_ascii=False, indent=2))
    else:
        if not statuses:
            click.echo("Inga remissomgångar väntar på svar.")
        click.echo("\n".join(status_table(s) for s in statuses), nl=False)
    overdue = [row for s in statuses for row in s.overdue]
    if check and overdue:
        names = ", ".join(row.recipient.name for row in overdue)
        _fail(f"svarsdagen har passerat utan svar för {names}")


@remiss.command("extend", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.argument("recipient", metavar="INSTANS")
@click.option(
    "--to", "to", required=True, metavar="DATUM", help="Ny sista svarsdag (ÅÅÅÅ-MM-DD [TT:MM])."
)
@click.option("--reason", required=True, metavar="TEXT", help="Skälet till förlängningen.")
@click.pass_context
def remiss_extend(ctx: click.Context, round_id: str, recipient: str, to: str, reason: str) -> None:
    """Ge en remissinstans förlängd svarstid.

    \b
    Exempel:
      styrdok remiss extend styrdokument-2024 ydre --to 2024-05-23 \\
          --reason "Kommunstyrelsen sammanträder 21 maj"
    """
    from styrdok.core.dates import now, parse_deadline
    from styrdok.core.templating import swedish_date
    from styrdok.remiss.actions import extend

    deadline = parse_deadline(to)
    done = extend(_repo(ctx), round_id, recipient, deadline, reason, now())
    click.echo(f"{done.name} har nu sista svarsdag {swedish_date(deadline.date())}")


@remiss.command("remind", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.option("--today", metavar="DATUM", help="Dagens datum (standard: i dag).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="KATALOG",
    help="Katalog för .eml-filer (standard: out/remiss/ID/paminnelser).",
)
@click.option(
    "--smtp",
    is_flag=True,
    help="Skicka via SMTP-servern i styrdok.yaml i stället för att skriva .eml-filer.",
)
@click.pass_context
def remiss_remind(
    ctx: click.Context, round_id: str, today: str | None, output: Path | None, smtp: bool
) -> None:
    """Påminn remissinstanser som inte svarat och vars svarsdag är nära eller passerad.

    \b
    Exempel:
      styrdok remiss remind styrdokument-2024 --today 2024-05-03
      styrdok remiss remind styrdokument-2024 --smtp
    """
    from styrdok.remiss.actions import remind
    from styrdok.store.settings import load

    repo = _repo(ctx)
    out = output or repo.root / "out" / "remiss" / round_id / "paminnelser"
    done = remind(repo, load(repo.root), round_id, _today(today), out, smtp=smtp)
    if not done:
        click.echo("Ingen behöver påminnas i dag.")
    for reminder in done:
        where = f" → {reminder.file}" if reminder.file else " (skickad)"
        click.echo(f"Påminnelse till {reminder.recipient.name}{where}")


@remiss.command("package", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="KATALOG",
    help="Katalog för paketen (standard: out/remiss/ID/paket).",
)
@click.option("--only", metavar="INSTANS", help="Bygg bara paketet till denna remissinstans.")
@click.pass_context
def remiss_package(
    ctx: click.Context, round_id: str, output: Path | None, only: str | None
) -> None:
    """Bygg ett remisspaket per remissinstans: en katalog och en zip-fil med missiv,
    svarsmall, förslag, spårade ändringar, jämförelsetabell och manifest.

    \b
    Exempel:
      styrdok remiss package styrdokument-2024
      styrdok remiss package styrdokument-2024 --only ydre -o paket
    """
    from styrdok.remiss.package import build_packages
    from styrdok.store.settings import load

    repo = _repo(ctx)
    out = output or repo.root / "out" / "remiss" / round_id / "paket"
    bar: Any = None

    def progress(recipient: Any) -> None:
        if bar is not None:
            bar.update(1, recipient.name)

    if sys.stderr.isatty():
        from styrdok.remiss.rounds import load_round

        count = 1 if only else len(load_round(repo.root, round_id).recipients)
        with click.progressbar(length=count, label="Bygger paket", file=sys.stderr) as bar:
            written = build_packages(repo, load(repo.root), round_id, out, only, progress)
    else:
        written = build_packages(repo, load(repo.root), round_id, out, only, progress)
    click.echo(f"Skrev {len(written)} paket i {out}")


@remiss.command("send", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.option(
    "--smtp",
    is_flag=True,
    help="Skicka via SMTP-servern i styrdok.yaml i stället för att skriva .eml-filer.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="KATALOG",
    help="Katalog för .eml-filer (standard: out/remiss/ID/utskick).",
)
@click.option("--only", metavar="INSTANS", help="Skicka bara till denna remissinstans.")
@click.option("--today", metavar="DATUM", help="Datum att registrera utskicket på (standard: nu).")
@click.pass_context
def remiss_send(
    ctx: click.Context,
    round_id: str,
    smtp: bool,
    output: Path | None,
    only: str | None,
    today: str | None,
) -> None:
    """Skicka remissen: ett e-brev per remissinstans till registratorn, med paketet bifogat.

    Utan --smtp skrivs breven som .eml-filer att öppna och skicka från e-postprogrammet.
    Utskicket noteras per instans.

    \b
    Exempel:
      styrdok remiss send styrdokument-2024
      styrdok remiss send styrdokument-2024 --smtp
    """
    from styrdok.core.dates import STOCKHOLM, now
    from styrdok.remiss.actions import send_round
    from styrdok.store.settings import load

    repo = _repo(ctx)
    at = dt.datetime.combine(_today(today), dt.time(9, 0), STOCKHOLM) if today else now()
    out = output or repo.root / "out" / "remiss" / round_id / "utskick"
    for sending in send_round(repo, load(repo.root), round_id, at, out, smtp=smtp, only=only):
        click.echo(sending.describe())


@remiss.command("receive", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL...",
)
@click.option(
    "--from",
    "sender",
    metavar="INSTANS",
    help="Avsändare, för filer som inte kommer från styrdoks egna mallar.",
)
@click.option("--received", metavar="DATUM", help="Datum då svaret kom in (standard: i dag).")
@click.pass_context
def remiss_receive(
    ctx: click.Context,
    round_id: str,
    files: tuple[Path, ...],
    sender: str | None,
    received: str | None,
) -> None:
    """Registrera inkomna remissvar: Word- eller PDF-filer, sparade exakt som de kom.

    Avsändaren läses ur styrdoks egna dokument; för andra filer anges den med --from.
    Filerna granskas innan de läses; en fil som inte godtas ger ett fel och inget sparas.

    \b
    Exempel:
      styrdok remiss receive styrdokument-2024 svarsmall.docx --received 2024-05-08
      styrdok remiss receive styrdokument-2024 yttrande.pdf --from ydre
    """
    from styrdok.answers.receive import describe, receive
    from styrdok.store.settings import load

    repo = _repo(ctx)
    day = _today(received, "--received")
    done = receive(repo, load(repo.root), round_id, list(files), sender, day)
    for registration in done:
        click.echo(describe(registration))


@remiss.command("answers", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.argument("recipient", metavar="[INSTANS]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Skriv svaren som JSON.")
@click.option("--today", metavar="DATUM", help="Läget detta datum (standard: i dag).")
@click.pass_context
def remiss_answers(
    ctx: click.Context, round_id: str, recipient: str | None, as_json: bool, today: str | None
) -> None:
    """Visa registrerade svar och, per avsnitt, vad varje remissinstans sagt.

    \b
    Exempel:
      styrdok remiss answers styrdokument-2024
      styrdok remiss answers styrdokument-2024 ydre --json
    """
    import json

    from styrdok.remiss.rounds import RoundError
    from styrdok.reports.answers import answers_data, answers_text
    from styrdok.reports.compilation import compile_round

    compilation = compile_round(_repo(ctx), round_id, _today(today))
    if recipient is not None and recipient not in compilation.round.recipients:
        raise RoundError(f"{recipient} är inte remissinstans i {round_id}")
    if as_json:
        data = answers_data(compilation, recipient)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(answers_text(compilation, recipient), nl=False)


@remiss.command("positions", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.option("--today", metavar="DATUM", help="Läget detta datum (standard: i dag).")
@click.pass_context
def remiss_positions(ctx: click.Context, round_id: str, today: str | None) -> None:
    """Skapa eller uppdatera filen där förbundets ställningstaganden skrivs.

    Filen remiss/ID/stallningstaganden.yaml listar varje ändrat avsnitt med de synpunkter
    som kommit in, och varje allmän synpunkt. Det personalen skrivit behålls.

    \b
    Exempel:
      styrdok remiss positions styrdokument-2024
    """
    from styrdok.reports.positions import update_positions

    path, sections, general = update_positions(_repo(ctx), round_id, _today(today))
    click.echo(f"Skrev {path}: {sections} avsnitt och {general} allmänna synpunkter")


def _compiled(ctx: click.Context, round_id: str, today: str | None) -> tuple[Any, Any]:
    from styrdok.reports.compilation import compile_round
    from styrdok.reports.positions import load_positions

    repo = _repo(ctx)
    sections, general = load_positions(repo.root, round_id)
    return repo, compile_round(repo, round_id, _today(today), sections, general)


@remiss.command("summary", options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "html", "md"]),
    default="md",
    show_default=True,
    help="Utdataformat.",
)
@_output_file
@click.option("--today", metavar="DATUM", help="Datum på sammanställningen (standard: i dag).")
@click.pass_context
def remiss_summary(
    ctx: click.Context, round_id: str, fmt: str, output: Path | None, today: str | None
) -> None:
    """Skriv remissammanställningen: vem som sagt vad om varje ändring och förbundets
    ställningstaganden.

    \b
    Exempel:
      styrdok remiss summary styrdokument-2024 --format docx -o remissammanstallning.docx
      styrdok remiss summary styrdokument-2024 --format html -o remissammanstallning.html
    """
    from styrdok.reports.summary import render_summary
    from styrdok.store.settings import load

    _needs_file(fmt, output)
    repo, compilation = _compiled(ctx, round_id, today)
    data = render_summary(compilation, fmt, load(repo.root), repo.root, _today(today))  # type: ignore[arg-type]
    _emit_bytes(data, output)


@main.command(options_metavar="[FLAGGOR]")
@click.argument("round_id", metavar="ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "docx", "md"]),
    default="html",
    show_default=True,
    help="Utdataformat.",
)
@_output_file
@click.option("--today", metavar="DATUM", help="Datum på sammanfattningen (standard: i dag).")
@click.pass_context
def board(
    ctx: click.Context, round_id: str, fmt: str, output: Path | None, today: str | None
) -> None:
    """Skriv direktionens sammanfattning av en remiss: vad som ändras, var medlemmarna
    står och vad som händer nu – att läsa på fem minuter.

    \b
    Exempel:
      styrdok board styrdokument-2024 --format html -o direktionen.html
      styrdok board styrdokument-2024 --format docx -o direktionen.docx
    """
    from styrdok.reports.board import render_board
    from styrdok.store.settings import load

    _needs_file(fmt, output)
    repo, compilation = _compiled(ctx, round_id, today)
    data = render_board(compilation, fmt, load(repo.root), repo, _today(today))  # type: ignore[arg-type]
    _emit_bytes(data, output)


def _emit_bytes(data: bytes, output: Path | None) -> None:
    """Print UTF-8 text output, or write any output atomically to a file."""
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    from styrdok.store.outputs import write_output

    write_output(output, data)
    click.echo(f"Skrev {output}", err=True)


# --- Commands in their own modules (issue 11: faults and bad input) -------------------------
from styrdok.cli.doctor import doctor  # noqa: E402
from styrdok.cli.sent import remiss_sent  # noqa: E402

main.add_command(doctor)
remiss.add_command(remiss_sent)


if __name__ == "__main__":  # pragma: no cover
    main()
