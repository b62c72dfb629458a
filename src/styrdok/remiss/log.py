"""What happened to each recipient of a round: sent, extended, reminded.

Every event is a file of its own in the recipient's ``logg/`` folder, named by the day,
the kind and a digest of its content – never a running number, never rewritten – so two
staff members recording events on two clones at the same time, even for the same
recipient, write different files, and the same event recorded twice is one file.
Repositories from before keep one ``logg.yaml`` per recipient; it is still read (its
events come first) but never written again. :func:`read_log` and :func:`with_event` are
the one place that maps an :class:`Event` to and from its Swedish keys.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from styrdok.core.atomic import write_bytes
from styrdok.core.dates import STOCKHOLM
from styrdok.core.yamlfile import RecordError, as_datetime, dumps, read_mapping
from styrdok.remiss.rounds import recipient_dir

LOG_FILE = "logg.yaml"  # one log per recipient, as earlier versions wrote it (read only)
LOG_DIR = "logg"
HEADER = "# En händelse för remissinstansen, skriven av styrdok. Skrivs aldrig om."
_ASCII = str.maketrans("åäöÅÄÖé", "aaoAAOe")
_EVENTS, _KIND, _AT, _UNTIL, _REASON, _HOW = "händelser", "typ", "tid", "till", "skäl", "sätt"
_RECORDED = "registrerad"
_KNOWN = frozenset((_KIND, _AT, _UNTIL, _REASON, _HOW, _RECORDED))


class EventKind(StrEnum):
    """What happened to a recipient."""

    SENT = "skickad"
    EXTENDED = "förlängd"
    REMINDED = "påmind"
    PREPARED = "förberedd"  # the message was written as an .eml file for staff to send


class Delivery(StrEnum):
    """How a package or a reminder went out."""

    SMTP = "smtp"  # sent by styrdok over SMTP
    EML = "eml"  # written as an .eml file for staff to send
    CLIENT = "e-postprogram"  # the .eml sent by staff from their mail program


@dataclass(frozen=True)
class Event:
    """One thing that happened: its kind, when, and what belongs to that kind."""

    kind: EventKind
    at: dt.datetime
    until: dt.datetime | None = None  # EXTENDED: the new deadline
    reason: str | None = None  # EXTENDED: why
    how: Delivery | None = None  # SENT, REMINDED
    extra: Mapping[str, Any] = field(default_factory=dict)  # keys written by someone else
    recorded: dt.datetime | None = None  # when it was recorded (None in the old log file)


def log_path(root: Path, round_id: str, recipient_id: str) -> Path:
    """Return the one log file of a recipient as earlier versions wrote it."""
    return recipient_dir(root, round_id, recipient_id) / LOG_FILE


def log_dir(root: Path, round_id: str, recipient_id: str) -> Path:
    """Return the folder of a recipient's events, one file per event."""
    return recipient_dir(root, round_id, recipient_id) / LOG_DIR


def _event(item: dict[str, Any], where: str) -> Event:
    try:
        kind = EventKind(item[_KIND])
    except ValueError:
        known = ", ".join(EventKind)
        raise RecordError(f"{where}: okänd händelse {item[_KIND]!r} (kända: {known})") from None
    until = item.get(_UNTIL)
    how = item.get(_HOW)
    try:
        delivery = None if how is None else Delivery(how)
    except ValueError:
        raise RecordError(f"{where}: okänt sätt {how!r} (kända: {', '.join(Delivery)})") from None
    return Event(
        kind=kind,
        at=as_datetime(item[_AT], where),
        until=None if until is None else as_datetime(until, where),
        reason=None if item.get(_REASON) is None else str(item[_REASON]),
        how=delivery,
        extra={k: v for k, v in item.items() if k not in _KNOWN},
        recorded=None if item.get(_RECORDED) is None else as_datetime(item[_RECORDED], where),
    )


def _data(event: Event) -> dict[str, Any]:
    data: dict[str, Any] = {_KIND: str(event.kind), _AT: event.at.isoformat(timespec="seconds")}
    if event.until is not None:
        data[_UNTIL] = event.until.isoformat()
    if event.reason is not None:
        data[_REASON] = event.reason
    if event.how is not None:
        data[_HOW] = str(event.how)
    data.update(event.extra)
    if event.recorded is not None:
        data[_RECORDED] = event.recorded.isoformat(timespec="milliseconds")
    return data


def read_log(root: Path, round_id: str, recipient_id: str) -> list[Event]:
    """Return the recipient's events, oldest first (an empty list before any): those of
    the old log file in its order, then each event file in the order it was recorded."""
    events = []
    path = log_path(root, round_id, recipient_id)
    if path.is_file():
        where = path.relative_to(root).as_posix()
        events = [
            _event(item, where)
            for item in read_mapping(path, root).get(_EVENTS) or []
            if isinstance(item, dict) and _KIND in item and _AT in item
        ]
    folder = log_dir(root, round_id, recipient_id)
    found = []
    for file in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        where = file.relative_to(root).as_posix()
        item = read_mapping(file, root)
        for key in (_KIND, _AT):
            if key not in item:
                raise RecordError(f"{where}: nyckeln '{key}' saknas")
        found.append(_event(item, where))
    found.sort(key=lambda e: (e.recorded or e.at, e.at, str(e.kind)))
    return events + found


def with_event(root: Path, round_id: str, recipient_id: str, event: Event) -> tuple[Path, bytes]:
    """Return the new file that records ``event`` for the recipient, and its content
    (with the time it is recorded, now unless ``event`` says): named by the day, the kind
    and a digest of the content, which no other event shares."""
    if event.recorded is None:
        event = dataclasses.replace(event, recorded=dt.datetime.now(STOCKHOLM))
    data = _data(event)
    text = dumps(data, HEADER)
    digest = hashlib.sha256(f"{recipient_id}\x1f{text}".encode()).hexdigest()[:10]
    day = event.at.date().isoformat()
    name = f"{day}-{str(event.kind).translate(_ASCII)}-{digest}.yaml"
    return log_dir(root, round_id, recipient_id) / name, text.encode("utf-8")


def append_event(root: Path, round_id: str, recipient_id: str, event: Event) -> Path:
    """Record an event for the recipient (not committed) and return the new file's path."""
    path, data = with_event(root, round_id, recipient_id, event)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, data)
    return path


def deadline_for(events: list[Event], default: dt.datetime) -> dt.datetime:
    """Return the recipient's deadline: the latest extension, else the round's."""
    deadline = default
    for event in events:
        if event.kind == EventKind.EXTENDED and event.until is not None:
            deadline = event.until
    return deadline
