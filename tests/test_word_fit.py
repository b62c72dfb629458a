"""The board and the summary read well in Word and LibreOffice: with twelve remissinstanser
with long names, no name or date breaks inside a word in any table (checked in the PDF
LibreOffice makes), the overview matrix is split instead of squeezed, Swedish dates in
running text hold together, and the board names the most disputed sections first."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from styrdok.cli import main
from styrdok.reports.board_notes import from_sections
from styrdok.reports.compilation import compile_round
from styrdok.store.git import GitRepo
from styrdok.word.fit import (
    CELL_PAD_CM,
    NBSP,
    chunks,
    fit,
    keep_dates_together,
    need_cm,
    text_cm,
    word_cm,
)
from tests.conftest import PROJECT, SMALL_NEW, SMALL_OLD, Repo, fill_form
from tests.libreoffice import LibreOffice

NAMES = [
    "Karlskrona kommun", "Länsstyrelsen i Östergötlands län", "Västra Götalandsregionen",
    "Ronneby kommun", "Olofströms kommun", "Sölvesborgs kommun", "Emmaboda kommun",
    "Torsås kommun", "Nybro kommun", "Kalmar kommun", "Oskarshamns kommun", "Mönsterås kommun",
]  # fmt: skip
MORE = (
    "\n## 4 § Organ\n\nFörbundet har en direktion{}.\n\n## 5 § Kostnader\n\nKostnaderna "
    "fördelas efter {}.\n\n## 6 § Revision\n\nRevisorerna granskar{}.\n"
)
DAY = dt.date(2024, 5, 28)


@pytest.fixture(scope="module")
def twelve(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """A round to twelve remissinstanser with long names; five have answered, 5 § is
    the most opposed, 2 § next, 4 § and 6 § have no views."""
    root = tmp_path_factory.mktemp("tolv")
    repo = Repo(root / "arkiv")
    repo.write("styrdok.yaml", (PROJECT / "styrdok.yaml").read_text(encoding="utf-8"))
    items = "".join(
        f"  - id: m{k}\n    namn: {name}\n    e-post: reg@m{k}.example\n"
        for k, name in enumerate(NAMES)
    )
    repo.write("remiss/remissinstanser.yaml", f"remissinstanser:\n{items}")
    repo.commit("Instanser", "2019-01-01T10:00:00+01:00")
    repo.doc("forbundsordning", SMALL_OLD + MORE.format("", "invånarantal", ""), "Gällande",
             "2019-06-17T10:00:00+02:00")  # fmt: skip
    new = SMALL_NEW + MORE.format(" med presidium", "avtal", " årligen")
    repo.doc("forbundsordning", new, "Remissversion 2024", "2024-02-20T10:00:00+01:00")

    def run(*args: str) -> None:
        result = CliRunner().invoke(main, ["--repo", str(repo.root), *args])
        assert result.exit_code == 0, result.output

    run("remiss", "new", "r2024", "--title", "Revidering av förbundsordningen", "--sent",
        "2024-02-23", "--deadline", "2024-05-09", "--decision-date", "2024-06-13")  # fmt: skip
    run("remiss", "send", "r2024", "--today", "2024-02-23", "-o", str(root / "utskick"))
    run("remiss", "sent", "r2024", "--today", "2024-02-23")
    run("remiss", "package", "r2024", "-o", str(root / "paket"))
    for k in range(5):
        rows = {
            "2 §": ("avstyrker" if k < 2 else "tillstyrker", ""),
            "3 §": ("ingen erinran", ""),
            "5 §": ("avstyrker" if k < 4 else "synpunkter", "Följ invånarantalet."),
        }
        answer = root / f"svar-{k}.docx"
        fill_form(root / "paket" / f"m{k}" / "svarsmall.docx", answer, rows)
        run("remiss", "receive", "r2024", str(answer), "--received", f"2024-05-0{k + 2}")
    return repo


def written(repo: Repo, tmp_path: Path, *args: str) -> Path:
    out = tmp_path / f"{args[0]}.docx"
    result = CliRunner().invoke(
        main,
        [
            "--repo",
            str(repo.root),
            *args,
            "--format",
            "docx",
            "-o",
            str(out),
            "--today",
            DAY.isoformat(),
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    return out


def pdf_words(pdf: Path) -> set[str]:
    """Return the words of a PDF as pdftotext lays them out, punctuation stripped."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext saknas: installera poppler-utils")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    return {w.strip(",.;:()") for w in text.split()}


@pytest.mark.parametrize("command", [("remiss", "summary", "r2024"), ("board", "r2024")])
def test_no_name_or_date_breaks_inside_a_word_in_libreoffice(
    twelve: Repo, libreoffice: LibreOffice, tmp_path: Path, command: tuple[str, ...]
) -> None:
    docx = written(twelve, tmp_path, *command)
    words = pdf_words(libreoffice.convert_pdf(docx, tmp_path / "ut.pdf"))
    for name in NAMES:
        for word in name.split():
            assert word in words, f"{word} ({name}) bryts mitt i"
    broken_dates = [w for w in words if re.fullmatch(r"\d{4}-(?:\d{2}-?)?|-?\d{2}-\d{2}|-\d{2}", w)]
    assert broken_dates == []
    if command[0] == "remiss":
        assert "2024-05-09" in words and "2024-02-23" in words


