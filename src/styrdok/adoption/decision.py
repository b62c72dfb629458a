"""Record the direktion's decision on a round: body, date, §, the documents and exactly
which versions (pinned commits), and the protokollsutdrag kept as received. One commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from styrdok.adoption.extract import Known, read_extract, store_extract
from styrdok.adoption.records import (
    DECISION_HEADER,
    DecidedDocument,
    Decision,
    decision_data,
    decision_dir,
    event_stem,
    load_decisions,
    write_record,
)
from styrdok.adoption.texts import digest_at, known, pinned
from styrdok.core.errors import StyrdokError
from styrdok.core.templating import swedish_date
from styrdok.remiss.rounds import Round, load_round
from styrdok.store.documents import DocumentRef
from styrdok.store.git import GitRepo
from styrdok.store.settings import Settings
from styrdok.text.model import is_statutes


class AdoptionError(StyrdokError):
    """A decision or an adoption that cannot be recorded as asked."""


@dataclass(frozen=True)
class DecisionSpec:
    """What staff say about the decision; None means the default."""

    round_id: str
    date: dt.date
    paragraph: str
    extract: Path
    body: str | None = None
    versions: Mapping[str, str] = field(default_factory=dict)  # document → revision
    deadline: dt.date | None = None
    received: dt.date | None = None  # when the extract came in (default: the decision day)


def members_adopt(settings: Settings, name: str, title: str, kind: str | None) -> bool:
    """Return whether every member must adopt the document: the förbundsordning always,
    other documents when ``antagande.medlemmarna antar`` in the settings lists them."""
    from styrdok.text.model import Metadata

    meta = Metadata({"titel": title, **({"typ": kind} if kind else {})})
    return is_statutes(meta, name) or name in settings.adoption.documents


def _decided(
    repo: GitRepo, settings: Settings, r: Round, spec: DecisionSpec
) -> list[DecidedDocument]:
    unknown = [name for name in spec.versions if name not in {d.name for d in r.documents}]
    if unknown:
        names = ", ".join(d.name for d in r.documents)
        raise AdoptionError(f"{', '.join(unknown)} ingår inte i remiss {r.id} (dokument: {names})")
    out = []
    for d in r.documents:
        ref = DocumentRef(repo, d.proposal.path)
        version = pinned(ref, spec.versions.get(d.name, "HEAD"))
        assert version.sha is not None
        title = version.meta.title or d.title
        out.append(
            DecidedDocument(
                name=d.name,
                title=title,
                commit=version.sha,
                label=version.meta.label,
                path=version.path,
                text_sha256=digest_at(ref, version),
                members_adopt=members_adopt(settings, d.name, title, version.meta.text("typ")),
                valid_from=version.meta.valid_from,
            )
        )
    return out


def decision_warnings(decision: Decision) -> list[str]:
    """Return what looks wrong in a decision: an extract that does not name a document or
    its version, says "med ändring", or carries a broken signature; no 'gäller från'."""
    warnings = []
    e = decision.extract
    if not e.readable:
        warnings.append(f"{e.original_name} har ingen läsbar text; kontrollera utdraget manuellt")
    for d in decision.documents:
        if e.readable and d.name not in e.named:
            warnings.append(f"utdraget nämner inte {d.title}")
        elif e.readable and d.label and d.label not in e.versions_of(d.name):
            others = ", ".join(e.versions_of(d.name))
            named = f" (nämner {others})" if others else ""
            warnings.append(f"utdraget nämner inte versionen {d.label} av {d.title}{named}")
        if d.valid_from is None:
            warnings.append(
                f"{d.title} ({d.version}) saknar 'gäller från' och kan inte träda i kraft "
                "förrän datumet anges"
            )
    if e.with_changes:
        warnings.append("utdraget säger att beslutet fattades med ändring; kontrollera texten")
    for s in e.signatures:
        if not s.intact or not s.whole_file:
            warnings.append(f"underskriften av {s.signer}: {s.verdict}")
    return warnings


def record_decision(
    repo: GitRepo, settings: Settings, spec: DecisionSpec, now: dt.datetime
) -> tuple[Decision, list[str], bool]:
    """Check the extract, pin the decided versions, keep the extract byte for byte and
    commit the decision; return it with its warnings, and whether the same decision (day,
    paragraph and extract) was already recorded, which changes nothing."""
    r = load_round(repo.root, spec.round_id)
    if not spec.paragraph.strip():
        raise AdoptionError('ange beslutets paragraf med --paragraph, till exempel "§ 45"')
    if spec.date < r.sent:
        raise AdoptionError(
            f"beslutsdagen {spec.date.isoformat()} ligger före utskicket {r.sent.isoformat()}"
        )
    if spec.deadline is not None and spec.deadline <= spec.date:
        raise AdoptionError(
            f"sista dag för antagande {spec.deadline.isoformat()} måste ligga efter beslutet "
            f"{spec.date.isoformat()}"
        )
    incoming = read_extract(spec.extract)
    with repo.locked():
        repo.ready_to_commit()  # no record is written that cannot be committed
        earlier = load_decisions(repo.root, r.id)
        for first in earlier:
            same = (first.date, first.paragraph, first.extract.sha256)
            if same == (spec.date, spec.paragraph.strip(), incoming.sha256):
                return first, [], True
            raise AdoptionError(
                f"direktionens beslut i remiss {r.id} är redan registrerat "
                f"({swedish_date(first.date)} {first.paragraph})"
            )
        documents = _decided(repo, settings, r, spec)
        folder = decision_dir(repo.root, r.id)
        body = spec.body or r.decision_body or settings.remiss.decision_body
        stem = event_stem("beslut", spec.date, now, r.id, incoming.sha256)
        knowns = [known(DocumentRef(repo, d.path), d.title) for d in documents]
        extract = store_extract(
            incoming, folder, stem, spec.received or spec.date, knowns or [Known("", "", ())]
        )
        decision = Decision(
            round_id=r.id,
            body=body,
            date=spec.date,
            paragraph=spec.paragraph.strip(),
            documents=tuple(documents),
            extract=extract,
            deadline=spec.deadline,
            recorded=now,
            file=f"{folder.relative_to(repo.root).as_posix()}/{stem}.yaml",
        )
        record = write_record(folder / f"{stem}.yaml", decision_data(decision), DECISION_HEADER)
        versions = ", ".join(f"{d.name} ({d.version})" for d in documents)
        repo.commit(
            [record, folder / extract.file],
            f"Remiss {r.id}: {body.lower()}s beslut {spec.date.isoformat()} "
            f"{decision.paragraph} registrerat: {versions}",
        )
    return decision, decision_warnings(decision), False


def current_decision(root: Path, round_id: str) -> Decision | None:
    """Return the round's decision, or None before the direktion has decided."""
    decisions = load_decisions(root, round_id)
    return decisions[-1] if decisions else None


def require_decision(root: Path, round_id: str) -> Decision:
    """Return the round's decision; raise AdoptionError when none is recorded."""
    decision = current_decision(root, round_id)
    if decision is None:
        load_round(root, round_id)  # an unknown round says so first
        raise AdoptionError(
            f"direktionens beslut i remiss {round_id} är inte registrerat "
            "(registrera det med styrdok adoption decide)"
        )
    return decision
