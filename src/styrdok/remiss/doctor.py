"""``styrdok doctor``: check a governance repository and say what is wrong and how to mend it.

First what can be mended safely is mended: an interrupted write is completed or undone
(styrdok.store.journal) and a lock note left by a stopped run is cleared. Then, without
changing anything: styrdok's files that are changed but not committed, staged or not
tracked; every record that cannot be read; every registered answer against its SHA-256;
records that cite files or commits that do not exist; files in an answer folder that no
record lists.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from styrdok.core.errors import StyrdokError
from styrdok.core.yamlfile import read_mapping
from styrdok.remiss.log import read_log
from styrdok.remiss.register import ANSWERS_DIR, corrections_path, registered
from styrdok.remiss.rounds import (
    RECIPIENTS_DIR,
    REMISS_DIR,
    ROUND_FILE,
    check_pinned,
    load_round,
    round_dir,
)
from styrdok.store.documents import list_documents, load_document
from styrdok.store.git import GitRepo
from styrdok.store.journal import JournalError, take_notices
from styrdok.store.lock import clear_stale, lock_state
from styrdok.store.registry import REGISTRY, load_recipients
from styrdok.store.settings import SETTINGS_FILE, load_settings

_COMMIT = "spara ändringen med git add och git commit, eller ångra den med git restore"


@dataclass(frozen=True)
class Finding:
    """One thing wrong: what, and how to mend it."""

    what: str
    mend: str

    def __str__(self) -> str:
        return f"{self.what} – {self.mend}"


@dataclass
class Report:
    """What ``doctor`` mended and what is still wrong."""

    mended: list[str] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return True when nothing is wrong (after what was mended)."""
        return not self.problems

    def add(self, what: str, mend: str) -> None:
        self.problems.append(Finding(what, mend))


def _lock_and_journal(repo: GitRepo, report: Report) -> bool:
    """Mend the lock note and an interrupted write; return False when another run holds
    the lock, so that nothing may be mended now."""
    state = lock_state(repo.git_dir)
    lock = (repo.git_dir / "styrdok.lock").as_posix()
    if state.held:
        if state.holder_alive:
            report.add(
                f"en annan styrdok-körning (process {state.pid}) ändrar arkivet just nu",
                "kör styrdok doctor igen när den är klar",
            )
        else:
            who = f"process {state.pid}, som" if state.pid else "en process som"
            report.add(
                f"låset {lock} hålls av {who} inte längre är en styrdok-körning",
                "avsluta processen som har filen öppen (fuser -v " + lock + ")",
            )
        return False
    if state.pid is not None and clear_stale(repo.git_dir):
        report.mended.append(
            f"en styrdok-körning (process {state.pid}) avbröts medan den höll låset; "
            "låset är fritt igen"
        )
    try:
        with repo.locked():  # takes the lock and completes or undoes an interrupted write
            pass
    except JournalError as exc:
        report.add(str(exc), "granska filerna den nämner och ta sedan bort journalen")
        return False
    return True


def _working_tree(repo: GitRepo, report: Report) -> None:
    if repo.merge_in_progress:
        files = ", ".join(repo.conflicts()) or "filerna"
        report.add(
            f"en sammanslagning med servern väntar på att konflikten i {files} löses",
            "behåll det som ska gälla, ta bort markeringarna <<<<<<< och >>>>>>> och kör "
            "styrdok sync",
        )
    index_lock = repo.git_dir / "index.lock"
    if index_lock.exists():
        report.add(
            f"git-låset {index_lock} finns kvar, så git kan inte spara något",
            "kontrollera att inget git-program körs och ta sedan bort filen",
        )
    for code, path in repo.status([REMISS_DIR, SETTINGS_FILE]):
        if code == "??":
            report.add(
                f"{path} finns men är inte sparad i git",
                "spara den med git add och git commit, eller ta bort den",
            )
        elif code[0] not in " ?" and code[1] == " ":
            report.add(f"{path} är köad (staged) men inte sparad", "spara med git commit")
        else:
            report.add(f"{path} är ändrad men inte sparad", _COMMIT)


