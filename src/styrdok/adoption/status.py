"""Where the adoption of a decision stands: per document that members adopt, each member's
state, and whether the document can enter into force.

A member must adopt when it is a member on the day of the decision; one whose membership
ended before (Kinda, which left on 31 March 2024) is not required. A member's latest
adoption of a document counts: one that adopted another version, or "med ändring", has not
adopted the identical text and holds up the entering into force until it adopts again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from styrdok.adoption.decision import require_decision
from styrdok.adoption.records import (
    AdoptedDocument,
    DecidedDocument,
    Decision,
    EventKind,
    MemberEvent,
    load_events,
)
from styrdok.store.registry import Recipient, load_recipients


class AdoptionState(StrEnum):
    """Where one member stands with one document, in the order totals show."""

    ADOPTED = "antagen"
    OTHER_TEXT = "annan text"  # adopted another version, or with changes
    SCHEDULED = "planerad"
    MISSING = "saknas"
    NOT_REQUIRED = "berörs inte"

    @property
    def holds_up(self) -> bool:
        """Return True when the member still has to adopt the identical text."""
        return self in (AdoptionState.OTHER_TEXT, AdoptionState.SCHEDULED, AdoptionState.MISSING)


@dataclass(frozen=True)
class MemberAdoption:
    """One member's position on one document on a given day."""

    member: Recipient
    state: AdoptionState
    adoption: MemberEvent | None  # the latest adoption, if any
    adopted: AdoptedDocument | None  # what that adoption says of this document
    scheduled: dt.date | None  # the next planned meeting, if any
    late: bool  # adopted after the deadline, or the deadline passed without adoption
    reminders: tuple[dt.date, ...]
    why: str  # a short Swedish explanation: "annan version (remissversion 2024)"


@dataclass(frozen=True)
class DocumentAdoption:
    """A decided document and every member's position on it."""

    document: DecidedDocument
    members: tuple[MemberAdoption, ...]

    @property
    def waiting_for(self) -> tuple[MemberAdoption, ...]:
        """Return the members that have not adopted the identical text."""
        return tuple(m for m in self.members if m.state.holds_up)

    @property
    def complete(self) -> bool:
        """Return True when every required member has adopted the identical text."""
        return not self.waiting_for

    @property
    def last_adopted(self) -> dt.date | None:
        """Return the day the last required member adopted, once all have."""
        days = [m.adoption.date for m in self.members if m.adoption and m.state == "antagen"]
        return max(days) if days and self.complete else None


@dataclass(frozen=True)
class AdoptionStatus:
    """A round's decision and the adoption of each document as of ``today``."""

    decision: Decision
    today: dt.date
    documents: tuple[DocumentAdoption, ...]  # those every member adopts
    members: tuple[Recipient, ...]  # members and former members, in the registry's order

    @property
    def overdue(self) -> list[Recipient]:
        """Return the members past the deadline that have not adopted every document."""
        late = {m.member.id for d in self.documents for m in d.waiting_for if m.late}
        return [m for m in self.members if m.id in late]

    @property
    def missing(self) -> list[Recipient]:
        """Return the members that have not adopted the identical text of every document."""
        waiting = {m.member.id for d in self.documents for m in d.waiting_for}
        return [m for m in self.members if m.id in waiting]


def required(member: Recipient, decision: Decision) -> bool:
    """Return True when ``member`` must adopt: a member on the day of the decision."""
    return member.is_member_on(decision.date)


def _state(
    member: Recipient, doc: DecidedDocument, decision: Decision, events: list[MemberEvent],
    today: dt.date,
) -> MemberAdoption:  # fmt: skip
    adoptions = [
        e
        for e in events
        if e.kind == EventKind.ADOPTED
        and e.date <= today
        and any(a.name == doc.name for a in e.documents)
    ]
    reminders = tuple(e.date for e in events if e.kind == EventKind.REMINDED and e.date <= today)
    planned = sorted(e.date for e in events if e.kind == EventKind.SCHEDULED and e.date >= today)
    deadline = decision.deadline
    if not required(member, decision):
        ended = member.member_until
        why = f"medlemskapet upphörde {ended.isoformat()}" if ended else "inte medlem"
        return MemberAdoption(member, AdoptionState.NOT_REQUIRED, None, None, None, False, (), why)
    latest = adoptions[-1] if adoptions else None
    adopted = next((a for a in latest.documents if a.name == doc.name), None) if latest else None
    if latest is not None and adopted is not None:
        late = deadline is not None and latest.date > deadline
        if adopted.text_sha256 == doc.text_sha256 and not adopted.with_changes:
            return MemberAdoption(
                member, AdoptionState.ADOPTED, latest, adopted, None, late, reminders, ""
            )
        reasons = []
        if adopted.text_sha256 != doc.text_sha256:
            reasons.append(f"annan version ({adopted.label or (adopted.commit or '?')[:10]})")
        if adopted.with_changes:
            reasons.append("med ändring")
        next_meeting = planned[0] if planned else None
        overdue = deadline is not None and today > deadline
        return MemberAdoption(
            member, AdoptionState.OTHER_TEXT, latest, adopted, next_meeting, overdue, reminders,
            " och ".join(reasons),
        )  # fmt: skip
    overdue = deadline is not None and today > deadline
    if planned:
        return MemberAdoption(
            member, AdoptionState.SCHEDULED, None, None, planned[0], overdue, reminders, ""
        )
    return MemberAdoption(member, AdoptionState.MISSING, None, None, None, overdue, reminders, "")


def members_of(root: Path) -> list[Recipient]:
    """Return the registry's members (and former members), in its order."""
    return [r for r in load_recipients(root).values() if r.member]


def adoption_status(root: Path, round_id: str, today: dt.date) -> AdoptionStatus:
    """Return where the adoption of the round's decision stands on ``today``."""
    decision = require_decision(root, round_id)
    members = members_of(root)
    events = {m.id: load_events(root, round_id, m.id) for m in members}
    documents = tuple(
        DocumentAdoption(doc, tuple(_state(m, doc, decision, events[m.id], today) for m in members))
        for doc in decision.adopted_by_members
    )
    return AdoptionStatus(decision, today, documents, tuple(members))
