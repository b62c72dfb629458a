"""Remind the members that have not adopted the identical text: .eml files for staff to
send, or mail through SMTP; one record per member, in one commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from styrdok.adoption.members import reminded_events
from styrdok.adoption.status import AdoptionState, AdoptionStatus, adoption_status
from styrdok.core.dates import STOCKHOLM
from styrdok.core.templating import render_template, swedish_date
from styrdok.remiss.log import Delivery
from styrdok.remiss.mail import Mail, send, write_eml
from styrdok.remiss.rounds import load_round
from styrdok.store.git import GitRepo
from styrdok.store.registry import Recipient
from styrdok.store.settings import Settings

TEMPLATE = "mejl-antagande.txt"


@dataclass(frozen=True)
class Reminder:
    """A reminder written or sent to one member."""

    member: Recipient
    file: Path | None


@dataclass(frozen=True)
class _Other:
    date: dt.date
    why: str


def _mail(
    root: Path, settings: Settings, status: AdoptionStatus, member: Recipient, at: dt.datetime
) -> Mail:
    d = status.decision
    r = load_round(root, d.round_id)
    rows = [m for a in status.documents for m in a.members if m.member.id == member.id]
    documents = [a.document for a in status.documents]
    other = next(
        (
            _Other(m.adoption.date, m.why)
            for m in rows
            if m.state == AdoptionState.OTHER_TEXT and m.adoption
        ),
        None,
    )
    titles = " och ".join(x.title for x in documents)
    dnr = ", ".join(r.dnr)
    body = render_template(
        TEMPLATE,
        root,
        autoescape=False,
        recipient=member,
        decision=d,
        documents=documents,
        titles=titles,
        other=other,
        deadline=swedish_date(d.deadline) if d.deadline else None,
        overdue=d.deadline is not None and status.today > d.deadline,
        organisation=settings.organisation,
        contact=r.contact,
        dnr=dnr,
    )
    subject = f"Påminnelse om antagande: {titles}" + (f" ({dnr})" if dnr else "")
    return Mail(
        key=f"{d.round_id}.{member.id}.antagande.{status.today.isoformat()}",
        sender=settings.sender,
        to=member.email,
        subject=subject,
        body=body,
        date=at,
    )


def reminded(status: AdoptionStatus) -> list[Recipient]:
    """Return the members to remind: those that have not adopted the identical text of
    some document and have no meeting planned for it."""
    due = {
        m.member.id
        for a in status.documents
        for m in a.waiting_for
        if m.state in (AdoptionState.MISSING, AdoptionState.OTHER_TEXT)
    }
    return [m for m in status.members if m.id in due]


def remind_members(
    repo: GitRepo, settings: Settings, round_id: str, today: dt.date, out_dir: Path,
    now: dt.datetime, smtp: bool = False,
) -> list[Reminder]:  # fmt: skip
    """Write (or with ``smtp`` send) a reminder to every member that has not adopted the
    identical text and has no meeting planned, and record them in one commit."""
    at = dt.datetime.combine(today, dt.time(9, 0), STOCKHOLM)
    status = adoption_status(repo.root, round_id, today)
    due = reminded(status)
    if not due:
        return []
    mails = [_mail(repo.root, settings, status, member, at) for member in due]
    files: list[Path | None] = []
    with repo.locked():
        repo.ready_to_commit()  # no record is written that cannot be committed
        if smtp:
            send(mails, settings.smtp)
            files = [None] * len(mails)
        else:
            for member, mail in zip(due, mails, strict=True):
                name = f"antagande-{member.id}-{today.isoformat()}.eml"
                files.append(write_eml(out_dir, name, mail))
        how = Delivery.SMTP if smtp else Delivery.EML
        paths = reminded_events(repo, round_id, due, today, str(how), now)
        names = ", ".join(m.name for m in due)
        repo.commit(paths, f"Remiss {round_id}: påminnelse om antagande till {names}")
    return [Reminder(m, f) for m, f in zip(due, files, strict=True)]