def test_the_overview_is_split_into_parts_that_fit(twelve: Repo, tmp_path: Path) -> None:
    import docx

    document: Any = docx.Document(str(written(twelve, tmp_path, "remiss", "summary", "r2024")))
    captions = [p.text for p in document.paragraphs if "ställningstaganden:" in p.text]
    assert captions == [
        "Remissinstansernas ställningstaganden: Förbundsordning för Testförbundet (del 1 av 2)",
        "Remissinstansernas ställningstaganden: Förbundsordning för Testförbundet (del 2 av 2)",
    ]
    matrices = [t for t in document.tables if t.rows[0].cells[0].text == "Avsnitt"]
    heads = [[c.text for c in t.rows[0].cells[1:]] for t in matrices]
    assert heads == [NAMES[:6], NAMES[6:]]
    for table in matrices:
        widths = [c.width.cm for c in table.rows[0].cells]
        assert sum(widths) == pytest.approx(24.7, abs=0.05)  # a landscape page's text width
        for cell, width in zip(table.rows[0].cells[1:], widths[1:], strict=True):
            assert width >= word_cm(cell.text, 9, bold=True) + CELL_PAD_CM


def test_dates_in_running_text_hold_together(twelve: Repo, tmp_path: Path) -> None:
    import docx

    document: Any = docx.Document(str(written(twelve, tmp_path, "board", "r2024")))
    intro = next(p.text for p in document.paragraphs if p.text.startswith("Förslaget skickades"))
    assert f"den 23{NBSP}februari{NBSP}2024 till 12 remissinstanser" in intro
    assert f"sista svarsdag 9{NBSP}maj{NBSP}2024." in intro


def test_the_most_disputed_sections_are_named_first(twelve: Repo) -> None:
    compilation = compile_round(GitRepo.find(twelve.root), "r2024", DAY)
    (entry,) = compilation.documents
    assert from_sections(entry) == [
        "Ändras: 5 § Kostnader, 2 § Säte, 3 § Ändamål, 4 § Organ och 6 § Revision."
    ]
    text = (
        CliRunner()
        .invoke(
            main,
            [
                "--repo",
                str(twelve.root),
                "board",
                "r2024",
                "--format",
                "md",
                "--today",
                DAY.isoformat(),
            ],  # fmt: skip
        )
        .stdout
    )
    assert "- Ändras: 5 § Kostnader, 2 § Säte, 3 § Ändamål, 4 § Organ och 6 § Revision." in text


@pytest.mark.parametrize(
    ("needs", "total", "grow", "wants", "widths"),
    [
        ([2.0, 1.0], 5.0, [], None, [10 / 3, 5 / 3]),  # shared in proportion to needs
        ([2.0, 1.0], 5.0, [1], None, [2.0, 3.0]),  # the room to the growing column
        ([2.0, 1.0, 1.0], 8.0, [2], [4.0, 1.0, 9.0], [4.0, 1.0, 3.0]),  # wants, then grow
        ([2.0, 1.0, 1.0], 5.0, [2], [4.0, 3.0, 9.0], [2.5, 1.5, 1.0]),  # wants share room
        ([4.0, 3.0], 5.0, [], None, None),  # the needs alone do not fit
    ],
)
def test_fit(
    needs: list[float],
    total: float,
    grow: list[int],
    wants: list[float] | None,
    widths: list[float] | None,
) -> None:
    got = fit(needs, total, grow, wants)
    assert got == (None if widths is None else pytest.approx(widths))


@pytest.mark.parametrize(
    ("needs", "room", "parts"),
    [
        ([1.0] * 4, 10.0, [[0, 1, 2, 3]]),
        ([2.0] * 12, 13.0, [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]),  # even, not 6 + 6
        ([2.0] * 7, 9.0, [[0, 1, 2, 3], [4, 5, 6]]),
        ([5.0, 1.0], 3.0, [[0], [1]]),  # too wide on its own: a part of its own
    ],
)
def test_chunks(needs: list[float], room: float, parts: list[list[int]]) -> None:
    assert chunks(needs, room) == parts


def test_widths_are_measured_by_the_longest_word() -> None:
    assert word_cm("Västra Götalandsregionen", 9) == text_cm("Götalandsregionen", 9)
    assert text_cm("Karlskrona", 9, bold=True) > text_cm("Karlskrona", 9)
    assert need_cm([("2024-05-09", 10, False)]) > text_cm("2024-05-09", 10)
    assert word_cm(f"9{NBSP}maj{NBSP}2024", 10) == text_cm(f"9{NBSP}maj{NBSP}2024", 10)


def test_keep_dates_together() -> None:
    assert keep_dates_together("senast den 9 maj 2024, eller 23 februari 2024.") == (
        f"senast den 9{NBSP}maj{NBSP}2024, eller 23{NBSP}februari{NBSP}2024."
    )
    assert keep_dates_together("9 maj är en torsdag") == "9 maj är en torsdag"
    assert keep_dates_together("(Dnr 2024/8)") == f"(Dnr{NBSP}2024/8)"
