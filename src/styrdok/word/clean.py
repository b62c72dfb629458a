"""The text of one version as a clean Word document, on the shared base template.

Headings get the built-in heading styles, list items the list styles with real Word
numbering, the page header names the organisation, title, version, diarienummer and
date, and the front matter travels along as the custom property ``styrdok.frontmatter``
(see word.base for the conventions the .docx reader relies on).
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from styrdok.store.settings import Settings
from styrdok.text.model import Block, Document
from styrdok.word.base import (
    NORMAL,
    Formatter,
    ListTracker,
    add_text,
    append_to_body,
    clear_body,
    header_lines,
    new_paragraph,
    open_template,
    save,
    set_header,
    today,
)
from styrdok.word.package import (
    FRONT_MATTER_PROPERTY,
    PackageInfo,
    encode_front_matter,
    finalise,
)

if TYPE_CHECKING:
    from styrdok.store.documents import DocumentRef
    from styrdok.store.versions import Version

TEMPLATE = "base.docx"


def document_docx(
    doc: Document,
    settings: Settings,
    version_label: str | None,
    date: dt.date | None,
    template: Path,
) -> bytes:
    """Return the .docx bytes of ``doc`` on ``template``; the same arguments give the
    same bytes. ``date`` goes into the header and the file's properties."""
    document = open_template(template)
    formatter = Formatter(document, f"mallen {template}")
    body = clear_body(document)
    written = 0
    ids = itertools.count(1)

    def blocks(items: list[Block]) -> None:
        nonlocal written
        tracker = ListTracker(ids)
        for block in items:
            fmt = formatter.block(block.kind, block.depth, tracker.list_id(block))
            p = new_paragraph(fmt)
            add_text(p, block.text)
            append_to_body(body, p)
            written += 1

    blocks(doc.preamble)
    for section, _parents in doc.walk():
        p = new_paragraph(formatter.heading(section.heading.level))
        add_text(p, section.heading.text)
        append_to_body(body, p)
        written += 1
        blocks(section.blocks)
    if not written:
        append_to_body(body, new_paragraph(NORMAL))
    title = doc.display_title
    lines = header_lines(settings.organisation.name, title, version_label, doc.meta.dnr, date)
    set_header(document, lines)
    info = PackageInfo(
        title=title,
        author=settings.author,
        date=date,
        custom={FRONT_MATTER_PROPERTY: encode_front_matter(doc.meta.values)},
    )
    return finalise(save(document), info)


def version_docx(ref: DocumentRef, version: Version) -> bytes:
    """Return a version of a document as .docx, with the repository's settings and base
    template, dated by its commit (the working tree: today)."""
    from styrdok.core.templating import find_template
    from styrdok.store.documents import load_document
    from styrdok.store.settings import load_settings

    root = ref.repo.root
    settings = load_settings(root)
    template = find_template(TEMPLATE, root)
    doc = load_document(ref, version.sha, version.path)
    date = version.date.date() if version.date is not None else today()
    return document_docx(doc, settings, version.name, date, template)
