"""Things staff do to a round after it is created: extend a deadline, remind, record
what was sent. Each is one git commit under the repository lock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from styrdok.core.dates import STOCKHOLM
from styrdok.core.templating import swedish_date
from styrdok.core.validate import line
from styrdok.remiss.letters import attachments, reminder_mail, remiss_mail
from styrdok.remiss.log import (
    Delivery,
    Event,
    EventKind,
    deadline_for,
    read_log,
    with_event,
)
from styrdok.remiss.mail import Mail, check_eml, eml_bytes, send, write_eml
from styrdok.remiss.rounds import Round, RoundError, load_round, recipient_dir
from styrdok.remiss.status import RecipientStatus, RoundStatus, round_status
from styrdok.store.git import GitRepo
from styrdok.store.journal import commit_files
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
        events = read_log(repo.root, r.id, recipient.id)
        current = deadline_for(events, r.deadline)
        last = next((e for e in reversed(events) if e.kind == EventKind.EXTENDED), None)
        if last is not None and current == to and (last.reason or "") == reason.strip():
            return recipient  # the same extension again (a rerun): nothing to change
        if to <= current:
            raise RoundError(
                f"ny svarsdag {to.date().isoformat()} måste ligga efter nuvarande "
                f"{current.date().isoformat()}"
            )
        if not reason.strip():
            raise RoundError("ange ett skäl för förlängningen med --reason")
        why = line(reason.strip(), "skälet (--reason)")
        event = Event(EventKind.EXTENDED, now, until=to, reason=why)
        commit_files(
            repo,
            dict([with_event(repo.root, r.id, recipient.id, event)]),
            f"Remiss {r.id}: förlängd svarstid för {recipient.name} till "
            f"{swedish_date(to.date())} ({why})",
        )
    return recipient


def record_event(
    repo: GitRepo, r: Round, recipients: list[Recipient], event: Event, message: str
) -> None:
    """Add ``event`` to each recipient's log and commit, as one change."""
    files = dict(with_event(repo.root, r.id, rec.id, event) for rec in recipients)
    commit_files(repo, files, message)


def record_sent(
    repo: GitRepo, r: Round, recipients: list[Recipient], at: dt.datetime, how: Delivery
) -> None:
    """Record that the package went out to each recipient, in one commit."""
    names = ", ".join(rec.name for rec in recipients)
    event = Event(EventKind.SENT, at, how=how)
    record_event(repo, r, recipients, event, f"Remiss {r.id}: skickad till {names} ({how})")


def _last(root: Path, r: Round, recipient: Recipient, kind: EventKind) -> Event | None:
    return next((e for e in reversed(read_log(root, r.id, recipient.id)) if e.kind == kind), None)


def confirm_sent(
    repo: GitRepo, round_id: str, at: dt.datetime, only: str | None = None
) -> list[Recipient]:
    """Record that staff sent the prepared .eml messages themselves: every recipient
    with a prepared and not yet sent message (or only one); return them."""
    from styrdok.remiss.rounds import round_recipients

    with repo.locked():
        r = load_round(repo.root, round_id)
        recipients = round_recipients(repo.root, r)
        if only is not None:
            recipients = [_recipient(repo.root, r, only)]
        done = [
            rec
            for rec in recipients
            if _last(repo.root, r, rec, EventKind.PREPARED)
            and not _last(repo.root, r, rec, EventKind.SENT)
        ]
        if not done:
            raise RoundError(
                f"inga förberedda utskick i {r.id} att registrera som skickade "
                "(skriv dem först med 'styrdok remiss send')"
            )
        record_sent(repo, r, done, at, Delivery.CLIENT)
    return done


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
        r = status.round
        due = [
            row
            for row in due_for_reminder(status, settings.remiss.remind_days_before)
            if not any(t.date() == today for t in row.reminders)  # a rerun reminds no one twice
        ]
        if not due:
            return []
        mails = [reminder_mail(repo.root, settings, r, row, at) for row in due]
        by_key = {mail.key: row for mail, row in zip(mails, due, strict=True)}
        event_smtp = Event(EventKind.REMINDED, at, how=Delivery.SMTP)
        files: list[Path | None] = []
        if smtp:

            def sent(mail: Mail) -> None:
                rec = by_key[mail.key].recipient
                message = f"Remiss {r.id}: påminnelse till {rec.name} (smtp)"
                record_event(repo, r, [rec], event_smtp, message)

            send(mails, settings.smtp, on_sent=sent)
            files = [None] * len(mails)
        else:
            names = [f"paminnelse-{row.recipient.id}-{today.isoformat()}.eml" for row in due]
            for name, mail in zip(names, mails, strict=True):
                check_eml(out_dir, name, mail)
            for name, mail in zip(names, mails, strict=True):
                files.append(write_eml(out_dir, name, mail))
            everyone = ", ".join(row.recipient.name for row in due)
            record_event(
                repo,
                r,
                [row.recipient for row in due],
                Event(EventKind.REMINDED, at, how=Delivery.EML),
                f"Remiss {round_id}: påminnelse till {everyone}",
            )
    return [Reminder(row.recipient, row.deadline, f) for row, f in zip(due, files, strict=True)]


