"""The introduction of the remissammanställning: the round, who answered when (with the
decision behind each answer, as the form gives it) and who did not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from styrdok.core.dates import grace_note
from styrdok.core.plural import count
from styrdok.core.templating import swedish_date
from styrdok.remiss.status import RecipientStatus
from styrdok.reports.compilation import NO_ANSWER, Compilation
from styrdok.store.settings import Settings

LATE = "inkom efter svarsdagen"
IN_TIME_AFTER_HOLIDAY = "i tid: svarsdagen var en helgdag (lag 1930:173)"
NOT_YET = "inget svar ännu"


def join_sv(items: Sequence[str]) -> str:
    """Return items as Swedish running text: ``A, B och C``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} och {items[-1]}"


def without_dnr_prefix(dnr: str) -> str:
    """Return a diarienummer without a leading ``Dnr``: ``Dnr 2024/8`` → ``2024/8``."""
    text = dnr.strip()
    return text[3:].strip() if text.casefold().startswith("dnr") else text


@dataclass(frozen=True)
class RecipientLine:
    """One recipient in the introduction: sent, deadline, answers and a note."""

    name: str
    sent: str  # ISO date or "–"
    deadline: str  # ISO date, the extended one where there is one
    received: tuple[str, ...]  # ISO dates of the answers
    late: bool
    note: str  # inkom efter svarsdagen, förlängd till …, inget svar, …
    decision: str = ""  # from the form: "Kommunstyrelsen 2024-04-22 § 57, dnr KS 2024/31"


def _extension(deadline: dt.datetime, reason: str | None) -> str:
    text = f"förlängd till {swedish_date(deadline.date())}"
    return f"{text}: {reason}" if reason else text


def decision(compilation: Compilation, row: RecipientStatus) -> str:
    """Return the decision behind a recipient's answer and their diarienummer, as the
    form gives them: ``Kommunstyrelsen 2024-04-22 § 57, dnr KS 2024/31``."""
    for answer in row.answers:
        decision = compilation.particular(row.recipient.id, answer.file, "beslut")
        dnr = compilation.particular(row.recipient.id, answer.file, "diarienummer")
        if decision or dnr:
            return ", ".join(
                x for x in (decision, f"dnr {without_dnr_prefix(dnr)}" if dnr else "") if x
            )
    return ""


def recipient_line(row: RecipientStatus, decision: str = "") -> RecipientLine:
    deadline = row.deadline.date()
    late = any(a.received > row.in_time_until for a in row.answers)
    notes = [LATE] if late else []
    if not late and any(a.received > deadline for a in row.answers):
        notes.append(IN_TIME_AFTER_HOLIDAY)
    if row.extended:
        notes.append(_extension(row.deadline, row.extension_reason))
    if not row.answers:
        notes.append(NO_ANSWER if row.state == "försenad" else NOT_YET)
    until = row.recipient.member_until
    if until is not None:
        notes.append(f"medlemskapet upphörde {swedish_date(until)}")
    return RecipientLine(
        name=row.recipient.name,
        sent=row.sent.date().isoformat() if row.sent else "–",
        deadline=deadline.isoformat(),
        received=tuple(a.received.isoformat() for a in row.answers),
        late=late,
        note="; ".join(notes),
        decision=decision,
    )


def round_text(compilation: Compilation, settings: Settings) -> list[str]:
    r = compilation.round
    rows = compilation.rows
    out = [
        f"{settings.organisation.name} skickade remissen ”{r.title}” den "
        f"{swedish_date(r.sent)} till {count(len(rows), 'remissinstans', 'remissinstanser')} "
        "med sista svarsdag den "
        f"{r.deadline_text}. Remissinstanser: {join_sv([row.recipient.name for row in rows])}."
    ]
    if r.dnr:
        out.append(f"Diarienummer: {', '.join(r.dnr)}.")
    docs = [f"{d.title}{f' ({d.dnr})' if d.dnr else ''}" for d in r.documents]
    out.append(f"Remitterade dokument: {join_sv(docs)}.")
    extended = [
        f"{row.recipient.name} ({_extension(row.deadline, row.extension_reason)})"
        for row in rows
        if row.extended
    ]
    if extended:
        out.append(f"Förlängd svarstid: {join_sv(extended)}.")
    grace = grace_note(r.deadline.date())
    if grace:
        out.append(f"{grace[:1].upper()}{grace[1:]}.")
    if r.decision_body or r.decision_date:
        when = f" den {swedish_date(r.decision_date)}" if r.decision_date else ""
        out.append(f"{r.decision_body or 'Förbundet'} ska fatta beslut i ärendet{when}.")
    return out


def answers_text(compilation: Compilation) -> list[str]:
    rows = compilation.rows
    answered = compilation.answered()
    out = [f"{len(answered)} av {count(len(rows), 'remissinstans', 'remissinstanser')} har svarat."]
    if answered:
        parts = []
        for row in answered:
            first = row.answers[0].received
            late = f", {LATE}" if first > row.in_time_until else ""
            parts.append(f"{row.recipient.name} ({swedish_date(first)}{late})")
        out.append(f"Svar har kommit från {join_sv(parts)}.")
    missing = [row.recipient.name for row in compilation.missing()]
    if missing:
        out.append(f"Inget svar har kommit från {join_sv(missing)}.")
    return out
