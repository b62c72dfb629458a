"""The document commands: init, list, log, show, diff and check.

Library modules are imported inside the commands, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import gc
from pathlib import Path

import click

from styrdok.cli.options import FLAGS, document_argument, format_option, output_file, usage_date
from styrdok.cli.output import emit, needs_file, report, repository, use_color, warn


@click.command(options_metavar=FLAGS)
@click.argument(
    "directory", required=False, type=click.Path(path_type=Path), default=".", metavar="[KATALOG]"
)
@click.option("--namn", "name", default="Kommunalförbundet", help="Organisationens namn.")
@click.option(
    "--remote",
    metavar="URL",
    help="Kansliets gemensamma git-server (ssh, https eller sökväg), som blir origin.",
)
def init(directory: Path, name: str, remote: str | None) -> None:
    """Skapa ett nytt styrdok-arkiv: inställningar, remissinstanser, ett exempeldokument
    och en handledning (LÄSMIG.md), alla med exempel att byta ut.

    Med --remote delas arkivet genom kansliets git-server (till exempel
    git@git.forbund.se:kansliet/styrdokument.git): har servern redan arkivet hämtas det
    till KATALOG, annars skickas det nya arkivet dit. Ett befintligt arkiv får servern
    som origin och synkroniseras med den.

    \b
    Exempel:
      styrdok init styrdokument --namn "Exempelförbundet"
      styrdok init kansliet --remote ../server/styrdokument.git
    """
    from styrdok.store.tasks import create_repository

    report(create_repository(directory, name, remote))


@click.command("list", options_metavar=FLAGS)
@click.pass_context
def list_(ctx: click.Context) -> None:
    """Lista dokumenten i docs/ med titel, status och version.

    \b
    Exempel:
      styrdok list
    """
    from styrdok.store.tasks import document_list

    report(document_list(repository(ctx)))


@click.command(options_metavar=FLAGS)
@document_argument()
@click.pass_context
def log(ctx: click.Context, document: str) -> None:
    """Visa dokumentets versioner: datum då den sparades, version, status, datum då den
    gäller från (när dokumentet anger det), commit och meddelande.

    \b
    Exempel:
      styrdok log forbundsordning
    """
    from styrdok.store.tasks import version_log

    report(version_log(repository(ctx), document))


@click.command(options_metavar=FLAGS)
@document_argument()
@click.argument("rev", required=False, metavar="[REV]")
@click.option("--at", "at", metavar="DATUM", help="Visa versionen som gällde detta datum.")
@format_option(["md", "docx"], "Utdataformat: Markdown eller Word (docx, kräver -o).")
@output_file
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

    Utan REV visas arbetskopian; med --at den version som gällde ett visst datum
    (och en varning när ett beslut som skulle gälla då inte har trätt i kraft).
    Med --format docx blir texten en Word-fil på arkivets grundmall (templates/base.docx).

    \b
    Exempel:
      styrdok show forbundsordning "gällande 2019"
      styrdok show forbundsordning --at 2020-01-01
      styrdok show itsam-avtal HEAD~1
      styrdok show forbundsordning "remissversion 2024" --format docx -o forbundsordning.docx
    """
    from styrdok.render.tasks import show_version

    needs_file(fmt, output)
    day = usage_date(at)
    if day is not None and rev is not None:
        raise click.UsageError("ange antingen REV eller --at, inte båda")
    repo = repository(ctx)
    data, shown = show_version(repo, document, rev, day, fmt)
    if day is not None:
        from styrdok.adoption.enact import in_force_warnings

        for warning in in_force_warnings(repo, shown, day):
            warn(warning)
    emit(data, output)


@click.command(options_metavar=FLAGS)
@document_argument()
@click.argument("old", metavar="GAMMAL")
@click.argument("new", required=False, metavar="[NY]")
@format_option(
    ["term", "html", "md", "json", "docx", "table"],
    "Utdataformat; docx är en Word-fil med spårade ändringar och table en "
    "jämförelsetabell i Word (båda kräver -o).",
)
@output_file
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
      styrdok diff direktionens-reglemente "gällande 2019" --format json
      styrdok diff forbundsordning "gällande 2019" "remissversion 2024" --format docx \\
        -o forslag.docx --forfattare "Förbundskansliet" --datum 2024-03-01
      styrdok diff forbundsordning "gällande 2019" --format table -o jamforelse.docx
    """
    # One comparison, then the process ends: the cyclic collector would only walk the
    # modules and the comparison's objects again and again (see core.gcpause).
    gc.disable()
    from styrdok.render.tasks import show_diff

    word = ("docx", "table")
    if fmt not in word and (author is not None or datum is not None):
        raise click.UsageError("--forfattare och --datum gäller bara --format docx och table")
    needs_file(fmt, output, word)
    if author is not None and not author.strip():
        raise click.UsageError("--forfattare får inte vara tomt")
    day = usage_date(datum)
    color = fmt == "term" and output is None and use_color()
    data = show_diff(repository(ctx), document, old, new, fmt, color=color, author=author, date=day)
    emit(data, output)
    # The process ends here: the collector's last pass at exit would walk every object
    # still alive (about 15 ms after 30 pages) to find cycles that the exit frees anyway.
    gc.freeze()


@click.command(options_metavar=FLAGS)
@document_argument(required=False)
@click.pass_context
def check(ctx: click.Context, document: str | None) -> None:
    """Granska dokumentens struktur: dubbla eller överhoppade nummer och hänvisningar
    till avsnitt som inte finns. Avslutar med status 1 om något hittas.

    Ett dokument med "typ: förbundsordning" granskas också mot de 18 punkter som en
    förbundsordning ska ange enligt 9 kap. 6 § kommunallagen; varje punkt som inte hittas
    skrivs ut med nummer och namn. En punkt räknas som funnen när en rubrik eller en
    mening i texten tar upp den med de ord förbundsordningar brukar använda, till
    exempel rubriken "Anslagstavla" eller meningen "Förbundets anslagstavla finns på …"
    (punkt 10). En hänvisning räcker inte: "kvalificerad majoritet enligt 12 §" i ett
    annat avsnitt räknas inte för punkt 7. Är en bestämmelse formulerad på annat sätt,
    ange i dokumentets front matter var den står, så räknas punkten som funnen där om
    avsnittet finns:

    \b
      kommunallagen 9 kap. 6 §:
        10: 15 §

    \b
    Exempel:
      styrdok check
      styrdok check forbundsordning
    """
    from styrdok.compare.tasks import check_documents

    report(check_documents(repository(ctx), document))


COMMANDS = (init, list_, log, show, diff, check)
