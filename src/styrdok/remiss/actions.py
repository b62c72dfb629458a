"""Things staff do to a round after it is created: extend a deadline, remind, record
what was sent. Each is one git commit under the repository lock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from styrdok.core.dates import STOCKHOLM
from styrdok.core.templating import render_template, swedish_date
from styrdok.remiss.log import (
    Delivery,
    Event,
    EventKind,
    append_event,
    deadline_for,
    read_log,
)
from styrdok.remiss.mail import Attachment, Mail, send, write_eml
from styrdok.remiss.rounds import Round, RoundError, load_round, recipient_dir
from styrdok.remiss.status import RecipientStatus, RoundStatus, round_status
from styrdok.store.git import GitRepo
from styrdok.store.registry import Recipient, load_recipients
from styrdok.store.settings import Settings


def _recipient(root: Path, r: Round, recipient_id: str) -> Recipient:
    if recipient_id not in r.recipients:
        raise RoundError(
            f"{recipient_id} är inte remissinstans i {r.id} (instanser: {', '.join(r.recipients)})"
        )
    registry = load_recipients(root)
    if recipient_id not in registry:
        raise RoundError(f"remissinstansen {recipient_id} finns inte i registret")
    return registry[recipient_id]


def extend(
    repo: GitRepo, round_id: str, recipient_id: str, to: dt.datetime, reason: str, now: dt.datetime
) -> Recipient:
    """Give one recipient a later deadline, record why, commit; return the recipient."""
    with repo.locked():
        r = load_round(repo.root, round_id)
        recipient = _recipient(repo.root, r, recipient_id)
        current = deadline_for(read_log(repo.root, r.id, recipient.id), r.deadline)
        if to <= current:
            raise RoundError(
                f"ny svarsdag {to.date().isoformat()} måste ligga efter nuvarande "
                f"{current.date().isoformat()}"
            )
        if not reason.strip():
            raise RoundError("ange ett skäl för förlängningen med --reason")
        event = Event(EventKind.EXTENDED, now, until=to, reason=reason.strip())
        path = append_event(repo.root, r.id, recipient.id, event)
        repo.commit(
            [path],
            f"Remiss {r.id}: förlängd svarstid för {recipient.name} till "
            f"{swedish_date(to.date())} ({reason.strip()})",
        )
    return recipient


def record_sent(
    repo: GitRepo, r: Round, recipients: list[Recipient], at: dt.datetime, how: Delivery
) -> None:
    """Record that the package went out to each recipient, in one commit."""
    event = Event(EventKind.SENT, at, how=how)
    paths = [append_event(repo.root, r.id, rec.id, event) for rec in recipients]
    names = ", ".join(rec.name for rec in recipients)
    repo.commit(paths, f"Remiss {r.id}: skickad till {names} ({how})")


def due_for_reminder(status: RoundStatus, days_before: int) -> list[RecipientStatus]:
    """Return recipients without an answer whose deadline is within ``days_before`` days
    or past; former members (membership ended) are not reminded."""
    return [
        row
        for row in status.rows
        if not row.answers
        and row.days_left <= days_before
        and not (row.recipient.member_until and row.recipient.member_until < status.today)
    ]


@dataclass(frozen=True)
class Reminder:
    """A reminder written or sent to one recipient."""

    recipient: Recipient
    deadline: dt.datetime
    file: Path | None


def reminder_mail(
    root: Path, settings: Settings, r: Round, row: RecipientStatus, at: dt.datetime
) -> Mail:
    """Return the reminder message to one recipient."""
    subject = _subject(r, "Påminnelse")
    body = render_template(
        "mejl-paminnelse.txt",
        root,
        autoescape=False,
        round=r,
        recipient=row.recipient,
        deadline=swedish_date(row.deadline.date()),
        overdue=row.days_left < 0,
        organisation=settings.organisation,
        contact=r.contact,
        dnr=", ".join(r.dnr),
    )
    return Mail(
        key=f"{r.id}.{row.recipient.id}.paminnelse.{at.date().isoformat()}",
        sender=settings.sender,
        to=row.recipient.email,
        subject=subject,
        body=body,
        date=at,
    )


def remind(
    repo: GitRepo,
    settings: Settings,
    round_id: str,
    today: dt.date,
    out_dir: Path,
    smtp: bool = False,
) -> list[Reminder]:
    """Write (or with ``smtp`` send) reminders to recipients that have not answered and
    whose deadline is near or past; record them in one commit."""
    at = dt.datetime.combine(today, dt.time(9, 0), STOCKHOLM)
    with repo.locked():
        status = round_status(repo.root, round_id, today)
        due = due_for_reminder(status, settings.remiss.remind_days_before)
        if not due:
            return []
        mails = [reminder_mail(repo.root, settings, status.round, row, at) for row in due]
        files: list[Path | None] = []
        if smtp:
            send(mails, settings.smtp)
            files = [None] * len(mails)
        else:
            for row, mail in zip(due, mails, strict=True):
                name = f"paminnelse-{row.recipient.id}-{today.isoformat()}.eml"
                files.append(write_eml(out_dir, name, mail))
        event = Event(EventKind.REMINDED, at, how=Delivery.SMTP if smtp else Delivery.EML)
        paths = [append_event(repo.root, round_id, row.recipient.id, event) for row in due]
        names = ", ".join(row.recipient.name for row in due)
        repo.commit(paths, f"Remiss {round_id}: påminnelse till {names}")
    return [Reminder(row.recipient, row.deadline, f) for row, f in zip(due, files, strict=True)]


@dataclass(frozen=True)
class Sending:
    """A package sent (or written as .eml) to one recipient."""

    recipient: Recipient
    file: Path | None


def _subject(r: Round, prefix: str) -> str:
    return f"{prefix}: {r.title} ({', '.join(r.dnr)})" if r.dnr else f"{prefix}: {r.title}"


def send_round(
    repo: GitRepo,
    settings: Settings,
    round_id: str,
    at: dt.datetime,
    out_dir: Path,
    smtp: bool = False,
    only: str | None = None,
) -> list[Sending]:
    """Send each recipient its package by e-mail (``smtp``) or write the messages as .eml
    files for staff to send; record the sending per recipient in one commit."""
    from styrdok.remiss.package import package_for
    from styrdok.remiss.rounds import round_recipients

    with repo.locked():
        r = load_round(repo.root, round_id)
        recipients = round_recipients(repo.root, r)
        if only is not None:
            recipients = [rec for rec in recipients if rec.id == only]
            if not recipients:
                raise RoundError(f"{only} är inte remissinstans i {r.id}")
        packages = package_for(repo, settings, r, recipients)
        mails = []
        for recipient in recipients:
            attachment = f"remiss-{r.id}-{recipient.id}.zip"
            body = render_template(
                "mejl-remiss.txt",
                repo.root,
                autoescape=False,
                round=r,
                recipient=recipient,
                deadline=swedish_date(r.deadline.date()),
                organisation=settings.organisation,
                contact=r.contact,
                dnr=", ".join(r.dnr),
                attachment=attachment,
            )
            mails.append(
                Mail(
                    key=f"{r.id}.{recipient.id}.remiss",
                    sender=settings.sender,
                    to=recipient.email,
                    subject=_subject(r, "Remiss"),
                    body=body,
                    date=at,
                    attachments=(
                        Attachment(attachment, packages[recipient.id], "application/zip"),
                    ),
                )
            )
        files: list[Path | None]
        if smtp:
            send(mails, settings.smtp)
            files = [None] * len(mails)
        else:
            files = [
                write_eml(out_dir, f"remiss-{rec.id}.eml", mail)
                for rec, mail in zip(recipients, mails, strict=True)
            ]
        record_sent(repo, r, recipients, at, Delivery.SMTP if smtp else Delivery.EML)
    return [Sending(rec, f) for rec, f in zip(recipients, files, strict=True)]


__all__ = [
    "Reminder",
    "Sending",
    "due_for_reminder",
    "extend",
    "record_sent",
    "recipient_dir",
    "remind",
    "send_round",
]
