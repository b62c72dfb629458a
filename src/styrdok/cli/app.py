"""The command tree: ``styrdok`` with its global options, the ``remiss`` group, and the
one place where a user error becomes one Swedish line and exit status 1.

Library modules are imported inside the commands, never at the top: ``styrdok --help``
must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from styrdok import __version__
from styrdok.cli import adoption, answers, archive, correct, documents, placement, remiss, reports
from styrdok.cli.doctor import doctor
from styrdok.cli.messages import install as install_swedish
from styrdok.cli.options import CONTEXT, FLAGS, SUBCOMMANDS, OrderedGroup
from styrdok.cli.output import fail
from styrdok.cli.sent import remiss_sent
from styrdok.cli.site import site
from styrdok.cli.sync import sync

install_swedish()


class MainGroup(OrderedGroup):
    """The top group: every StyrdokError below it becomes one Swedish line and exit
    status 1; a closed pipe and Ctrl-C end quietly with status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from styrdok.core.errors import StyrdokError, os_error_message
        from styrdok.store.journal import take_notices

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
            for notice in take_notices():  # an interrupted write completed or undone
                click.echo(f"styrdok: varning: {notice}", err=True)


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


@click.group("remiss", cls=OrderedGroup, options_metavar=FLAGS, subcommand_metavar=SUBCOMMANDS)
def remiss_group() -> None:
    """Remissomgångar: skapa, skicka, följ upp svarstider, ta emot svar och sammanställ.

    \b
    Exempel:
      styrdok remiss status styrdokument-2024 --today 2024-04-25
      styrdok remiss package styrdokument-2024 --only ydre -o paket
    """


for command in documents.COMMANDS:
    main.add_command(command)
main.add_command(remiss_group)
new, *running = remiss.COMMANDS
commands = (new, *correct.COMMANDS, *running, *answers.COMMANDS, *placement.COMMANDS)
for command in (*commands, reports.summary):
    remiss_group.add_command(command)
remiss_group.add_command(remiss_sent)
remiss_group.add_command(archive.remiss_archive)
main.add_command(reports.board)
main.add_command(adoption.adoption_group)
for command in adoption.COMMANDS:
    adoption.adoption_group.add_command(command)
main.add_command(doctor)
main.add_command(sync)
main.add_command(site)
