"""The remissammanställning as a view that all three formats share, so that they say the
same in the same words.

:func:`build_summary` turns a :class:`~styrdok.reports.compilation.Compilation` into: an
introduction (the round, its documents, recipients, deadline and extensions, who answered
when and who did not), an overview matrix of sections × recipients, every changed section
with its old and new wording, the views on it quoted as received and the förbund's position,
the general views, and an appendix listing every answer as registered. The fixed Swedish
texts are in ``TEXT``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from styrdok.answers.record import ViewSource
from styrdok.compare.engine import BlockChange, SectionChange
from styrdok.compare.worddiff import Op
from styrdok.core.templating import swedish_date
from styrdok.core.vocabulary import Stance
from styrdok.remiss.register import Answer
from styrdok.remiss.rounds import recipient_dir
from styrdok.render.common import (
    BlockList,
    ChapterGroup,
    Paragraph,
    by_chapter,
    group_blocks,
    label,
    status_text,
    title_changed,
)
from styrdok.render.html import slug
from styrdok.reports.compilation import (
    NO_ANSWER,
    NO_STANCE,
    Compilation,
    ForbundPosition,
    GeneralEntry,
    Opinion,
    SectionEntry,
)
from styrdok.reports.summary_intro import (
    RecipientLine,
    answers_text,
    decision,
    recipient_line,
    round_text,
    without_dnr_prefix,
)
from styrdok.store.settings import Settings

Side = Literal["old", "new"]
TITLE = "Remissammanställning"
# Every fixed text of the remissammanställning, shared by the three formats.
TEXT = {
    "round": "Remissen",
    "answers": "Inkomna svar",
    "overview": "Översikt",
    "sections": "Synpunkter per avsnitt",
    "views": "Synpunkter",
    "position": "Förbundets ställningstagande",
    "general": "Allmänna synpunkter",
    "appendix": "Bilaga: Inkomna handlingar",
    "old": "Nuvarande lydelse",
    "new": "Föreslagen lydelse",
    "absent-old": "Avsnittet finns inte i nuvarande lydelse.",
    "absent-new": "Avsnittet upphävs.",
    "no-position": "Förbundet har ännu inte tagit ställning.",
    "no-views": "Inga synpunkter har kommit in på avsnittet.",
    "no-general": "Inga allmänna synpunkter har kommit in.",
    "no-stance": "– betyder att remissinstansen svarade men inte tog ställning till avsnittet.",
    "silent": "Utan synpunkt på avsnittet",
    "unanswered": "Inget svar",
    "anchor": "Gäller texten",
    "proposal": "Förslag till lydelse",
    "manual": "Läses manuellt",
    "changed": "Förslaget ändrat med anledning av synpunkterna",
    "after": "Förslaget efter remissen",
    "counts": "Ställningstaganden per ändrat avsnitt",  # the chart, and the count table in Word
    "counts-note": (
        "Tabellerna räknar remissinstanserna per ställningstagande. Vilken ställning varje "
        "remissinstans tog står under varje avsnitt i ”Synpunkter per avsnitt”."
    ),
}
ANSWER_HEADERS = ("Remissinstans", "Skickad", "Svarsdag", "Svar inkom", "Anmärkning")
DECISION_HEADER = "Beslut"  # shown before Anmärkning when a form says what decided it
APPENDIX_HEADERS = ("Remissinstans", "Fil", "Originalnamn", "Inkom", "SHA-256")
# The stances in the order the chart stacks them; the legend's words where they differ.
_FOR_TO_AGAINST = (Stance.SUPPORTS, Stance.NO_OBJECTION, Stance.COMMENTS, Stance.OPPOSES)
STANCE_ORDER = (*_FOR_TO_AGAINST, NO_STANCE, NO_ANSWER)
LEGEND = {NO_STANCE: "svar utan ställningstagande (–)"}
SOURCE_WORDS = {
    ViewSource.FORM: "svarsmallen",
    ViewSource.COMMENT: "kommentar i dokumentet",
    ViewSource.CHANGE: "spårad ändring i dokumentet",
}


@dataclass(frozen=True)
class Wording:
    """One side of a changed section: its heading and blocks, changes marked."""

    present: bool
    heading: tuple[Op, ...]
    body: list[Paragraph | BlockList]
    show_heading: bool


@dataclass(frozen=True)
class Quote:
    """A recipient's view, quoted as received, with where it came from."""

    name: str
    stance: str  # a stance, or "–" for none
    comment: str
    proposal: str
    anchor: str  # the text a Word comment or tracked change is on
    origin: str  # svarsmallen, inkom 2024-05-06
    position: ForbundPosition | None = None  # for a general view: the förbund's position


