"""The registry of remissinstanser: member municipalities and other recipients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from styrdok.core.validate import email as valid_email
from styrdok.core.validate import line, recipient_id, yes_no
from styrdok.core.yamlfile import RecordError, field, optional, read_mapping

REGISTRY = Path("remiss") / "remissinstanser.yaml"


@dataclass(frozen=True)
class Contact:
    """A person to contact."""

    name: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Recipient:
    """A remissinstans: id (ASCII), official name, registrator's e-mail, membership."""

    id: str
    name: str
    email: str
    contact: Contact | None = None
    member_from: dt.date | None = None
    member_until: dt.date | None = None
    member: bool = True

    def is_member_on(self, day: dt.date) -> bool:
        """Return True when the recipient is a member on ``day``."""
        if not self.member:
            return False
        if self.member_from and day < self.member_from:
            return False
        return not (self.member_until and day > self.member_until)


def contact_from(value: object, where: str) -> Contact | None:
    """Return a Contact from a YAML mapping with namn, e-post and telefon (None for none)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RecordError(f"{where}: 'kontaktperson' ska ha nycklar namn, e-post, telefon")
    mail = str(value.get("e-post") or "")
    if mail:
        valid_email(mail, f"{where}: kontaktpersonens e-post")
    return Contact(
        name=line(str(field(value, "namn", str, f"{where} kontaktperson")), f"{where}: namn"),
        email=mail,
        phone=line(str(value.get("telefon") or ""), f"{where}: telefon", empty=True),
    )


def contact_data(contact: Contact | None) -> dict[str, str] | None:
    """Return a Contact as the YAML mapping :func:`contact_from` reads."""
    if contact is None:
        return None
    return {"namn": contact.name, "e-post": contact.email, "telefon": contact.phone}


def _day(item: dict[str, object], key: str, where: str) -> dt.date | None:
    value = optional(item, key, dt.date, where)
    if isinstance(value, dt.datetime):
        raise RecordError(f"{where}: '{key}' ska vara ett datum utan klockslag, fick {value}")
    return value  # type: ignore[no-any-return]


def load_recipients(root: Path) -> dict[str, Recipient]:
    """Return the registry's recipients by id, in the order they are listed."""
    data = read_mapping(root / REGISTRY, root)
    items = field(data, "remissinstanser", list, REGISTRY.as_posix())
    out: dict[str, Recipient] = {}
    for number, item in enumerate(items, 1):
        where = f"{REGISTRY.as_posix()}, instans {number}"
        if not isinstance(item, dict):
            raise RecordError(f"{where}: förväntade nycklar med värden, fick {item!r}")
        rid = recipient_id(field(item, "id", str, where), f"{where}: id")
        if rid in out:
            raise RecordError(f"{where}: id {rid!r} förekommer två gånger")
        email = valid_email(field(item, "e-post", str, where), f"{where}: 'e-post'")
        out[rid] = Recipient(
            id=rid,
            name=line(field(item, "namn", str, where), f"{where}: 'namn'"),
            email=email,
            contact=contact_from(item.get("kontaktperson"), where),
            member_from=_day(item, "medlem från", where),
            member_until=_day(item, "medlem till", where),
            member=yes_no(item.get("medlem", True), f"{where}: 'medlem'"),
        )
    return out
