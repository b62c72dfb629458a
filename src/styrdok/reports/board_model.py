"""The direktion's summary of a remiss round, short enough to read in five minutes.

Per document the change line, the section counts and the main changes in plain Swedish
(from the proposal's commit messages and version note); where the members stand (who
answered on time, late or not at all, and the stances per document, as a chart); the
sections someone opposes; and what happens next. :func:`board_summary` turns a
:class:`~styrdok.reports.compilation.Compilation` into a :class:`Board`, which the HTML,
Markdown and Word renderers show; :func:`styrdok.reports.board.render_board` returns the
bytes of one of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from styrdok.compare.changeline import change_line
from styrdok.compare.engine import SectionStatus
from styrdok.core.plural import count
from styrdok.core.templating import swedish_date
from styrdok.core.vocabulary import Stance
from styrdok.remiss.status import AnswerState
from styrdok.render.common import COUNT_WORDS
from styrdok.reports.board_adoption import AdoptionView, adoption_view, after_lines
from styrdok.reports.board_chart import Count, StackedBar
from styrdok.reports.board_notes import (
    MAX_CHANGES,
    from_sections,
    main_changes,
    names,
    section_name,
    sentence,
    swedish_dates,
)
from styrdok.reports.compilation import Compilation, DocumentEntry, SectionEntry
from styrdok.store.git import GitRepo
from styrdok.store.registry import Recipient
from styrdok.store.settings import Settings
from styrdok.text.model import KEY_ADOPTED_BY, KEY_NOTE, is_statutes

TITLE = "Sammanfattning för direktionen"
HEADINGS = ("Vad ändras", "Var medlemmarna står", "Avsnitt som någon avstyrker", "Vad händer nu")
MAX_COMMENT = 220  # characters of an opposing comment shown
COUNTED = (  # always shown; MOVED when any section moved
    SectionStatus.MODIFIED,
    SectionStatus.ADDED,
    SectionStatus.REMOVED,
    SectionStatus.RENUMBERED,
)


@dataclass(frozen=True)
class DocumentSummary:
    """What the board sees of one document."""

    title: str
    dnr: str | None
    base: str
    proposal: str
    change_line: str
    counts: tuple[tuple[str, int], ...]  # (Swedish plural, number of sections)
    changes: tuple[str, ...]  # main changes as sentences
    more: int  # main changes left out for brevity
    note: str | None  # the proposal's anmärkning, when new
    stances: tuple[Count, ...]

    @property
    def more_text(self) -> str:
        """Return the line that stands for the main changes left out."""
        what = "ändring" if self.more == 1 else "ändringar"
        return f"Ytterligare {self.more} {what} finns i versionshistoriken."


@dataclass(frozen=True)
class AnswerGroup:
    """Recipients who answered on time, late, or not (yet)."""

    word: str  # i tid / sent / saknas
    heading: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Objection:
    """One recipient opposing a section, with its comment (shortened)."""

    name: str
    comment: str


@dataclass(frozen=True)
class OpposedSection:
    """A section at least one recipient opposes."""

    document: str
    section: str
    objections: tuple[Objection, ...]
    others: str  # the other stances on it: "Ydre kommun (ingen erinran)"
    position: str  # the förbund's position, if written


@dataclass(frozen=True)
class Board:
    """The direktion's summary of one round, ready for any renderer."""

    organisation: str
    round_id: str
    round_title: str
    dnr: tuple[str, ...]
    date: dt.date
    intro: str
    documents: tuple[DocumentSummary, ...]
    count_words: tuple[str, ...]
    answers: tuple[AnswerGroup, ...]
    notes: tuple[str, ...]  # former members, general views, answers read by hand
    opposed: tuple[OpposedSection, ...]
    next_steps: tuple[str, ...]
    after: tuple[str, ...] = ()  # the text after the remiss, and positions that disagree
    adoption: AdoptionView | None = None  # the decision and the members' adoption

    @property
    def date_text(self) -> str:
        return swedish_date(self.date)

    def answer_counts(self) -> tuple[Count, ...]:
        return tuple(Count(g.word, len(g.names)) for g in self.answers)

    def stance_bars(self) -> tuple[StackedBar, ...]:
        return tuple(StackedBar(d.title, d.stances) for d in self.documents)


