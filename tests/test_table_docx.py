"""The comparison table (jämförelsetabell) in Word: rows, marks, layout, a real client."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document
from docx.enum.section import WD_ORIENT

from tests.conftest import SMALL_NEW, Repo
from tests.libreoffice import LibreOffice, pdf_to_pngs, png_is_blank
from tests.processes import bytes_in_two_processes, styrdok_output

Cli = Callable[..., Result]
NEWER = SMALL_NEW.replace(
    "## 3 § Ändamål",
    "## 3 § Breddad verksamhet\n\nMedlemmarna kan uppdra åt förbundet att sköta annat.\n\n"
    "## 4 § Ändamål",
)


@pytest.fixture
def table(itsam: Repo, cli: Cli, tmp_path: Path) -> Path:
    itsam.doc("forbundsordning", NEWER, "Ny 3 §")
    out = tmp_path / "jamforelse.docx"
    result = cli(
        "diff", "forbundsordning", "gällande 2019", "HEAD", "--format", "table",
        "-o", str(out), "--datum", "2024-02-23",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_one_row_per_changed_section(table: Path) -> None:
    document = Document(str(table))
    (grid,) = document.tables
    assert [c.text for c in grid.rows[0].cells] == ["Nuvarande lydelse", "Föreslagen lydelse"]
    rows = [(r.cells[0].text.split("\n")[0], r.cells[1].text.split("\n")[0]) for r in grid.rows[1:]]
    assert rows == [
        ("2 § Säte", "2 § Säte"),
        ("", "3 § Breddad verksamhet"),
        ("3 § Ändamål", "4 § Ändamål"),
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Ändringar: nuvarande 3 § betecknas 4 §; ändr. 2 §, den nya 4 §; ny 3 §" in text
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE


def test_changed_words_are_marked_without_colour(table: Path) -> None:
    row = Document(str(table)).tables[0].rows[1]
    struck = [r.text for p in row.cells[0].paragraphs for r in p.runs if r.font.strike]
    added = [r.text for p in row.cells[1].paragraphs for r in p.runs if r.bold and r.underline]
    assert struck == ["Kinda"]
    assert added == ["Åtvidabergs"]


def test_the_same_inputs_give_the_same_bytes(itsam: Repo, table: Path) -> None:
    args = ("diff", "forbundsordning", "gällande 2019", "HEAD", "--format", "table",
            "--datum", "2024-02-23")  # fmt: skip
    assert bytes_in_two_processes(styrdok_output, str(itsam.root), *args) == table.read_bytes()


def test_table_needs_an_output_file(itsam: Repo, cli: Cli) -> None:
    result = cli("diff", "forbundsordning", "gällande 2019", "--format", "table")
    assert result.exit_code == 2
    assert "--format table kräver -o FIL" in result.stderr


def test_renders_to_pages_in_libreoffice(
    table: Path, tmp_path: Path, libreoffice: LibreOffice
) -> None:
    pdf = tmp_path / "jamforelse.pdf"
    libreoffice.convert_pdf(table, pdf)
    pages = pdf_to_pngs(pdf, tmp_path / "sidor")
    assert pages and not any(png_is_blank(p) for p in pages)
    text = libreoffice.text(table)
    assert any("Föreslagen lydelse" in p.text for p in text.paragraphs)
