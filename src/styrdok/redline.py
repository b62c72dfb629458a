"""Compare two versions of a document and render the change in the format asked for."""

from __future__ import annotations

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
