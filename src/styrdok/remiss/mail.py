"""E-mail: build messages as .eml files, or send them through SMTP."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

from styrdok.core.errors import StyrdokError
from styrdok.store.settings import SmtpSettings

USER_VARIABLE = "STYRDOK_SMTP_USER"
PASSWORD_VARIABLE = "STYRDOK_SMTP_PASSWORD"


class MailError(StyrdokError):
    """A message could not be built or sent."""


@dataclass(frozen=True)
class Attachment:
    """A file to attach: its name in the message and its bytes."""

    name: str
    data: bytes
    mime: str = "application/octet-stream"


@dataclass(frozen=True)
class Mail:
    """A message to one recipient."""

    key: str  # a stable id: the same message gets the same Message-ID
    sender: str
    to: str
    subject: str
    body: str
    date: dt.datetime
    attachments: Sequence[Attachment] = ()


def build(mail: Mail) -> EmailMessage:
    """Return the message as an EmailMessage with stable headers and boundary."""
    if not mail.sender:
        raise MailError(
            "avsändare saknas: ange smtp.avsändare eller organisation.registrator i styrdok.yaml"
        )
    message = EmailMessage(policy=SMTP)
    message["From"] = mail.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.date)
    domain = mail.sender.rsplit("@", 1)[-1]
    message["Message-ID"] = f"<{mail.key}@{domain}>"
    message.set_content(mail.body, charset="utf-8")
    for attachment in mail.attachments:
        main, sub = attachment.mime.split("/", 1)
        message.add_attachment(
            attachment.data, maintype=main, subtype=sub, filename=attachment.name
        )
    if mail.attachments:
        digest = hashlib.sha256(mail.key.encode()).hexdigest()[:24]
        message.set_boundary(f"=_styrdok_{digest}")
    return message


def eml_bytes(mail: Mail) -> bytes:
    """Return the message as the bytes of an .eml file (CRLF line ends)."""
    return bytes(build(mail))


def send(mails: Sequence[Mail], settings: SmtpSettings) -> list[str]:
    """Send the messages through the configured SMTP server; return the addresses that
    were sent to. Credentials come from STYRDOK_SMTP_USER and STYRDOK_SMTP_PASSWORD."""
    if not settings.host:
        raise MailError("ingen SMTP-server: ange smtp.värd i styrdok.yaml")
    user = os.environ.get(USER_VARIABLE)
    password = os.environ.get(PASSWORD_VARIABLE)
    sent = []
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=30) as server:
            server.ehlo()
            if settings.starttls:
                if not server.has_extn("starttls"):
                    raise MailError(f"SMTP-servern {settings.host} erbjuder inte STARTTLS")
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if user:
                server.login(user, password or "")
            for mail in mails:
                server.send_message(build(mail))
                sent.append(mail.to)
    except smtplib.SMTPAuthenticationError:
        raise MailError(f"SMTP-inloggningen nekades (kontrollera {USER_VARIABLE})") from None
    except (smtplib.SMTPException, OSError) as exc:
        done = f" efter {len(sent)} skickade" if sent else ""
        raise MailError(
            f"kunde inte skicka via {settings.host}:{settings.port}{done}: {exc}"
        ) from None
    return sent


def write_eml(folder: Path, name: str, mail: Mail) -> Path:
    """Write the message as ``folder/name`` atomically and return the path."""
    from styrdok.core.atomic import write_bytes

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    write_bytes(path, eml_bytes(mail))
    return path
