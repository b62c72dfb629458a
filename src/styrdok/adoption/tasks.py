"""The adoption tasks behind ``styrdok adoption decide``, ``adopt``, ``schedule``,
``status``, ``remind`` and ``enact``: each takes what the user asked for and returns what
to tell them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from styrdok.adoption.calendar import adoption_ics
from styrdok.adoption.decision import DecisionSpec, record_decision
from styrdok.adoption.enact import Enactment, enact_ready, enactments
from styrdok.adoption.members import AdoptionSpec, record_adoption, schedule
from styrdok.adoption.remind import remind_members
from styrdok.adoption.report import decision_line, signature_lines, status_text, to_data
from styrdok.adoption.status import AdoptionState, AdoptionStatus, adoption_status
from styrdok.core.atomic import write_bytes
from styrdok.core.dates import now
from styrdok.core.errors import UnknownRevisionError
from styrdok.core.outcome import Outcome, lines
from styrdok.core.templating import swedish_date
from styrdok.store.documents import DocumentRef
from styrdok.store.git import GitRepo
from styrdok.store.settings import load_settings
from styrdok.store.versions import in_force


def _enacted_lines(done: list[Enactment]) -> list[str]:
    return [
        f"{e.document.title} ({e.document.version}) gäller från {swedish_date(e.valid_from)}: "
        "ikraftträdandet är sparat"
        for e in done
        if e.valid_from
    ]


def decide(repo: GitRepo, spec: DecisionSpec) -> Outcome:
    """Record and commit the direktion's decision; documents that no member has to adopt
    enter into force at once (their own commit)."""
    decision, warnings, duplicate = record_decision(repo, load_settings(repo.root), spec, now())
    if duplicate:
        line = decision_line(decision)
        return Outcome(
            text=f"{line[:1].upper()}{line[1:]} i remiss {decision.round_id} är redan "
            "registrerat med samma utdrag; inget ändrat\n"
        )
    out = [f"Registrerade {decision_line(decision)} i remiss {decision.round_id}:"]
    for d in decision.documents:
        who = "antas av varje medlem" if d.members_adopt else "antas av direktionen"
        start = f", gäller från {swedish_date(d.valid_from)}" if d.valid_from else ""
        out.append(f"  {d.title}: {d.version} ({d.commit[:10]}), {who}{start}")
    out += signature_lines(decision.extract)
    done = enact_ready(repo, decision.round_id, decision.date)
    return Outcome(text=lines(out + _enacted_lines(done)), warnings=tuple(warnings))


def adopt(repo: GitRepo, spec: AdoptionSpec) -> Outcome:
    """Record and commit a member's adoption; when it was the last one missing, the
    documents enter into force (their own commit)."""
    event, member, warnings = record_adoption(repo, load_settings(repo.root), spec, now())
    status = adoption_status(repo.root, spec.round_id, event.date)
    out = [f"Registrerade antagande i {member.name} {swedish_date(event.date)} {event.paragraph}:"]
    for adoption in status.documents:
        row = next((m for m in adoption.members if m.member.id == member.id), None)
        if row is None or row.adoption is None or row.adoption.file != event.file:
            continue
        doc = adoption.document
        if row.state == AdoptionState.ADOPTED:
            late = " (efter sista dag för antagande)" if row.late else ""
            out.append(f"  {doc.title}: samma text som direktionen beslutade{late}")
        else:
            warnings.append(
                f"{member.name} har antagit en annan text av {doc.title} än direktionen "
                f"beslutade ({row.why}); {doc.title} kan inte träda i kraft förrän "
                f"{member.name} antar {doc.version}"
            )
            out.append(f"  {doc.title}: annan text ({row.why})")
    out += signature_lines(event.extract) if event.extract else []
    done = enact_ready(repo, spec.round_id, event.date)
    return Outcome(text=lines(out + _enacted_lines(done)), warnings=tuple(warnings))


def plan(repo: GitRepo, round_id: str, member: str, day: dt.date, body: str | None) -> Outcome:
    """Record and commit the meeting at which a member is to adopt."""
    event, who = schedule(repo, load_settings(repo.root), round_id, member, day, body, now())
    return Outcome(
        text=f"{who.name}: antagande planerat i {event.body.lower()} {swedish_date(day)}\n"
    )


def _meanwhile(repo: GitRepo, status: AdoptionStatus) -> dict[str, str]:
    """Return, per document, the version in force on the status day, as text."""
    out = {}
    for adoption in status.documents:
        ref = DocumentRef(repo, adoption.document.path)
        try:
            version = in_force(ref, status.today)
        except UnknownRevisionError:
            continue
        since = (
            f" (från {swedish_date(version.meta.valid_from)})" if version.meta.valid_from else ""
        )
        out[adoption.document.name] = f"{version.name}{since}"
    return out


def status_report(
    repo: GitRepo, round_id: str, today: dt.date, *, as_json: bool = False,
    ics: Path | None = None, check: bool = False,
) -> Outcome:  # fmt: skip
    """Report where the adoption stands on ``today`` as a table or JSON; write the dates
    to the calendar file ``ics``; with ``check``, fail when the deadline has passed with
    members missing."""
    status = adoption_status(repo.root, round_id, today)
    states = enactments(repo, status)
    notes: tuple[str, ...] = ()
    if ics is not None:
        write_bytes(ics, adoption_ics(status, load_settings(repo.root).organisation.name))
        notes = (f"Skrev {ics}",)
    if as_json:
        text = json.dumps(to_data(status, states), ensure_ascii=False, indent=2) + "\n"
    else:
        text = status_text(status, states, _meanwhile(repo, status))
    error = None
    if check and status.overdue:
        names = ", ".join(m.name for m in status.overdue)
        error = f"sista dag för antagande har passerat utan antagande för {names}"
    return Outcome(text=text, notes=notes, error=error)


def remind(
    repo: GitRepo, round_id: str, today: dt.date, out: Path | None = None, smtp: bool = False
) -> Outcome:
    """Remind the members that have not adopted the identical text: .eml files in ``out``
    (default ``out/remiss/ID/antagande``), or by SMTP."""
    folder = out or repo.root / "out" / "remiss" / round_id / "antagande"
    settings = load_settings(repo.root)
    done = remind_members(repo, settings, round_id, today, folder, now(), smtp=smtp)
    if not done:
        return Outcome(text="Alla medlemmar har antagit samma text; ingen behöver påminnas.\n")
    return Outcome(
        text=lines(
            [
                f"Påminnelse till {r.member.name}" + (f" → {r.file}" if r.file else " (skickad)")
                for r in done
            ]
        )
    )


def enact(repo: GitRepo, round_id: str, today: dt.date) -> Outcome:
    """Commit the documents that every required member has adopted as gällande; say why
    the others have not entered into force."""
    done = enact_ready(repo, round_id, today)
    status = adoption_status(repo.root, round_id, today)
    waiting = [
        f"{e.document.title}: har inte trätt i kraft: {e.why}"
        for e in enactments(repo, status)
        if not e.in_force
    ]
    text = lines(_enacted_lines(done) + waiting)
    if not text:
        text = "Inget nytt att sätta i kraft; de beslutade dokumenten är redan gällande.\n"
    return Outcome(text=text)
