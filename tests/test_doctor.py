"""``styrdok doctor``: what is wrong, how to mend it, exit status 1 until it is mended."""

from __future__ import annotations

import fcntl
import os
import subprocess
from collections.abc import Callable

from click.testing import Result

from styrdok.remiss.register import registered
from tests.conftest import Repo, git

Cli = Callable[..., Result]
YDRE = "remiss/r2024/instanser/ydre"


def problems(result: Result) -> list[str]:
    assert result.exit_code == 1, result.output
    assert result.stderr.endswith(" fel hittades\n")
    return result.stdout.splitlines()


def dead_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def test_a_sound_repository(answered: Repo, cli: Cli) -> None:
    result = cli("doctor")
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("", "Inga fel i arkivet\n")


def test_an_answer_changed_or_missing(answered: Repo, cli: Cli) -> None:
    (entry,) = registered(answered.root, "r2024", "ydre")
    stored = answered.root / YDRE / entry.file
    stored.write_bytes(stored.read_bytes() + b"x")
    assert problems(cli("doctor")) == [
        f"Fel: {YDRE}/{entry.file} är ändrad men inte sparad – spara ändringen med git add och "
        "git commit, eller ångra den med git restore",
        f"Fel: {YDRE}/{entry.file} har inte den SHA-256 som registret anger; filen har ändrats – "
        f"återställ originalet ur git (git restore {YDRE}/{entry.file})",
    ]
    stored.unlink()
    lines = problems(cli("doctor"))
    assert any(
        line.startswith(f"Fel: {YDRE}/{entry.entry} nämner {entry.file}, som saknas – återställ")
        for line in lines
    )
    git(answered.root, "restore", YDRE)
    assert cli("doctor").exit_code == 0


def test_staged_and_untracked_files_and_a_stray_answer(answered: Repo, cli: Cli) -> None:
    (entry,) = registered(answered.root, "r2024", "ydre")
    register = answered.root / YDRE / entry.entry
    register.write_text(register.read_text(encoding="utf-8") + "# anteckning\n", encoding="utf-8")
    git(answered.root, "add", f"{YDRE}/{entry.entry}")
    stray = answered.root / YDRE / "svar" / "09-okand.pdf"
    stray.write_bytes(b"%PDF-1.4\n")
    assert problems(cli("doctor")) == [
        f"Fel: {YDRE}/{entry.entry} är köad (staged) men inte sparad – spara med git commit",
        f"Fel: {YDRE}/svar/09-okand.pdf finns men är inte sparad i git – spara den med git add "
        "och git commit, eller ta bort den",
        f"Fel: {YDRE}/svar/09-okand.pdf ligger bland svaren men är inte registrerad – registrera "
        "den med styrdok remiss receive, eller ta bort den",
    ]


def test_a_record_that_cannot_be_read(answered: Repo, cli: Cli) -> None:
    log = answered.root / YDRE / "logg.yaml"
    log.write_text("händelser: &a [*a]\n", encoding="utf-8")
    lines = problems(cli("doctor"))
    assert lines[-1].startswith(f"Fel: {YDRE}/logg.yaml, rad 1: ankare (&) tillåts inte – ")


def test_a_lock_note_left_by_a_stopped_run_is_cleared(answered: Repo, cli: Cli) -> None:
    pid = dead_pid()
    (answered.root / ".git" / "styrdok.lock").write_text(f"{pid}\n", encoding="ascii")
    result = cli("doctor")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Åtgärdat: en styrdok-körning (process {pid}) avbröts medan den höll låset; "
        "låset är fritt igen\n"
    )
    assert (answered.root / ".git" / "styrdok.lock").read_text(encoding="ascii") == ""


def test_a_lock_held_by_a_process_that_is_gone(answered: Repo, cli: Cli) -> None:
    path = answered.root / ".git" / "styrdok.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # held, but the note names a process that is gone
        pid = dead_pid()
        os.pwrite(fd, f"{pid}\n".encode(), 0)
        lock = path.as_posix()
        assert problems(cli("doctor"))[0] == (
            f"Fel: låset {lock} hålls av process {pid}, som inte längre är en styrdok-körning – "
            f"avsluta processen som har filen öppen (fuser -v {lock})"
        )
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        assert problems(cli("doctor"))[0] == (
            f"Fel: en annan styrdok-körning (process {os.getpid()}) ändrar arkivet just nu – "
            "kör styrdok doctor igen när den är klar"
        )
    finally:
        os.close(fd)
    assert cli("doctor").exit_code == 0
