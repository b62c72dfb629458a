"""The remissammanställning as data: every changed section with every view on it, the
general views, who answered when, and the förbund's positions from the positions file.

Data flows one way: the round's pinned versions are compared once, the registered
answers are read from the records written beside them, and the renderers (summary and
board summary, in Word, HTML and Markdown) take this model and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from styrdok.answers.record import AnswerContent, GeneralView, ViewSource, from_data
from styrdok.compare.diff import DiffResult, diff_versions
from styrdok.compare.engine import SectionChange
from styrdok.compare.keys import SectionIndex
from styrdok.core.vocabulary import PREAMBLE_HEADING, Stance
from styrdok.core.yamlfile import RecordError, read_mapping
from styrdok.remiss.register import Answer, corrections_path
from styrdok.remiss.rounds import Round, RoundDocument, check_pinned, recipient_dir
from styrdok.remiss.status import RecipientStatus, RoundStatus, round_status
from styrdok.store.documents import DocumentRef
from styrdok.store.git import GitRepo
from styrdok.store.registry import Recipient

if TYPE_CHECKING:
    from styrdok.answers.placement import Correction

NO_ANSWER = "inget svar"
NO_STANCE = "–"


@dataclass(frozen=True)
class Opinion:
    """One recipient's view on one section, as received."""

    recipient: Recipient
    stance: Stance | None
    comment: str
    proposal: str
    source: ViewSource
    answer_file: str
    anchor: str = ""
    view: int = 0  # the view's number in its answer, as remiss answers and place name it


class Agreement(StrEnum):
    """What the förbund says of a view, as staff write it in the positions file."""

    AGREES = "instämmer"
    PARTLY = "instämmer delvis"
    DISAGREES = "instämmer inte"


@dataclass(frozen=True)
class ForbundPosition:
    """The förbund's position (ställningstagande) on a section or a general view, as staff
    wrote it in the positions file."""

    agreement: Agreement | None  # None: not yet written
    reasoning: str
    changed: bool | None  # was the proposal changed because of the views


@dataclass
class SectionEntry:
    """A changed section with the views on it and the förbund's position."""

    document: RoundDocument
    change: SectionChange
    opinions: list[Opinion] = field(default_factory=list)
    position: ForbundPosition | None = None

    @property
    def ref(self) -> str:
        """Return the section's citation, for people."""
        return self.change.ref

    @property
    def key(self) -> str:
        """Return the section's key: what views and positions are tied to."""
        return self.change.key

    @property
    def title(self) -> str:
        from styrdok.compare.changeline import is_preamble

        side = self.change.new or self.change.old
        assert side is not None
        return PREAMBLE_HEADING if is_preamble(side) else side.title

    def stance_of(self, recipient_id: str) -> Stance | None:
        """Return the recipient's stance on this section (the first one given)."""
        for opinion in self.opinions:
            if opinion.recipient.id == recipient_id and opinion.stance:
                return opinion.stance
        return None


@dataclass(frozen=True)
class GeneralEntry:
    """A view not tied to one section."""

    recipient: Recipient
    text: str
    references: tuple[str, ...]
    stances: tuple[Stance, ...]
    source: ViewSource
    answer_file: str
    position: ForbundPosition | None = None
    view: int = 0  # the view's number in its answer


@dataclass
class DocumentEntry:
    """One document of the round: its comparison and its changed sections."""

    document: RoundDocument
    result: DiffResult
    sections: list[SectionEntry]
    index: SectionIndex = field(default_factory=lambda: SectionIndex(()))

    def stances(self) -> Counter[str]:
        """Return how many section views have each stance in this document."""
        return Counter(o.stance or NO_STANCE for s in self.sections for o in s.opinions)


@dataclass
class Compilation:
    """Everything the remissammanställning and the board summary show."""

    round: Round
    status: RoundStatus
    documents: list[DocumentEntry]
    general: list[GeneralEntry]
    answers: list[tuple[Recipient, Answer]]
    manual: list[tuple[Recipient, Answer]]  # files that need reading by hand
    # what a form says of itself (their diarienummer, the decision), by (recipient, file)
    details: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def particular(self, recipient_id: str, answer_file: str, word: str) -> str:
        """Return what an answer's form gives under a label starting with ``word``
        (``beslut``) or naming it (``diarienummer``), '' when it gives nothing."""
        for label, value in self.details.get((recipient_id, answer_file), ()):
            folded = label.casefold()
            if folded.startswith(word) or word in folded:
                return value
        return ""

    @property
    def rows(self) -> tuple[RecipientStatus, ...]:
        return self.status.rows

    def answered(self) -> list[RecipientStatus]:
        return [row for row in self.rows if row.answers]

    def missing(self) -> list[RecipientStatus]:
        return [row for row in self.rows if not row.answers]

    def opposed(self) -> list[SectionEntry]:
        """Return the sections that at least one recipient opposes (avstyrker)."""
        return [
            s
            for d in self.documents
            for s in d.sections
            if any(o.stance == Stance.OPPOSES for o in s.opinions)
        ]


