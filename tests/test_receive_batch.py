"""Several answers in one ``remiss receive``: written under one journal and committed
together (git fast-import), still one commit per answer with the same tree and message
as when they are received one by one; a refused file, a full disk or a crash midway
leaves no half-registered answer."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from styrdok.core.errors import OutputError
from styrdok.remiss.register import registered
from styrdok.store import journal
from styrdok.store.git import GitRepo, _stripspace
from styrdok.store.journal import journal_path
from tests.conftest import Repo, fill_form, git
from tests.faults import killing_git, styrdok

Cli = Callable[..., Result]
WHO = ("ydre", "boxholm", "kinda")


@pytest.fixture
def forms(itsam: Repo, cli: Cli, tmp_path: Path) -> list[Path]:
    """Create round r2024, build its packages and fill in three recipients' forms."""
    cli("remiss", "new", "r2024", "--title", "Revidering", "--sent", "2024-02-23",
        "--deadline", "2024-05-09")  # fmt: skip
    out = tmp_path / "paket"
    assert cli("remiss", "package", "r2024", "-o", str(out)).exit_code == 0
    filled = []
    for n, rid in enumerate(WHO):
        path = tmp_path / "in" / rid / "svarsmall.docx"
        path.parent.mkdir(parents=True)
        fill_form(out / rid / "svarsmall.docx", path, {"3 §": ("avstyrker", f"Synpunkt {n}.")})
        filled.append(path)
    return filled


def _subjects(root: Path, count: int) -> list[str]:
    return git(root, "log", f"-{count}", "--reverse", "--format=%s").splitlines()


def _clean(root: Path) -> None:
    assert git(root, "status", "--porcelain") == ""
    assert not journal_path(GitRepo.find(root)).exists()
    assert git(root, "for-each-ref", "--format=%(refname)").split() == ["refs/heads/main"]


def test_a_batch_is_one_commit_per_answer(itsam: Repo, cli: Cli, forms: list[Path]) -> None:
    head = git(itsam.root, "rev-parse", "HEAD").strip()
    result = cli("remiss", "receive", "r2024", *map(str, forms), "--received", "2024-05-08")
    assert result.exit_code == 0, result.output
    assert git(itsam.root, "rev-list", "--count", f"{head}..HEAD").strip() == "3"
    assert _subjects(itsam.root, 3) == [
        f"Remiss r2024: svar från {name} kommun registrerat (inkom 2024-05-08, svarsmall.docx)"
        for name in ("Ydre", "Boxholms", "Kinda")
    ]
    for k, rid in enumerate(WHO):  # each commit adds its recipient's three files, no more
        names = git(itsam.root, "show", "--name-only", "--format=", f"HEAD~{2 - k}").split()
        assert len(names) == 3 and all(f"/instanser/{rid}/" in n for n in names), names
        (answer,) = registered(itsam.root, "r2024", rid)
        assert answer.original_name == "svarsmall.docx"
        (kept,) = [n for n in names if n.endswith(".docx")]  # the original, byte for byte
        committed = subprocess.run(
            ["git", "show", f"HEAD~{2 - k}:{kept}"], cwd=itsam.root, capture_output=True
        ).stdout
        assert committed == forms[k].read_bytes()
    assert subprocess.run(["git", "fsck", "--strict"], cwd=itsam.root).returncode == 0
    _clean(itsam.root)


def test_the_same_file_twice_and_a_supplement_in_one_call(
    itsam: Repo, cli: Cli, forms: list[Path], tmp_path: Path
) -> None:
    other = tmp_path / "komplettering.docx"
    fill_form(forms[0], other, {"3 §": ("tillstyrker", "Bra.")})
    result = cli("remiss", "receive", "r2024", str(forms[0]), str(forms[0]), str(other),
                 "--received", "2024-05-08")  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "redan registrerad från Ydre kommun" in lines[1]
    assert "registrerad från Ydre kommun, inkom 8 maj 2024, komplettering" in lines[2]
    assert _subjects(itsam.root, 2) == [
        "Remiss r2024: svar från Ydre kommun registrerat (inkom 2024-05-08, svarsmall.docx)",
        "Remiss r2024: komplettering från Ydre kommun registrerat (inkom 2024-05-08, "
        "komplettering.docx)",
    ]
    assert [a.supplement for a in registered(itsam.root, "r2024", "ydre")] == [False, True]
    _clean(itsam.root)


