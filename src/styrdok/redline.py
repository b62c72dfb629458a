"""Compare two versions of a document and render the change in the format asked for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from styrdok.compare import Comparison, compare
from styrdok.documents import DocumentRef, load
from styrdok.versions import Version, resolve

TEXT_FORMATS = ("term", "html", "md", "json")


@dataclass(frozen=True)
class DiffResult:
    """A comparison with the document and the two versions it was made from."""

    document: DocumentRef
    old: Version
    new: Version
    comparison: Comparison

    @property
    def title(self) -> str:
        return self.comparison.new.display_title or self.document.name


def diff_versions(ref: DocumentRef, old_rev: str, new_rev: str | None) -> DiffResult:
    """Return the comparison of two versions (``new_rev`` None: the working tree)."""
    old = resolve(ref, old_rev)
    new = resolve(ref, new_rev)
    comparison = compare(load(ref, old.sha, old.path), load(ref, new.sha, new.path))
    return DiffResult(ref, old, new, comparison)


def render_text(result: DiffResult, fmt: str, color: bool = False) -> str:
    """Return the comparison as terminal text, HTML, Markdown or JSON."""
    if fmt == "term":
        from styrdok.render_term import render as render_term

        return render_term(result, color=color)
    if fmt == "html":
        from styrdok.render_html import render as render_html

        return render_html(result)
    if fmt == "md":
        from styrdok.render_markdown import render as render_md

        return render_md(result)
    if fmt == "json":
        from styrdok.render_json import render as render_json

        return render_json(result.comparison, result.old.name, result.new.name)
    raise ValueError(f"unknown format {fmt!r}, expected one of {', '.join(TEXT_FORMATS)}")


BINARY_FORMATS = ("docx", "table")


def render_binary(
    result: DiffResult, fmt: str, author: str | None = None, date: dt.date | None = None
) -> bytes:
    """Return the comparison as a Word file: tracked changes (``docx``) or the
    comparison table (``table``), on the repository's base template and settings."""
    from styrdok.deadlines import today
    from styrdok.settings import load
    from styrdok.templating import find_template

    root = result.document.repo.root
    settings = load(root)
    template = find_template("base.docx", root)
    day = date or today()
    if fmt == "docx":
        from styrdok.redline_docx import redline_docx

        return redline_docx(result, settings, author, day, template)
    if fmt == "table":
        from styrdok.table_docx import table_docx

        return table_docx(result, settings, day, template)
    raise ValueError(f"unknown format {fmt!r}, expected one of {', '.join(BINARY_FORMATS)}")