@dataclass
class SummarySection:
    """A changed section with its wording, the views on it and the förbund's position."""

    id: str
    label: str
    status: str
    status_text: str
    change: SectionChange
    old: Wording
    new: Wording
    opinions: list[Quote]
    cells: list[str]  # the matrix row: one stance, "–" or "inget svar" per recipient
    silent: list[str]  # answered, but said nothing on this section
    unanswered: list[str]
    position: ForbundPosition | None

    def counts(self) -> list[tuple[str, int]]:
        """Return how many recipients took each stance (chart order, zeros left out)."""
        return [(s, n) for s in STANCE_ORDER if (n := self.cells.count(s))]

    def count_cells(self) -> list[str]:
        """Return how many recipients took each stance, every stance in chart order."""
        return [str(self.cells.count(s)) for s in STANCE_ORDER]

    def chart_text(self) -> str:
        """Return the chart bar in words: ``3 §: 1 avstyrker, 1 ingen erinran, 3 inget svar``."""
        counts = ", ".join(f"{n} {LEGEND.get(s, s)}" for s, n in self.counts())
        return f"{self.label}: {counts}"


@dataclass
class SummaryDocument:
    """One document of the round and its changed sections."""

    id: str
    title: str
    dnr: str
    versions: str  # remissversion 2024 jämförd med gällande 2019
    sections: list[SummarySection]
    chapters: list[ChapterGroup] = field(default_factory=list)  # the sections by chapter

    @property
    def has_chapters(self) -> bool:
        """Return True when the sections stand in chapters (the document has them)."""
        return any(group.chapter for group in self.chapters)


@dataclass(frozen=True)
class AppendixRow:
    """One answer as registered."""

    name: str
    path: str  # relative to the repository root
    original_name: str
    received: str
    sha256: str
    note: str


@dataclass
class Summary:
    """Everything the remissammanställning shows, ready for any format."""

    round_id: str
    title: str
    organisation: str
    date: dt.date
    dnr: str  # without "Dnr", several joined with ", "
    round_text: list[str]  # the introduction's paragraphs
    documents: list[SummaryDocument]
    recipients: list[str]  # the matrix columns
    lines: list[RecipientLine]
    answers_text: list[str]
    general: list[Quote]
    appendix: list[AppendixRow]
    manual: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # the text after the remiss, flags

    @property
    def subtitle(self) -> str:
        parts = [self.organisation, f"Dnr {self.dnr}" if self.dnr else "", swedish_date(self.date)]
        return " · ".join(p for p in parts if p)

    @property
    def answer_headers(self) -> tuple[str, ...]:
        """Return the headers of the table of answers: with the decisions when a form
        gave one."""
        if not any(line.decision for line in self.lines):
            return ANSWER_HEADERS
        return (*ANSWER_HEADERS[:-1], DECISION_HEADER, ANSWER_HEADERS[-1])

    def answer_cells(self, line: RecipientLine) -> list[str]:
        """Return one row of the table of answers, as :attr:`answer_headers` orders it."""
        cells = [line.name, line.sent, line.deadline, ", ".join(line.received) or "–"]
        if len(self.answer_headers) > len(ANSWER_HEADERS):
            cells.append(line.decision)
        return [*cells, line.note]


def position_lines(position: ForbundPosition | None) -> list[tuple[str, str]]:
    """Return the förbund's position as labelled lines, or none when it is not written."""
    if position is None or not (position.agreement or position.reasoning):
        return []
    lines = [("Ställningstagande", position.agreement or "–")]
    if position.reasoning:
        lines.append(("Motivering", position.reasoning))
    if position.changed is not None:
        lines.append((TEXT["changed"], "ja" if position.changed else "nej"))
    return lines


