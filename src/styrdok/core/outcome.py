"""What a task has to tell the user: its result, notes and warnings, and whether it failed.

Each function in a subpackage's ``tasks`` module returns one of these (or the bytes of a
file); the CLI prints it, and another program may read it instead."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """The Swedish text a task produced, split by where a user should see it."""

    text: str = ""  # the result itself, for standard output, lines ending in "\n"
    notes: tuple[str, ...] = ()  # what was written or counted, one line each
    warnings: tuple[str, ...] = ()  # things to look at; none of them stopped the task
    error: str | None = None  # a fault found after the result was made: exit status 1
    failed: bool = False  # the result itself is a failure (problems found): exit status 1


def lines(items: list[str]) -> str:
    """Return ``items`` as text, each on its own line ("" for none)."""
    return "".join(f"{item}\n" for item in items)
