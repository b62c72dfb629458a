"""The organisation's settings: one YAML file, ``styrdok.yaml``, at the repository root."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from styrdok.core.errors import SettingsError
from styrdok.core.validate import email as valid_email
from styrdok.core.validate import line, shown, yes_no
from styrdok.core.yamlfile import RecordError, read_mapping
from styrdok.store.registry import Contact, contact_from

SETTINGS_FILE = "styrdok.yaml"


@dataclass(frozen=True)
class Organisation:
    """Who the förbund is and where answers go."""

    name: str
    org_number: str = ""
    address: str = ""
    website: str = ""
    registrator: str = ""


@dataclass(frozen=True)
class RemissSettings:
    """Defaults for remiss rounds."""

    contact: Contact | None = None
    decision_body: str = "Direktionen"
    minimum_days: int = 42  # a shorter answering period gets a warning
    remind_days_before: int = 7  # reminders go out this many days before the deadline


@dataclass(frozen=True)
class AdoptionSettings:
    """Which documents, besides the förbundsordning, every member must adopt after the
    direktion's decision, and the body that adopts them."""

    documents: tuple[str, ...] = ()  # document names (file stems)
    body: str = "Kommunfullmäktige"


@dataclass(frozen=True)
class SmtpSettings:
    """Where ``--smtp`` sends mail. Credentials come only from the environment
    (STYRDOK_SMTP_USER, STYRDOK_SMTP_PASSWORD), never from the repository."""

    host: str = ""
    port: int = 587
    starttls: bool = True
    sender: str = ""


class Attachments(StrEnum):
    """How a remiss package is attached to its e-mail."""

    ZIP = "zip"  # one zip file
    FILES = "filer"  # each file on its own, for mail filters that strip zip files


@dataclass(frozen=True)
class MailSettings:
    """How remiss mail is put together."""

    attachments: Attachments = Attachments.ZIP
    limit_mb: int = 10  # warn when a message is larger: many municipal mail systems cap there


@dataclass(frozen=True)
class Settings:
    """Everything read from ``styrdok.yaml``."""

    organisation: Organisation
    author: str  # the author of tracked changes
    remiss: RemissSettings = field(default_factory=RemissSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    adoption: AdoptionSettings = field(default_factory=AdoptionSettings)
    mail: MailSettings = field(default_factory=MailSettings)

    @classmethod
    def default(cls) -> Settings:
        return cls(Organisation(name="Kommunalförbundet"), author="styrdok")

    @property
    def sender(self) -> str:
        """Return the From address of mail: the SMTP sender, else the registrator."""
        return self.smtp.sender or self.organisation.registrator


def _section(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise SettingsError(
            f"{SETTINGS_FILE}: {key} ska ha nycklar med värden, fick {shown(value)}"
        )
    return value


def _text(section: dict[str, Any], key: str, where: str) -> str:
    value = section.get(key, "")
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise SettingsError(f"{SETTINGS_FILE}: {where}{key} ska vara text, fick {shown(value)}")
    return line(str(value), f"{SETTINGS_FILE}: {where}{key}", empty=True)


def _address(section: dict[str, Any], key: str, where: str) -> str:
    value = _text(section, key, where)
    return valid_email(value, f"{SETTINGS_FILE}: {where}{key}") if value else ""


def _int(section: dict[str, Any], key: str, where: str, default: int) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SettingsError(
            f"{SETTINGS_FILE}: {where}{key} ska vara ett heltal ≥ 0, fick {shown(value)}"
        )
    return value


def load_settings(root: Path) -> Settings:
    """Return the settings of the repository at ``root`` (defaults when there is no file)."""
    path = root / SETTINGS_FILE
    if not path.is_file() and not path.is_symlink():
        return Settings.default()
    try:
        data = read_mapping(path, root)
    except RecordError as exc:
        raise SettingsError(str(exc)) from None
    org = _section(data, "organisation")
    name = _text(org, "namn", "organisation.")
    if not name:
        raise SettingsError(f"{SETTINGS_FILE}: organisation.namn saknas")
    organisation = Organisation(
        name=name,
        org_number=_text(org, "organisationsnummer", "organisation."),
        address=_text(org, "adress", "organisation."),
        website=_text(org, "webbplats", "organisation."),
        registrator=_address(org, "registrator", "organisation."),
    )
    author = _text(_section(data, "ändringar"), "författare", "ändringar.") or name
    remiss = _section(data, "remiss")
    person = remiss.get("kontaktperson")
    contact = None
    if person is not None:
        if not isinstance(person, dict) or not person.get("namn"):
            raise SettingsError(
                f"{SETTINGS_FILE}: remiss.kontaktperson ska ha namn, e-post, telefon"
            )
        contact = contact_from(person, f"{SETTINGS_FILE}: remiss.")
    remiss_settings = RemissSettings(
        contact=contact,
        decision_body=_text(remiss, "beslutande organ", "remiss.") or "Direktionen",
        minimum_days=_int(remiss, "minsta svarstid i dagar", "remiss.", 42),
        remind_days_before=_int(remiss, "påminnelse dagar före", "remiss.", 7),
    )
    smtp = _section(data, "smtp")
    smtp_settings = SmtpSettings(
        host=_text(smtp, "värd", "smtp."),
        port=_int(smtp, "port", "smtp.", 587),
        starttls=yes_no(smtp.get("starttls", True), f"{SETTINGS_FILE}: smtp.starttls"),
        sender=_address(smtp, "avsändare", "smtp."),
    )
    return Settings(
        organisation, author, remiss_settings, smtp_settings, _adoption(data), _mail(data)
    )


def _mail(data: dict[str, Any]) -> MailSettings:
    section = _section(data, "e-post")
    how = _text(section, "bilagor", "e-post.") or Attachments.ZIP
    try:
        attachments = Attachments(how.strip().casefold())
    except ValueError:
        known = " eller ".join(Attachments)
        raise SettingsError(
            f"{SETTINGS_FILE}: e-post.bilagor ska vara {known}, fick {shown(how)}"
        ) from None
    limit = _int(section, "största brev i MB", "e-post.", MailSettings.limit_mb)
    return MailSettings(attachments, limit)


def _adoption(data: dict[str, Any]) -> AdoptionSettings:
    section = _section(data, "antagande")
    documents = section.get("medlemmarna antar") or []
    if isinstance(documents, str):
        documents = [documents]
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        raise SettingsError(
            f"{SETTINGS_FILE}: antagande.medlemmarna antar ska vara en lista med dokument, "
            f"fick {documents!r}"
        )
    body = _text(section, "organ", "antagande.") or "Kommunfullmäktige"
    return AdoptionSettings(tuple(d.strip() for d in documents if d.strip()), body)