def side_wording(change: SectionChange, side: Side) -> Wording:
    """Return one side's wording: the other side's words left out, this side's marked."""
    skip = "insert" if side == "old" else "delete"
    blocks = [
        BlockChange(
            b.status,
            b.old if side == "old" else None,
            b.new if side == "new" else None,
            tuple(op for op in b.ops if op.kind != skip),
        )
        for b in change.blocks
        if (b.old if side == "old" else b.new) is not None
    ]
    present = (change.old if side == "old" else change.new) is not None
    heading = tuple(op for op in change.heading_ops if op.kind != skip)
    shown = title_changed(change) or change.old is None or change.new is None
    return Wording(present, heading, group_blocks(blocks), shown and bool(heading))


def _quote(o: Opinion | GeneralEntry, answers: dict[tuple[str, str], Answer]) -> Quote:
    """Return a view as quoted, its origin naming the source and the answer's arrival."""
    words = [SOURCE_WORDS.get(o.source, o.source)] if o.source else []
    answer = answers.get((o.recipient.id, o.answer_file))
    if answer is not None:
        words.append(f"inkom {answer.received.isoformat()}")
    if isinstance(o, GeneralEntry):
        return Quote(o.recipient.name, "", o.text, "", "", ", ".join(words), o.position)
    stance = o.stance or NO_STANCE
    return Quote(o.recipient.name, stance, o.comment, o.proposal, o.anchor, ", ".join(words))


def _answers(compilation: Compilation) -> dict[tuple[str, str], Answer]:
    return {(row.recipient.id, a.file): a for row in compilation.rows for a in row.answers}


def _section(entry: SectionEntry, compilation: Compilation, section_id: str) -> SummarySection:
    """Return a changed section with its matrix row, the views and who said nothing."""
    answers = _answers(compilation)
    spoke = {o.recipient.id for o in entry.opinions}
    return SummarySection(
        id=section_id,
        label=label(entry.change),
        status=entry.change.status,
        status_text=status_text(entry.change),
        change=entry.change,
        old=side_wording(entry.change, "old"),
        new=side_wording(entry.change, "new"),
        opinions=[_quote(o, answers) for o in entry.opinions],
        cells=[
            (entry.stance_of(row.recipient.id) or NO_STANCE) if row.answers else NO_ANSWER
            for row in compilation.rows
        ],
        silent=[r.recipient.name for r in compilation.answered() if r.recipient.id not in spoke],
        unanswered=[row.recipient.name for row in compilation.missing()],
        position=entry.position,
    )


def _documents(compilation: Compilation) -> list[SummaryDocument]:
    """Return the documents with their changed sections, each with a unique HTML id."""
    out, seen = [], set()
    for entry in compilation.documents:
        doc, sections = entry.document, []
        for s in entry.sections:
            base = f"{slug(doc.name)}-{slug(s.ref) or 'inledning'}"
            section_id, n = base, 2
            while section_id in seen:
                section_id, n = f"{base}-{n}", n + 1
            seen.add(section_id)
            sections.append(_section(s, compilation, section_id))
        versions = f"{entry.result.new.name} jämförd med {entry.result.old.name}"
        chapters = by_chapter([s.change for s in entry.sections], sections)
        out.append(
            SummaryDocument(
                f"dokument-{slug(doc.name)}", doc.title, doc.dnr or "", versions, sections, chapters
            )
        )
    return out


def build_summary(compilation: Compilation, settings: Settings, date: dt.date) -> Summary:
    """Return the remissammanställning of ``compilation`` as dated ``date``."""
    r = compilation.round
    appendix = [
        AppendixRow(
            recipient.name,
            (recipient_dir(Path(), r.id, recipient.id) / answer.file).as_posix(),
            answer.original_name,
            answer.received.isoformat(),
            answer.sha256,
            "komplettering" if answer.supplement else "",
        )
        for recipient, answer in compilation.answers
    ]
    dnrs = r.dnr or tuple(d.dnr for d in r.documents if d.dnr)
    return Summary(
        round_id=r.id,
        title=f"{TITLE}: {r.title}",
        organisation=settings.organisation.name,
        date=date,
        dnr=", ".join(dict.fromkeys(without_dnr_prefix(d) for d in dnrs)),
        round_text=round_text(compilation, settings),
        documents=_documents(compilation),
        recipients=[row.recipient.name for row in compilation.rows],
        lines=[recipient_line(row, decision(compilation, row)) for row in compilation.rows],
        answers_text=answers_text(compilation),
        general=[_quote(g, _answers(compilation)) for g in compilation.general],
        appendix=appendix,
        manual=[f"{rec.name}: {a.original_name or a.file}" for rec, a in compilation.manual],
    )
