"""Faults on purpose: styrdok killed at the commit, a partial write, read-only folders and
a read-only repository, a full disk. Each ends in one Swedish line and exit status 1, or
works, and nothing is lost or left half-written."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from styrdok.core.errors import OutputError
from styrdok.remiss.log import read_log
from styrdok.remiss.register import registered
from styrdok.store import journal
from styrdok.store.git import GitRepo
from styrdok.store.journal import commit_files, journal_path
from tests.conftest import Repo, git, one_line_error
from tests.faults import immutable, in_namespace, killing_git, styrdok
from tests.test_cli_receive import letter

Cli = Callable[..., Result]


def test_receive_killed_right_before_the_commit_is_completed_by_the_rerun(
    round_2024: Repo, tmp_path: Path
) -> None:
    answer = letter(tmp_path / "yttrande.docx", "Ydre tillstyrker förslaget.")
    args = ("remiss", "receive", "r2024", str(answer), "--from", "ydre", "--received",
            "2024-05-06")  # fmt: skip
    killed = styrdok(round_2024.root, *args, env=killing_git(tmp_path / "bin"))
    assert killed.returncode == -signal.SIGKILL
    assert git(round_2024.root, "status", "--porcelain") != ""  # written, not committed
    rerun = styrdok(round_2024.root, *args)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr == (
        "styrdok: varning: en avbruten skrivning slutfördes och sparades: Remiss r2024: svar "
        "från Ydre kommun registrerat (inkom 2024-05-06, yttrande.docx)\n"
    )
    assert "redan registrerad från Ydre kommun" in rerun.stdout
    assert git(round_2024.root, "status", "--porcelain") == ""
    assert git(round_2024.root, "log", "-1", "--format=%s").startswith(
        "Remiss r2024: svar från Ydre kommun registrerat"
    )
    (entry,) = registered(round_2024.root, "r2024", "ydre")
    assert entry.original_name == "yttrande.docx"
    assert styrdok(round_2024.root, "doctor").returncode == 0


def test_extend_killed_before_the_commit_then_rerun_succeeds(
    round_2024: Repo, tmp_path: Path
) -> None:
    args = ("remiss", "extend", "r2024", "ydre", "--to", "2024-05-23", "--reason", "KS 21 maj")
    killed = styrdok(round_2024.root, *args, env=killing_git(tmp_path / "bin"))
    assert killed.returncode == -signal.SIGKILL
    rerun = styrdok(round_2024.root, *args)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout == "Ydre kommun har nu sista svarsdag 23 maj 2024\n"
    assert git(round_2024.root, "status", "--porcelain") == ""
    events = read_log(round_2024.root, "r2024", "ydre")
    assert [e.kind for e in events] == ["förlängd"]  # once, not twice


def test_doctor_completes_an_interrupted_write(round_2024: Repo, tmp_path: Path) -> None:
    args = ("remiss", "extend", "r2024", "ydre", "--to", "2024-05-23", "--reason", "KS")
    assert styrdok(round_2024.root, *args, env=killing_git(tmp_path / "bin")).returncode < 0
    doctor = styrdok(round_2024.root, "doctor")
    assert doctor.returncode == 0, doctor.stdout
    assert doctor.stdout.splitlines() == [
        f"Åtgärdat: en styrdok-körning (process {_pid_in(doctor.stdout)}) avbröts medan den "
        "höll låset; låset är fritt igen",
        "Åtgärdat: en avbruten skrivning slutfördes och sparades: Remiss r2024: förlängd "
        "svarstid för Ydre kommun till 23 maj 2024 (KS)",
    ]
    assert git(round_2024.root, "status", "--porcelain") == ""
    assert styrdok(round_2024.root, "doctor").stdout == ""


def _pid_in(text: str) -> str:
    return text.split("(process ", 1)[1].split(")", 1)[0]


def test_a_write_stopped_midway_is_undone(
    round_2024: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitRepo.find(round_2024.root)
    first = round_2024.root / "remiss" / "r2024" / "a.yaml"
    second = round_2024.root / "remiss" / "r2024" / "omgang.yaml"
    before = second.read_bytes()
    real = journal.write_bytes
    calls = []

    def full_disk_on_the_third_write(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:  # the journal, the first file, then the disk is full
            raise OutputError(f"kan inte skriva {path}: disken är full")
        real(path, data)

    monkeypatch.setattr(journal, "write_bytes", full_disk_on_the_third_write)
    with repo.locked(), pytest.raises(OutputError, match="disken är full"):
        commit_files(repo, {first: b"a: 1\n", second: b"id: x\n"}, "Prov")
    assert not first.exists()
    assert second.read_bytes() == before
    assert not journal_path(repo).exists()
    assert git(round_2024.root, "status", "--porcelain") == ""


def test_a_journal_left_by_a_crash_midway_is_undone_on_the_next_run(
    round_2024: Repo, cli: Cli
) -> None:
    repo = GitRepo.find(round_2024.root)
    log = round_2024.root / "remiss" / "r2024" / "instanser" / "ydre" / "logg.yaml"
    other = round_2024.root / "remiss" / "r2024" / "instanser" / "boxholm" / "logg.yaml"
    log.parent.mkdir(parents=True)
    log.write_text("händelser: []\n", encoding="utf-8")
    import hashlib
    import json

    digest = hashlib.sha256(b"h\xc3\xa4ndelser: []\n").hexdigest()
    journal_path(repo).write_text(
        json.dumps(
            {
                "meddelande": "Remiss r2024: påminnelse",
                "filer": [
                    {"sökväg": log.relative_to(repo.root).as_posix(), "sha256": digest},
                    {"sökväg": other.relative_to(repo.root).as_posix(), "sha256": "0" * 64},
                ],
            }
        ),
        encoding="utf-8",
    )
    result = cli("remiss", "extend", "r2024", "kinda", "--to", "2024-05-23", "--reason", "x")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "styrdok: varning: en avbruten skrivning ångrades (kör kommandot igen): "
        "Remiss r2024: påminnelse\n"
    )
    assert not log.exists() and not other.exists()
    assert git(round_2024.root, "status", "--porcelain") == ""


def test_read_only_output_folder(round_2024: Repo, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "skrivskyddad"
    out.mkdir()
    with immutable(out):
        result = cli("remiss", "status", "r2024", "--ics", str(out / "svarsdagar.ics"))
        assert one_line_error(result) == (
            f"kan inte skriva {out / 'svarsdagar.ics'}: åtgärden är inte tillåten "
            "(skrivskyddad eller låst)"
        )
        package = cli("remiss", "package", "r2024", "--only", "ydre", "-o", str(out))
        assert one_line_error(package).startswith(f"kan inte skriva i {out}: ")
    assert list(out.iterdir()) == []


def test_read_only_repository_refuses_changes_in_one_line(round_2024: Repo, cli: Cli) -> None:
    git_dir = round_2024.root / ".git"
    (git_dir / "styrdok.lock").unlink(missing_ok=True)
    with immutable(git_dir):
        result = cli("remiss", "extend", "r2024", "ydre", "--to", "2024-05-23", "--reason", "x")
        assert one_line_error(result) == (
            f"kan inte låsa arkivet för ändringar ({git_dir / 'styrdok.lock'}): "
            "åtgärden är inte tillåten (skrivskyddad eller låst)"
        )
        assert cli("remiss", "status", "r2024").exit_code == 0  # reading still works


def test_init_into_a_read_only_folder(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from styrdok.cli import main

    folder = tmp_path / "ro"
    folder.mkdir()
    with immutable(folder):
        result = CliRunner().invoke(main, ["init", str(folder / "arkiv")])
        assert one_line_error(result) == (
            f"kan inte skapa arkivet i {folder / 'arkiv'}: åtgärden är inte tillåten "
            "(skrivskyddad eller låst)"
        )
        result = CliRunner().invoke(main, ["init", str(folder)])
        assert one_line_error(result).startswith(f"kan inte skapa arkivet i {folder}: ")


def test_full_disk_while_building_packages(round_2024: Repo, tmp_path: Path) -> None:
    out = tmp_path / "liten"
    out.mkdir()
    done = in_namespace(
        f"mount -t tmpfs -o size=96k tmpfs {out}\n"
        f'"$PYTHON" -m styrdok --repo {round_2024.root} remiss package r2024 -o {out} '
        "&& echo inte-fel || echo status=$?\n"
        f"ls -A {out}\n"
    )
    assert done.stdout.splitlines() == ["status=1"], done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("styrdok: fel: kan inte skriva ")
    assert done.stderr.endswith(": disken är full\n")


def test_full_disk_in_the_repository_while_receiving(round_2024: Repo, tmp_path: Path) -> None:
    import random

    words = random.Random(7).choices("abcdefghijklmnopqrstuvwxyzåäö ", k=600_000)
    answer = letter(tmp_path / "stort.docx", "".join(words))
    disk = tmp_path / "disk"
    disk.mkdir()
    size = sum(p.stat().st_size for p in round_2024.root.rglob("*") if p.is_file())
    kib = size // 1024 + 160
    done = in_namespace(
        f"mount -t tmpfs -o size={kib}k tmpfs {disk}\n"
        f"cp -a {round_2024.root} {disk}/arkiv\n"
        f'"$PYTHON" -m styrdok --repo {disk}/arkiv remiss receive r2024 {answer} --from ydre '
        "&& echo inte-fel || echo status=$?\n"
        f"git -C {disk}/arkiv status --porcelain\n"
        f"ls -A {disk}/arkiv/.git | grep journal || true\n"
    )
    assert done.stdout.splitlines() == ["status=1"], done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.endswith(": disken är full\n"), done.stderr


def test_send_without_smtp_writes_drafts_and_records_them_as_prepared(
    round_2024: Repo, cli: Cli, tmp_path: Path
) -> None:
    import email
    from email.policy import default

    out = tmp_path / "utskick"
    result = cli("remiss", "send", "r2024", "--only", "ydre", "-o", str(out), "--today",
                 "2024-02-23")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"Remiss till Ydre kommun → {out / 'remiss-ydre.eml'} (utkast att skicka)\n"
    )
    message = email.message_from_bytes((out / "remiss-ydre.eml").read_bytes(), policy=default)
    assert message["X-Unsent"] == "1"
    (event,) = read_log(round_2024.root, "r2024", "ydre")
    assert (event.kind, event.how) == ("förberedd", "eml")
    status = cli("remiss", "status", "r2024", "--today", "2024-03-01")
    ydre = next(line for line in status.stdout.splitlines() if line.startswith("Ydre"))
    assert ydre.split()[2] == "–"  # not sent yet
    again = cli("remiss", "send", "r2024", "--only", "ydre", "-o", str(out))
    assert again.exit_code == 0  # its own draft is replaced
    confirmed = cli("remiss", "sent", "r2024", "--today", "2024-02-26")
    assert confirmed.stdout == "Registrerade utskicket till Ydre kommun som skickat\n"
    assert read_log(round_2024.root, "r2024", "ydre")[-1].at.date() == dt.date(2024, 2, 26)
    assert one_line_error(cli("remiss", "sent", "r2024")).startswith("inga förberedda utskick")
