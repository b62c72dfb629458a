"""The table of output formats: each name maps to one writer of the same change model.

A new format is one writer and one row here. Text formats return ``str``; Word formats
return the bytes of a .docx file made on the repository's base template and settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from styrdok.compare.diff import DiffResult
from styrdok.core.dates import today
from styrdok.core.templating import find_template
from styrdok.render import html, json, markdown, term
from styrdok.store.settings import load_settings

TextWriter = Callable[[DiffResult, bool], str]

TEXT_WRITERS: dict[str, TextWriter] = {
    "term": lambda result, color: term.render(result, color=color),
    "html": lambda result, color: html.render(result),
    "md": lambda result, color: markdown.render(result),
    "json": lambda result, color: json.render(result.comparison, result.old.name, result.new.name),
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
    root = result.document.repo.root
    settings = load_settings(root)
    template = find_template("base.docx", root)
    day = date or today()
    if fmt == "docx":
        from styrdok.word.redline import redline_docx  # python-docx only for Word files

        return redline_docx(result, settings, author, day, template)
    from styrdok.word.table import table_docx

    return table_docx(result, settings, day, template)
