"""The command tree: ``styrdok`` with its global options, its commands, and the one
place where a user error becomes one Swedish line and exit status 1.

Library modules are imported inside the commands, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2. The commands' own modules
are imported only when a command is used: ``styrdok --help`` lists them from
:data:`COMMANDS`, which holds the first paragraph of each command's help (a test checks
that it matches the command)."""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import Any

import click

from styrdok import __version__
from styrdok.cli.messages import SWEDISH
from styrdok.cli.messages import install as install_swedish
from styrdok.cli.options import CONTEXT, FLAGS, SUBCOMMANDS, OrderedGroup
from styrdok.cli.output import fail

install_swedish()

_DOCUMENTS = "styrdok.cli.documents"
_GROUPS = "styrdok.cli.groups"
# name -> (module, attribute, the first paragraph of the command's help), in the order
# the top-level help lists them.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": (
        _DOCUMENTS,
        "init",
        "Skapa ett nytt styrdok-arkiv: inställningar, remissinstanser, ett exempeldokument "
        "och en handledning (LÄSMIG.md), alla med exempel att byta ut.",
    ),
    "list": (_DOCUMENTS, "list_", "Lista dokumenten i docs/ med titel, status och version."),
    "log": (
        _DOCUMENTS,
        "log",
        "Visa dokumentets versioner: datum då den sparades, version, status, datum då den "
        "gäller från (när dokumentet anger det), commit och meddelande.",
    ),
    "show": (
        _DOCUMENTS,
        "show",
        "Visa texten i en version: REV är en git-revision eller en versionsetikett.",
    ),
    "diff": (
        _DOCUMENTS,
        "diff",
        "Visa vad som ändrats mellan två versioner, avsnitt för avsnitt och ord för ord.",
    ),
    "check": (
        _DOCUMENTS,
        "check",
        "Granska dokumentens struktur: dubbla eller överhoppade nummer och hänvisningar till "
        "avsnitt som inte finns. Avslutar med status 1 om något hittas.",
    ),
    "remiss": (
        _GROUPS,
        "remiss_group",
        "Remissomgångar: skapa, skicka, följ upp svarstider, ta emot svar och sammanställ.",
    ),
    "board": (
        "styrdok.cli.reports",
        "board",
        "Skriv direktionens sammanfattning av en remiss: vad som ändras, var medlemmarna står "
        "och vad som händer nu – att läsa på fem minuter.",
    ),
    "adoption": (
        _GROUPS,
        "adoption_group",
        "Efter remissen: direktionens beslut, medlemmarnas antaganden och ikraftträdandet.",
    ),
    "doctor": (
        "styrdok.cli.doctor",
        "doctor",
        "Granska arkivet: avbrutna skrivningar, filer som inte sparats i git, inkomna svar "
        "mot sina SHA-256-summor, poster som nämner filer som saknas och ett kvarlämnat lås.",
    ),
    "sync": (
        "styrdok.cli.sync",
        "sync",
        "Synkronisera med kansliets git-server: hämta kollegornas ändringar, lägg dina egna "
        "ovanpå och skicka dem. Kör det när arbetet börjar och när det är klart.",
    ),
    "site": (
        "styrdok.cli.site",
        "site",
        "Skriv en fristående webbplats för arkivet: styrdokumenten i gällande lydelse och som "
        "förslag med ändringarna mellan dem, varje remiss med läge och svarsdagar, "
        "remissammanställningen och sammanfattningen för direktionen, och remisserna som ett "
        "JSON-flöde (remisser.json).",
    ),
}


class MainGroup(OrderedGroup):
    """The top group: every StyrdokError below it becomes one Swedish line and exit
    status 1; a closed pipe and Ctrl-C end quietly with status 1. Its commands are
    loaded from :data:`COMMANDS` when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(dict.fromkeys([*COMMANDS, *self.commands]))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute, _summary = COMMANDS[cmd_name]
            self.add_command(getattr(import_module(module), attribute), cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands as click does, with the short help made from the first
        paragraph in :data:`COMMANDS` for those not loaded yet (the same text)."""
        commands: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None and name in COMMANDS:
                command = click.Command(name, help=COMMANDS[name][2])
            if command is not None and not command.hidden:
                commands.append((name, command))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _command in commands)
            rows = [(name, command.get_short_help_str(limit)) for name, command in commands]
            with formatter.section(SWEDISH["Commands"]):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from styrdok.core.errors import StyrdokError, os_error_message

        try:
            return super().invoke(ctx)
        except StyrdokError as exc:
            fail(str(exc))
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except OSError as exc:  # the last net: each write reports its own errors first
            fail(os_error_message(exc, "kan inte läsa eller skriva"))
        except KeyboardInterrupt:
            fail("avbrutet")
        finally:
            # Only the journal makes notices: when nothing loaded it, there are none.
            journal = sys.modules.get("styrdok.store.journal")
            for notice in journal.take_notices() if journal is not None else ():
                click.echo(f"styrdok: varning: {notice}", err=True)  # a write completed or undone


@click.group(
    cls=MainGroup, context_settings=CONTEXT, options_metavar=FLAGS, subcommand_metavar=SUBCOMMANDS
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
