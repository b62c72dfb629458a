"""Correcting a remiss round after it was created: its title, diarienummer, deadline and
decision meeting, adding and removing remissinstanser, and cancelling a round that has
not been sent. Each correction is one commit; each is refused, with one line saying why,
once it no longer makes sense: what has been sent stays as it was sent, an instans that
has answered stays, and nothing changes after the direktion's decision is registered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from styrdok.core.errors import StyrdokError
from styrdok.core.plural import count
from styrdok.core.templating import swedish_date
from styrdok.core.validate import line
from styrdok.remiss.create import deadline_warnings, unknown_recipients
from styrdok.remiss.log import EventKind, log_dir, log_path, read_log
from styrdok.remiss.register import registered
from styrdok.remiss.rounds import (
    DECISION_DIR,
    Round,
    RoundError,
    load_round,
    recipient_dir,
    round_dir,
    round_file,
)
from styrdok.store.git import GitRepo
from styrdok.store.inputs import unsaved_inputs
from styrdok.store.journal import commit_files
from styrdok.store.registry import Recipient, load_recipients
from styrdok.store.settings import Settings

NAMED = 3  # recipients named in a refusal; more are counted


@dataclass(frozen=True)
class RoundEdit:
    """What to change in a round; None leaves a value as it is."""

    title: str | None = None
    dnr: str | None = None
    deadline: dt.datetime | None = None
    decision_date: dt.date | None = None
    decision_body: str | None = None


@dataclass(frozen=True)
class Correction:
    """A correction made: the round as it now is, what changed (Swedish phrases, empty
    when nothing had to), and what to look at."""

    round: Round
    done: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    saved: tuple[Path, ...] = ()  # settings or registry committed with the correction


def _names(root: Path) -> dict[str, str]:
    try:
        return {rid: rec.name for rid, rec in load_recipients(root).items()}
    except StyrdokError:  # the registry is broken: messages name the ids instead
        return {}


def sent_to(root: Path, r: Round) -> dict[str, dt.datetime]:
    """Return when the round was first sent to each recipient it was sent to (prepared
    .eml drafts do not count), by recipient id."""
    out: dict[str, dt.datetime] = {}
    for rid in r.recipients:
        first = next((e.at for e in read_log(root, r.id, rid) if e.kind == EventKind.SENT), None)
        if first is not None:
            out[rid] = first
    return out


def _who(ids: Sequence[str], names: dict[str, str]) -> str:
    """Return up to three recipients by name, or how many they are."""
    if len(ids) > NAMED:
        return count(len(ids), "remissinstans", "remissinstanser")
    shown = [names.get(rid, rid) for rid in ids]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} och {shown[-1]}"


def decided(root: Path, r: Round) -> bool:
    """Return True when the direktion's decision on the round is registered."""
    folder = round_dir(root, r.id) / DECISION_DIR
    return folder.is_dir() and any(p.is_file() for p in folder.rglob("*"))


def _prepared(root: Path, r: Round) -> bool:
    return any(
        e.kind == EventKind.PREPARED for rid in r.recipients for e in read_log(root, r.id, rid)
    )


def _refuse_when_sent(root: Path, r: Round, what: str, hint: str = "") -> None:
    sent = sent_to(root, r)
    if sent:
        raise RoundError(
            f"{what} kan inte ändras: remiss {r.id} har redan skickats till "
            f"{_who(list(sent), _names(root))}{hint}"
        )


