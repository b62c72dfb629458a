"""Entering into force: when every required member has adopted the identical text of a
decided document, its version becomes gällande from its 'gäller från' date, in one commit.

The commit changes only the document's front matter (status, version, beslut); the text
stays byte for byte the one decided and adopted. From then on ``styrdok show --at`` and
every other reader of the version history (store/versions.in_force) find the new version
in force from that day, and the earlier one until then; a decided version whose day has
come without it entering into force makes ``show --at`` warn (:func:`in_force_warnings`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from styrdok.adoption.decision import current_decision
from styrdok.adoption.records import DecidedDocument, Decision
from styrdok.adoption.status import AdoptionStatus, DocumentAdoption, adoption_status
from styrdok.adoption.texts import body_digest
from styrdok.core.atomic import write_text
from styrdok.core.dates import now
from styrdok.core.errors import StyrdokError
from styrdok.core.templating import swedish_date
from styrdok.remiss.rounds import list_rounds
from styrdok.store.documents import DocumentRef, read_text
from styrdok.store.git import GitRepo
from styrdok.store.versions import Version, resolve
from styrdok.text.markdown import split_front_matter
from styrdok.text.model import KEY_DECISION, KEY_STATUS, KEY_VALID_FROM, KEY_VERSION

IN_FORCE = "gällande"


@dataclass(frozen=True)
class Enactment:
    """A document's state of entering into force."""

    document: DecidedDocument
    in_force: bool  # the decided text is committed as gällande
    valid_from: dt.date | None
    why: str  # why it has not entered into force, or "" when it has


def _head(repo: GitRepo, doc: DecidedDocument) -> Version:
    return resolve(DocumentRef(repo, doc.path), "HEAD")


def _enacted(repo: GitRepo, doc: DecidedDocument) -> bool:
    """Return True when HEAD has the decided text as gällande."""
    head = _head(repo, doc)
    if head.meta.status != IN_FORCE or head.sha is None:
        return False
    return body_digest(read_text(DocumentRef(repo, doc.path), head.sha, head.path)) == (
        doc.text_sha256
    )


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def enactment(repo: GitRepo, adoption: DocumentAdoption) -> Enactment:
    """Return whether a decided document is in force, or why not."""
    doc = adoption.document
    if _enacted(repo, doc):
        return Enactment(doc, True, doc.valid_from, "")
    waiting = adoption.waiting_for
    if waiting:
        names = [f"{m.member.name} ({m.state}{', ' + m.why if m.why else ''})" for m in waiting]
        return Enactment(
            doc, False, doc.valid_from, f"väntar på antagande av samma text: {_names(names)}"
        )
    if doc.valid_from is None:
        return Enactment(doc, False, None, f"versionen saknar '{KEY_VALID_FROM}'")
    return Enactment(doc, False, doc.valid_from, "alla har antagit; ikraftträdandet är inte sparat")


def _front_matter_lines(values: dict[str, object]) -> list[str]:
    import yaml

    out = []
    for key, value in values.items():
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1000)
        out.append(dumped.rstrip("\n"))
    return out


