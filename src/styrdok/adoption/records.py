"""The records of what happens after a remiss: the direktion's decision and each member's
adoption, planned meeting and reminder, one YAML file per event.

Every event is a file of its own, named by its date, its kind and a digest of its content
and the time it was recorded: two staff members recording on two clones at the same time
never write the same file, and no file is ever rewritten. This module is the one place
that maps the records to and from their Swedish keys.

- ``remiss/ID/beslut/`` holds the decision and, beside it, the protokollsutdrag exactly as
  received;
- ``remiss/ID/instanser/MEDLEM/antagande/`` holds the member's events: adoptions (each with
  its protokollsutdrag), planned meetings and reminders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from styrdok.adoption.stored import StoredExtract, extract_data, extract_from, is_yes, yes
from styrdok.core.yamlfile import (
    RecordError,
    as_datetime,
    optional,
    read_mapping,
    write_mapping,
)
from styrdok.core.yamlfile import field as required
from styrdok.remiss.rounds import DECISION_DIR, recipient_dir, round_dir

MEMBER_DIR = "antagande"


class EventKind(StrEnum):
    """What a member's record is about."""

    ADOPTED = "antagande"  # fullmäktige decided
    SCHEDULED = "planerat"  # the meeting where it is to decide
    REMINDED = "påminnelse"  # the kansli reminded it


@dataclass(frozen=True)
class DecidedDocument:
    """A document the direktion decided on, pinned to the exact version."""

    name: str
    title: str
    commit: str
    label: str | None
    path: str
    text_sha256: str  # of the text without front matter: what members must adopt
    members_adopt: bool  # must every member adopt it before it enters into force
    valid_from: dt.date | None  # the version's 'gäller från'

    @property
    def version(self) -> str:
        """Return the version's label, else its short commit id."""
        return self.label or self.commit[:10]


@dataclass(frozen=True)
class Decision:
    """The direktion's decision on a round."""

    round_id: str
    body: str
    date: dt.date
    paragraph: str
    documents: tuple[DecidedDocument, ...]
    extract: StoredExtract
    deadline: dt.date | None  # the last day for the members to adopt
    recorded: dt.datetime
    file: str = ""  # the record's path relative to the repository

    def document(self, name: str) -> DecidedDocument | None:
        """Return the decided document called ``name``, or None."""
        return next((d for d in self.documents if d.name == name), None)

    @property
    def adopted_by_members(self) -> tuple[DecidedDocument, ...]:
        """Return the documents every member must adopt."""
        return tuple(d for d in self.documents if d.members_adopt)


@dataclass(frozen=True)
class AdoptedDocument:
    """What text a member adopted of one document."""

    name: str
    commit: str | None  # the version adopted (None: not known to this repository)
    label: str | None
    text_sha256: str | None
    with_changes: bool


@dataclass(frozen=True)
class MemberEvent:
    """One record in a member's folder: an adoption, a planned meeting or a reminder."""

    kind: EventKind
    round_id: str
    member: str
    date: dt.date  # the meeting, or the day of the reminder
    recorded: dt.datetime
    body: str = ""
    paragraph: str = ""
    documents: tuple[AdoptedDocument, ...] = ()
    extract: StoredExtract | None = None
    how: str = ""  # a reminder: smtp or eml
    file: str = ""  # the record's path relative to the repository

    @property
    def order(self) -> tuple[dt.date, dt.datetime, str]:
        """Return the key that orders a member's events: by date, then as recorded."""
        return (self.date, self.recorded, self.file)


def decision_dir(root: Path, round_id: str) -> Path:
    """Return the folder of a round's decision."""
    return round_dir(root, round_id) / DECISION_DIR


def member_dir(root: Path, round_id: str, member: str) -> Path:
    """Return the folder of one member's events after the decision."""
    return recipient_dir(root, round_id, member) / MEMBER_DIR


def event_stem(kind: str, day: dt.date, recorded: dt.datetime, *parts: str) -> str:
    """Return a file name (without suffix) for an event: its date, kind and a digest of
    what identifies it and when it was recorded, never a running number."""
    digest = hashlib.sha256("\x1f".join([recorded.isoformat(), *parts]).encode()).hexdigest()
    return f"{day.isoformat()}-{kind}-{digest[:10]}"


# --- Mapping to and from YAML ----------------------------------------------------------------


def _decided_data(d: DecidedDocument) -> dict[str, Any]:
    return {
        "namn": d.name,
        "titel": d.title,
        "commit": d.commit,
        "version": d.label,
        "sökväg": d.path,
        "textens sha256": d.text_sha256,
        "antas av medlemmarna": yes(d.members_adopt),
        "gäller från": d.valid_from,
    }


def _decided(item: Any, where: str) -> DecidedDocument:
    if not isinstance(item, dict):
        raise RecordError(f"{where}: förväntade nycklar med värden")
    return DecidedDocument(
        name=str(required(item, "namn", str, where)),
        title=str(item.get("titel") or item["namn"]),
        commit=str(required(item, "commit", str, where)),
        label=optional(item, "version", str, where),
        path=str(required(item, "sökväg", str, where)),
        text_sha256=str(required(item, "textens sha256", str, where)),
        members_adopt=is_yes(item.get("antas av medlemmarna")),
        valid_from=optional(item, "gäller från", dt.date, where),
    )


