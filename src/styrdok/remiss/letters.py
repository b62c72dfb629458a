"""The e-mails of a round, made to fit municipal mail systems: the remiss with its package
attached as one zip file or as separate files (``e-post.bilagor``; some mail filters
strip zip files), a warning when a message grows past the size many municipal systems
take (``e-post.största brev i MB``, 10 MB unless set), and reminders sent as replies to
the remiss (In-Reply-To and References name its Message-ID), so that they land in the
same thread in the registrator's mailbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from styrdok.core.templating import render_template, swedish_date
from styrdok.remiss.mail import Attachment, Mail, message_id
from styrdok.remiss.rounds import Round
from styrdok.remiss.status import RecipientStatus
from styrdok.store.registry import Recipient
from styrdok.store.settings import Attachments, Settings

MB = 1 << 20
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME = {".docx": DOCX, ".json": "application/json", ".zip": "application/zip"}


def subject(r: Round, prefix: str) -> str:
    """Return a subject line: ``Remiss: Titel (Dnr 2024/8)``."""
    return f"{prefix}: {r.title} ({', '.join(r.dnr)})" if r.dnr else f"{prefix}: {r.title}"


def remiss_key(r: Round, recipient: Recipient) -> str:
    """Return the key of the remiss message to one recipient (its Message-ID's left part)."""
    return f"{r.id}.{recipient.id}.remiss"


def zip_name(r: Round, recipient: Recipient) -> str:
    """Return the file name of a recipient's package when it is attached as a zip file."""
    return f"remiss-{r.id}-{recipient.id}.zip"


def attachments(
    settings: Settings, r: Round, recipient: Recipient, files: dict[str, bytes]
) -> tuple[Attachment, ...]:
    """Return a recipient's package (file name → bytes, in the package's order: the
    letter, the form, each document's files, the manifest) as attachments: one zip file,
    or each file on its own."""
    if settings.mail.attachments == Attachments.ZIP:
        from styrdok.remiss.package import package_zip  # python-docx, only when sending

        return (Attachment(zip_name(r, recipient), package_zip(files), MIME[".zip"]),)
    return tuple(
        Attachment(name, data, MIME.get(Path(name).suffix, "application/octet-stream"))
        for name, data in files.items()
    )


def remiss_mail(
    root: Path,
    settings: Settings,
    r: Round,
    recipient: Recipient,
    attached: Sequence[Attachment],
    at: dt.datetime,
    draft: bool,
) -> Mail:
    """Return the remiss message to one recipient with its package attached."""
    zipped = settings.mail.attachments == Attachments.ZIP
    body = render_template(
        "mejl-remiss.txt",
        root,
        autoescape=False,
        round=r,
        recipient=recipient,
        deadline=swedish_date(r.deadline.date()),
        organisation=settings.organisation,
        contact=r.contact,
        dnr=", ".join(r.dnr),
        attachment=attached[0].name if zipped and attached else "",
        attachments=[a.name for a in attached],
        zipped=zipped,
    )
    return Mail(
        key=remiss_key(r, recipient),
        sender=settings.sender,
        to=recipient.email,
        subject=subject(r, "Remiss"),
        body=body,
        date=at,
        attachments=tuple(attached),
        draft=draft,
    )


def reminder_mail(
    root: Path, settings: Settings, r: Round, row: RecipientStatus, at: dt.datetime
) -> Mail:
    """Return the reminder to one recipient, as a reply to the remiss sent to it."""
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
    original = Mail(remiss_key(r, row.recipient), settings.sender, "", "", "", at)
    return Mail(
        key=f"{r.id}.{row.recipient.id}.paminnelse.{at.date().isoformat()}",
        sender=settings.sender,
        to=row.recipient.email,
        subject=subject(r, "Påminnelse"),
        body=body,
        date=at,
        in_reply_to=message_id(original),
    )


def size_warning(size: int, settings: Settings, name: str) -> str | None:
    """Return a warning when a message of ``size`` bytes is larger than the limit in the
    settings (None when it is not, or when the limit is 0)."""
    limit = settings.mail.limit_mb
    if not limit or size <= limit * MB:
        return None
    shown = f"{size / MB:.1f}".replace(".", ",")
    return (
        f"e-brevet till {name} är {shown} MB, mer än {limit} MB som många kommuners "
        "e-postsystem tar emot (e-post.största brev i MB i styrdok.yaml); kontrollera att "
        "det kommer fram, eller skicka paketet på annat sätt"
    )