@dataclass(frozen=True)
class Sending:
    """A package sent (or written as .eml) to one recipient; ``earlier`` is when it was
    sent before, when this run sent nothing."""

    recipient: Recipient
    file: Path | None
    earlier: dt.datetime | None = None
    size: int = 0  # bytes of the message, as sent or written (0 when nothing went now)

    def describe(self) -> str:
        """Return one Swedish line about the sending."""
        if self.earlier is not None:
            when = self.earlier.date().isoformat()
            return f"Remiss till {self.recipient.name} (redan skickad {when}; inget skickat nu)"
        if self.file is not None:
            return f"Remiss till {self.recipient.name} → {self.file} (utkast att skicka)"
        return f"Remiss till {self.recipient.name} (skickad)"


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
    from styrdok.remiss.package import build_common, recipient_files
    from styrdok.remiss.rounds import round_recipients

    with repo.locked():
        r = load_round(repo.root, round_id)
        recipients = round_recipients(repo.root, r)
        if only is not None:
            recipients = [rec for rec in recipients if rec.id == only]
            if not recipients:
                raise RoundError(f"{only} är inte remissinstans i {r.id}")
        earlier: dict[str, dt.datetime] = {}
        if smtp:
            for rec in recipients:
                event = _last(repo.root, r, rec, EventKind.SENT)
                if event is not None and event.how == Delivery.SMTP:
                    earlier[rec.id] = event.at
        todo = [rec for rec in recipients if rec.id not in earlier]
        common = build_common(repo, settings, r, round_recipients(repo.root, r)) if todo else []
        mails = []
        for recipient in todo:
            package = recipient_files(common, r, recipient)
            attached = attachments(settings, r, recipient, package)
            mails.append(remiss_mail(repo.root, settings, r, recipient, attached, at, not smtp))
        sizes = {rec.id: len(eml_bytes(mail)) for rec, mail in zip(todo, mails, strict=True)}
        files: dict[str, Path | None] = {}
        if smtp:
            by_key = {mail.key: rec for mail, rec in zip(mails, todo, strict=True)}

            def sent(mail: Mail) -> None:
                rec = by_key[mail.key]
                record_sent(repo, r, [rec], at, Delivery.SMTP)
                files[rec.id] = None

            send(mails, settings.smtp, on_sent=sent)
        elif todo:
            names = [f"remiss-{rec.id}.eml" for rec in todo]
            for name, mail in zip(names, mails, strict=True):
                check_eml(out_dir, name, mail)
            for rec, name, mail in zip(todo, names, mails, strict=True):
                files[rec.id] = write_eml(out_dir, name, mail)
            everyone = ", ".join(rec.name for rec in todo)
            record_event(
                repo,
                r,
                todo,
                Event(EventKind.PREPARED, at, how=Delivery.EML),
                f"Remiss {r.id}: utskick förberett till {everyone} (eml, skickas från "
                "e-postprogrammet)",
            )
    return [
        Sending(rec, files.get(rec.id), earlier.get(rec.id), sizes.get(rec.id, 0))
        for rec in recipients
    ]


__all__ = [
    "Reminder",
    "Sending",
    "confirm_sent",
    "due_for_reminder",
    "extend",
    "record_sent",
    "recipient_dir",
    "remind",
    "send_round",
]