def edit_round(repo: GitRepo, settings: Settings, round_id: str, edit: RoundEdit) -> Correction:
    """Change a round's title, diarienummer, deadline or decision meeting and commit it.

    Title, diarienummer and deadline stand in what is sent, so they are refused once the
    round has been sent to anyone (a later deadline for one recipient is ``extend``); the
    decision meeting is refused once the decision is registered."""
    with repo.locked():
        r = load_round(repo.root, round_id)
        new = r
        done: list[str] = []
        if edit.title is not None and edit.title.strip() != r.title:
            title = line(edit.title.strip(), "remissens rubrik (--title)")
            _refuse_when_sent(repo.root, r, "rubriken")
            new, done = replace(new, title=title), [*done, f"rubriken är nu ”{title}”"]
        if edit.dnr is not None and (edit.dnr.strip(),) != r.dnr:
            dnr = line(edit.dnr.strip(), "diarienummer (--diarienummer)")
            _refuse_when_sent(repo.root, r, "diarienumret")
            new, done = replace(new, dnr=(dnr,)), [*done, f"diarienumret är nu {dnr}"]
        warnings: list[str] = []
        if edit.deadline is not None and edit.deadline != r.deadline:
            hint = f"; ge en instans längre tid med styrdok remiss extend {r.id} INSTANS"
            _refuse_when_sent(repo.root, r, "sista svarsdag", hint)
            if edit.deadline.date() <= r.sent:
                raise RoundError(
                    f"sista svarsdag {edit.deadline.date().isoformat()} måste ligga efter "
                    f"utskicksdagen {r.sent.isoformat()}"
                )
            new = replace(new, deadline=edit.deadline)
            done.append(f"sista svarsdag är nu {new.deadline_text}")
            registry = load_recipients(repo.root)
            chosen = [registry[rid] for rid in r.recipients if rid in registry]
            warnings += deadline_warnings(settings, new, chosen)
        body = edit.decision_body.strip() if edit.decision_body is not None else None
        if (edit.decision_date is not None and edit.decision_date != r.decision_date) or (
            body is not None and body != r.decision_body
        ):
            if decided(repo.root, r):
                raise RoundError(
                    f"beslutet kan inte ändras: direktionens beslut i remiss {r.id} är redan "
                    "registrerat"
                )
            if body is not None and body != r.decision_body:
                body = line(body, "beslutande organ (--decision-body)")
                new, done = replace(new, decision_body=body), [*done, f"beslutar nu: {body}"]
            if edit.decision_date is not None and edit.decision_date != r.decision_date:
                new = replace(new, decision_date=edit.decision_date)
                done.append(f"beslutssammanträdet är nu {swedish_date(edit.decision_date)}")
        if new.decision_date is not None and new.decision_date <= new.deadline.date():
            warnings.append(
                f"beslutssammanträdet {swedish_date(new.decision_date)} ligger inte efter sista "
                f"svarsdag {new.deadline_text}"
            )
        if not done:
            return Correction(r, ())
        if _prepared(repo.root, r):
            warnings.append(
                "utkasten som styrdok remiss send redan har skrivit har kvar det gamla; skriv "
                f"dem igen med styrdok remiss send {r.id}"
            )
        path, data = round_file(repo.root, new)
        commit_files(repo, {path: data}, f"Remiss {r.id}: " + "; ".join(done))
    return Correction(new, tuple(done), tuple(warnings))


def add_recipients(repo: GitRepo, round_id: str, ids: Sequence[str], today: dt.date) -> Correction:
    """Add remissinstanser from the registry to a round and commit it (with the registry,
    when it has changes that are not committed)."""
    with repo.locked():
        r = load_round(repo.root, round_id)
        registry = load_recipients(repo.root)
        wanted = list(dict.fromkeys(ids))
        unknown = [rid for rid in wanted if rid not in registry]
        if unknown:
            raise RoundError(unknown_recipients(unknown, registry))
        names = {rid: rec.name for rid, rec in registry.items()}
        there = [rid for rid in wanted if rid in r.recipients]
        if there:
            verb = "är redan remissinstans" if len(there) == 1 else "är redan remissinstanser"
            raise RoundError(f"{_who(there, names)} {verb} i remiss {r.id}")
        if decided(repo.root, r):
            raise RoundError(
                f"remissinstanser kan inte läggas till: direktionens beslut i remiss {r.id} är "
                "redan registrerat"
            )
        added = [registry[rid] for rid in wanted]
        new = replace(r, recipients=(*r.recipients, *wanted))
        warnings, notes = _adding_advice(repo.root, r, added, today)
        inputs = unsaved_inputs(repo)
        path, data = round_file(repo.root, new)
        what = "tillagd som remissinstans" if len(added) == 1 else "tillagda som remissinstanser"
        done = f"{_who(wanted, names)} {what}"
        commit_files(repo, {**inputs, path: data}, f"Remiss {r.id}: {done}")
    return Correction(new, (done,), tuple(warnings), tuple(notes), tuple(inputs))


def _adding_advice(
    root: Path, r: Round, added: Sequence[Recipient], today: dt.date
) -> tuple[list[str], list[str]]:
    warnings, notes = [], []
    for rec in added:
        if rec.member_until is not None and rec.member_until < r.sent:
            warnings.append(
                f"{rec.name}s medlemskap upphörde {swedish_date(rec.member_until)}, före utskicket"
            )
    if today > r.deadline.date():
        warnings.append(
            f"sista svarsdag {r.deadline_text} har redan passerat; ge en senare svarsdag med "
            f"styrdok remiss extend {r.id} INSTANS"
        )
    if sent_to(root, r):
        for rec in added:
            notes.append(
                f"Skicka remissen till {rec.name} med: styrdok remiss send {r.id} --only {rec.id}"
            )
    return warnings, notes


