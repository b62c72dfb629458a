"""The remiss tasks behind ``remiss new``, ``status``, ``extend``, ``remind``, ``package``
and ``send``: each takes what the user asked for, with the repository's settings and
default folders, and returns what to tell them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from styrdok.core.dates import STOCKHOLM, now
from styrdok.core.outcome import Outcome, lines
from styrdok.core.plural import count
from styrdok.core.templating import swedish_date
from styrdok.remiss.actions import confirm_sent, extend, remind, send_round
from styrdok.remiss.calendar import deadlines_ics
from styrdok.remiss.correct import (
    Correction,
    RoundEdit,
    add_recipients,
    cancel_round,
    edit_round,
    remove_recipients,
)
from styrdok.remiss.create import NewRound, create_round
from styrdok.remiss.doctor import diagnose
from styrdok.remiss.letters import size_warning
from styrdok.remiss.package import build_packages
from styrdok.remiss.report import status_table
from styrdok.remiss.rounds import load_round
from styrdok.remiss.status import open_rounds, round_status, to_data
from styrdok.store.git import GitRepo
from styrdok.store.inputs import saved_note, unsaved_inputs
from styrdok.store.outputs import write_output
from styrdok.store.registry import Recipient
from styrdok.store.settings import load_settings

Progress = Callable[[int, int, str | None], None]
"""Told (done, total, recipient name) before the first package and after each one."""

OUTPUT_FOLDERS = ("paket", "utskick", "paminnelser")


def output_dir(repo: GitRepo, round_id: str, kind: str) -> Path:
    """Return the default folder for a round's packages (``paket``), e-mails
    (``utskick``) or reminders (``paminnelser``): ``out/remiss/ID/<kind>``."""
    if kind not in OUTPUT_FOLDERS:
        raise ValueError(f"unknown folder {kind!r}, expected one of {', '.join(OUTPUT_FOLDERS)}")
    return repo.root / "out" / "remiss" / round_id / kind


def start_round(repo: GitRepo, spec: NewRound) -> Outcome:
    """Create and commit the round ``spec`` describes, with the settings and the registry
    when they have changes that are not committed; warn about what looks wrong."""
    with repo.locked():
        inputs = unsaved_inputs(repo)
        created, warnings = create_round(repo, load_settings(repo.root), spec, inputs)
    note = saved_note(inputs, repo.root)
    text = (
        f"Skapade remiss {created.id}: {len(created.documents)} dokument, "
        f"{count(len(created.recipients), 'remissinstans', 'remissinstanser')}, "
        f"sista svarsdag {created.deadline_text}\n"
    )
    return Outcome(text=text, warnings=tuple(warnings), notes=(note,) if note else ())


def _corrected(done: Correction, root: Path, after: str = "") -> Outcome:
    r = done.round
    if not done.done:
        return Outcome(text=f"Inget ändrat i remiss {r.id}: värdena är redan desamma\n")
    text = f"Remiss {r.id}: {'; '.join(done.done)}{after}\n"
    saved = saved_note(done.saved, root)
    notes = (*done.notes, *([saved] if saved else []))
    return Outcome(text=text, warnings=done.warnings, notes=notes)


def correct_round(repo: GitRepo, round_id: str, edit: RoundEdit) -> Outcome:
    """Change a round's title, diarienummer, deadline or decision meeting."""
    return _corrected(edit_round(repo, load_settings(repo.root), round_id, edit), repo.root)


def add_to_round(repo: GitRepo, round_id: str, recipients: list[str], today: dt.date) -> Outcome:
    """Add remissinstanser from the registry to a round."""
    done = add_recipients(repo, round_id, recipients, today)
    return _corrected(done, repo.root, _now(done))


def remove_from_round(repo: GitRepo, round_id: str, recipients: list[str]) -> Outcome:
    """Take remissinstanser out of a round that has not been sent to them."""
    done = remove_recipients(repo, round_id, recipients)
    return _corrected(done, repo.root, _now(done))


def _now(done: Correction) -> str:
    return f" (nu {count(len(done.round.recipients), 'remissinstans', 'remissinstanser')})"


def cancel(repo: GitRepo, round_id: str) -> Outcome:
    """Cancel a round that has not been sent."""
    r = cancel_round(repo, round_id)
    return Outcome(
        text=f"Ställde in remiss {r.id} ({r.title}); id:t kan användas för en ny omgång\n"
    )


