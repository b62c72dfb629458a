"""WordprocessingML written as text (styrdok.word.xmltext) is what python-docx writes for the
same calls, so that a report moved from python-docx's API to it keeps its bytes."""

from __future__ import annotations

from typing import Any

import docx
import pytest
from docx.shared import Cm, Pt
from lxml import etree

from styrdok.word.base import clear_body
from styrdok.word.table import repeat_header, set_caption
from styrdok.word.xmltext import (
    BodyText,
    cell,
    paragraph,
    row,
    run,
    run_properties,
    table,
    twips,
)

TEXTS = ["", "ord", " inledande blanksteg", "a\tb", "rad ett\nrad två", '<&> "citat"', "x\r"]
PROPERTIES = [
    {},
    {"bold": True},
    {"italic": True},
    {"bold": True, "underline": True},
    {"strike": True},
    {"size": 9},
    {"bold": True, "italic": True, "size": 10},
    {"size": 7, "font": "Consolas"},
]


def _body(document: Any) -> bytes:
    return bytes(etree.tostring(document.element.body))


def _python_docx_run(paragraph_: Any, text: str, props: dict[str, Any]) -> None:
    r = paragraph_.add_run(text)
    if props.get("font"):
        r.font.name = props["font"]
    for name in ("bold", "italic"):
        if props.get(name):
            setattr(r, name, True)
    if props.get("strike"):
        r.font.strike = True
    if props.get("size"):
        r.font.size = Pt(props["size"])
    if props.get("underline"):
        r.underline = True


@pytest.mark.parametrize("props", PROPERTIES)
@pytest.mark.parametrize("text", TEXTS)
def test_a_run_is_written_as_python_docx_writes_it(text: str, props: dict[str, Any]) -> None:
    expected = docx.Document()
    clear_body(expected)
    _python_docx_run(expected.add_paragraph(), text, props)
    ours = docx.Document()
    clear_body(ours)
    body = BodyText(ours)
    body.add(paragraph(run(text, run_properties(**props))))
    body.flush()
    assert _body(ours) == _body(expected)


@pytest.mark.parametrize("text", ["", "Rubrik"])
def test_a_paragraph_in_a_style_is_written_as_python_docx_writes_it(text: str) -> None:
    expected = docx.Document()
    clear_body(expected)
    expected.add_paragraph(text, style="Heading 2")
    expected.add_paragraph(text)
    ours = docx.Document()
    clear_body(ours)
    body = BodyText(ours)
    style = ours.styles["Heading 2"].style_id
    body.add(paragraph(run(text) if text else "", style))
    body.add(paragraph(run(text) if text else ""))
    body.flush()
    assert _body(ours) == _body(expected)


def test_a_table_is_written_as_python_docx_writes_it_and_stays_in_order() -> None:
    widths, texts = (3.2, 4.85), [("Avsnitt", "Ydre kommun"), ("3 §", "avstyrker")]
    expected = docx.Document()
    clear_body(expected)
    made = expected.add_table(rows=1, cols=2)
    made.style = expected.styles["Table Grid"]
    made.autofit = False
    set_caption(made, "Tabell & text")
    for column, width in zip(made.columns, widths, strict=True):
        column.width = Cm(width)
    for n, cells in enumerate(texts):
        new = made.rows[0] if n == 0 else made.add_row()
        for c, text, width in zip(new.cells, cells, widths, strict=True):
            c.width = Cm(width)
            c.paragraphs[0].add_run(text).bold = True
    repeat_header(made.rows[0])
    expected.add_paragraph("Efter tabellen")

    ours = docx.Document()
    clear_body(ours)
    body = BodyText(ours)
    wide = [twips(w) for w in widths]
    bold = run_properties(bold=True)
    rows = [
        row([cell(w, run(t, bold)) for w, t in zip(wide, cells, strict=True)], header=n == 0)
        for n, cells in enumerate(texts)
    ]
    style = ours.styles["Table Grid"].style_id
    body.add_table(table(wide, style, "Tabell & text"), rows)
    body.add(paragraph(run("Efter tabellen")))
    body.flush()
    assert _body(ours) == _body(expected)
    assert ours.tables[0].rows[1].cells[1].text == "avstyrker"