def with_front_matter(text: str, updates: dict[str, object]) -> str:
    """Return ``text`` with the top-level front matter keys in ``updates`` set (replaced
    in place, or added at the end), every other line as it was."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    pending = dict(updates)
    out = [lines[0]]
    for line in lines[1:end]:
        key = line.split(":", 1)[0]
        if not line.startswith((" ", "\t", "#", "-")) and ":" in line and key in pending:
            out += _front_matter_lines({key: pending.pop(key)})
        else:
            out.append(line)
    out += _front_matter_lines(pending)
    return "\n".join(out + lines[end:])


def _decision_text(decision: Decision, last: dt.date, members: bool) -> str:
    decided = f"{decision.body} {decision.date.isoformat()} {decision.paragraph}"
    if not members:
        return decided
    return (
        f"{decided}; antagen av fullmäktige i samtliga medlemskommuner, senast {last.isoformat()}"
    )


def _ready(repo: GitRepo, status: AdoptionStatus) -> list[tuple[DecidedDocument, dt.date]]:
    """Return the decided documents that may enter into force, with the day the last
    member adopted them: those every required member has adopted (documents the direktion
    alone adopts, at once), that have a 'gäller från' and are not yet gällande."""
    decision = status.decision
    found = [(a.document, a.last_adopted or decision.date) for a in status.documents if a.complete]
    found += [(d, decision.date) for d in decision.documents if not d.members_adopt]
    return [(d, day) for d, day in found if d.valid_from is not None and not _enacted(repo, d)]


def enact_ready(repo: GitRepo, round_id: str, today: dt.date) -> list[Enactment]:
    """Commit every decided document that may enter into force as gällande from its date,
    in one commit; return those enacted."""
    from styrdok.adoption.decision import AdoptionError

    with repo.locked():
        repo.ready_to_commit()  # no record is written that cannot be committed
        status = adoption_status(repo.root, round_id, today)
        ready = _ready(repo, status)
        if not ready:
            return []
        paths: list[Path] = []
        for doc, last in ready:
            path = repo.root / doc.path
            if repo.has_changes([path]):
                raise AdoptionError(f"{doc.path} har ändringar som inte är sparade (commit)")
            current = read_text(DocumentRef(repo, doc.path), None)
            if body_digest(current) != doc.text_sha256:
                raise AdoptionError(
                    f"{doc.path} har ändrats sedan direktionens beslut; ikraftträdandet "
                    "sparas först när texten är den beslutade"
                )
            assert doc.valid_from is not None
            values, _ = split_front_matter(current)
            updates: dict[str, object] = {
                KEY_STATUS: IN_FORCE,
                KEY_VERSION: f"{IN_FORCE} {doc.valid_from.year}",
                KEY_DECISION: _decision_text(status.decision, last, doc.members_adopt),
                KEY_VALID_FROM: doc.valid_from,
            }
            write_text(path, with_front_matter(current, updates))
            paths.append(path)
        titles = _names([d.title for d, _ in ready])
        days = sorted({d.valid_from for d, _ in ready if d.valid_from})
        repo.commit(
            paths,
            f"{titles} gäller från {swedish_date(days[0])} (remiss {round_id}, "
            f"{status.decision.body.lower()}s beslut {status.decision.paragraph})",
        )
    return [Enactment(d, True, d.valid_from, "") for d, _ in ready]


def overdue(repo: GitRepo, shown: Version, day: dt.date, today: dt.date) -> list[Enactment]:
    """Return the direktion's decisions on the document of ``shown`` (the version in force
    on ``day``) whose version was to apply from ``day`` or earlier, later than ``shown``,
    but has not entered into force (the state as of ``today``, with why)."""
    start = shown.meta.valid_from
    found = []
    for round_id in list_rounds(repo.root):
        decision = current_decision(repo.root, round_id)
        if decision is None:
            continue
        late = [
            d
            for d in decision.documents
            if d.path == shown.path
            and d.valid_from is not None
            and d.valid_from <= day
            and (start is None or start < d.valid_from)
        ]
        if not late:
            continue
        status = adoption_status(repo.root, round_id, today)
        by_name = {a.document.name: a for a in status.documents}
        for doc in late:
            adoption = by_name.get(doc.name)
            if adoption is not None:
                found.append(enactment(repo, adoption))
            elif not _enacted(repo, doc):
                why = "ikraftträdandet är inte sparat"
                found.append(Enactment(doc, False, doc.valid_from, why))
    return found


def in_force_warnings(repo: GitRepo, shown: Version, day: dt.date) -> list[str]:
    """Return, for ``styrdok show --at``, a warning for each decision on the document that
    was to apply by ``day`` but has not entered into force, saying why and that ``shown``
    (the version in force on ``day``) is shown instead."""
    try:
        late = overdue(repo, shown, day, now().date())
    except StyrdokError as exc:  # a broken record elsewhere does not hide the text
        return [f"kan inte se om ett beslut skulle ha gällt {swedish_date(day)}: {exc}"]
    return [
        f"{e.document.title} ({e.document.version}) skulle gälla från "
        f"{swedish_date(e.valid_from)} men har inte trätt i kraft; visar {shown.name}, "
        f"som gällde {swedish_date(day)}; {e.why}"
        for e in late
        if e.valid_from is not None and not e.in_force
    ]


def enactments(repo: GitRepo, status: AdoptionStatus) -> list[Enactment]:
    """Return each decided document's state of entering into force."""
    return [enactment(repo, d) for d in status.documents]
