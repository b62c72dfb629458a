"""The adoption of a decision as a plain-text table and as plain data for JSON."""

from __future__ import annotations

from typing import Any

from styrdok.adoption.enact import Enactment
from styrdok.adoption.records import Decision
from styrdok.adoption.signature import TRUST_NOTE
from styrdok.adoption.status import AdoptionStatus, MemberAdoption
from styrdok.adoption.stored import StoredExtract
from styrdok.core.templating import swedish_date

HEADERS = ("Medlem", "Status", "Datum", "Paragraf", "Version", "Anmärkning")


def _note(m: MemberAdoption) -> str:
    parts = [m.why] if m.why else []
    if m.scheduled and m.adoption is not None:
        parts.append(f"planerad {m.scheduled.isoformat()}")
    if m.late:
        parts.append("efter sista dag" if m.adoption and not m.state.holds_up else "försenad")
    if m.reminders:
        parts.append(f"påmind {', '.join(d.isoformat() for d in m.reminders)}")
    return "; ".join(parts)


def _row(m: MemberAdoption) -> tuple[str, ...]:
    a = m.adoption
    version = ""
    if m.adopted is not None:
        version = m.adopted.label or (m.adopted.commit or "")[:10]
    return (
        m.member.name,
        str(m.state),
        a.date.isoformat() if a else (m.scheduled.isoformat() if m.scheduled else "–"),
        a.paragraph if a else "–",
        version or "–",
        _note(m),
    )


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows]


def signature_lines(extract: StoredExtract) -> list[str]:
    """Return one line per signature in an extract, and the note on trust."""
    lines = []
    for s in extract.signatures:
        when = f" {s.signed_at.isoformat(timespec='minutes')}" if s.signed_at else ""
        lines.append(f"Elektroniskt undertecknat av {s.signer}{when}: {s.verdict}")
    if extract.signatures:
        lines.append(f"Obs: {TRUST_NOTE}.")
    if extract.signature_error:
        lines.append(f"Obs: {extract.signature_error}.")
    return lines


def decision_line(d: Decision) -> str:
    """Return the decision in running text: body, date, §, deadline."""
    deadline = f", sista dag för antagande {swedish_date(d.deadline)}" if d.deadline else ""
    body = d.body[:1].lower() + d.body[1:]
    return f"{body}s beslut {swedish_date(d.date)} {d.paragraph}{deadline}"


def status_text(
    status: AdoptionStatus, enactments: list[Enactment], in_force: dict[str, str]
) -> str:
    """Return the adoption as a heading, one table per document and its entering into force;
    ``in_force`` tells, per document name, which version is in force meanwhile."""
    d = status.decision
    lines = [
        f"Remiss {d.round_id}: {decision_line(d)} (läge per {status.today.isoformat()})",
        *signature_lines(d.extract),
    ]
    if not status.documents:
        lines += ["", "Inget av de beslutade dokumenten antas av medlemmarna."]
    for adoption, enacted in zip(status.documents, enactments, strict=True):
        doc = adoption.document
        lines += ["", f"{doc.title} – {doc.version} ({doc.commit[:10]})"]
        lines += _table([HEADERS, *(_row(m) for m in adoption.members)])
        if enacted.in_force and enacted.valid_from:
            lines.append(f"  Gäller från {swedish_date(enacted.valid_from)}.")
        else:
            meanwhile = in_force.get(doc.name)
            still = f" Gällande version är fortfarande {meanwhile}." if meanwhile else ""
            lines.append(f"  Har inte trätt i kraft: {enacted.why}.{still}")
    return "\n".join(lines) + "\n"


def to_data(status: AdoptionStatus, enactments: list[Enactment]) -> dict[str, Any]:
    """Return the adoption as plain data for JSON."""
    d = status.decision
    return {
        "omgång": d.round_id,
        "idag": status.today.isoformat(),
        "beslut": {
            "organ": d.body,
            "datum": d.date.isoformat(),
            "paragraf": d.paragraph,
            "sista_dag_för_antagande": d.deadline.isoformat() if d.deadline else None,
            "utdrag": {"fil": d.extract.file, "sha256": d.extract.sha256},
        },
        "dokument": [
            {
                "namn": a.document.name,
                "titel": a.document.title,
                "version": a.document.label,
                "commit": a.document.commit,
                "textens_sha256": a.document.text_sha256,
                "gäller_från": a.document.valid_from.isoformat() if a.document.valid_from else None,
                "i_kraft": e.in_force,
                "väntar_på": [m.member.id for m in a.waiting_for],
                "skäl": e.why,
                "medlemmar": [
                    {
                        "id": m.member.id,
                        "namn": m.member.name,
                        "status": m.state,
                        "datum": m.adoption.date.isoformat() if m.adoption else None,
                        "paragraf": m.adoption.paragraph if m.adoption else None,
                        "version": m.adopted.label if m.adopted else None,
                        "med_ändring": m.adopted.with_changes if m.adopted else False,
                        "planerad": m.scheduled.isoformat() if m.scheduled else None,
                        "sen": m.late,
                        "anmärkning": m.why,
                        "påminnelser": [r.isoformat() for r in m.reminders],
                    }
                    for m in a.members
                ],
            }
            for a, e in zip(status.documents, enactments, strict=True)
        ],
    }
