"""Record what members do after the decision: an adoption by fullmäktige (with its
protokollsutdrag), a planned meeting, a reminder. Each is a file of its own in the
member's folder and one git commit under the repository lock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from styrdok.adoption.decision import AdoptionError, require_decision
from styrdok.adoption.extract import read_extract, store_extract
from styrdok.adoption.records import (
    EVENT_HEADER,
    AdoptedDocument,
    DecidedDocument,
    Decision,
    EventKind,
    MemberEvent,
    StoredExtract,
    event_data,
    event_stem,
    member_dir,
    write_record,
)
from styrdok.adoption.status import members_of, required
from styrdok.adoption.texts import digest_at, known, pinned
from styrdok.core.errors import UnknownRevisionError
from styrdok.core.templating import swedish_date
from styrdok.store.documents import DocumentRef
from styrdok.store.git import GitRepo
from styrdok.store.registry import Recipient
from styrdok.store.settings import Settings


@dataclass(frozen=True)
class AdoptionSpec:
    """What staff say about a member's adoption; None and empty mean the default."""

    round_id: str
    member: str
    date: dt.date
    paragraph: str
    extract: Path
    body: str | None = None
    documents: Sequence[str] = ()  # default: every document the members adopt
    versions: Mapping[str, str] = field(default_factory=dict)  # document → revision adopted
    with_changes: bool = False
    received: dt.date | None = None


def member(root: Path, decision: Decision, member_id: str) -> Recipient:
    """Return the member ``member_id``; raise AdoptionError when it is unknown or was not
    a member on the day of the decision."""
    members = {m.id: m for m in members_of(root)}
    if member_id not in members:
        raise AdoptionError(
            f"okänd medlem: {member_id} (medlemmar: {', '.join(members) or 'inga'})"
        )
    found = members[member_id]
    if not required(found, decision):
        ended = found.member_until
        why = f"medlemskapet upphörde {swedish_date(ended)}" if ended else "inte medlem då"
        raise AdoptionError(
            f"{found.name} berörs inte av beslutet {swedish_date(decision.date)} ({why})"
        )
    return found


def _documents(decision: Decision, names: Sequence[str]) -> list[DecidedDocument]:
    adopted = decision.adopted_by_members
    if not adopted:
        raise AdoptionError(
            f"inget dokument i beslutet i remiss {decision.round_id} antas av medlemmarna"
        )
    if not names:
        return list(adopted)
    by_name = {d.name: d for d in adopted}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise AdoptionError(
            f"{', '.join(unknown)} antas inte av medlemmarna enligt beslutet "
            f"(dokument som antas: {', '.join(by_name)})"
        )
    return [by_name[n] for n in names]


def _adopted(
    repo: GitRepo, doc: DecidedDocument, extract: StoredExtract, rev: str | None,
    with_changes: bool, warnings: list[str],
) -> AdoptedDocument:  # fmt: skip
    """Return what text the member adopted: the version staff name, else the one the
    extract names, else (with a warning) the decided one."""
    ref = DocumentRef(repo, doc.path)
    changes = with_changes or extract.with_changes
    if rev is None and extract.readable:
        named = extract.versions_of(doc.name)
        if doc.label and doc.label in named:
            if len(named) > 1:
                others = ", ".join(n for n in named if n != doc.label)
                warnings.append(
                    f"utdraget nämner både {doc.label} och {others} av {doc.title}; "
                    f"registrerat som {doc.label}"
                )
        elif named:
            rev = named[0]
        else:
            warnings.append(
                f"utdraget anger inte vilken version av {doc.title} som antogs; "
                f"registrerat som {doc.version}"
            )
        if doc.name not in extract.named:
            warnings.append(f"utdraget nämner inte {doc.title}")
    if rev is None:
        return AdoptedDocument(doc.name, doc.commit, doc.label, doc.text_sha256, changes)
    try:
        version = pinned(ref, rev)
    except UnknownRevisionError:
        warnings.append(f"versionen {rev} av {doc.title} finns inte i arkivet")
        return AdoptedDocument(doc.name, None, rev, None, changes)
    return AdoptedDocument(
        doc.name, version.sha, version.meta.label, digest_at(ref, version), changes
    )