def _reading(
    root: Path, r: Round, row: RecipientStatus, answer: Answer
) -> tuple[AnswerContent, list[Correction]]:
    """Return styrdok's reading of a registered answer, from the record beside it, with
    staff's corrections; raise RecordError naming the file when it cannot be read, so that
    no registered answer drops out of a compilation unseen."""
    from styrdok.answers.placement import read_corrections

    folder = recipient_dir(root, r.id, row.recipient.id)
    what = f"svaret {answer.file} från {row.recipient.name} kan inte läsas"
    if not answer.record:
        register = (folder / answer.entry).relative_to(root).as_posix()
        raise RecordError(f"{what}: {register} anger ingen innehållsfil för det")
    path = folder / answer.record
    try:
        content = from_data(read_mapping(path, root))
    except RecordError as exc:
        problem = str(exc)
    except ValueError:
        problem = f"{path.relative_to(root).as_posix()} är inte styrdoks läsning av ett svar"
    else:
        return content, read_corrections(corrections_path(path), root)
    raise RecordError(f"{what}: {problem} (återställ filen ur git)")


def _positioned(
    positions: dict[tuple[str, str], ForbundPosition], documents: list[DocumentEntry]
) -> dict[tuple[str, str], ForbundPosition]:
    """Return the positions by (document, key): a positions file of an earlier version
    names the section by its citation."""
    indexes = {d.document.name: d.index for d in documents}
    out: dict[tuple[str, str], ForbundPosition] = {}
    for (document, section), position in positions.items():
        index = indexes.get(document)
        key = index.stored(section) if index is not None else None
        out.setdefault((document, key or section), position)
    return out


def compile_round(
    repo: GitRepo,
    round_id: str,
    today: dt.date,
    positions: dict[tuple[str, str], ForbundPosition] | None = None,
    general_positions: dict[tuple[str, str], ForbundPosition] | None = None,
) -> Compilation:
    """Return the compilation of a round as of ``today``: every view under the section its
    key names (a record of an earlier version names the citation, which the document's
    index resolves), staff's corrections applied; raise RecordError when the reading of a
    registered answer cannot be read."""
    from styrdok.answers.placement import placed

    status = round_status(repo.root, round_id, today)
    r = status.round
    check_pinned(repo, r)
    documents: list[DocumentEntry] = []
    by_key: dict[tuple[str, str], SectionEntry] = {}
    for doc in r.documents:
        result = diff_versions(
            DocumentRef(repo, doc.proposal.path), doc.base.commit, doc.proposal.commit
        )
        entries = [SectionEntry(doc, change) for change in result.comparison.changes]
        for entry in entries:
            by_key[(doc.name, entry.key)] = entry
        documents.append(
            DocumentEntry(doc, result, entries, SectionIndex.of(result.comparison, doc.title))
        )
    indexes = {d.document.name: d.index for d in documents}
    general: list[GeneralEntry] = []
    answers: list[tuple[Recipient, Answer]] = []
    manual: list[tuple[Recipient, Answer]] = []
    details: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
    single_document = r.documents[0].name if len(r.documents) == 1 else None
    for row in status.rows:
        answers.extend((row.recipient, a) for a in row.answers)
        for answer in row.answers:
            content, corrections = _reading(repo.root, r, row, answer)
            if content.needs_manual_reading:
                manual.append((row.recipient, answer))
            if content.details:
                details[(row.recipient.id, answer.file)] = content.details
            for number, view in placed(content, corrections):
                if isinstance(view, GeneralView):
                    general.append(
                        GeneralEntry(
                            row.recipient, view.text, view.references, view.stances,
                            view.source, answer.file, view=number,
                        )
                    )  # fmt: skip
                    continue
                document = view.document or content.document or single_document or ""
                found_index = indexes.get(document)
                key = None
                if found_index is not None and view.section:
                    key = found_index.stored(view.section)
                found = by_key.get((document, key or view.section))
                opinion = Opinion(
                    row.recipient, view.stance, view.comment, view.proposal, view.source,
                    answer.file, view.anchor, number,
                )  # fmt: skip
                if found is not None:
                    found.opinions.append(opinion)
                    continue
                target = found_index.target(key) if found_index is not None and key else None
                cited = (target.new or target.old) if target is not None else view.section
                text = " ".join(x for x in (view.comment, view.proposal) if x)
                where = f"{cited}: " if cited else ""
                general.append(
                    GeneralEntry(
                        row.recipient,
                        f"{where}{text}".strip(),
                        (cited,) if cited else (),
                        (view.stance,) if view.stance else (),
                        view.source,
                        answer.file,
                        view=number,
                    )  # fmt: skip
                )
    for section, position in _positioned(positions or {}, documents).items():
        if section in by_key:
            by_key[section].position = position
    if general_positions:
        general = [
            replace(g, position=general_positions.get((g.recipient.id, general_key(g.text))))
            for g in general
        ]
    return Compilation(r, status, documents, general, answers, manual, details)


def general_key(text: str) -> str:
    """Return a short stable key for a general view's text."""
    import hashlib

    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]
