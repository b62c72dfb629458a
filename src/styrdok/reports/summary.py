"""The remissammanställning: who said what about every change, and the förbund's positions.

``styrdok remiss summary`` calls :func:`render_summary`, which builds the shared view
(:mod:`styrdok.reports.summary_model`) and writes it as Markdown (here), as one self-contained HTML
page (the template ``sammanstallning.html.j2``) or as Word on the base template
(:mod:`styrdok.reports.summary_docx`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from styrdok.core.templating import render_template
from styrdok.render.common import BlockList, Paragraph, marker
from styrdok.render.markdown import LEGEND as MARKDOWN_LEGEND
from styrdok.render.markdown import escape, escape_line, side_markdown
from styrdok.reports.compilation import NO_ANSWER, NO_STANCE, Compilation, ForbundPosition
from styrdok.reports.summary_intro import join_sv
from styrdok.reports.summary_model import (
    APPENDIX_HEADERS,
    LEGEND,
    STANCE_ORDER,
    TEXT,
    AppendixRow,
    Quote,
    Side,
    Summary,
    SummarySection,
    Wording,
    build_summary,
    position_lines,
)
from styrdok.store.settings import Settings

Format = Literal["docx", "html", "md"]
TEMPLATE = "sammanstallning.html.j2"


def render_summary(
    compilation: Compilation,
    fmt: Format,
    settings: Settings,
    repo_root: Path,
    date: dt.date,
    after: Sequence[str] = (),
) -> bytes:
    """Return the remissammanställning as .docx, HTML or Markdown bytes; the same inputs
    give the same bytes. ``date`` is the date printed on it; ``after`` says what the text
    after the remiss changed and where the positions disagree with it (reports.final)."""
    summary = build_summary(compilation, settings, date)
    summary.after = list(after)
    if fmt == "md":
        return render_markdown(summary).encode("utf-8")
    if fmt == "html":
        return render_html(summary, repo_root).encode("utf-8")
    if fmt == "docx":
        from styrdok.reports.summary_docx import summary_docx

        return summary_docx(summary, settings, repo_root)
    raise ValueError(f"format must be docx, html or md, got {fmt!r}")


def stance_class(cell: str) -> str:
    """Return a CSS class for a stance or matrix cell: ``ingen-erinran``, ``ingen``…"""
    return {NO_STANCE: "ingen", NO_ANSWER: "inget-svar"}.get(cell, cell.replace(" ", "-"))


def render_html(summary: Summary, repo_root: Path | None) -> str:
    """Return the remissammanställning as one self-contained, accessible HTML page."""
    return render_template(
        TEMPLATE,
        repo_root,
        s=summary,
        text=TEXT,
        answer_headers=summary.answer_headers,
        appendix_headers=APPENDIX_HEADERS,
        stances=[(s, LEGEND.get(s, s), stance_class(s)) for s in STANCE_ORDER],
        stance_class=stance_class,
        position_lines=position_lines,
        join_sv=join_sv,
        is_paragraph=lambda group: isinstance(group, Paragraph),
    )


# --- Markdown ---------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return escape(" ".join(text.split())) or " "


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]


def _quote(text: str, indent: str = "") -> list[str]:
    """Return text quoted as received: every line escaped, none re-wrapped."""
    return [f"{indent}> {escape_line(escape(line))}".rstrip() for line in text.strip().splitlines()]


def _list(group: BlockList, indent: str, side: Side) -> list[str]:
    lines = []
    for item in group.items:
        mark = marker(group, item)
        text = side_markdown(item.change.ops, side).lstrip()
        lines.append(f"{indent}{mark}{escape_line(text)}")
        for child in item.children:
            lines += _list(child, indent + " " * len(mark), side)
    return lines


def wording_markdown(wording: Wording, side: Side) -> list[str]:
    """Return one side of a changed section as Markdown lines: a caption, then the wording
    as a block quote (lists kept as lists), or a note that the section is absent."""
    lines = [f"{TEXT[side]}:", ""]
    if not wording.present:
        return [*lines, f"> *{TEXT['absent-' + side]}*"]
    body = [f"Rubrik: {side_markdown(wording.heading, side)}"] if wording.show_heading else []
    for group in wording.body:
        if body:
            body.append(">")
        if isinstance(group, Paragraph):
            body.append(escape_line(side_markdown(group.change.ops, side).lstrip()))
        else:
            body += _list(group, "", side)
    return lines + [line if line == ">" else f"> {line}" for line in body]


def _position(position: ForbundPosition | None) -> list[str]:
    found = position_lines(position)
    if not found:
        return [TEXT["no-position"]]
    lines = [f"{name}: {escape(' '.join(text.split()))}" for name, text in found]
    return [line + "  " for line in lines[:-1]] + lines[-1:]


def _opinion(o: Quote) -> list[str]:
    lines = [f"- **{escape(o.name)}**: {escape(o.stance)} ({escape(o.origin)})"]
    if o.anchor:
        lines += ["", f"  {TEXT['anchor']}:", "", *_quote(o.anchor, "  ")]
    if o.comment:
        lines += ["", *_quote(o.comment, "  ")]
    if o.proposal:
        lines += ["", f"  {TEXT['proposal']}:", "", *_quote(o.proposal, "  ")]
    return [*lines, ""]


def _section(s: SummarySection, level: int = 4) -> list[str]:
    mark, below = "#" * level, "#" * (level + 1)
    lines = [f"{mark} {escape(s.label)} ({escape(s.status_text)})", ""]
    lines += [*wording_markdown(s.old, "old"), "", *wording_markdown(s.new, "new"), ""]
    lines += [f"{below} {TEXT['views']}", ""]
    if not s.opinions:
        lines += [TEXT["no-views"], ""]
    for o in s.opinions:
        lines += _opinion(o)
    for key, names in (("silent", s.silent), ("unanswered", s.unanswered)):
        if names:
            lines += [f"{TEXT[key]}: {escape(join_sv(names))}.", ""]
    return [*lines, f"{below} {TEXT['position']}", "", *_position(s.position)]


def _appendix_cells(row: AppendixRow) -> list[str]:
    path = f"{row.path} ({row.note})" if row.note else row.path
    return [row.name, path, row.original_name, row.received, row.sha256]


def render_markdown(summary: Summary) -> str:
    """Return the remissammanställning as Markdown: changed words ~~struck~~ in the current
    wording and **bold** in the proposed one, views quoted as received."""
    lines = [f"# {escape(summary.title)}", "", escape(summary.subtitle), "", f"## {TEXT['round']}"]
    for text in summary.round_text:
        lines += ["", escape(text)]
    lines += ["", f"## {TEXT['answers']}", "", escape(" ".join(summary.answers_text)), ""]
    lines += _table(summary.answer_headers, [summary.answer_cells(line) for line in summary.lines])
    lines += ["", f"## {TEXT['overview']}"]
    for d in summary.documents:
        rows = [[s.label, *s.cells] for s in d.sections]
        lines += ["", f"### {escape(d.title)}", ""]
        lines += _table(["Avsnitt", *summary.recipients], rows) if rows else ["Inga ändringar."]
    lines += ["", TEXT["no-stance"], "", f"## {TEXT['sections']}", "", MARKDOWN_LEGEND]
    for d in summary.documents:
        dnr = f" ({escape(d.dnr)})" if d.dnr else ""
        lines += ["", f"### {escape(d.title)}{dnr}", "", escape(f"Förslag: {d.versions}.")]
        for group in d.chapters:
            if group.chapter:
                lines += ["", f"#### {escape(group.chapter)}"]
            for s in group.items:
                lines += ["", *_section(s, 5 if group.chapter else 4)]
    lines += ["", f"## {TEXT['general']}"]
    if not summary.general:
        lines += ["", TEXT["no-general"]]
    for g in summary.general:
        lines += ["", f"### {escape(g.name)}", "", f"*{escape(g.origin)}*", "", *_quote(g.comment)]
        lines += ["", f"#### {TEXT['position']}", "", *_position(g.position)]
    if summary.after:
        lines += ["", f"## {TEXT['after']}", "", *(f"- {escape(line)}" for line in summary.after)]
    lines += ["", f"## {TEXT['appendix']}", ""]
    lines += _table(APPENDIX_HEADERS, [_appendix_cells(a) for a in summary.appendix])
    if summary.manual:
        lines += ["", escape(f"{TEXT['manual']}: {join_sv(summary.manual)}.")]
    return "\n".join(lines) + "\n"
