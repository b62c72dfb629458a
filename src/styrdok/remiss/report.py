"""The status of remiss rounds as a plain-text table for the terminal."""

from __future__ import annotations

from styrdok.remiss.status import RecipientStatus, RoundStatus

HEADERS = (
    "Instans", "Skickad", "Svarsdag", "Dagar", "Arbetsdagar", "Status", "Svar inkom", "Påm.",
    "Registrerat av",
)  # fmt: skip


def _row(row: RecipientStatus) -> tuple[str, ...]:
    deadline = row.deadline.date().isoformat() + (" *" if row.extended else "")
    answered = row.first_answer.received.isoformat() if row.first_answer else "–"
    if len(row.answers) > 1:
        answered += f" (+{len(row.answers) - 1})"
    settled = row.state.answered
    return (
        row.recipient.name,
        row.sent.date().isoformat() if row.sent else "–",
        deadline,
        "–" if settled else str(row.days_left),
        "–" if settled else str(row.working_days_left),
        row.state,
        answered,
        str(len(row.reminders)) if row.reminders else "–",
        ", ".join(dict.fromkeys(a.registered_by or "okänd" for a in row.answers)) or "–",
    )


def status_table(status: RoundStatus) -> str:
    """Return one round's status as a heading, an aligned table and totals."""
    r = status.round
    dnr = f" ({', '.join(r.dnr)})" if r.dnr else ""
    lines = [
        f"Remiss {r.id}: {r.title}{dnr}",
        f"Skickad {r.sent.isoformat()} · sista svarsdag {r.deadline.date().isoformat()} · "
        f"läge per {status.today.isoformat()}",
    ]
    graces = dict.fromkeys(row.grace for row in status.rows if row.grace)
    lines += [f"{grace[:1].upper()}{grace[1:]}." for grace in graces]
    lines.append("")
    rows = [HEADERS, *(_row(row) for row in status.rows)]
    widths = [max(len(cells[i]) for cells in rows) for i in range(len(HEADERS))]
    numeric = {3, 4, 7}
    for cells in rows:
        padded = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        lines.append("  ".join(padded).rstrip())
    totals = status.totals()
    lines.append("")
    lines.append("Summa: " + ", ".join(state.counted(n) for state, n in totals.items()))
    extended = [row for row in status.rows if row.extended]
    if extended:
        lines.append(
            "* förlängd svarstid: "
            + "; ".join(f"{row.recipient.name} ({row.extension_reason})" for row in extended)
        )
    return "\n".join(lines) + "\n"