def record_adoption(
    repo: GitRepo, settings: Settings, spec: AdoptionSpec, now: dt.datetime
) -> tuple[MemberEvent, Recipient, list[str]]:
    """Check and keep the member's protokollsutdrag, record which text it adopted, and
    commit; return the record, the member and the warnings."""
    if not spec.paragraph.strip():
        raise AdoptionError('ange beslutets paragraf med --paragraph, till exempel "§ 87"')
    decision = require_decision(repo.root, spec.round_id)
    who = member(repo.root, decision, spec.member)
    if spec.date < decision.date:
        raise AdoptionError(
            f"{who.name} kan inte ha antagit {spec.date.isoformat()}, före direktionens beslut "
            f"{decision.date.isoformat()}"
        )
    documents = _documents(decision, spec.documents)
    if spec.versions:
        unknown = [n for n in spec.versions if n and n not in {d.name for d in documents}]
        if unknown:
            raise AdoptionError(f"--version anger {', '.join(unknown)}, som inte antas här")
    incoming = read_extract(spec.extract)
    warnings: list[str] = []
    with repo.locked():
        repo.ready_to_commit()  # no record is written that cannot be committed
        folder = member_dir(repo.root, decision.round_id, who.id)
        stem = event_stem("antagande", spec.date, now, who.id, incoming.sha256)
        knowns = [known(DocumentRef(repo, d.path), d.title) for d in documents]
        extract = store_extract(incoming, folder, stem, spec.received or spec.date, knowns)
        adopted = tuple(
            _adopted(
                repo,
                d,
                extract,
                spec.versions.get(d.name) or spec.versions.get(""),
                spec.with_changes,
                warnings,
            )  # fmt: skip
            for d in documents
        )
        event = MemberEvent(
            kind=EventKind.ADOPTED,
            round_id=decision.round_id,
            member=who.id,
            date=spec.date,
            recorded=now,
            body=spec.body or settings.adoption.body,
            paragraph=spec.paragraph.strip(),
            documents=adopted,
            extract=extract,
            file=f"{folder.relative_to(repo.root).as_posix()}/{stem}.yaml",
        )
        record = write_record(folder / f"{stem}.yaml", event_data(event), EVENT_HEADER)
        titles = ", ".join(d.title for d in documents)
        repo.commit(
            [record, folder / extract.file],
            f"Remiss {decision.round_id}: {who.name} antog {titles} "
            f"({event.body.lower()} {spec.date.isoformat()} {event.paragraph})",
        )
    for s in extract.signatures:
        if not s.intact or not s.whole_file:
            warnings.append(f"underskriften av {s.signer}: {s.verdict}")
    if not extract.readable:
        warnings.append(f"{extract.original_name} har ingen läsbar text; kontrollera den manuellt")
    return event, who, warnings


def schedule(
    repo: GitRepo, settings: Settings, round_id: str, member_id: str, day: dt.date,
    body: str | None, now: dt.datetime,
) -> tuple[MemberEvent, Recipient]:  # fmt: skip
    """Record the meeting at which a member's fullmäktige is to decide, and commit."""
    decision = require_decision(repo.root, round_id)
    who = member(repo.root, decision, member_id)
    if day < decision.date:
        raise AdoptionError(
            f"sammanträdet {day.isoformat()} ligger före direktionens beslut "
            f"{decision.date.isoformat()}"
        )
    with repo.locked():
        repo.ready_to_commit()  # no record is written that cannot be committed
        folder = member_dir(repo.root, round_id, who.id)
        stem = event_stem("planerat", day, now, who.id)
        event = MemberEvent(
            EventKind.SCHEDULED, round_id, who.id, day, now, body=body or settings.adoption.body,
            file=f"{folder.relative_to(repo.root).as_posix()}/{stem}.yaml",
        )  # fmt: skip
        record = write_record(folder / f"{stem}.yaml", event_data(event), EVENT_HEADER)
        repo.commit(
            [record],
            f"Remiss {round_id}: {who.name} planerar antagande i {event.body.lower()} "
            f"{day.isoformat()}",
        )
    return event, who


def reminded_events(
    repo: GitRepo, round_id: str, members: Sequence[Recipient], day: dt.date, how: str,
    now: dt.datetime,
) -> list[Path]:  # fmt: skip
    """Write a reminder record for each member (one file each) and return their paths;
    the caller commits them together."""
    paths = []
    for who in members:
        folder = member_dir(repo.root, round_id, who.id)
        stem = event_stem("paminnelse", day, now, who.id)
        event = MemberEvent(EventKind.REMINDED, round_id, who.id, day, now, how=how)
        paths.append(write_record(folder / f"{stem}.yaml", event_data(event), EVENT_HEADER))
    return paths
