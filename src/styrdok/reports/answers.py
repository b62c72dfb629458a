"""What came in: the registered answers and, per section, what each recipient said."""

from __future__ import annotations

from typing import Any

from styrdok.remiss.form import row_status
from styrdok.reports.compilation import Compilation, GeneralEntry, Opinion


def view_id(compilation: Compilation, view: Opinion | GeneralEntry) -> str:
    """Return how ``remiss place`` names a view: its answer's number among the recipient's
    answers, and its own number in that answer (``1.3``)."""
    for row in compilation.rows:
        if row.recipient.id == view.recipient.id:
            files = [a.file for a in row.answers]
            number = files.index(view.answer_file) + 1 if view.answer_file in files else 0
            return f"{number}.{view.view}"
    return f"0.{view.view}"


def answers_data(compilation: Compilation, recipient: str | None = None) -> dict[str, Any]:
    """Return the answers of a round (or of one recipient) as plain data for JSON; each
    section by its key (``nyckel``), its citation and heading."""
    rows = [r for r in compilation.rows if recipient is None or r.recipient.id == recipient]
    chosen = {r.recipient.id for r in rows}
    sections = []
    for document in compilation.documents:
        for entry in document.sections:
            opinions = [o for o in entry.opinions if o.recipient.id in chosen]
            if not opinions:
                continue
            sections.append(
                {
                    "dokument": document.document.name,
                    "avsnitt": entry.ref,
                    "nyckel": entry.key,
                    "rubrik": entry.title,
                    "ändring": row_status(entry.change),
                    "synpunkter": [
                        {
                            "synpunkt": view_id(compilation, o),
                            "instans": o.recipient.id,
                            "ställningstagande": o.stance,
                            "kommentar": o.comment,
                            "förslag till lydelse": o.proposal,
                            "källa": o.source,
                            "fil": o.answer_file,
                        }
                        for o in opinions
                    ],
                }
            )
    return {
        "omgång": compilation.round.id,
        "instanser": [
            {
                "id": r.recipient.id,
                "namn": r.recipient.name,
                "status": r.state,
                "svar": [
                    {
                        "fil": a.file,
                        "originalnamn": a.original_name,
                        "inkom": a.received.isoformat(),
                        "sha256": a.sha256,
                        "sent": a.late,
                        "komplettering": a.supplement,
                        "typ": a.kind or "",
                        "registrerad av": a.registered_by,
                    }
                    for a in r.answers
                ],
            }
            for r in rows
        ],
        "avsnitt": sections,
        "allmänt": [
            {
                "synpunkt": view_id(compilation, g),
                "instans": g.recipient.id,
                "text": g.text,
                "källa": g.source,
                "fil": g.answer_file,
            }
            for g in compilation.general
            if g.recipient.id in chosen
        ],
    }


def answers_text(compilation: Compilation, recipient: str | None = None) -> str:
    """Return the answers of a round (or of one recipient) as text for the terminal."""
    data = answers_data(compilation, recipient)
    names = {r.recipient.id: r.recipient.name for r in compilation.rows}
    lines = [f"Remiss {compilation.round.id}: inkomna svar", ""]
    for item in data["instanser"]:
        lines.append(f"{item['namn']} – {item['status']}")
        for a in item["svar"]:
            marks = [
                m for m, on in (("sent", a["sent"]), ("komplettering", a["komplettering"])) if on
            ]
            extra = f" ({', '.join(marks)})" if marks else ""
            digest = a["sha256"][:12]
            name = a["originalnamn"]
            by = f"  registrerat av {a['registrerad av']}" if a["registrerad av"] else ""
            lines.append(f"  {a['inkom']}  {name}  [{a['typ']}]  sha256 {digest}{extra}{by}")
    lines += ["", "Synpunkter per avsnitt", ""]
    if not data["avsnitt"]:
        lines.append("  (inga)")
    for section in data["avsnitt"]:
        change = f" – {section['ändring']}" if section["ändring"] else ""
        lines.append(f"{section['dokument']} {section['avsnitt']} {section['rubrik']}{change}")
        for o in section["synpunkter"]:
            parts = [o["ställningstagande"] or "", _one_line(o["kommentar"])]
            if o["förslag till lydelse"]:
                parts.append(f"förslag: ”{_one_line(o['förslag till lydelse'])}”")
            said = " – ".join(p for p in parts if p) or "(ingen text)"
            lines.append(
                f"  {names[o['instans']]} ({o['källa']}): {said} [synpunkt {o['synpunkt']}]"
            )
    if data["allmänt"]:
        lines += ["", "Allmänna synpunkter", ""]
        for g in data["allmänt"]:
            said = _one_line(g["text"])
            lines.append(
                f"  {names[g['instans']]} ({g['källa']}): {said} [synpunkt {g['synpunkt']}]"
            )
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.splitlines() if line.strip())