def status_report(
    repo: GitRepo,
    round_id: str | None,
    today: dt.date,
    *,
    as_json: bool = False,
    ics: Path | None = None,
    check: bool = False,
) -> Outcome:
    """Report where one round (None: every round waiting for answers) stands on
    ``today``, as a table or JSON; write the deadlines to the calendar file ``ics``;
    with ``check``, fail when a deadline has passed without an answer."""
    statuses = (
        [round_status(repo.root, round_id, today)] if round_id else open_rounds(repo.root, today)
    )
    notes: tuple[str, ...] = ()
    if ics is not None:
        write_output(ics, deadlines_ics(statuses, load_settings(repo.root).organisation.name))
        notes = (f"Skrev {ics}",)
    if as_json:
        text = json.dumps([to_data(s) for s in statuses], ensure_ascii=False, indent=2) + "\n"
    elif statuses:
        text = "\n".join(status_table(s) for s in statuses)
    else:
        text = "Inga remissomgångar väntar på svar.\n"
    overdue = [row.recipient.name for s in statuses for row in s.overdue]
    error = None
    if check and overdue:
        error = f"svarsdagen har passerat utan svar för {', '.join(overdue)}"
    return Outcome(text=text, notes=notes, error=error)


def extend_deadline(
    repo: GitRepo, round_id: str, recipient: str, to: dt.datetime, reason: str
) -> Outcome:
    """Give one recipient the later deadline ``to`` for ``reason``, and commit it."""
    done = extend(repo, round_id, recipient, to, reason, now())
    return Outcome(text=f"{done.name} har nu sista svarsdag {swedish_date(to.date())}\n")


def _delivered(prefix: str, recipient: Recipient, file: Path | None) -> str:
    where = f" → {file}" if file else " (skickad)"
    return f"{prefix} {recipient.name}{where}"


def send_reminders(
    repo: GitRepo, round_id: str, today: dt.date, out: Path | None = None, smtp: bool = False
) -> Outcome:
    """Remind the recipients that have not answered and whose deadline is near or past:
    .eml files in ``out`` (default ``out/remiss/ID/paminnelser``), or by SMTP."""
    folder = out or output_dir(repo, round_id, "paminnelser")
    done = remind(repo, load_settings(repo.root), round_id, today, folder, smtp=smtp)
    if not done:
        return Outcome(text="Ingen behöver påminnas i dag.\n")
    return Outcome(text=lines([_delivered("Påminnelse till", r.recipient, r.file) for r in done]))


def build_round_packages(
    repo: GitRepo,
    round_id: str,
    out: Path | None = None,
    only: str | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Build each recipient's package (or only one's) in ``out`` (default
    ``out/remiss/ID/paket``), telling ``progress`` as each one is done."""
    folder = out or output_dir(repo, round_id, "paket")
    total = 1 if only else len(load_round(repo.root, round_id).recipients)
    done = 0

    def each(recipient: Recipient) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, recipient.name)

    if progress is not None:
        progress(0, total, None)
    written = build_packages(repo, load_settings(repo.root), round_id, folder, only, each)
    return Outcome(text=f"Skrev {len(written)} paket i {folder}\n")


def send_round_packages(
    repo: GitRepo,
    round_id: str,
    today: dt.date | None = None,
    out: Path | None = None,
    only: str | None = None,
    smtp: bool = False,
) -> Outcome:
    """Send each recipient (or only one) its package by SMTP, or write the e-mails as
    .eml files in ``out`` (default ``out/remiss/ID/utskick``); the sending is recorded at
    9:00 on ``today``, or now when None."""
    at = dt.datetime.combine(today, dt.time(9, 0), STOCKHOLM) if today else now()
    folder = out or output_dir(repo, round_id, "utskick")
    settings = load_settings(repo.root)
    sent = send_round(repo, settings, round_id, at, folder, smtp=smtp, only=only)
    warnings = [size_warning(s.size, settings, s.recipient.name) for s in sent]
    return Outcome(
        text=lines([s.describe() for s in sent]), warnings=tuple(w for w in warnings if w)
    )


def confirm_sent_packages(
    repo: GitRepo, round_id: str, today: dt.date | None = None, only: str | None = None
) -> Outcome:
    """Record that staff sent the prepared .eml messages themselves, at 9:00 on ``today``
    (now when None), for every recipient with a prepared message or only ``only``."""
    at = dt.datetime.combine(today, dt.time(9, 0), STOCKHOLM) if today else now()
    done = confirm_sent(repo, round_id, at, only)
    return Outcome(text=lines([f"Registrerade utskicket till {r.name} som skickat" for r in done]))


def doctor_report(repo: GitRepo) -> Outcome:
    """Check the repository (mending what is safe to mend) and report what is wrong."""
    found = diagnose(repo)
    text = [f"Åtgärdat: {m}" for m in found.mended] + [f"Fel: {p}" for p in found.problems]
    if not found.ok:
        count = len(found.problems)
        return Outcome(text=lines(text), notes=(f"{count} fel hittades",), failed=True)
    return Outcome(text=lines(text), notes=("Inga fel i arkivet",))
