"""Where a round stands: per recipient sent, deadline, days left, answered, reminded."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from styrdok.core.dates import grace_note, in_time_until, working_days_between
from styrdok.core.plural import count
from styrdok.remiss.log import EventKind, deadline_for, read_log
from styrdok.remiss.register import Answer, registered, with_registrars
from styrdok.remiss.rounds import Round, list_rounds, load_round, round_recipients
from styrdok.store.registry import Recipient


class AnswerState(StrEnum):
    """Where a recipient stands with its answer on a given day, in the order totals show."""

    ANSWERED = "besvarad"
    ANSWERED_LATE = "besvarad sent"
    OVERDUE = "försenad"
    WAITING = "väntar"

    @property
    def plural(self) -> str:
        """Return the word after a count other than 1: ``3 försenade``, ``2 väntar``."""
        return _PLURALS[self]

    def counted(self, n: int) -> str:
        """Return ``n`` with the word that agrees: ``1 besvarad``, ``3 besvarade sent``."""
        return count(n, self, self.plural)

    @property
    def answered(self) -> bool:
        """Return True when an answer has come in, on time or late."""
        return self in (AnswerState.ANSWERED, AnswerState.ANSWERED_LATE)


_PLURALS = {
    AnswerState.ANSWERED: "besvarade",
    AnswerState.ANSWERED_LATE: "besvarade sent",
    AnswerState.OVERDUE: "försenade",
    AnswerState.WAITING: "väntar",
}


@dataclass(frozen=True)
class RecipientStatus:
    """One recipient's position in a round on a given day."""

    recipient: Recipient
    sent: dt.datetime | None
    deadline: dt.datetime
    extension_reason: str | None
    days_left: int
    working_days_left: int
    answers: tuple[Answer, ...]
    reminders: tuple[dt.datetime, ...]
    state: AnswerState

    @property
    def extended(self) -> bool:
        return self.extension_reason is not None

    @property
    def first_answer(self) -> Answer | None:
        return self.answers[0] if self.answers else None

    @property
    def in_time_until(self) -> dt.date:
        """Return the last day an answer counts as in time (lag 1930:173)."""
        return in_time_until(self.deadline.date())

    @property
    def grace(self) -> str | None:
        """Return the sentence saying an answer the next working day is in time, for a
        deadline on a day off; None otherwise."""
        return grace_note(self.deadline.date())


@dataclass(frozen=True)
class RoundStatus:
    """A round and each recipient's status on ``today``."""

    round: Round
    today: dt.date
    rows: tuple[RecipientStatus, ...]

    def totals(self) -> Counter[AnswerState]:
        """Return how many recipients are in each state."""
        counts: Counter[AnswerState] = Counter({s: 0 for s in AnswerState})
        counts.update(row.state for row in self.rows)
        return counts

    @property
    def overdue(self) -> list[RecipientStatus]:
        """Return the recipients whose deadline has passed without an answer."""
        return [row for row in self.rows if row.state == AnswerState.OVERDUE]


def recipient_status(root: Path, r: Round, recipient: Recipient, today: dt.date) -> RecipientStatus:
    """Return one recipient's status in round ``r`` on ``today``."""
    events = read_log(root, r.id, recipient.id)
    deadline = deadline_for(events, r.deadline)
    reason = None
    for event in events:
        if event.kind == EventKind.EXTENDED:
            reason = event.reason or ""
    sent = next((e.at for e in reversed(events) if e.kind == EventKind.SENT), None)
    every = with_registrars(
        root, r.id, registered(root, r.id, recipient.id, deadline), recipient.id
    )
    answers = tuple(a for a in every if a.received <= today)
    last = in_time_until(deadline.date())  # the next working day for a deadline on a day off
    if answers:
        late = answers[0].received > last
        state = AnswerState.ANSWERED_LATE if late else AnswerState.ANSWERED
    elif today > last:
        state = AnswerState.OVERDUE
    else:
        state = AnswerState.WAITING
    return RecipientStatus(
        recipient=recipient,
        sent=sent,
        deadline=deadline,
        extension_reason=reason,
        days_left=(deadline.date() - today).days,
        working_days_left=working_days_between(today, deadline.date()),
        answers=answers,
        reminders=tuple(e.at for e in events if e.kind == EventKind.REMINDED),
        state=state,
    )


def round_status(root: Path, round_id: str, today: dt.date) -> RoundStatus:
    """Return the status of one round on ``today``."""
    r = load_round(root, round_id)
    rows = tuple(recipient_status(root, r, rec, today) for rec in round_recipients(root, r))
    return RoundStatus(r, today, rows)


def open_rounds(root: Path, today: dt.date) -> list[RoundStatus]:
    """Return the status of every round that still waits for an answer."""
    out = []
    for round_id in list_rounds(root):
        status = round_status(root, round_id, today)
        if any(not row.state.answered for row in status.rows):
            out.append(status)
    return out


def to_data(status: RoundStatus) -> dict[str, Any]:
    """Return a round's status as plain data for JSON."""
    r = status.round
    return {
        "id": r.id,
        "titel": r.title,
        "idag": status.today.isoformat(),
        "skickad": r.sent.isoformat(),
        "sista_svarsdag": r.deadline.isoformat(),
        "summering": dict(status.totals()),
        "instanser": [
            {
                "id": row.recipient.id,
                "namn": row.recipient.name,
                "skickad": row.sent.isoformat() if row.sent else None,
                "sista_svarsdag": row.deadline.isoformat(),
                "i_tid_till": row.in_time_until.isoformat(),
                "förlängd": row.extended,
                "förlängning_skäl": row.extension_reason,
                "dagar_kvar": row.days_left,
                "arbetsdagar_kvar": row.working_days_left,
                "status": row.state,
                "svar": [
                    {
                        "inkom": a.received.isoformat(),
                        "fil": a.file,
                        "sent": a.late,
                        "registrerad_av": a.registered_by or None,
                    }
                    for a in row.answers
                ],
                "påminnelser": [t.isoformat() for t in row.reminders],
            }
            for row in status.rows
        ],
    }
