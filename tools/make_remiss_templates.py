"""Generate templates/missiv.docx and templates/svarsmall.docx from templates/base.docx.

The two files are docxtpl templates: Jinja2 tags inside an ordinary Word document, so
staff can open them in Word, change wording, styles and layout, and keep the tags.
Run with the project's virtual environment:

    .venv/bin/python tools/make_remiss_templates.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm
from docx.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from styrdok.remiss.form import DETAILS  # noqa: E402
from styrdok.word.base import set_header  # noqa: E402
from styrdok.word.package import PackageInfo, finalise  # noqa: E402

TEMPLATES = ROOT / "templates"
BASE = TEMPLATES / "base.docx"


def _fresh(kind: str) -> Document:  # type: ignore[valid-type]
    document = Document(str(BASE))
    set_header(
        document,
        ["{{ organisation }}\t\t{{ dnr }}", f"{kind}: {{{{ titel }}}}\t\t{{{{ datum }}}}"],
    )
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue
        body.remove(child)
    return document


def _para(document: Document, text: str, style: str | None = None, bold: bool = False) -> None:  # type: ignore[valid-type]
    paragraph = document.add_paragraph(style=style)  # type: ignore[attr-defined]
    run = paragraph.add_run(text)
    run.bold = bold


def _cell(table: Table, row: int, col: int, text: str, bold: bool = False) -> None:
    cell = table.cell(row, col)
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold


def missiv() -> bytes:
    d = _fresh("Remiss")
    _para(d, "{{ organisation }}", bold=True)
    _para(d, "Datum: {{ datum }}")
    _para(d, "{{ dnr }}")
    _para(d, "REMISS", bold=True)
    _para(d, "{{ titel }}", "Heading 1")
    _para(d, "Till: {{ mottagare }}", bold=True)
    _para(d, "Remissinstanser", "Heading 2")
    _para(d, "{%p for namn in instanser %}")
    _para(d, "{{ namn }}", "List Bullet")
    _para(d, "{%p endfor %}")
    _para(d, "Vad remissen gäller", "Heading 2")
    _para(d, "{{ inledning }}")
    _para(d, "Remisshandlingar", "Heading 2")
    _para(
        d,
        "För varje styrdokument bifogas förslaget i ny lydelse, förslaget med ändringarna "
        "markerade som spårade ändringar och en jämförelsetabell med nuvarande och "
        "föreslagen lydelse:",
    )
    _para(d, "{%p for dok in dokument %}")
    _para(d, "{{ dok.titel }} ({{ dok.dnr }}). Ändringar: {{ dok.andringar }}", "List Bullet")
    _para(d, "{%p endfor %}")
    _para(d, "Svarsmall (svarsmall.docx)", "List Bullet")
    _para(d, "Synpunkter", "Heading 2")
    _para(d, "{{ synpunkter }}")
    _para(d, "Hur ni svarar", "Heading 2")
    _para(
        d,
        "Svaret ska ha kommit in till {{ organisation }} senast den {{ sista_svarsdag }}. "
        "Skicka det till {{ registrator }} och ange {{ dnr }} i ämnesraden.",
    )
    _para(
        d,
        "Använd gärna svarsmallen. Ange för varje avsnitt om ni tillstyrker, avstyrker, "
        "har synpunkter eller ingen erinran, och skriv gärna förslag till ny lydelse. Ni kan "
        "också skriva kommentarer eller spårade ändringar direkt i förslaget, eller svara "
        "med ett eget yttrande. Behöver ni längre svarstid, hör av er till kontaktpersonen "
        "före svarsdagen.",
    )
    _para(d, "{{ beslut }}")
    _para(d, "Kontaktperson", "Heading 2")
    _para(d, "{{ kontakt }}")
    _para(d, "Med vänlig hälsning")
    _para(d, "{{ organisation }}", bold=True)
    return _save(d, "Missiv")


def svarsmall() -> bytes:
    d = _fresh("Svar på remiss")
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    _para(d, "Svar på remiss: {{ titel }}", "Heading 1")
    _para(d, "Remissinstans: {{ mottagare }}", bold=True)
    _para(
        d, "{{ dnr }} · sista svarsdag {{ sista_svarsdag }} · svaret skickas till {{ registrator }}"
    )
    _para(
        d,
        "Välj i kolumnen Ställningstagande ett av alternativen tillstyrker, avstyrker, "
        "synpunkter eller ingen erinran. Lägg gärna till rader om ni vill kommentera något mer. "
        "Ändra inte i kolumnen Avsnitt.",
    )
    _para(d, "{%p for dok in dokument %}")
    _para(d, "{{ dok.titel }} ({{ dok.dnr }})", "Heading 2")
    table = d.add_table(rows=4, cols=5)
    table.style = d.styles["Table Grid"]
    table.autofit = False
    # 24.7 cm: the landscape page within the base template's margins. Wide enough that no
    # heading breaks inside a word ("Ställningstagande" is the longest).
    widths = (Cm(3.6), Cm(6.0), Cm(4.4), Cm(5.4), Cm(5.3))
    headers = (
        "Avsnitt",
        "Ändring (utdrag)",
        "Ställningstagande",
        "Kommentar",
        "Förslag till lydelse",
    )
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        _cell(table, 0, col, header, bold=True)
        table.columns[col].width = width
        for row in range(4):
            table.cell(row, col).width = width
    _cell(table, 1, 0, "{%tr for rad in dok.rader %}")
    _cell(table, 2, 0, "{{ rad.avsnitt }}", bold=True)
    table.cell(2, 0).add_paragraph("{{ rad.rubrik }}")
    table.cell(2, 0).add_paragraph().add_run("{{ rad.status }}").italic = True
    _cell(table, 2, 1, "{{ rad.utdrag }}")
    _cell(table, 3, 0, "{%tr endfor %}")
    _para(d, "{%p endfor %}")
    _para(d, "Uppgifter om svaret", "Heading 2")
    details = d.add_table(rows=len(DETAILS), cols=2)
    details.style = d.styles["Table Grid"]
    details.autofit = False
    for row, (label, hint) in enumerate(DETAILS):
        for col, width in enumerate((Cm(8.7), Cm(16.0))):
            details.columns[col].width = width
            details.cell(row, col).width = width
        _cell(details, row, 0, label, bold=True)
        if hint:
            table_cell = details.cell(row, 0)
            table_cell.paragraphs[0].add_run(hint)
    # The general box stays the last table, where scripts written for earlier forms look.
    _para(d, "Allmänna synpunkter", "Heading 2")
    general = d.add_table(rows=1, cols=1)
    general.style = d.styles["Table Grid"]
    general.autofit = False
    general.columns[0].width = Cm(24.7)
    general.cell(0, 0).width = Cm(24.7)
    _cell(general, 0, 0, "")
    general.rows[0].height = Cm(4)
    return _save(d, "Svarsmall")


def _save(document: Document, title: str) -> bytes:  # type: ignore[valid-type]
    import io

    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return finalise(buffer.getvalue(), PackageInfo(title=title, author="styrdok", date=None))


def main() -> None:
    (TEMPLATES / "missiv.docx").write_bytes(missiv())
    (TEMPLATES / "svarsmall.docx").write_bytes(svarsmall())
    print("Skrev templates/missiv.docx och templates/svarsmall.docx")


if __name__ == "__main__":
    main()
