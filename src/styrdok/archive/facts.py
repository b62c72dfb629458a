"""The facts of one remiss round, read from git, and the files the package will hold.

``RoundFacts`` reads the round record, each recipient's log and registered answers (each
checked against the checksum recorded when it came in) and keeps the files of the
original representation by their path in the package. The round's last date, not the
clock, dates what the package itself adds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from styrdok.archive.checksums import sha256, verified_answers
from styrdok.archive.formats import FileFormat, format_of
from styrdok.archive.layout import ORIGINAL, ArchiveError, data_path, digits
from styrdok.archive.model import AgentType, Attachment, Party
from styrdok.core.dates import STOCKHOLM
from styrdok.remiss.log import LOG_DIR, Event, deadline_for, log_path, read_log
from styrdok.remiss.register import REGISTRATIONS_DIR, Answer, register_path
from styrdok.remiss.rounds import ROUND_FILE, Round, recipient_dir, round_dir, round_recipients
from styrdok.store.git import GitRepo
from styrdok.store.registry import Recipient
from styrdok.store.settings import Settings


@dataclass(frozen=True)
class StoredFile:
    """A file of the original representation."""

    data: bytes
    created: dt.datetime
    file_format: FileFormat


def day(date: dt.date) -> dt.datetime:
    """Return the start of ``date`` in Stockholm time, for facts recorded as dates."""
    return dt.datetime.combine(date, dt.time(0), STOCKHOLM)


def closing_day(r: Round, logs: dict[str, list[Event]], answers: list[Answer]) -> dt.date:
    """Return the round's last date: the latest deadline, log event or answer."""
    days = [r.sent, r.deadline.date()]
    for events in logs.values():
        days.append(deadline_for(events, r.deadline).date())
        days.extend(e.at.astimezone(STOCKHOLM).date() for e in events)
    days.extend(a.received for a in answers)
    return max(days)


class RoundFacts:
    """One round's facts and the files read so far."""

    def __init__(self, repo: GitRepo, settings: Settings, r: Round) -> None:
        self.repo, self.settings, self.round = repo, settings, r
        self.root = repo.root
        org = settings.organisation
        self.key = f"{digits(org.org_number) or 'styrdok'}/remiss/{r.id}"
        self.forbund = Party(AgentType.CREATOR, org.name, org.org_number)
        self.recipients = round_recipients(self.root, r)
        self.logs = {rec.id: read_log(self.root, r.id, rec.id) for rec in self.recipients}
        self.answers = {rec.id: verified_answers(self.root, r, rec) for rec in self.recipients}
        every = [a for pairs in self.answers.values() for a, _ in pairs]
        self.closing = closing_day(r, self.logs, every)
        self.files: dict[str, StoredFile] = {}

    def add(
        self,
        relative: str,
        data: bytes,
        created: dt.datetime,
        name: str = "",
        description: str = "",
    ) -> Attachment:
        """Return the attachment for ``data``, kept at ``relative`` in the data folder of
        the original representation."""
        path = data_path(ORIGINAL, relative)
        if path in self.files:
            raise ArchiveError(f"två filer skulle heta {relative} i arkivpaketet")
        fmt = format_of(relative)
        self.files[path] = StoredFile(data, created, fmt)
        name = name or PurePosixPath(relative).name
        return Attachment(path, name, sha256(data), fmt, description)

    def copy(
        self, source: Path, relative: str, created: dt.datetime, description: str
    ) -> Attachment:
        """Return the attachment for a copy of the file ``source``."""
        return self.add(relative, source.read_bytes(), created, description=description)

    def record_key(self, *parts: str) -> str:
        """Return a record's object id: the case's id and ``parts``."""
        return "/".join((self.key, *parts))

    def sending_key(self, recipient: Recipient) -> str:
        """Return the object id of what was sent to ``recipient``."""
        return self.record_key("utskick", recipient.id)

    def registers(self) -> list[Attachment]:
        """Return the case's register files: the round record and each recipient's log
        and answer register, as they are now."""
        created = day(self.closing)
        out = [
            self.copy(
                round_dir(self.root, self.round.id) / ROUND_FILE,
                f"register/{ROUND_FILE}",
                day(self.round.sent),
                "Remissomgången som den är registrerad i styrdok",
            )
        ]
        for rec in self.recipients:
            folder = recipient_dir(self.root, self.round.id, rec.id)
            sources = [
                (log_path(self.root, self.round.id, rec.id), "Händelser för remissinstansen"),
                (register_path(self.root, self.round.id, rec.id), "Registrerade svar"),
            ]
            for sub, what in (
                (LOG_DIR, "En händelse"),
                (REGISTRATIONS_DIR, "Ett registrerat svar"),
            ):
                if (folder / sub).is_dir():
                    sources += [(p, what) for p in sorted((folder / sub).glob("*.yaml"))]
            for source, what in sources:
                if source.is_file():
                    relative = source.relative_to(folder).as_posix()
                    out.append(
                        self.copy(source, f"register/instanser/{rec.id}/{relative}", created, what)
                    )
        return out
