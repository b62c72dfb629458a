"""What happened to each recipient of a round: sent, extended, reminded.

Each recipient has its own folder and log file, so two staff members working on
different recipients never touch the same file in git. :func:`read_log` and
:func:`append_event` are the one place that maps an :class:`Event` to and from its
Swedish keys in ``logg.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from styrdok.core.atomic import write_bytes
from styrdok.core.yamlfile import RecordError, as_datetime, dumps, read_mapping
from styrdok.remiss.rounds import recipient_dir

LOG_FILE = "logg.yaml"
_EVENTS, _KIND, _AT, _UNTIL, _REASON, _HOW = "händelser", "typ", "tid", "till", "skäl", "sätt"
_KNOWN = frozenset((_KIND, _AT, _UNTIL, _REASON, _HOW))


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


def log_path(root: Path, round_id: str, recipient_id: str) -> Path:
    """Return the log file of a recipient in a round."""
    return recipient_dir(root, round_id, recipient_id) / LOG_FILE


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
    return data


def read_log(root: Path, round_id: str, recipient_id: str) -> list[Event]:
    """Return the recipient's events, oldest first (an empty list before any)."""
    path = log_path(root, round_id, recipient_id)
    if not path.is_file():
        return []
    data = read_mapping(path, root)
    where = path.relative_to(root).as_posix()
    return [
        _event(item, where)
        for item in data.get(_EVENTS) or []
        if isinstance(item, dict) and _KIND in item and _AT in item
    ]


def with_event(root: Path, round_id: str, recipient_id: str, event: Event) -> tuple[Path, bytes]:
    """Return the recipient's log file and its content with ``event`` added."""
    path = log_path(root, round_id, recipient_id)
    events = read_log(root, round_id, recipient_id) + [event]
    header = "# Händelser för remissinstansen, skrivs av styrdok."
    text = dumps({_EVENTS: [_data(e) for e in events]}, header)
    return path, text.encode("utf-8")


def append_event(root: Path, round_id: str, recipient_id: str, event: Event) -> Path:
    """Add an event to the recipient's log (not committed) and return the log's path."""
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
