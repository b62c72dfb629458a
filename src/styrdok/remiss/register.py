"""The answers received from one recipient, one registration file per answer.

Each registration records a file exactly as received: its stored name, original name,
SHA-256, arrival date (inkom), what it is, the reading beside it, and who registered it
and when. It lies in ``instanser/<id>/registreringar/`` under a name made of the arrival
date, the file's digest and a digest of who registered it and when – never a running
number – so two staff registering answers from the same recipient at the same time on two
clones write different files, and the same file registered twice is kept once.

Whether an answer came after the deadline and whether it supplements an earlier one are
derived when the answers are read, from all registrations and the recipient's log, so
they come out right after two clones are brought together.

Repositories from before keep one register per recipient, ``instanser/<id>/svar.yaml``;
it is still read (its answers come first) but never written again.
:func:`registered` and :func:`registration_file` are the one place that maps an
:class:`Answer` to and from its Swedish keys.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from styrdok.core.dates import in_time_until
from styrdok.core.errors import StyrdokError
from styrdok.core.vocabulary import AnswerKind
from styrdok.core.yamlfile import as_datetime, dumps, parse_mapping, read_mapping
from styrdok.remiss.log import deadline_for, read_log
from styrdok.remiss.rounds import load_round, recipient_dir
from styrdok.store.git import GitRepo

REGISTER = "svar.yaml"  # the one register per recipient of earlier versions (read only)
ANSWERS_DIR = "svar"
CORRECTIONS_SUFFIX = ".placering.yaml"  # staff's corrections of how an answer was read
REGISTRATIONS_DIR = "registreringar"
HEADER = "# Registrering av ett inkommet svar, skriven av styrdok. Skrivs aldrig om."
_NOT_NAME = re.compile(r"[^\w.\-]+", flags=re.UNICODE)


@dataclass(frozen=True)
class Answer:
    """One registered answer file."""

    file: str  # path relative to the recipient's folder
    original_name: str
    sha256: str
    received: dt.date
    late: bool
    supplement: bool
    kind: AnswerKind | None = None  # what the file is (None in registers that do not say)
    record: str = ""  # the structured reading beside the original, if any
    registered_by: str = ""  # who registered it ("" in registers that do not say)
    registered_at: dt.datetime | None = None
    entry: str = REGISTER  # the file that registers it, relative to the recipient's folder


def register_path(root: Path, round_id: str, recipient_id: str) -> Path:
    """Return the recipient's register of earlier versions (``svar.yaml``)."""
    return recipient_dir(root, round_id, recipient_id) / REGISTER


def registrations_dir(root: Path, round_id: str, recipient_id: str) -> Path:
    """Return the folder of the recipient's registrations, one file per answer."""
    return recipient_dir(root, round_id, recipient_id) / REGISTRATIONS_DIR


def stored_name(original: str, sha256: str, received: dt.date) -> str:
    """Return the name an answer file is kept under: arrival date, digest and the
    original name made safe – the same on every clone for the same file."""
    stem = _NOT_NAME.sub("_", Path(original).name).strip("._") or "svar"
    return f"{received.isoformat()}-{sha256[:10]}-{stem[-80:]}"


def registered(
    root: Path,
    round_id: str,
    recipient_id: str,
    deadline: dt.datetime | None = None,
    unwritten: Sequence[tuple[Path, bytes]] = (),
) -> list[Answer]:
    """Return the recipient's registered answers in the order they arrived: the old
    register's first, then each registration by arrival and registration time. A file
    registered twice (on two clones) counts once. Whether an answer is late is derived
    from the recipient's deadline now (``deadline``, else read from the round and log).
    ``unwritten``: registration files (path, content) about to be written, read as if
    they already were."""
    old = _old_register(root, round_id, recipient_id)
    found = _registrations(root, round_id, recipient_id)
    for path, data in unwritten:
        entry = f"{REGISTRATIONS_DIR}/{path.name}"
        answer = _answer(parse_mapping(data.decode("utf-8-sig"), _shown_name(path, root)), entry)
        if answer is not None:
            found.append(answer)
    if found and deadline is None:
        deadline = deadline_for(
            read_log(root, round_id, recipient_id), load_round(root, round_id).deadline
        )
    new = sorted(
        found,
        key=lambda a: (a.received, a.registered_at or dt.datetime.min.replace(tzinfo=dt.UTC),
                       a.entry),
    )  # fmt: skip
    seen = {a.sha256 for a in old}
    answers = list(old)
    for answer in new:
        if answer.sha256 in seen:
            continue
        seen.add(answer.sha256)
        late = deadline is not None and answer.received > in_time_until(deadline.date())
        answers.append(dataclasses.replace(answer, late=late, supplement=bool(answers)))
    return answers


