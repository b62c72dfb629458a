"""E-mail: build messages as .eml files, or send them through SMTP."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

from styrdok.core.atomic import write_bytes
from styrdok.core.errors import OutputError, StyrdokError, os_error_text
from styrdok.core.validate import email as valid_email
from styrdok.core.validate import line
from styrdok.store.outputs import check_output, refuse_foreign, replaceable
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
    draft: bool = False  # an .eml file for staff to send: marked X-Unsent
    in_reply_to: str | None = None  # the Message-ID this message answers (same thread)


def build(mail: Mail) -> EmailMessage:
    """Return the message as an EmailMessage with stable headers and boundary."""
    if not mail.sender:
        raise MailError(
            "avsändare saknas: ange smtp.avsändare eller organisation.registrator i styrdok.yaml"
        )
    valid_email(mail.sender, "avsändaren")
    valid_email(mail.to, "mottagarens e-post")
    line(mail.subject, "ämnesraden")
    message = EmailMessage(policy=SMTP)
    message["From"] = mail.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.date)
    message["Message-ID"] = message_id(mail)
    if mail.in_reply_to is not None:
        message["In-Reply-To"] = mail.in_reply_to
        message["References"] = mail.in_reply_to
    if mail.draft:
        message["X-Unsent"] = "1"  # Outlook opens the file as a message to send
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


def send(
    mails: Sequence[Mail], settings: SmtpSettings, on_sent: Callable[[Mail], None] | None = None
) -> list[str]:
    """Send the messages through the configured SMTP server; return the addresses that
    were sent to. Credentials come from STYRDOK_SMTP_USER and STYRDOK_SMTP_PASSWORD.

    ``on_sent`` is called with each message as soon as the server has accepted it, so a
    failure midway leaves the earlier messages recorded."""
    if not settings.host:
        raise MailError("ingen SMTP-server: ange smtp.värd i styrdok.yaml")
    user = os.environ.get(USER_VARIABLE)
    password = os.environ.get(PASSWORD_VARIABLE)
    sent = []
    current = ""
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
                current = mail.to
                server.send_message(build(mail))
                sent.append(mail.to)
                if on_sent is not None:
                    on_sent(mail)
                current = ""
    except smtplib.SMTPAuthenticationError:
        raise MailError(f"SMTP-inloggningen nekades (kontrollera {USER_VARIABLE})") from None
    except (smtplib.SMTPException, OSError) as exc:
        done = ""
        if sent:
            done = "; " + (
                "1 skickat före felet är registrerat"
                if len(sent) == 1
                else f"{len(sent)} skickade före felet är registrerade"
            )
        to = f" till {current}" if current else ""
        raise MailError(
            f"kunde inte skicka{to} via {settings.host}:{settings.port}: {_reason(exc)}{done}"
        ) from None
    return sent


def _reason(exc: Exception) -> str:
    """Return why SMTP failed, on one line and short."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [f"{code} {_text(text)}" for code, text in exc.recipients.values()]
        return shown_text("mottagaren nekades: " + "; ".join(codes))
    if isinstance(exc, smtplib.SMTPResponseException):
        return shown_text(f"{exc.smtp_code} {_text(exc.smtp_error)}")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "servern bröt förbindelsen"
    if isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException):
        return os_error_text(exc)
    return shown_text(str(exc))


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def shown_text(text: str, width: int = 160) -> str:
    """Return server text on one line, cut after ``width`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def message_id(mail: Mail) -> str:
    """Return the Message-ID header of a message: the same for the same key."""
    return f"<{mail.key}@{mail.sender.rsplit('@', 1)[-1]}>"


def _is_ours(mail: Mail) -> Callable[[bytes], bool]:
    def ours(data: bytes) -> bool:
        from email.parser import BytesHeaderParser

        headers = BytesHeaderParser().parsebytes(data[: 64 << 10])
        return headers.get("Message-ID") == message_id(mail)

    return ours


def check_eml(folder: Path, name: str, mail: Mail) -> Path:
    """Return where :func:`write_eml` will write; raise OutputError when the folder is no
    place for output or the file there is not this message written before."""
    check_output(folder, folder=True)
    path = folder / name
    if not replaceable(path, _is_ours(mail)):
        raise refuse_foreign(path)
    return path


def write_eml(folder: Path, name: str, mail: Mail) -> Path:
    """Write the message as ``folder/name`` atomically and return the path; a file of
    that name is replaced only when it is the same message written before."""
    path = check_eml(folder, name, mail)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"kan inte skapa katalogen {folder}: {os_error_text(exc)}") from None
    write_bytes(path, eml_bytes(mail))
    return path