def decision_data(d: Decision) -> dict[str, Any]:
    """Return the decision as the mapping its record holds."""
    return {
        "omgång": d.round_id,
        "organ": d.body,
        "datum": d.date,
        "paragraf": d.paragraph,
        "sista dag för antagande": d.deadline,
        "dokument": [_decided_data(x) for x in d.documents],
        "utdrag": extract_data(d.extract),
        "registrerad": d.recorded.isoformat(timespec="seconds"),
    }


def decision_from(data: dict[str, Any], where: str) -> Decision:
    """Return the decision a record holds; raise RecordError naming what is wrong."""
    return Decision(
        round_id=str(required(data, "omgång", str, where)),
        body=str(required(data, "organ", str, where)),
        date=required(data, "datum", dt.date, where),
        paragraph=str(data.get("paragraf") or ""),
        documents=tuple(
            _decided(item, f"{where}, dokument {k}")
            for k, item in enumerate(required(data, "dokument", list, where), 1)
        ),
        extract=extract_from(data.get("utdrag"), f"{where}, utdrag"),
        deadline=optional(data, "sista dag för antagande", dt.date, where),
        recorded=as_datetime(required(data, "registrerad", (str, dt.datetime), where), where),
        file=where,
    )


def _adopted_data(a: AdoptedDocument) -> dict[str, Any]:
    return {
        "namn": a.name,
        "commit": a.commit,
        "version": a.label,
        "textens sha256": a.text_sha256,
        "med ändring": yes(a.with_changes),
    }


def _adopted(item: Any, where: str) -> AdoptedDocument:
    if not isinstance(item, dict):
        raise RecordError(f"{where}: förväntade nycklar med värden")
    return AdoptedDocument(
        name=str(required(item, "namn", str, where)),
        commit=optional(item, "commit", str, where),
        label=optional(item, "version", str, where),
        text_sha256=optional(item, "textens sha256", str, where),
        with_changes=is_yes(item.get("med ändring")),
    )


def event_data(e: MemberEvent) -> dict[str, Any]:
    """Return a member's event as the mapping its record holds."""
    data: dict[str, Any] = {
        "typ": str(e.kind),
        "omgång": e.round_id,
        "medlem": e.member,
        "datum": e.date,
    }
    if e.body:
        data["organ"] = e.body
    if e.paragraph:
        data["paragraf"] = e.paragraph
    if e.documents:
        data["dokument"] = [_adopted_data(a) for a in e.documents]
    if e.extract is not None:
        data["utdrag"] = extract_data(e.extract)
    if e.how:
        data["sätt"] = e.how
    data["registrerad"] = e.recorded.isoformat(timespec="seconds")
    return data


def event_from(data: dict[str, Any], where: str) -> MemberEvent:
    """Return the member's event a record holds; raise RecordError naming what is wrong."""
    written = str(required(data, "typ", str, where))
    try:
        kind = EventKind(written)
    except ValueError:
        known = ", ".join(EventKind)
        raise RecordError(f"{where}: okänd typ {written!r} (kända: {known})") from None
    extract = data.get("utdrag")
    return MemberEvent(
        kind=kind,
        round_id=str(required(data, "omgång", str, where)),
        member=str(required(data, "medlem", str, where)),
        date=required(data, "datum", dt.date, where),
        recorded=as_datetime(required(data, "registrerad", (str, dt.datetime), where), where),
        body=str(data.get("organ") or ""),
        paragraph=str(data.get("paragraf") or ""),
        documents=tuple(
            _adopted(item, f"{where}, dokument {k}")
            for k, item in enumerate(data.get("dokument") or (), 1)
        ),
        extract=None if extract is None else extract_from(extract, f"{where}, utdrag"),
        how=str(data.get("sätt") or ""),
        file=where,
    )


# --- Reading and writing the files -----------------------------------------------------------

DECISION_HEADER = (
    "# Direktionens beslut, registrerat av styrdok. Utdraget ligger oförändrat bredvid."
)
EVENT_HEADER = "# Händelse efter direktionens beslut, registrerad av styrdok. Skrivs aldrig om."


def load_decisions(root: Path, round_id: str) -> list[Decision]:
    """Return the round's recorded decisions, oldest first (normally one)."""
    folder = decision_dir(root, round_id)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.yaml")):
        where = path.relative_to(root).as_posix()
        found.append(decision_from(read_mapping(path, root), where))
    return sorted(found, key=lambda d: (d.date, d.recorded, d.file))


def load_events(root: Path, round_id: str, member: str) -> list[MemberEvent]:
    """Return a member's events after the decision, in order of date and recording."""
    folder = member_dir(root, round_id, member)
    if not folder.is_dir():
        return []
    events = []
    for path in sorted(folder.glob("*.yaml")):
        where = path.relative_to(root).as_posix()
        events.append(event_from(read_mapping(path, root), where))
    return sorted(events, key=lambda e: e.order)


def write_record(path: Path, data: dict[str, Any], header: str) -> Path:
    """Write a new record; refuse to overwrite one (records are never rewritten)."""
    if path.exists():
        raise RecordError(f"{path.name} finns redan; en händelse skrivs aldrig över")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_mapping(path, data, header)
    return path


__all__ = [
    "AdoptedDocument",
    "DecidedDocument",
    "Decision",
    "EventKind",
    "MemberEvent",
    "StoredExtract",
    "decision_dir",
    "event_stem",
    "load_decisions",
    "load_events",
    "member_dir",
]
