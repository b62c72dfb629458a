"""Register answers to a remiss: each file kept byte for byte, read, and committed.

Every file is checked by the intake gate before any parser sees it, and every file of a
call is checked and read before anything is written: one refused file means nothing is
registered. Each registration is one commit in the recipient's own folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from styrdok.answers.record import AnswerContent, to_data
from styrdok.core.dates import STOCKHOLM, in_time_until
from styrdok.core.errors import StyrdokError
from styrdok.core.plural import count
from styrdok.core.templating import swedish_date
from styrdok.core.yamlfile import dumps
from styrdok.remiss.log import deadline_for, read_log
from styrdok.remiss.register import (
    ANSWERS_DIR,
    Answer,
    register_path,
    registered,
    registration_file,
    stored_name,
)
from styrdok.remiss.rounds import Round, load_round, recipient_dir
from styrdok.store.git import GitRepo
from styrdok.store.journal import commit_files, commit_many
from styrdok.store.registry import Recipient
from styrdok.store.settings import Settings

if TYPE_CHECKING:  # intake loads lxml and pypdf; check_file imports it when it runs
    from styrdok.answers.content import Sections
    from styrdok.answers.intake import Kind
    from styrdok.compare.keys import SectionIndex


class ReceiveError(StyrdokError):
    """An answer that cannot be registered: unknown sender, wrong round, contradiction."""


@dataclass(frozen=True)
class Incoming:
    """A file checked and read, not yet registered."""

    path: Path
    data: bytes
    kind: Kind
    recipient: Recipient
    content: AnswerContent
    sha256: str


@dataclass(frozen=True)
class Registration:
    """The outcome for one file: registered (answer) or already there (duplicate)."""

    incoming: Incoming
    answer: Answer
    duplicate: bool
    deadline: dt.date | None = None  # the recipient's deadline when it was registered


def check_file(
    root: Path, settings: Settings, r: Round, recipients: dict[str, Recipient],
    path: Path, sender: str | None, section_refs: Sections | None = None,
) -> Incoming:  # fmt: skip
    """Return a file checked by the intake gate, identified and read; raise otherwise."""
    from styrdok.answers.intake import inspect, read_received
    from styrdok.answers.read import OpenedAnswer, identify, read_answer

    data = read_received(path)
    checked = inspect(data, path.name)
    opened = OpenedAnswer(data, checked.kind, checked.parts)
    embedded_round, embedded_recipient = identify(data, checked.kind, opened)
    if embedded_round and embedded_round != r.id:
        raise ReceiveError(f"{path.name}: filen hör till remissen {embedded_round}, inte {r.id}")
    if sender and embedded_recipient and sender != embedded_recipient:
        raise ReceiveError(
            f"{path.name}: filen är ställd till {embedded_recipient} men --from anger {sender}"
        )
    rid = embedded_recipient or sender
    if rid is None:
        raise ReceiveError(
            f"{path.name}: avsändaren framgår inte av filen; ange remissinstansen med --from"
        )
    if rid not in r.recipients or rid not in recipients:
        raise ReceiveError(f"{path.name}: {rid} är inte remissinstans i {r.id}")
    content = read_answer(data, checked.kind, settings.author, section_refs, opened)
    return Incoming(
        path, data, checked.kind, recipients[rid], content, hashlib.sha256(data).hexdigest()
    )


def _check_all(files: Sequence[Path], check: Callable[[Path], Incoming]) -> list[Incoming]:
    """Return ``check`` of every file, in order, or raise what it raised for the first
    file it refused. Several files are checked and read in threads, one per core: the
    gate and the reader change nothing outside the file's own objects, and parsing and
    unzipping run outside the GIL (a tenth off 290 forms on two cores)."""
    workers = min(len(files), os.cpu_count() or 1, 8)
    if workers < 2:
        return [check(path) for path in files]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(check, path) for path in files]
        try:
            return [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()  # the files not started yet are not read at all
            raise


def section_refs(repo: GitRepo, r: Round) -> dict[str, SectionIndex]:
    """Return the index of each document's comparison by document name, so that every view
    is tied to its section's key, and what respondents write ("§ 3", "avsnitt 3")
    resolves to the sections styrdok cites. The comparisons are the same for every
    answer of the round: made once and kept (styrdok.remiss.sectioncache)."""
    from styrdok.remiss.sectioncache import section_indexes

    return section_indexes(repo, r)


@dataclass(frozen=True)
class _Planned:
    """A registration worked out, with the files that make it and the commit message
    (none for a duplicate)."""

    registration: Registration
    files: dict[Path, bytes]
    message: str
    entry: tuple[Path, bytes] | None = None  # the registration file, path and content


def _plan(
    root: Path,
    r: Round,
    item: Incoming,
    received: dt.date,
    at: dt.datetime,
    by: str,
    unwritten: Sequence[tuple[Path, bytes]] = (),
) -> _Planned:
    """Return how ``item`` is registered, given what is registered (and ``unwritten``:
    registration files of this call not yet written)."""
    deadline = deadline_for(read_log(root, r.id, item.recipient.id), r.deadline)
    existing = registered(root, r.id, item.recipient.id, deadline, unwritten)
    for answer in existing:
        if answer.sha256 == item.sha256:
            return _Planned(Registration(item, answer, duplicate=True), {}, "")
    folder = recipient_dir(root, r.id, item.recipient.id)
    name = stored_name(item.path.name, item.sha256, received)
    stored = folder / ANSWERS_DIR / name
    record = stored.with_name(stored.name + ".yaml")
    record_text = dumps(
        to_data(item.content),
        f"# Innehåll läst ur {name} av styrdok. Originalet ligger oförändrat bredvid.",
    )
    last = in_time_until(deadline.date())  # lag (1930:173): a day off moves it on
    answer = Answer(
        file=f"{ANSWERS_DIR}/{name}",
        original_name=item.path.name,
        sha256=item.sha256,
        received=received,
        late=received > last,
        supplement=bool(existing),
        kind=item.content.kind,
        record=f"{ANSWERS_DIR}/{record.name}",
        registered_by=by,
        registered_at=at,
    )
    entry, entry_data = registration_file(root, r.id, item.recipient.id, answer)
    what = "komplettering" if answer.supplement else "svar"
    late = ", inkom efter svarsdagen" if answer.late else ""
    message = (
        f"Remiss {r.id}: {what} från {item.recipient.name} registrerat "
        f"(inkom {received.isoformat()}, {' '.join(item.path.name.split())}{late})"
    )
    files = {stored: item.data, record: record_text.encode("utf-8"), entry: entry_data}
    registration = Registration(item, answer, duplicate=False, deadline=deadline.date())
    return _Planned(registration, files, message, (entry, entry_data))


def _register(
    repo: GitRepo, r: Round, item: Incoming, received: dt.date, at: dt.datetime, by: str
) -> Registration:
    planned = _plan(repo.root, r, item, received, at, by)
    if not planned.registration.duplicate:
        commit_files(repo, planned.files, planned.message)
    return planned.registration


def _register_all(
    repo: GitRepo,
    r: Round,
    items: Sequence[Incoming],
    received: dt.date,
    at: dt.datetime,
    by: str,
) -> list[Registration]:
    """Register several files as :func:`_register` would one after the other, one commit
    each, written and committed together (styrdok.store.journal.commit_many): each file
    is planned as if the ones before it were already registered."""
    unwritten: dict[str, list[tuple[Path, bytes]]] = {}
    plans = []
    for item in items:
        before = unwritten.setdefault(item.recipient.id, [])
        planned = _plan(repo.root, r, item, received, at, by, before)
        if planned.entry is not None:
            before.append(planned.entry)
        plans.append(planned)
    changes = [(p.files, p.message) for p in plans if not p.registration.duplicate]
    commit_many(repo, changes)
    return [p.registration for p in plans]


def receive(
    repo: GitRepo,
    settings: Settings,
    round_id: str,
    files: Sequence[Path],
    sender: str | None,
    received: dt.date,
    at: dt.datetime | None = None,
) -> list[Registration]:
    """Check, read and register answer files; return what happened to each. Each is
    registered by the staff member's git identity, at ``at`` (default: now)."""
    from styrdok.remiss.rounds import round_recipients

    r = load_round(repo.root, round_id)
    recipients = {rec.id: rec for rec in round_recipients(repo.root, r)}
    if sender is not None and sender not in recipients:
        raise ReceiveError(f"{sender} är inte remissinstans i {r.id}")
    refs = section_refs(repo, r)
    incoming = _check_all(files, lambda path: check_file(
        repo.root, settings, r, recipients, path, sender, refs
    ))  # fmt: skip
    when = at or dt.datetime.now(STOCKHOLM).replace(microsecond=0)
    with repo.locked():
        by = repo.identity().name
        if len(incoming) > 1:
            return _register_all(repo, r, incoming, received, when, by)
        return [_register(repo, r, item, received, when, by) for item in incoming]


def describe(reg: Registration) -> str:
    """Return one Swedish line about a registration."""
    name = reg.incoming.recipient.name
    if reg.duplicate:
        return (
            f"{reg.incoming.path.name}: redan registrerad från {name} "
            f"(inkom {reg.answer.received.isoformat()}); inget ändrat"
        )
    day = swedish_date(reg.answer.received)
    parts = [f"{reg.incoming.path.name}: registrerad från {name}, inkom {day}"]
    if reg.answer.supplement:
        parts.append("komplettering")
    if reg.answer.late:
        parts.append("efter svarsdagen")
    else:
        if reg.deadline is not None and reg.answer.received > reg.deadline:
            parts.append("i tid eftersom svarsdagen var en helgdag (lag 1930:173)")
    content = reg.incoming.content
    if content.needs_manual_reading:
        parts.append("saknar text – läs manuellt")
    else:
        views = count(len(content.views), "synpunkt på avsnitt", "synpunkter på avsnitt")
        parts.append(f"{views}, {count(len(content.general), 'allmän', 'allmänna')}")
    return ", ".join(parts)


__all__ = ["Registration", "ReceiveError", "describe", "receive", "register_path"]
