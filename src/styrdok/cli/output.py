"""What the commands print and write: a task's outcome, a file, a failure, progress.

Library modules are imported inside functions here and in every cli module, never at the
top: ``styrdok --help`` must start without loading git, python-docx, lxml or Jinja2."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:  # annotations only; importing them would load the library
    from styrdok.core.outcome import Outcome
    from styrdok.store.git import GitRepo

PREFIX = "styrdok"


def fail(message: str) -> NoReturn:
    """Print a user error as one Swedish line on standard error and exit with status 1."""
    click.echo(f"{PREFIX}: fel: {message}", err=True)
    sys.exit(1)


def repository(ctx: click.Context) -> GitRepo:
    """Return the repository ``--repo`` names, or the one holding the current folder."""
    from styrdok.store.git import GitRepo

    return GitRepo.find((ctx.find_root().obj or {}).get("repo"))


def warn(message: str) -> None:
    """Print a warning as one Swedish line on standard error; the command goes on."""
    click.echo(f"{PREFIX}: varning: {message}", err=True)


def report(outcome: Outcome) -> None:
    """Print a task's outcome: warnings and notes on standard error, the result on
    standard output; exit with status 1 when the task failed."""
    for warning in outcome.warnings:
        warn(warning)
    click.echo(outcome.text, nl=False)
    for note in outcome.notes:
        click.echo(note, err=True)
    if outcome.error is not None:
        fail(outcome.error)
    if outcome.failed:
        sys.exit(1)


def emit(data: bytes, output: Path | None) -> None:
    """Print UTF-8 ``data``, or write ``data`` atomically to ``output``."""
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    from styrdok.store.outputs import write_output

    write_output(output, data)
    click.echo(f"Skrev {output}", err=True)


def needs_file(fmt: str, output: Path | None, binary: tuple[str, ...] = ("docx",)) -> None:
    """Refuse to print a Word file in the terminal (a usage error, exit status 2)."""
    if fmt in binary and output is None:
        raise click.UsageError(
            f"--format {fmt} kräver -o FIL (en Word-fil skrivs inte i terminalen)"
        )


def use_color() -> bool:
    """Return True when standard output is a terminal and NO_COLOR is not set."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


class Progress:
    """A progress bar on standard error when it is a terminal, else silence; called with
    (done, total, name) as a task goes."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __call__(self, done: int, total: int, name: str | None) -> None:
        if not sys.stderr.isatty():
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        if done:
            self.bar.update(1, name)

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, value, traceback)
