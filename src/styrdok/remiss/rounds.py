"""A remiss round: a record in git under ``remiss/ID/`` and one folder per recipient."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from styrdok.core.atomic import write_bytes
from styrdok.core.errors import StyrdokError, UnknownRevisionError
from styrdok.core.templating import swedish_date
from styrdok.core.validate import ROUND_ID, line, shown
from styrdok.core.validate import recipient_id as valid_recipient_id
from styrdok.core.validate import round_id as valid_round_id
from styrdok.core.yamlfile import (
    RecordError,
    as_datetime,
    dumps,
    optional,
    read_mapping,
)
from styrdok.core.yamlfile import (
    field as required,
)
from styrdok.store.git import GitRepo
from styrdok.store.registry import (
    Contact,
    Recipient,
    contact_data,
    contact_from,
    load_recipients,
)

REMISS_DIR = "remiss"
ROUND_FILE = "omgang.yaml"
RECIPIENTS_DIR = "instanser"
DECISION_DIR = "beslut"  # the direktion's decision, as styrdok.adoption records it


class RoundError(StyrdokError):
    """A remiss round that does not exist, already exists or is inconsistent."""


@dataclass(frozen=True)
class Pinned:
    """A document version pinned to an exact commit."""

    commit: str
    label: str | None
    path: str


@dataclass(frozen=True)
class RoundDocument:
    """One document sent on remiss: base (in force) and proposal, both pinned."""

    name: str
    title: str
    dnr: str | None
    base: Pinned
    proposal: Pinned


@dataclass(frozen=True)
class Round:
    """A remiss round as recorded in ``remiss/ID/omgang.yaml``."""

    id: str
    title: str
    sent: dt.date
    deadline: dt.datetime
    documents: tuple[RoundDocument, ...]
    recipients: tuple[str, ...]
    contact: Contact | None = None
    decision_body: str | None = None
    decision_date: dt.date | None = None
    dnr: tuple[str, ...] = field(default=())

    @property
    def deadline_text(self) -> str:
        """Return the deadline as running text: ``9 maj 2024``."""
        return swedish_date(self.deadline.date())


def round_dir(root: Path, round_id: str) -> Path:
    """Return the folder of a round; raise InvalidValueError for an id that is not one."""
    return root / REMISS_DIR / valid_round_id(round_id)


def recipient_dir(root: Path, round_id: str, recipient_id: str) -> Path:
    """Return the folder of one recipient within a round."""
    return round_dir(root, round_id) / RECIPIENTS_DIR / valid_recipient_id(recipient_id)


def list_rounds(root: Path) -> list[str]:
    """Return the ids of the rounds in the repository, sorted."""
    base = root / REMISS_DIR
    if not base.is_dir():
        return []
    return sorted(
        p.parent.name for p in base.glob(f"*/{ROUND_FILE}") if ROUND_ID.fullmatch(p.parent.name)
    )


# --- The record: omgang.yaml ---------------------------------------------------------------
# The one place that maps a Round to and from its Swedish keys.


def _pinned_data(p: Pinned) -> dict[str, Any]:
    return {"commit": p.commit, "version": p.label, "sökväg": p.path}


def _to_data(r: Round) -> dict[str, Any]:
    return {
        "id": r.id,
        "titel": r.title,
        "diarienummer": list(r.dnr),
        "skickad": r.sent,
        "sista svarsdag": r.deadline.isoformat(),
        "beslut": {"organ": r.decision_body, "datum": r.decision_date},
        "kontaktperson": contact_data(r.contact),
        "dokument": [
            {
                "namn": d.name,
                "titel": d.title,
                "diarienummer": d.dnr,
                "gällande": _pinned_data(d.base),
                "förslag": _pinned_data(d.proposal),
            }
            for d in r.documents
        ],
        "remissinstanser": list(r.recipients),
    }


def _pinned(data: Any, where: str) -> Pinned:
    if not isinstance(data, dict):
        raise RecordError(f"{where}: förväntade commit, version och sökväg")
    return Pinned(
        commit=str(required(data, "commit", str, where)),
        label=optional(data, "version", str, where),
        path=str(required(data, "sökväg", str, where)),
    )


def _from_data(data: dict[str, Any], where: str, round_id: str) -> Round:
    documents = []
    for k, item in enumerate(required(data, "dokument", list, where), 1):
        w = f"{where}, dokument {k}"
        if not isinstance(item, dict):
            raise RecordError(f"{w}: förväntade nycklar med värden")
        documents.append(
            RoundDocument(
                name=str(required(item, "namn", str, w)),
                title=line(str(item.get("titel") or item["namn"]), f"{w}: titel"),
                dnr=_optional_line(item, "diarienummer", w),
                base=_pinned(item.get("gällande"), f"{w}, gällande"),
                proposal=_pinned(item.get("förslag"), f"{w}, förslag"),
            )
        )
    decision = data.get("beslut") or {}
    if not isinstance(decision, dict):
        raise RecordError(f"{where}: 'beslut' ska ha nycklar organ och datum")
    recorded_id = str(required(data, "id", str, where))
    if recorded_id != round_id:
        raise RecordError(f"{where}: id ska vara {round_id}, fick {shown(recorded_id)}")
    recipients = required(data, "remissinstanser", list, where)
    return Round(
        id=recorded_id,
        title=line(required(data, "titel", str, where), f"{where}: titel"),
        sent=required(data, "skickad", dt.date, where),
        deadline=as_datetime(required(data, "sista svarsdag", (str, dt.datetime), where), where),
        documents=tuple(documents),
        recipients=tuple(
            dict.fromkeys(valid_recipient_id(r, f"{where}: remissinstans") for r in recipients)
        ),
        contact=contact_from(data.get("kontaktperson"), where),
        decision_body=_optional_line(decision, "organ", f"{where}, beslut"),
        decision_date=_day(decision, "datum", f"{where}, beslut"),
        dnr=tuple(
            line(str(d), f"{where}: diarienummer") for d in _list(data, "diarienummer", where)
        ),
    )


def load_round(root: Path, round_id: str) -> Round:
    """Return the round ``round_id``; raise RoundError when there is none."""
    path = round_dir(root, round_id) / ROUND_FILE
    if not path.is_file():
        known = ", ".join(list_rounds(root)) or "inga"
        raise RoundError(f"remissomgången {round_id} finns inte (omgångar: {known})")
    return _from_data(read_mapping(path, root), path.relative_to(root).as_posix(), round_id)


def _optional_line(data: dict[str, Any], key: str, where: str) -> str | None:
    value = optional(data, key, str, where)
    return None if value is None else line(value, f"{where}: {key}")


def _day(data: dict[str, Any], key: str, where: str) -> dt.date | None:
    value = optional(data, key, dt.date, where)
    if isinstance(value, dt.datetime):
        raise RecordError(f"{where}: '{key}' ska vara ett datum utan klockslag")
    return value  # type: ignore[no-any-return]


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = optional(data, key, list, where)
    return [] if value is None else value


def round_file(root: Path, r: Round) -> tuple[Path, bytes]:
    """Return the round's record file and its content."""
    header = "# Remissomgång, skapad av styrdok. Ändra helst med styrdok-kommandon."
    return round_dir(root, r.id) / ROUND_FILE, dumps(_to_data(r), header).encode("utf-8")


def save_round(root: Path, r: Round) -> Path:
    """Write the round's record (not committed) and return its path."""
    path, data = round_file(root, r)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, data)
    return path


def check_pinned(repo: GitRepo, r: Round) -> None:
    """Raise RoundError when a pinned commit is missing from the repository."""
    for d in r.documents:
        for pinned in (d.base, d.proposal):
            try:
                repo.resolve(pinned.commit)
            except UnknownRevisionError:
                raise RoundError(
                    f"remiss {r.id}: version {pinned.commit[:10]} av {d.name} finns inte i "
                    "arkivet (hämta hela historiken med git fetch --unshallow)"
                ) from None


def round_recipients(root: Path, r: Round) -> list[Recipient]:
    """Return the round's recipients from the registry, in the round's order."""
    registry = load_recipients(root)
    missing = [rid for rid in r.recipients if rid not in registry]
    if missing:
        raise RoundError(
            f"remiss {r.id}: remissinstansen {', '.join(missing)} finns inte i registret"
        )
    return [registry[rid] for rid in r.recipients]