def with_registrars(root: Path, round_id: str, answers: list[Answer], rid: str) -> list[Answer]:
    """Return ``answers`` with who registered each: as recorded, or for registers that
    do not say, the author of the commit that added the file (from git)."""
    if all(a.registered_by for a in answers):
        return answers
    folder = recipient_dir(root, round_id, rid)
    try:
        repo = GitRepo.find(root)
        authors = repo.added_by(folder.relative_to(repo.root).as_posix())
        prefix = folder.relative_to(repo.root).as_posix()
    except (StyrdokError, ValueError):
        return answers
    return [
        a
        if a.registered_by
        else dataclasses.replace(a, registered_by=authors.get(f"{prefix}/{a.file}", ""))
        for a in answers
    ]


def _shown_name(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _old_register(root: Path, round_id: str, recipient_id: str) -> list[Answer]:
    path = register_path(root, round_id, recipient_id)
    if not path.is_file():
        return []
    items = read_mapping(path, root).get("svar") or []
    return [answer for item in items if (answer := _answer(item)) is not None]


def _registrations(root: Path, round_id: str, recipient_id: str) -> list[Answer]:
    folder = registrations_dir(root, round_id, recipient_id)
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.yaml")):
        entry = f"{REGISTRATIONS_DIR}/{path.name}"
        answer = _answer(read_mapping(path, root), entry)
        if answer is not None:
            out.append(answer)
    return out


def _answer(item: object, entry: str = REGISTER) -> Answer | None:
    """Return the answer an entry records, None for an entry without an arrival date."""
    if not isinstance(item, dict) or not isinstance(received := item.get("inkom"), dt.date):
        return None
    try:
        kind: AnswerKind | None = AnswerKind(str(item.get("typ")))
    except ValueError:
        kind = None  # registers from before the kind was recorded
    at = item.get("registrerad") or None
    return Answer(
        file=str(item.get("fil", "")),
        original_name=str(item.get("originalnamn", "")),
        sha256=str(item.get("sha256", "")),
        received=received,
        late=bool(item.get("sent inkommen", False)),
        supplement=bool(item.get("komplettering", False)),
        kind=kind,
        record=str(item.get("innehåll", "")),
        registered_by=str(item.get("registrerad av") or ""),
        registered_at=None if at is None else as_datetime(at, entry),
        entry=entry,
    )


def registration_file(
    root: Path, round_id: str, recipient_id: str, answer: Answer
) -> tuple[Path, bytes]:
    """Return the file that registers ``answer`` and its content (a new file, named by
    the arrival date, the file's digest and who registered it when)."""
    at = answer.registered_at.isoformat(timespec="seconds") if answer.registered_at else ""
    who = hashlib.sha256(f"{at}\x1f{answer.registered_by}".encode()).hexdigest()[:8]
    name = f"{answer.received.isoformat()}-{answer.sha256[:10]}-{who}.yaml"
    data: dict[str, Any] = {
        "fil": answer.file,
        "originalnamn": answer.original_name,
        "sha256": answer.sha256,
        "inkom": answer.received,
        "typ": "" if answer.kind is None else str(answer.kind),
        "innehåll": answer.record,
        "registrerad": at,
        "registrerad av": answer.registered_by,
    }
    path = registrations_dir(root, round_id, recipient_id) / name
    return path, dumps(data, HEADER).encode("utf-8")


def corrections_path(record: Path) -> Path:
    """Return where staff's corrections of the answer read into ``record`` are kept."""
    return record.with_name(record.name.removesuffix(".yaml") + CORRECTIONS_SUFFIX)
