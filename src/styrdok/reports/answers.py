"""What came in: the registered answers and, per section, what each recipient said."""

from __future__ import annotations

from typing import Any

from styrdok.reports.compilation import Compilation


def answers_data(compilation: Compilation, recipient: str | None = None) -> dict[str, Any]:
    """Return the answers of a round (or of one recipient) as plain data for JSON."""
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
                    "rubrik": entry.title,
                    "synpunkter": [
                        {
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
            {"instans": g.recipient.id, "text": g.text, "källa": g.source, "fil": g.answer_file}
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
        lines.append(f"{section['dokument']} {section['avsnitt']} {section['rubrik']}")
        for o in section["synpunkter"]:
            parts = [o["ställningstagande"] or "", _one_line(o["kommentar"])]
            if o["förslag till lydelse"]:
                parts.append(f"förslag: ”{_one_line(o['förslag till lydelse'])}”")
            said = " – ".join(p for p in parts if p) or "(ingen text)"
            lines.append(f"  {names[o['instans']]} ({o['källa']}): {said}")
    if data["allmänt"]:
        lines += ["", "Allmänna synpunkter", ""]
        for g in data["allmänt"]:
            lines.append(f"  {names[g['instans']]} ({g['källa']}): {_one_line(g['text'])}")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.splitlines() if line.strip())
