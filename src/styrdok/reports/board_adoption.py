"""What the direktion's summary shows after the remiss: the text after the answers (with
the positions that disagree with it), the direktion's decision, and each member's
adoption of each document that members adopt, with whether it has entered into force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from styrdok.adoption.decision import current_decision
from styrdok.adoption.enact import enactments
from styrdok.adoption.report import decision_line, signature_lines
from styrdok.adoption.status import AdoptionState, MemberAdoption, adoption_status
from styrdok.core.templating import swedish_date
from styrdok.reports.compilation import Compilation
from styrdok.reports.final import final_lines, final_texts
from styrdok.store.git import GitRepo

AFTER_HEADING = "Förslaget efter remissen"
ADOPTION_HEADING = "Beslut och antagande"


@dataclass(frozen=True)
class AdoptionRow:
    """One member: its name and, per document, where it stands."""

    member: str
    cells: tuple[str, ...]
    holds_up: bool  # still has to adopt the identical text of some document


@dataclass(frozen=True)
class AdoptionView:
    """The decision and the members' adoption, ready for any renderer."""

    decision: str  # one sentence
    signatures: tuple[str, ...]
    documents: tuple[str, ...]  # the column headings: titles of the documents adopted
    rows: tuple[AdoptionRow, ...]
    force: tuple[str, ...]  # per document: in force from …, or why not
    next_steps: tuple[str, ...]


def _cell(m: MemberAdoption) -> str:
    if m.state == AdoptionState.NOT_REQUIRED:
        return f"{m.state} ({m.why})"
    if m.adoption is not None:
        text = f"{m.state} {m.adoption.date.isoformat()} {m.adoption.paragraph}"
        if m.why:
            text += f" – {m.why}"
        return text + (" (efter sista dag)" if m.late and not m.state.holds_up else "")
    if m.scheduled is not None:
        return f"{m.state} {m.scheduled.isoformat()}"
    return f"{m.state} (försenad)" if m.late else str(m.state)


def adoption_view(repo: GitRepo, c: Compilation, day: dt.date) -> AdoptionView | None:
    """Return the decision and adoption as of ``day``, or None before the decision."""
    decision = current_decision(repo.root, c.round.id)
    if decision is None or decision.date > day:
        return None
    status = adoption_status(repo.root, c.round.id, day)
    states = enactments(repo, status)
    members = status.members
    rows = tuple(
        AdoptionRow(
            member.name,
            tuple(_cell(d.members[k]) for d in status.documents),
            any(d.members[k].state.holds_up for d in status.documents),
        )
        for k, member in enumerate(members)
    )
    force, steps = [], []
    line = decision_line(decision)
    steps.append(f"{line[:1].upper()}{line[1:]}.")
    for adoption, e in zip(status.documents, states, strict=True):
        title = adoption.document.title
        if e.in_force and e.valid_from:
            force.append(
                f"{title} ({adoption.document.version}) gäller från {swedish_date(e.valid_from)}."
            )
        else:
            force.append(f"{title} har inte trätt i kraft: {e.why}.")
            waiting = [m.member.name for m in adoption.waiting_for]
            if waiting:
                steps.append(
                    f"{title}: kansliet påminner {', '.join(waiting)}; den nya lydelsen gäller "
                    "först när samtliga medlemmar har antagit exakt samma text."
                )
    return AdoptionView(
        decision=f"{line[:1].upper()}{line[1:]}.",
        signatures=tuple(signature_lines(decision.extract)),
        documents=tuple(a.document.title for a in status.documents),
        rows=rows,
        force=tuple(force),
        next_steps=tuple(steps),
    )


def after_lines(repo: GitRepo, c: Compilation) -> tuple[str, ...]:
    """Return what the text after the remiss changed and where the positions disagree."""
    return tuple(final_lines(final_texts(repo, c)))
