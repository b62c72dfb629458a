"""Column widths, laid out by a real client: no header of the response form and no
recipient's name in the summary's matrix breaks inside a word ("Ställningstag/ande",
"Karlskron/a kommun"). LibreOffice lays the files out as PDF; the PDF's text shows where
lines break."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from pypdf import PdfReader

from tests.conftest import PROJECT, SMALL_NEW, SMALL_OLD, Repo
from tests.libreoffice import LibreOffice

Cli = Callable[..., Result]
BLEKINGE = [
    ("karlskrona", "Karlskrona kommun"),
    ("ronneby", "Ronneby kommun"),
    ("olofstrom", "Olofströms kommun"),
    ("solvesborg", "Sölvesborgs kommun"),
    ("karlshamn", "Karlshamns kommun"),
]


def pdf_text(libreoffice: LibreOffice, docx: Path) -> str:
    """Return the text of ``docx`` as LibreOffice lays it out, a line per line."""
    pdf = libreoffice.convert_pdf(docx, docx.with_suffix(".pdf"))
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def broken(text: str, word: str) -> bool:
    """Return True when ``word`` is split over two lines somewhere in ``text``."""
    return any(
        re.search(rf"{re.escape(word[:k])}\n{re.escape(word[k:])}\b", text)
        for k in range(2, len(word) - 1)
    )


def test_form_headers_do_not_break_inside_a_word(
    itsam: Repo, cli: Cli, tmp_path: Path, libreoffice: LibreOffice
) -> None:
    result = cli("remiss", "new", "r2024", "--title", "Revidering", "--sent", "2024-02-23",
                 "--deadline", "2024-05-09")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = tmp_path / "paket"
    assert cli("remiss", "package", "r2024", "-o", str(out), "--only", "ydre").exit_code == 0
    text = pdf_text(libreoffice, out / "ydre" / "svarsmall.docx")
    assert "diarienummer" in text
    for header in ("Avsnitt", "Ställningstagande", "Kommentar", "lydelse", "diarienummer"):
        assert not broken(text, header), header


def test_matrix_names_do_not_break_inside_a_word(
    repo: Repo, cli: Cli, tmp_path: Path, libreoffice: LibreOffice
) -> None:
    repo.write("styrdok.yaml", (PROJECT / "styrdok.yaml").read_text(encoding="utf-8"))
    entries = "".join(
        f"  - id: {rid}\n    namn: {name}\n    e-post: kommun@{rid}.example\n"
        "    medlem från: 2005-01-01\n"
        for rid, name in BLEKINGE
    )
    repo.write("remiss/remissinstanser.yaml", f"remissinstanser:\n{entries}")
    repo.commit("Inställningar", "2019-01-01T10:00:00+01:00")
    repo.doc("forbundsordning", SMALL_OLD, "Gällande 2019", "2019-06-17T10:00:00+02:00")
    repo.doc("forbundsordning", SMALL_NEW, "Remissversion 2024", "2024-02-20T10:00:00+01:00")
    result = cli("remiss", "new", "r2024", "--title", "Revidering", "--sent", "2024-02-23",
                 "--deadline", "2024-05-08")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = tmp_path / "sammanstallning.docx"
    result = cli("remiss", "summary", "r2024", "--format", "docx", "-o", str(out),
                 "--today", "2024-05-20")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = pdf_text(libreoffice, out)
    for _rid, name in BLEKINGE:
        assert name.split()[0] in text and not broken(text, name.split()[0]), name
    for word in ("Remissinstans", "Anmärkning", "tillstyrker", "inget"):
        assert not broken(text, word), word
