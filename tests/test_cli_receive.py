"""Registering answers: kept byte for byte, identified, committed, shown in status."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

from styrdok.remiss.register import registered
from tests.conftest import Repo, fill_form, git

Cli = Callable[..., Result]


@pytest.fixture
def sent(itsam: Repo, cli: Cli, tmp_path: Path) -> Path:
    """Create round r2024 and build its packages; return the package folder."""
    cli("remiss", "new", "r2024", "--title", "Revidering", "--sent", "2024-02-23",
        "--deadline", "2024-05-09")  # fmt: skip
    out = tmp_path / "paket"
    assert cli("remiss", "package", "r2024", "-o", str(out)).exit_code == 0
    return out


def letter(path: Path, text: str) -> Path:
    document = Document()
    document.add_paragraph("Yttrande över remiss om förbundsordningen")
    document.add_paragraph(text)
    document.save(str(path))
    return path


def test_a_filled_form_identifies_itself(itsam: Repo, cli: Cli, sent: Path, tmp_path: Path) -> None:
    answer = tmp_path / "Svar från Ydre.docx"
    fill_form(sent / "ydre" / "svarsmall.docx", answer, {"3 §": ("avstyrker", "För brett.")})
    result = cli("remiss", "receive", "r2024", str(answer), "--received", "2024-05-08")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Svar från Ydre.docx: registrerad från Ydre kommun, inkom 8 maj 2024, "
        "1 synpunkt på avsnitt, 0 allmänna\n"
    )
    (entry,) = registered(itsam.root, "r2024", "ydre")
    stored = itsam.root / "remiss" / "r2024" / "instanser" / "ydre" / entry.file
    assert stored.read_bytes() == answer.read_bytes()
    assert entry.sha256 == hashlib.sha256(answer.read_bytes()).hexdigest()
    assert (entry.original_name, entry.late, entry.supplement) == (
        "Svar från Ydre.docx",
        False,
        False,
    )
    assert git(itsam.root, "log", "-1", "--format=%s").strip() == (
        "Remiss r2024: svar från Ydre kommun registrerat (inkom 2024-05-08, Svar från Ydre.docx)"
    )
    assert git(itsam.root, "status", "--porcelain") == ""
    status = json.loads(cli("remiss", "status", "r2024", "--today", "2024-05-10", "--json").stdout)
    ydre = next(r for r in status[0]["instanser"] if r["id"] == "ydre")
    assert ydre["status"] == "besvarad" and ydre["svar"][0]["inkom"] == "2024-05-08"


def test_again_late_and_supplement(itsam: Repo, cli: Cli, sent: Path, tmp_path: Path) -> None:
    first = tmp_path / "svar.docx"
    fill_form(sent / "boxholm" / "svarsmall.docx", first, {"2 §": ("tillstyrker", "")})
    assert cli("remiss", "receive", "r2024", str(first), "--received", "2024-05-13").exit_code == 0
    head = git(itsam.root, "rev-parse", "HEAD")
    again = cli("remiss", "receive", "r2024", str(first), "--received", "2024-05-14")
    assert again.exit_code == 0
    assert again.stdout == (
        "svar.docx: redan registrerad från Boxholms kommun (inkom 2024-05-13); inget ändrat\n"
    )
    assert git(itsam.root, "rev-parse", "HEAD") == head
    more = letter(tmp_path / "komplettering.docx", "Vi tillstyrker även 3 §.")
    result = cli(
        "remiss", "receive", "r2024", str(more), "--from", "boxholm", "--received", "2024-05-15"
    )
    assert result.exit_code == 0, result.output
    assert "komplettering, efter svarsdagen" in result.stdout
    entries = registered(itsam.root, "r2024", "boxholm")
    assert [(e.late, e.supplement, e.kind) for e in entries] == [
        (True, False, "svarsmall"),
        (True, True, "yttrande"),
    ]
    status = cli("remiss", "status", "r2024", "--today", "2024-05-16")
    assert any(line.startswith("Boxholms kommun") and "besvarad sent" in line and "(+1)" in line
               for line in status.stdout.splitlines())  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "yttrande.docx: avsändaren framgår inte av filen; ange remissinstansen med --from"),
        (["--from", "motala"], "motala är inte remissinstans i r2024"),
    ],
)
def test_a_letter_needs_from(
    itsam: Repo, cli: Cli, sent: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    path = letter(tmp_path / "yttrande.docx", "Kommunen avstyrker förslaget i 3 §.")
    result = cli("remiss", "receive", "r2024", str(path), *args)
    assert (result.exit_code, result.stderr) == (1, f"styrdok: fel: {message}\n")
    assert registered(itsam.root, "r2024", "ydre") == []


def test_contradicting_from_is_an_error(itsam: Repo, cli: Cli, sent: Path, tmp_path: Path) -> None:
    answer = tmp_path / "svar.docx"
    fill_form(sent / "ydre" / "svarsmall.docx", answer, {})
    result = cli("remiss", "receive", "r2024", str(answer), "--from", "boxholm")
    assert result.stderr == (
        "styrdok: fel: svar.docx: filen är ställd till ydre men --from anger boxholm\n"
    )


def test_a_refused_file_stops_the_whole_call(
    itsam: Repo, cli: Cli, sent: Path, tmp_path: Path
) -> None:
    good = tmp_path / "svar.docx"
    fill_form(sent / "ydre" / "svarsmall.docx", good, {})
    bad = tmp_path / "gammal.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    head = git(itsam.root, "rev-parse", "HEAD")
    result = cli("remiss", "receive", "r2024", str(good), str(bad), "--from", "ydre")
    assert result.exit_code == 1
    assert result.stderr.startswith("styrdok: fel: gammal.doc: ")
    assert result.stderr.count("\n") == 1
    assert git(itsam.root, "rev-parse", "HEAD") == head
    assert not (itsam.root / "remiss" / "r2024" / "instanser" / "ydre" / "svar").exists()


def test_answers_lists_what_each_said(itsam: Repo, cli: Cli, sent: Path, tmp_path: Path) -> None:
    answer = tmp_path / "svar.docx"
    fill_form(sent / "odeshog" / "svarsmall.docx", answer, {"3 §": ("synpunkter", "Tydligare.")})
    cli("remiss", "receive", "r2024", str(answer), "--received", "2024-05-02")
    text = cli("remiss", "answers", "r2024", "--today", "2024-05-03")
    assert text.exit_code == 0, text.output
    assert (
        "forbundsordning 3 § Ändamål\n  Ödeshögs kommun (svarsmall): synpunkter – Tydligare."
        in text.stdout
    )
    data = json.loads(cli("remiss", "answers", "r2024", "odeshog", "--json").stdout)
    assert [i["id"] for i in data["instanser"]] == ["odeshog"]
    assert data["avsnitt"][0]["synpunkter"][0]["ställningstagande"] == "synpunkter"


def test_an_answer_the_working_day_after_a_holiday_deadline_is_in_time(
    itsam: Repo, cli: Cli, sent: Path, tmp_path: Path
) -> None:
    """9 May 2024 was Kristi himmelsfärdsdag: an answer on Friday 10 May is in time
    (lag 1930:173), one on Monday 13 May is late."""
    first = tmp_path / "svar.docx"
    fill_form(sent / "boxholm" / "svarsmall.docx", first, {"2 §": ("tillstyrker", "")})
    result = cli("remiss", "receive", "r2024", str(first), "--received", "2024-05-10")
    assert result.exit_code == 0, result.output
    assert "i tid eftersom svarsdagen var en helgdag (lag 1930:173)" in result.stdout
    other = tmp_path / "ydre.docx"
    fill_form(sent / "ydre" / "svarsmall.docx", other, {"2 §": ("tillstyrker", "")})
    assert cli("remiss", "receive", "r2024", str(other), "--received", "2024-05-13").exit_code == 0
    assert [e.late for e in registered(itsam.root, "r2024", "boxholm")] == [False]
    assert [e.late for e in registered(itsam.root, "r2024", "ydre")] == [True]
    status = cli("remiss", "status", "r2024", "--today", "2024-05-14")
    lines = status.stdout.splitlines()
    assert lines[2] == (
        "Sista svarsdag 9 maj 2024 är en helgdag (Kristi himmelsfärdsdag); svar som kommer in "
        "fredag 10 maj 2024 räknas som inkomna i tid (lag (1930:173) om beräkning av "
        "lagstadgad tid)."
    )
    assert any(line.startswith("Boxholms kommun") and "besvarad  " in line for line in lines)
    assert any(line.startswith("Ydre kommun") and "besvarad sent" in line for line in lines)
    waiting = json.loads(
        cli("remiss", "status", "r2024", "--today", "2024-05-10", "--json").stdout
    )[0]["instanser"]
    vimmerby = next(r for r in waiting if r["id"] == "vimmerby")
    assert (vimmerby["status"], vimmerby["i_tid_till"]) == ("väntar", "2024-05-10")
