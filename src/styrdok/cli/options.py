"""The options, arguments and value types the commands share, each defined once.

Library modules are imported inside functions here and in every cli module, never at the
top: ``styrdok --help`` must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

FC = TypeVar("FC", bound=Callable[..., Any] | click.Command)
FLAGS = "[FLAGGOR]"  # the options' place in each usage line
SUBCOMMANDS = "KOMMANDO [ARGUMENT]..."  # a group's commands' place in its usage line
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class OrderedGroup(click.Group):
    """A group that lists its commands in the order they were added, as they are used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


class DateType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """A date written ÅÅÅÅ-MM-DD; a wrong one is a user error (one line, exit status 1)
    naming the option."""

    name = "datum"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        from styrdok.core.dates import parse_date

        return parse_date(str(value), param.opts[0] if param is not None else "datum")


class DeadlineType(click.ParamType):  # type: ignore[type-arg]
    """A deadline ÅÅÅÅ-MM-DD (the end of that day) or ÅÅÅÅ-MM-DD TT:MM, Stockholm time."""

    name = "svarsdag"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.datetime):
            return value
        from styrdok.core.dates import parse_deadline

        return parse_deadline(str(value))


DATE = DateType()
DEADLINE = DeadlineType()


def _today() -> dt.date:
    from styrdok.core.dates import today

    return today()


def usage_date(value: str | None) -> dt.date | None:
    """Return the date in ``value`` (None when not given); a wrong one is a usage error
    (exit status 2), for options that only shape the output."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"förväntade ett datum ÅÅÅÅ-MM-DD, fick {value!r}") from None


def date_option(name: str, help: str, default_today: bool = False) -> Callable[[FC], FC]:
    """``NAME DATUM``: a date, today or None when not given."""
    default = _today if default_today else None
    return click.option(name, type=DATE, metavar="DATUM", default=default, help=help)


def today_option(
    help: str = "Läget detta datum (standard: i dag).", default_today: bool = True
) -> Callable[[FC], FC]:
    """``--today DATUM``: the day to act as of (today, or None when not given)."""
    return date_option("--today", help, default_today)


output_file = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL",
    help="Skriv till fil.",
)


def output_folder(help: str) -> Callable[[FC], FC]:
    """``-o KATALOG``: the folder to write files in."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, file_okay=False),
        metavar="KATALOG",
        help=help,
    )


def format_option(choices: Sequence[str], help: str = "Utdataformat.") -> Callable[[FC], FC]:
    """``--format``: the output format, the first choice by default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


def json_flag(what: str) -> Callable[[FC], FC]:
    """``--json``: write ``what`` as JSON for other programs."""
    return click.option("--json", "as_json", is_flag=True, help=f"Skriv {what} som JSON.")


smtp_flag = click.option(
    "--smtp",
    is_flag=True,
    help="Skicka via SMTP-servern i styrdok.yaml i stället för att skriva .eml-filer.",
)


def only_option(help: str) -> Callable[[FC], FC]:
    """``--only INSTANS``: one recipient instead of all."""
    return click.option("--only", metavar="INSTANS", help=help)


def round_argument(required: bool = True) -> Callable[[FC], FC]:
    """The round's id."""
    return click.argument("round_id", metavar="ID" if required else "[ID]", required=required)


def document_argument(required: bool = True) -> Callable[[FC], FC]:
    """A document: its file name without .md, or its path."""
    return click.argument(
        "document", metavar="DOKUMENT" if required else "[DOKUMENT]", required=required
    )


def split_ids(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    """Return the ids given with a repeatable option, each also split at commas."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]
