"""What happened to each recipient of a round: sent, extended, reminded.

Each recipient has its own folder and log file, so two staff members working on
different recipients never touch the same file in git.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from styrdok.core.atomic import write_bytes
from styrdok.core.yamlfile import as_datetime, dumps, read_mapping
from styrdok.remiss.rounds import recipient_dir

LOG_FILE = "logg.yaml"
SENT = "skickad"
EXTENDED = "förlängd"
REMINDED = "påmind"
PREPARED = "förberedd"  # the message was written as an .eml file for staff to send


@dataclass(frozen=True)
class Event:
    """One thing that happened: its type, when, and its details."""

    kind: str
    at: dt.datetime
    details: dict[str, Any]


def log_path(root: Path, round_id: str, recipient_id: str) -> Path:
    """Return the log file of a recipient in a round."""
    return recipient_dir(root, round_id, recipient_id) / LOG_FILE


def read_log(root: Path, round_id: str, recipient_id: str) -> list[Event]:
    """Return the recipient's events, oldest first (an empty list before any)."""
    path = log_path(root, round_id, recipient_id)
    if not path.is_file():
        return []
    data = read_mapping(path, root)
    where = path.relative_to(root).as_posix()
    events = []
    for item in data.get("händelser") or []:
        if not isinstance(item, dict) or "typ" not in item or "tid" not in item:
            continue
        details = {k: v for k, v in item.items() if k not in ("typ", "tid")}
        events.append(Event(str(item["typ"]), as_datetime(item["tid"], where), details))
    return events


def with_event(root: Path, round_id: str, recipient_id: str, event: Event) -> tuple[Path, bytes]:
    """Return the recipient's log file and its content with ``event`` added."""
    path = log_path(root, round_id, recipient_id)
    events = read_log(root, round_id, recipient_id) + [event]
    items = [
        {"typ": e.kind, "tid": e.at.isoformat(timespec="seconds"), **e.details} for e in events
    ]
    text = dumps({"händelser": items}, "# Händelser för remissinstansen, skrivs av styrdok.")
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
        if event.kind == EXTENDED and "till" in event.details:
            deadline = as_datetime(event.details["till"], "förlängning")
    return deadline
