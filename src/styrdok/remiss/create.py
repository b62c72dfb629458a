"""Creating a remiss round: the documents pinned to exact commits, the recipients chosen
from the registry, and the warnings about what looks wrong (none of them stops it)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from styrdok.core.dates import grace_note
from styrdok.core.errors import UnknownRevisionError
from styrdok.core.templating import swedish_date
from styrdok.core.validate import line, shown
from styrdok.core.validate import round_id as valid_round_id
from styrdok.remiss.rounds import (
    ROUND_FILE,
    Pinned,
    Round,
    RoundDocument,
    RoundError,
    round_dir,
    round_file,
)
from styrdok.store.documents import DocumentRef, find_document, list_documents, read_text
from styrdok.store.git import GitRepo
from styrdok.store.journal import commit_files
from styrdok.store.registry import REGISTRY, Recipient, load_recipients
from styrdok.store.settings import Settings
from styrdok.store.versions import in_force, last_change, resolve


@dataclass(frozen=True)
class NewRound:
    """What staff asked for when creating a round; None means the default."""

    id: str
    title: str
    deadline: dt.datetime
    sent: dt.date
    documents: Sequence[str] = ()
    base: str | None = None
    proposal: str | None = None
    recipients: Sequence[str] = ()
    decision_body: str | None = None
    decision_date: dt.date | None = None
    dnr: str | None = None  # the round's own diarienummer (default: the documents')


def _natural(text: str) -> tuple[int, ...]:
    """Return the numbers in ``text`` for sorting: Dnr 2024/9 before Dnr 2024/10."""
    return tuple(int(n) for n in re.findall(r"\d+", text))


def _pin_document(repo: GitRepo, ref: DocumentRef, spec: NewRound) -> RoundDocument:
    if spec.base is not None:
        base = resolve(ref, spec.base)
    else:
        try:
            base = in_force(ref, spec.sent)
        except UnknownRevisionError as exc:
            raise RoundError(f"{exc}; ange gällande version med --base") from None
    proposal = resolve(ref, spec.proposal or "HEAD")
    if base.sha is None or proposal.sha is None:
        raise RoundError("en remiss kan bara gälla sparade versioner (commits)")
    base, proposal = last_change(ref, base), last_change(ref, proposal)
    assert base.sha is not None and proposal.sha is not None
    dnr = proposal.meta.dnr
    return RoundDocument(
        name=ref.name,
        title=line(proposal.meta.title or ref.name, f"{proposal.path}: titel"),
        dnr=None if dnr is None else line(dnr, f"{proposal.path}: diarienummer"),
        base=Pinned(base.sha, base.meta.label, base.path),
        proposal=Pinned(proposal.sha, proposal.meta.label, proposal.path),
    )


def plan_round(repo: GitRepo, settings: Settings, spec: NewRound) -> tuple[Round, list[str]]:
    """Return the round that ``spec`` describes and the warnings about it (a deadline on
    a holiday, a recipient leaving before the deadline, a short period, no change)."""
    valid_round_id(spec.id)
    line(spec.title, "remissens rubrik (--title)")
    if spec.decision_body is not None:
        line(spec.decision_body, "beslutande organ (--decision-body)")
    if (round_dir(repo.root, spec.id) / ROUND_FILE).exists():
        raise RoundError(f"remissomgången {spec.id} finns redan")
    if spec.deadline.date() <= spec.sent:
        raise RoundError(
            f"sista svarsdag {spec.deadline.date().isoformat()} måste ligga efter "
            f"utskicksdagen {spec.sent.isoformat()}"
        )
    refs = [find_document(repo, n) for n in spec.documents] or list_documents(repo)
    if not refs:
        raise RoundError("inga dokument att skicka på remiss (docs/ är tom)")
    documents = tuple(_pin_document(repo, ref, spec) for ref in refs)
    if not spec.documents:
        documents = tuple(sorted(documents, key=lambda d: (_natural(d.dnr or ""), d.name)))
    registry = load_recipients(repo.root)
    if spec.recipients:
        wanted = list(dict.fromkeys(spec.recipients))  # each recipient once
        unknown = [shown(r) if r != r.strip() else r for r in wanted if r not in registry]
        if unknown:
            raise RoundError(unknown_recipients(unknown, registry))
        chosen = [registry[r] for r in wanted]
    else:
        chosen = [r for r in registry.values() if r.is_member_on(spec.sent)]
    if not chosen:
        raise RoundError("inga remissinstanser: ange --recipients eller lägg till medlemmar")
    dnr = tuple(dict.fromkeys(d.dnr for d in documents if d.dnr))
    if spec.dnr is not None:
        dnr = (line(spec.dnr.strip(), "diarienummer (--diarienummer)"),)
    result = Round(
        id=spec.id,
        title=spec.title,
        sent=spec.sent,
        deadline=spec.deadline,
        documents=documents,
        recipients=tuple(r.id for r in chosen),
        contact=settings.remiss.contact,
        decision_body=spec.decision_body or settings.remiss.decision_body,
        decision_date=spec.decision_date,
        dnr=dnr,
    )
    return result, round_warnings(repo, settings, result, chosen)


def unknown_recipients(unknown: Sequence[str], registry: Mapping[str, Recipient]) -> str:
    """Return the message for ids not in the registry, listing the ids it has."""
    known = ", ".join(registry) or "inga"
    return f"okänd remissinstans: {', '.join(unknown)} (i {REGISTRY.as_posix()} finns {known})"


def deadline_warnings(settings: Settings, r: Round, recipients: Sequence[Recipient]) -> list[str]:
    """Return the warnings about a round's deadline: on a holiday, after a recipient's
    membership ends, or sooner than the shortest answering period."""
    warnings = []
    day = r.deadline.date()
    grace = grace_note(day)
    if grace:
        warnings.append(grace)
    for recipient in recipients:
        if recipient.member_until and recipient.member_until < day:
            warnings.append(
                f"{recipient.name}s medlemskap upphör {swedish_date(recipient.member_until)}, "
                "före sista svarsdag"
            )
    period = (day - r.sent).days
    minimum = settings.remiss.minimum_days
    if period < minimum:
        warnings.append(f"svarstiden är {period} dagar, kortare än minst {minimum} dagar")
    return warnings


def round_warnings(
    repo: GitRepo, settings: Settings, r: Round, recipients: Sequence[Recipient]
) -> list[str]:
    """Return the Swedish warnings about a round; none of them stops it."""
    warnings = deadline_warnings(settings, r, recipients)
    if repo.is_detached:
        warnings.append(
            f"HEAD pekar inte på någon gren (frikopplad HEAD på {repo.head()[:10]}); "
            "kontrollera att förslaget är rätt version"
        )
    for d in r.documents:
        if repo.has_changes([repo.root / d.proposal.path]):
            warnings.append(
                f"{d.proposal.path} har ändringar som inte är sparade (commit); remissen "
                f"gäller den sparade versionen {d.proposal.commit[:10]}"
            )
    for d in r.documents:
        if read_text(DocumentRef(repo, d.proposal.path), d.proposal.commit, d.proposal.path) == (
            read_text(DocumentRef(repo, d.base.path), d.base.commit, d.base.path)
        ):
            warnings.append(f"förslaget till {d.name} är identiskt med gällande version")
    return warnings


def create_round(
    repo: GitRepo, settings: Settings, spec: NewRound, inputs: Mapping[Path, bytes] | None = None
) -> tuple[Round, list[str]]:
    """Create the round ``spec`` describes, commit it (with the settings and registry
    files in ``inputs``, when they were not committed) and return it with its warnings."""
    r, warnings = plan_round(repo, settings, spec)
    path, data = round_file(repo.root, r)
    message = f"Remiss {r.id}: omgången skapad ({r.title})"
    if inputs:
        names = " och ".join(p.relative_to(repo.root).as_posix() for p in inputs)
        message += f"; {names} sparade"
    commit_files(repo, {**(inputs or {}), path: data}, message)
    return r, warnings
