"""The comparison as one self-contained, accessible and printable HTML page."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from styrdok.compare.changeline import change_line
from styrdok.compare.diff import DiffResult
from styrdok.compare.engine import SectionChange, SectionStatus
from styrdok.compare.worddiff import Op
from styrdok.core.templating import render_template
from styrdok.render.common import (
    TEXT_UNCHANGED,
    BlockList,
    Paragraph,
    by_chapter,
    counts,
    form_note,
    group_blocks,
    heading_prefix,
    label,
    shows_body,
    status_text,
    unchanged_sections,
)
from styrdok.store.versions import Version

TEMPLATE = "redline.html.j2"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class VersionRow:
    """One of the two versions compared, as shown in the table at the top."""

    role: str
    name: str
    date: str
    status: str
    commit: str


@dataclass(frozen=True)
class HtmlSection:
    """A changed section ready for the template."""

    id: str
    label: str
    prefix: str  # the chapter a paragraph's heading does not name: "2 kap."
    status: str
    status_text: str
    heading: tuple[Op, ...]
    body: list[Paragraph | BlockList]
    shows_body: bool


def slug(text: str) -> str:
    """Return an ASCII id for a section reference: ``2 kap. 3 §`` → ``2-kap-3-paragraf``."""
    text = text.replace("§", " paragraf ")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


def _ids(changes: list[SectionChange]) -> list[str]:
    """Return a unique id per section (a removed and a new 5 § both appear)."""
    seen: set[str] = set()
    out = []
    for change in changes:
        base = "avsnitt-" + (slug(change.ref) or "utan-rubrik")
        if change.status == SectionStatus.REMOVED:
            base += "-upphavd"
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base}-{n}", n + 1
        seen.add(candidate)
        out.append(candidate)
    return out


def _date(day: dt.datetime | None) -> str:
    return day.date().isoformat() if day is not None else "–"


def _row(role: str, version: Version) -> VersionRow:
    status = version.meta.status or "–"
    return VersionRow(role, version.name, _date(version.date), status, version.short)


def _section(change: SectionChange, section_id: str) -> HtmlSection:
    heading = change.heading_ops or (Op("equal", label(change)),)
    return HtmlSection(
        id=section_id,
        label=label(change),
        prefix=heading_prefix(change),
        status=change.status,
        status_text=status_text(change),
        heading=heading,
        body=group_blocks(change.blocks),
        shows_body=shows_body(change),
    )


def render(result: DiffResult) -> str:
    """Return the comparison as an HTML page: title, the versions compared, the change line,
    counts and a table of contents (grouped by chapter), then every changed section with
    ``<ins>``/``<del>``."""
    comparison = result.comparison
    changes = comparison.changes
    sections = [_section(c, i) for c, i in zip(changes, _ids(changes), strict=True)]
    return render_template(
        TEMPLATE,
        result.document.repo.root,
        title=result.title,
        old=result.old,
        new=result.new,
        versions=[_row("Tidigare version", result.old), _row("Ny version", result.new)],
        summary=change_line(comparison),
        counts=counts(comparison),
        unchanged_count=comparison.counts().get(SectionStatus.UNCHANGED, 0),
        sections=sections,
        contents=by_chapter(changes, sections),
        unchanged=unchanged_sections(result),
        text_unchanged=TEXT_UNCHANGED,
        form_note=form_note,
        is_paragraph=lambda group: isinstance(group, Paragraph),
    )