def _records(repo: GitRepo, report: Report) -> set[str]:
    try:
        load_settings(repo.root)
    except StyrdokError as exc:
        report.add(str(exc), f"rätta {SETTINGS_FILE}")
    registry: set[str] = set()
    if (repo.root / REGISTRY).exists():
        try:
            registry = set(load_recipients(repo.root))
        except StyrdokError as exc:
            report.add(str(exc), f"rätta {REGISTRY.as_posix()}")
    for ref in list_documents(repo):
        try:
            load_document(ref, None)
        except StyrdokError as exc:
            report.add(f"{ref.path}: {exc}", "rätta dokumentet")
    return registry


def _digest(path: Path) -> str | None:
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None


def _answers(repo: GitRepo, round_id: str, rid: str, report: Report) -> None:
    root = repo.root
    folder = round_dir(root, round_id) / RECIPIENTS_DIR / rid
    name = folder.relative_to(root).as_posix()
    try:
        answers = registered(root, round_id, rid)
        read_log(root, round_id, rid)
    except StyrdokError as exc:
        report.add(str(exc), "återställ filen ur git (git restore) eller rätta den")
        return
    listed = set()
    seen: dict[str, str] = {}
    for answer in answers:
        listed.add(answer.file)
        path = folder / answer.file
        if answer.sha256 in seen:
            report.add(
                f"{name}/{answer.file} är samma fil som {seen[answer.sha256]} "
                "(registrerad två gånger)",
                f"ta bort den ena posten ur {name}/{answer.entry} och filen, och spara",
            )
        seen[answer.sha256] = answer.file
        digest = _digest(path)
        if digest is None:
            report.add(
                f"{name}/{answer.entry} nämner {answer.file}, som saknas",
                f"återställ filen ur git (git restore {name}/{answer.file})",
            )
        elif digest != answer.sha256:
            report.add(
                f"{name}/{answer.file} har inte den SHA-256 som registret anger; filen har ändrats",
                f"återställ originalet ur git (git restore {name}/{answer.file})",
            )
        if answer.record:
            listed.add(answer.record)
            corrections = corrections_path(folder / answer.record)
            if corrections.is_file():
                listed.add(f"{ANSWERS_DIR}/{corrections.name}")
            try:
                read_mapping(folder / answer.record, root)
            except StyrdokError as exc:
                report.add(str(exc), f"återställ filen ur git (git restore {name}/{answer.record})")
    stored = folder / ANSWERS_DIR
    if stored.is_dir():
        for path in sorted(stored.iterdir()):
            relative = f"{ANSWERS_DIR}/{path.name}"
            if relative not in listed and not path.name.startswith("."):
                report.add(
                    f"{name}/{relative} ligger bland svaren men är inte registrerad",
                    "registrera den med styrdok remiss receive, eller ta bort den",
                )


def _rounds(repo: GitRepo, registry: set[str], report: Report) -> None:
    base = repo.root / REMISS_DIR
    folders = sorted(p.parent for p in base.glob(f"*/{ROUND_FILE}")) if base.is_dir() else []
    for folder in folders:
        try:
            r = load_round(repo.root, folder.name)
            check_pinned(repo, r)
        except StyrdokError as exc:
            report.add(str(exc), "återställ omgångens fil ur git eller rätta den")
            continue
        missing = [rid for rid in r.recipients if rid not in registry]
        if missing:
            report.add(
                f"remiss {r.id}: {', '.join(missing)} finns inte i {REGISTRY.as_posix()}",
                "lägg tillbaka instansen i registret",
            )
        recipients = folder / RECIPIENTS_DIR
        present = sorted(p.name for p in recipients.iterdir()) if recipients.is_dir() else []
        for rid in dict.fromkeys([*r.recipients, *present]):
            if rid not in r.recipients:
                report.add(
                    f"{(recipients / rid).relative_to(repo.root).as_posix()} hör inte till "
                    f"remiss {r.id}",
                    "flytta bort katalogen",
                )
                continue
            _answers(repo, r.id, rid, report)


def diagnose(repo: GitRepo) -> Report:
    """Mend what is safe to mend, then return what is still wrong with the repository."""
    report = Report()
    if _lock_and_journal(repo, report):
        report.mended.extend(take_notices())
    _working_tree(repo, report)
    registry = _records(repo, report)
    _rounds(repo, registry, report)
    return report


__all__ = ["Finding", "Report", "diagnose"]
