"""The registry of remissinstanser: member municipalities and other recipients."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from styrdok.core.yamlfile import RecordError, field, optional, read_mapping

REGISTRY = Path("remiss") / "remissinstanser.yaml"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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
    return Contact(
        name=str(field(value, "namn", str, f"{where} kontaktperson")),
        email=str(value.get("e-post") or ""),
        phone=str(value.get("telefon") or ""),
    )


def contact_data(contact: Contact | None) -> dict[str, str] | None:
    """Return a Contact as the YAML mapping :func:`contact_from` reads."""
    if contact is None:
        return None
    return {"namn": contact.name, "e-post": contact.email, "telefon": contact.phone}


def load_recipients(root: Path) -> dict[str, Recipient]:
    """Return the registry's recipients by id, in the order they are listed."""
    data = read_mapping(root / REGISTRY, root)
    items = field(data, "remissinstanser", list, REGISTRY.as_posix())
    out: dict[str, Recipient] = {}
    for number, item in enumerate(items, 1):
        where = f"{REGISTRY.as_posix()}, instans {number}"
        if not isinstance(item, dict):
            raise RecordError(f"{where}: förväntade nycklar med värden, fick {item!r}")
        rid = str(field(item, "id", str, where))
        if not _SLUG.match(rid):
            raise RecordError(
                f"{where}: id ska vara små bokstäver a–z, siffror och bindestreck, fick {rid!r}"
            )
        if rid in out:
            raise RecordError(f"{where}: id {rid!r} förekommer två gånger")
        email = str(field(item, "e-post", str, where))
        if not _EMAIL.match(email):
            raise RecordError(f"{where}: 'e-post' ska vara en e-postadress, fick {email!r}")
        out[rid] = Recipient(
            id=rid,
            name=str(field(item, "namn", str, where)),
            email=email,
            contact=contact_from(item.get("kontaktperson"), where),
            member_from=optional(item, "medlem från", dt.date, where),
            member_until=optional(item, "medlem till", dt.date, where),
            member=bool(item.get("medlem", True)),
        )
    return out
