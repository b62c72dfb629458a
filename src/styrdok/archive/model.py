"""The case as it is archived: one ärende (an ERMS aggregation) and its records.

The collector (:mod:`styrdok.archive.collect`) fills this model from git; the ERMS writer
(:mod:`styrdok.archive.erms`) writes it and knows nothing about remiss rounds. A new kind
of record, such as the direktion's decision or a member's adoption, is one more
``CaseRecord`` with its kind, direction, dates, parties, actions and files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from styrdok.archive.formats import FileFormat


class RecordKind(StrEnum):
    """What a record is (ERMS ``recordType``), in the words of a Swedish diarium."""

    DOCUMENTS = "remissunderlag"
    SENDING = "remiss"
    EXTENSION = "förlängd svarstid"
    REMINDER = "påminnelse"
    ANSWER = "remissvar"
    SUMMARY = "remissammanställning"
    DECISION = "beslut"  # the decision on the case, when it is recorded
    ADOPTION = "antagande"  # a member's adoption of the decided text, when recorded


class Direction(StrEnum):
    """The direction of a record (ERMS ``directionDefinition``)."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"
    INTERNAL = "internal_memo_without_follow-up"
    INTERNAL_FOLLOW_UP = "internal_memo_for_follow-up"


class AgentType(StrEnum):
    """The part a party plays (ERMS ``agentType``)."""

    CREATOR = "creator"
    SENDER = "sender"
    RECIPIENT = "recipient"
    RECEIVER = "receiver"
    RESPONSIBLE = "responsible_person"
    COUNTERPART = "counterpart"
    AUTHORISING = "authorising_person"


class DateKind(StrEnum):
    """What a date records (ERMS ``dateType``)."""

    CREATED = "created"
    SENT = "sent"
    RECEIVED = "received"
    OPENED = "opened"
    CLOSED = "closed"
    DECISION = "decision"


@dataclass(frozen=True)
class Party:
    """A person or organisation in the case: the förbund, a remissinstans, a contact."""

    role: AgentType
    name: str
    id_number: str = ""  # organisationsnummer
    email: str = ""
    phone: str = ""
    address: str = ""  # postal address; contact details are written only with one


@dataclass(frozen=True)
class Dated:
    """A date in a record's life."""

    kind: DateKind
    at: dt.datetime


@dataclass(frozen=True)
class Attachment:
    """A file of a record, by its path in the package (ERMS ``appendix``)."""

    path: str
    name: str
    sha256: str
    file_format: FileFormat
    description: str = ""
    rendition_of: FileFormat | None = None  # the original's format, for a rendition


@dataclass(frozen=True)
class Relation:
    """A link from a record to another record or the case, by object id."""

    kind: str  # ERMS relationType
    target: str
    other: str = ""  # otherRelationType, for kind "own_relation_definition"


@dataclass(frozen=True)
class Action:
    """Something decided or done in a record (ERMS ``action``), e.g. a decision."""

    text: str
    kind: str
    at: dt.datetime
    date_kind: DateKind = DateKind.DECISION
    motivation: str = ""
    agents: tuple[Party, ...] = ()


@dataclass(frozen=True)
class CaseRecord:
    """One record (handling) in the case."""

    key: str  # object id, unique within the package
    kind: RecordKind
    title: str
    direction: Direction
    parties: tuple[Party, ...] = ()
    dates: tuple[Dated, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    notes: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    description: str = ""
    dispatch_mode: str = ""
    actions: tuple[Action, ...] = ()

    @property
    def first_date(self) -> dt.datetime:
        """Return the record's earliest date, for ordering and running numbers."""
        return min(d.at for d in self.dates)


@dataclass(frozen=True)
class Case:
    """The ärende: a remiss round with its records, in the order they were made."""

    key: str
    system_id: str
    title: str
    dnr: tuple[str, ...]
    parties: tuple[Party, ...]
    opened: dt.datetime
    closed: dt.datetime
    description: str
    records: tuple[CaseRecord, ...]
    notes: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()  # the case's own register files


def with_renditions(case: Case, renditions: dict[str, Attachment]) -> Case:
    """Return ``case`` with each rendition listed right after the original it renders
    (``renditions`` maps an original's path to its rendition)."""

    def extended(attachments: tuple[Attachment, ...]) -> tuple[Attachment, ...]:
        out: list[Attachment] = []
        for attachment in attachments:
            out.append(attachment)
            if attachment.path in renditions:
                out.append(renditions[attachment.path])
        return tuple(out)

    records = tuple(replace(r, attachments=extended(r.attachments)) for r in case.records)
    return replace(case, records=records, attachments=extended(case.attachments))