def test_a_refused_file_in_the_middle_registers_nothing(
    itsam: Repo, cli: Cli, forms: list[Path], tmp_path: Path
) -> None:
    bad = tmp_path / "gammal.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    head = git(itsam.root, "rev-parse", "HEAD")
    result = cli("remiss", "receive", "r2024", str(forms[0]), str(bad), str(forms[1]))
    assert result.exit_code == 1
    assert result.stderr.startswith("styrdok: fel: gammal.doc: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert git(itsam.root, "rev-parse", "HEAD") == head
    assert all(registered(itsam.root, "r2024", rid) == [] for rid in WHO)
    _clean(itsam.root)


def test_a_full_disk_midway_keeps_the_answers_before_it(
    itsam: Repo, cli: Cli, forms: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from styrdok.answers.receive import receive
    from styrdok.store.settings import load_settings

    real = journal.write_bytes
    calls: list[Path] = []

    def full_after_four(path: Path, data: bytes, durable: bool = True) -> None:
        calls.append(path)
        if len(calls) == 6:  # the journal, three files of the first answer, one of the next
            raise OutputError(f"kan inte skriva {path}: disken är full")
        real(path, data, durable)

    monkeypatch.setattr(journal, "write_bytes", full_after_four)
    repo = GitRepo.find(itsam.root)
    head = git(itsam.root, "rev-parse", "HEAD").strip()
    with pytest.raises(OutputError, match="disken är full"):
        receive(repo, load_settings(repo.root), "r2024", forms, None, dt.date(2024, 5, 8))
    assert git(itsam.root, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    assert [len(registered(itsam.root, "r2024", rid)) for rid in WHO] == [1, 0, 0]
    assert not (itsam.root / "remiss" / "r2024" / "instanser" / "boxholm" / "svar").exists() or (
        not any((itsam.root / "remiss" / "r2024" / "instanser" / "boxholm" / "svar").iterdir())
    )
    _clean(itsam.root)


@pytest.mark.parametrize("verb", ["fast-import", "update-ref"])
def test_a_batch_killed_at_the_commit_is_completed_by_the_rerun(
    itsam: Repo, forms: list[Path], tmp_path: Path, verb: str
) -> None:
    args = ("remiss", "receive", "r2024", *map(str, forms), "--received", "2024-05-08")
    head = git(itsam.root, "rev-parse", "HEAD").strip()
    killed = styrdok(itsam.root, *args, env=killing_git(tmp_path / "bin", verb))
    assert killed.returncode == -signal.SIGKILL
    assert git(itsam.root, "rev-parse", "HEAD").strip() == head  # written, not committed
    rerun = styrdok(itsam.root, *args)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr == (
        "styrdok: varning: 3 avbrutna skrivningar slutfördes och sparades: Remiss r2024: svar "
        "från Ydre kommun registrerat (inkom 2024-05-08, svarsmall.docx) … Remiss r2024: svar "
        "från Kinda kommun registrerat (inkom 2024-05-08, svarsmall.docx)\n"
    )
    assert rerun.stdout.count("redan registrerad") == 3
    assert git(itsam.root, "rev-list", "--count", f"{head}..HEAD").strip() == "3"
    assert [len(registered(itsam.root, "r2024", rid)) for rid in WHO] == [1, 1, 1]
    git(itsam.root, "update-ref", "-d", "refs/styrdok/commit-many")  # fast-import's, if left
    _clean(itsam.root)
    assert styrdok(itsam.root, "doctor").returncode == 0


@pytest.mark.parametrize(
    "message",
    ["Remiss r: svar", "  två  \n\n\n rader \t\n", "\n\nslut  \r\n", "a\n \nb\n\n", "x\vy\f "],
)
def test_messages_are_cleaned_as_git_commit_cleans_them(message: str) -> None:
    done = subprocess.run(
        ["git", "stripspace"], input=message.encode(), capture_output=True, check=True
    )
    assert _stripspace(message).encode() == done.stdout


def test_answers_read_in_threads_give_the_records_of_one_at_a_time(
    itsam: Repo, forms: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Word forms and PDF letters in one call are checked and read in threads; the
    commits hold the same files as when they are read one after another, and pypdf's
    logger and the warning filters are as they were."""
    import logging
    import shutil
    import warnings

    from styrdok.answers import receive as receiving
    from styrdok.store.settings import load_settings
    from tests import word_fixtures as wf

    letters = []
    for rid, name in (("odeshog", "Ödeshögs"), ("vimmerby", "Vimmerby")):
        path = tmp_path / "in" / f"{rid}.pdf"
        path.write_bytes(wf.text_pdf(
            f"{name} kommun\nYttrande\nVi avstyrker förslaget i 3 §.",
            info={"styrdok.omgang": "r2024", "styrdok.mottagare": rid},
        ))  # fmt: skip
        letters.append(path)
    files = [forms[0], letters[0], forms[1], letters[1], forms[2]]
    alone = tmp_path / "en-i-taget"
    shutil.copytree(itsam.root, alone, symlinks=True)
    at = dt.datetime(2024, 5, 8, 9, 30, tzinfo=dt.UTC)
    level, filters = logging.getLogger("pypdf").level, list(warnings.filters)

    def received(root: Path) -> str:
        repo = GitRepo.find(root)
        done = receiving.receive(repo, load_settings(root), "r2024", files, None,
                                 dt.date(2024, 5, 8), at)  # fmt: skip
        assert [reg.incoming.recipient.id for reg in done] == [
            "ydre", "odeshog", "boxholm", "vimmerby", "kinda"
        ]  # fmt: skip
        return git(root, "log", "-5", "--format=%T %s")

    threaded = received(itsam.root)
    monkeypatch.setattr(receiving.os, "cpu_count", lambda: 1)
    assert received(alone) == threaded
    assert (logging.getLogger("pypdf").level, warnings.filters) == (level, filters)
    (pdf_answer,) = registered(itsam.root, "r2024", "odeshog")
    assert pdf_answer.original_name == "odeshog.pdf"
