"""The tasks behind ``show`` and ``diff``: one version of a document, or what changed
between two, as the bytes of the chosen format (text formats in UTF-8)."""

from __future__ import annotations

import datetime as dt

from styrdok.compare.diff import diff_versions
from styrdok.core.gcpause import gc_paused
from styrdok.render.formats import BINARY_FORMATS, render_binary, render_text
from styrdok.store.documents import find_document, load_document
from styrdok.store.git import GitRepo
from styrdok.store.versions import Version, in_force, resolve
from styrdok.text.markdown import render

VERSION_FORMATS = ("md", "docx")


def show_version(
    repo: GitRepo, document: str, rev: str | None, at: dt.date | None, fmt: str = "md"
) -> tuple[bytes, Version]:
    """Return a version of a document as Markdown or .docx, and which version it is: the
    one ``rev`` names (a git revision or a version label), the one in force on ``at``, or
    the working tree."""
    if fmt not in VERSION_FORMATS:
        raise ValueError(f"unknown format {fmt!r}, expected one of {', '.join(VERSION_FORMATS)}")
    if rev is not None and at is not None:
        raise ValueError("give a revision or a date, not both")
    ref = find_document(repo, document)
    version = in_force(ref, at) if at is not None else resolve(ref, rev)
    if fmt == "docx":
        from styrdok.word.clean import version_docx

        return version_docx(ref, version), version
    return render(load_document(ref, version.sha, version.path)).encode("utf-8"), version


def show_diff(
    repo: GitRepo,
    document: str,
    old: str,
    new: str | None,
    fmt: str = "term",
    *,
    color: bool = False,
    author: str | None = None,
    date: dt.date | None = None,
) -> bytes:
    """Return what changed in a document from ``old`` to ``new`` (None: the working tree)
    as terminal text, HTML, Markdown, JSON or a Word file (``docx``, ``table``);
    ``author`` and ``date`` mark the tracked changes of the Word files."""
    with gc_paused():  # one pause for reading, comparing and writing (see core.gcpause)
        result = diff_versions(find_document(repo, document), old, new)
        if fmt in BINARY_FORMATS:
            return render_binary(result, fmt, author, date)
        return render_text(result, fmt, color=color).encode("utf-8")