def _log_files(repo: GitRepo, r: Round, rid: str) -> list[str]:
    """Return the tracked files of a recipient's log: the old one file and each event's."""
    log = log_path(repo.root, r.id, rid).relative_to(repo.root).as_posix()
    events = log_dir(repo.root, r.id, rid).relative_to(repo.root).as_posix() + "/"
    folder = recipient_dir(repo.root, r.id, rid).relative_to(repo.root).as_posix()
    return [p for p in repo.tracked(folder) if p == log or p.startswith(events)]


def _kept_files(repo: GitRepo, r: Round, rid: str) -> list[str]:
    """Return the tracked files of a recipient's folder other than its log."""
    folder = recipient_dir(repo.root, r.id, rid).relative_to(repo.root).as_posix()
    logs = set(_log_files(repo, r, rid))
    return [p for p in repo.tracked(folder) if p not in logs]


def remove_recipients(repo: GitRepo, round_id: str, ids: Sequence[str]) -> Correction:
    """Take remissinstanser out of a round that has not been sent to them and from which
    no answer has been registered, and commit it."""
    with repo.locked():
        r = load_round(repo.root, round_id)
        names = _names(repo.root)
        wanted = list(dict.fromkeys(ids))
        missing = [rid for rid in wanted if rid not in r.recipients]
        if missing:
            raise RoundError(
                f"{', '.join(missing)} är inte remissinstans i {r.id} "
                f"(instanser: {', '.join(r.recipients)})"
            )
        sent = sent_to(repo.root, r)
        files: dict[Path, bytes | None] = {}
        for rid in wanted:
            name = names.get(rid, rid)
            answers = registered(repo.root, r.id, rid)
            if answers:
                raise RoundError(
                    f"{name} kan inte tas bort ur remiss {r.id}: svaret som kom in "
                    f"{swedish_date(answers[0].received)} är registrerat"
                )
            if rid in sent:
                raise RoundError(
                    f"{name} kan inte tas bort ur remiss {r.id}: remissen skickades dit "
                    f"{swedish_date(sent[rid].date())}"
                )
            kept = _kept_files(repo, r, rid)
            if kept:
                raise RoundError(
                    f"{name} kan inte tas bort ur remiss {r.id}: {kept[0]} är registrerad"
                )
            for logged in _log_files(repo, r, rid):
                files[repo.root / logged] = None  # only drafts were written for it
        left = tuple(rid for rid in r.recipients if rid not in wanted)
        if not left:
            raise RoundError(
                f"remiss {r.id} behöver minst en remissinstans; ställ in omgången med "
                f"styrdok remiss cancel {r.id}"
            )
        new = replace(r, recipients=left)
        path, data = round_file(repo.root, new)
        what = "struken som remissinstans" if len(wanted) == 1 else "strukna som remissinstanser"
        done = f"{_who(wanted, names)} {what}"
        commit_files(repo, {path: data, **files}, f"Remiss {r.id}: {done}")
        for rid in wanted:
            _prune(recipient_dir(repo.root, r.id, rid))
    return Correction(new, (done,))


def cancel_round(repo: GitRepo, round_id: str) -> Round:
    """Remove a round that has not been sent to anyone, from which no answer has been
    registered, and commit that; return the round as it was. Git keeps its history, and
    its id may be used again."""
    with repo.locked():
        r = load_round(repo.root, round_id)
        names = _names(repo.root)
        sent = sent_to(repo.root, r)
        if sent:
            raise RoundError(
                f"remiss {r.id} kan inte ställas in: den har redan skickats till "
                f"{_who(list(sent), names)}"
            )
        answered = [rid for rid in r.recipients if registered(repo.root, r.id, rid)]
        if answered:
            raise RoundError(
                f"remiss {r.id} kan inte ställas in: svar från {_who(answered, names)} är "
                "registrerade"
            )
        if decided(repo.root, r):
            raise RoundError(
                f"remiss {r.id} kan inte ställas in: direktionens beslut är registrerat"
            )
        folder = round_dir(repo.root, r.id).relative_to(repo.root).as_posix()
        files: dict[Path, bytes | None] = {repo.root / p: None for p in repo.tracked(folder)}
        commit_files(
            repo, files, f"Remiss {r.id}: omgången inställd innan den skickades ({r.title})"
        )
        _prune(round_dir(repo.root, r.id))
    return r


def _prune(folder: Path) -> None:
    """Remove ``folder`` and the folders below it that are left empty (git keeps no
    folders); a file someone put there keeps it, and its parents, in place."""
    if not folder.is_dir() or folder.is_symlink():
        return
    for below in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not below.is_symlink() and not any(below.iterdir()):
            below.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()