def _shorten(text: str, limit: int = MAX_COMMENT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def _document(entry: DocumentEntry, repo: GitRepo) -> DocumentSummary:
    doc = entry.document
    new, old = entry.result.new.meta, entry.result.old.meta
    messages = repo.messages(doc.base.commit, doc.proposal.commit, doc.proposal.path)
    changes = main_changes(messages, (doc.base.label, doc.proposal.label, new.label, new.title))
    if not changes:
        changes = from_sections(entry)
    note = new.text(KEY_NOTE)
    found = entry.result.comparison.counts()
    words = [(word, found.get(status, 0)) for status, word in COUNT_WORDS]
    stances = entry.stances()
    return DocumentSummary(
        title=doc.title,
        dnr=doc.dnr,
        base=doc.base.label or doc.base.commit[:10],
        proposal=doc.proposal.label or doc.proposal.commit[:10],
        change_line=change_line(entry.result.comparison),
        counts=tuple(words),
        changes=tuple(changes[:MAX_CHANGES]),
        more=max(0, len(changes) - MAX_CHANGES),
        note=swedish_dates(note) if note and note != old.text(KEY_NOTE) else None,
        stances=tuple(Count(s, stances.get(s, 0)) for s in Stance),
    )


def _opposed(entry: SectionEntry, title: str) -> OpposedSection:
    objections = tuple(
        Objection(o.recipient.name, _shorten(" ".join(x for x in (o.comment, o.proposal) if x)))
        for o in entry.opinions
        if o.stance == Stance.OPPOSES
    )
    opposing = {o.recipient.id for o in entry.opinions if o.stance == Stance.OPPOSES}
    others = [
        f"{o.recipient.name} ({o.stance})"
        for o in entry.opinions
        if o.stance and o.recipient.id not in opposing
    ]
    position = ""
    if entry.position is not None and entry.position.agreement:
        reasoning = _shorten(entry.position.reasoning)
        position = entry.position.agreement + (f" – {reasoning}" if reasoning else "")
    name = section_name(entry.change)
    return OpposedSection(
        title, name[:1].upper() + name[1:], objections, "; ".join(dict.fromkeys(others)), position
    )


def _left(recipient: Recipient, day: dt.date) -> bool:
    return recipient.member_until is not None and recipient.member_until < day


def _answers(c: Compilation, day: dt.date) -> tuple[tuple[AnswerGroup, ...], list[Recipient]]:
    """Return who answered on time, late and not at all, and the former members who left
    during the round without answering (they are not counted as missing)."""
    on_time, late, missing, left = [], [], [], []
    for row in c.rows:
        name = row.recipient.name
        if row.state == AnswerState.ANSWERED:
            on_time.append(name)
        elif row.state == AnswerState.ANSWERED_LATE:
            late.append(name)
        elif _left(row.recipient, day):
            left.append(row.recipient)
        elif row.state == AnswerState.WAITING:
            missing.append(f"{name} (svarstid till {swedish_date(row.deadline.date())})")
        else:
            missing.append(name)
    groups = (
        AnswerGroup("i tid", "Svarade i tid", tuple(on_time)),
        AnswerGroup("sent", "Svarade efter sista svarsdag", tuple(late)),
        AnswerGroup("saknas", "Svar saknas", tuple(missing)),
    )
    return groups, left


def _next_steps(c: Compilation, settings: Settings, day: dt.date) -> list[str]:
    r = c.round
    body = r.decision_body or settings.remiss.decision_body
    subject = "förslaget" if len(c.documents) == 1 else "förslagen"
    when = f"den {swedish_date(r.decision_date)}" if r.decision_date else "vid ett kommande möte"
    steps = [f"{body} beslutar om {subject} {when}."]
    members = [row.recipient.name for row in c.rows if row.recipient.is_member_on(day)]
    for entry in c.documents:
        doc, meta = entry.document, entry.result.new.meta
        if is_statutes(meta, doc.name):
            who = f" ({names(members)})" if members else ""
            steps.append(
                f"{doc.title}: därefter ska fullmäktige i varje medlemskommun{who} anta "
                "exakt samma text. Den nya förbundsordningen gäller först när alla har gjort det."
            )
        elif meta.text(KEY_ADOPTED_BY):
            adopted = str(meta.text(KEY_ADOPTED_BY))
            steps.append(f"{doc.title}: antas av {adopted[:1].lower()}{adopted[1:]}.")
        elif meta.decision:
            steps.append(f"{doc.title}: {swedish_dates(meta.decision)}.")
        if meta.valid_from:
            steps.append(f"{doc.title} föreslås gälla från {swedish_date(meta.valid_from)}.")
    return [sentence(s) for s in steps]


def board_summary(c: Compilation, settings: Settings, repo: GitRepo, date: dt.date) -> Board:
    """Return the direktion's summary of the round in ``c`` as of ``date``."""
    r = c.round
    documents = tuple(_document(d, repo) for d in c.documents)
    answers, left = _answers(c, date)
    counted = sum(len(g.names) for g in answers)
    answered = len(answers[0].names) + len(answers[1].names)
    subject = "Förslaget" if len(documents) == 1 else "Förslagen"
    intro = [
        f"{subject} skickades på remiss den {swedish_date(r.sent)} till "
        f"{count(len(c.rows), 'remissinstans', 'remissinstanser')} med sista svarsdag "
        f"{r.deadline_text}."
    ]
    if left:
        verb = "har" if len(left) == 1 else "har båda" if len(left) == 2 else "har alla"
        dates = names([swedish_date(x.member_until) for x in left if x.member_until])
        intro.append(
            f"{names([x.name for x in left])} {verb} lämnat förbundet under remisstiden "
            f"(medlemskapet upphörde {dates}) och räknas inte med."
        )
        intro.append(
            f"Av de {counted} övriga har {answered} svarat" if answered
            else f"Av de {counted} övriga har ingen svarat"
        )  # fmt: skip
    else:
        intro.append(
            f"{answered} av {counted} har svarat" if answered
            else f"Ingen av de {counted} har svarat"
        )  # fmt: skip
    late = len(answers[1].names)
    intro[-1] += f", varav {late} efter sista svarsdag." if late else "."
    notes: list[str] = []
    general = list(dict.fromkeys(g.recipient.name for g in c.general))
    if general:
        notes.append(f"Allmänna synpunkter, utan koppling till ett avsnitt, från {names(general)}.")
    if c.manual:
        notes.append(
            f"{len(c.manual)} svar behöver läsas manuellt och ingår inte i "
            "ställningstagandena ovan."
        )
    titles = {d.document.name: d.document.title for d in c.documents}
    opposed = tuple(_opposed(s, titles[s.document.name]) for s in c.opposed())
    moved = any(d.result.comparison.counts().get(SectionStatus.MOVED, 0) for d in c.documents)
    words = tuple(w for s, w in COUNT_WORDS if s in COUNTED or (s == SectionStatus.MOVED and moved))
    docs = tuple(replace(d, counts=tuple(x for x in d.counts if x[0] in words)) for d in documents)
    adoption = adoption_view(repo, c, date)
    next_steps = adoption.next_steps if adoption else tuple(_next_steps(c, settings, date))
    return Board(
        organisation=settings.organisation.name,
        round_id=r.id,
        round_title=r.title,
        dnr=r.dnr,
        date=date,
        intro=" ".join(intro),
        documents=docs,
        count_words=words,
        answers=answers,
        notes=tuple(notes),
        opposed=opposed,
        next_steps=next_steps,
        after=after_lines(repo, c),
        adoption=adoption,
    )
