"""The table of output formats: each name maps to one writer of the same change model.

A new format is one writer and one row here. Text formats return ``str``; Word formats
return the bytes of a .docx file made on the repository's base template and settings.
Each writer's module is imported when its format is asked for, so that ``diff --format
json`` loads neither Jinja2 nor python-docx.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from styrdok.compare.diff import DiffResult

TextWriter = Callable[["DiffResult", bool], str]


def _term(result: DiffResult, color: bool) -> str:
    from styrdok.render import term

    return term.render(result, color=color)


def _html(result: DiffResult, color: bool) -> str:
    from styrdok.render import html

    return html.render(result)


def _markdown(result: DiffResult, color: bool) -> str:
    from styrdok.render import markdown

    return markdown.render(result)


def _json(result: DiffResult, color: bool) -> str:
    from styrdok.render import json

    return json.render(result.comparison, result.old.name, result.new.name)


TEXT_WRITERS: dict[str, TextWriter] = {
    "term": _term,
    "html": _html,
    "md": _markdown,
    "json": _json,
}
TEXT_FORMATS = tuple(TEXT_WRITERS)
BINARY_FORMATS = ("docx", "table")


def render_text(result: DiffResult, fmt: str, color: bool = False) -> str:
    """Return the comparison as terminal text, HTML, Markdown or JSON."""
    try:
        writer = TEXT_WRITERS[fmt]
    except KeyError:
        known = ", ".join(TEXT_FORMATS)
        raise ValueError(f"unknown format {fmt!r}, expected one of {known}") from None
    return writer(result, color)


def render_binary(
    result: DiffResult, fmt: str, author: str | None = None, date: dt.date | None = None
) -> bytes:
    """Return the comparison as a Word file: tracked changes (``docx``) or the
    comparison table (``table``), on the repository's base template and settings."""
    if fmt not in BINARY_FORMATS:
        raise ValueError(f"unknown format {fmt!r}, expected one of {', '.join(BINARY_FORMATS)}")
    from styrdok.core.templating import find_template
    from styrdok.store.settings import load_settings

    root = result.document.repo.root
    settings = load_settings(root)
    template = find_template("base.docx", root)
    if date is None:
        from styrdok.core.dates import today  # loads zoneinfo: only when no date is given

        date = today()
    if fmt == "docx":
        from styrdok.word.redline import redline_docx

        return redline_docx(result, settings, author, date, template)
    from styrdok.word.table import table_docx

    return table_docx(result, settings, date, template)
