"""Word → model: headings, lists, tracked changes, fields, tables and front matter."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import zipfile
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, given, settings

from styrdok.core.errors import StyrdokError
from styrdok.core.templating import find_template
from styrdok.store.settings import Settings
from styrdok.text.markdown import normalise, parse
from styrdok.text.model import Block, Document, Heading, Metadata, Section
from styrdok.word import package as docx_package
from styrdok.word.package import encode_front_matter, set_custom_properties
from styrdok.word.read import custom_properties, read_docx
from tests.libreoffice import LibreOffice
from tests.test_markdown_io import documents

W = nsdecls("w")
DATE = 'w:author="Kommunen" w:date="2024-05-09T10:00:00Z"'
META = {"titel": "Förbundsordning", "gäller från": dt.date(2024, 5, 9), "anmärkning": "x" * 400}


def save(doc: WordDocument) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def element(xml: str) -> Any:
    """Return the element written as ``xml``, declaring the w: prefix on its first tag."""
    return parse_xml(re.sub(r"^<([\w:]+)", rf"<\1 {W}", xml, count=1))


def add_xml(doc: WordDocument, *elements: str) -> None:
    """Append body elements (``w:p``, ``w:sdt``) written as XML before the section properties."""
    for xml in elements:
        doc.element.body.sectPr.addprevious(element(xml))


def para(inner: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{inner}</w:p>"


def run(text: str, tag: str = "t") -> str:
    return f'<w:r><w:{tag} xml:space="preserve">{escape(text)}</w:{tag}></w:r>'


def add_style(doc: WordDocument, xml: str) -> None:
    doc.styles.element.append(element(xml))


def test_headings_paragraphs_and_preamble_make_the_tree() -> None:
    doc = docx.Document()
    doc.add_paragraph("Före rubriken.")
    doc.add_heading("Förbundsordning", 1)
    doc.add_paragraph("Inledning\u00a0med  mellanrum.")
    doc.add_paragraph("")
    doc.add_heading("1 kap. Allmänt", 2)
    doc.add_heading("1 § Namn", 3)
    doc.add_paragraph("Förbundets namn är Itsam.")
    doc.add_heading("2 kap. Mål", 2)
    doc.sections[0].header.paragraphs[0].text = "Sidhuvud"
    comment_on = doc.add_paragraph("Kommenterad.")
    doc.add_comment(comment_on.runs, text="En kommentar", author="Kommunen")
    assert read_docx(save(doc)) == parse(
        "Före rubriken.\n# Förbundsordning\nInledning med mellanrum.\n## 1 kap. Allmänt\n"
        "### 1 § Namn\nFörbundets namn är Itsam.\n## 2 kap. Mål\nKommenterad.\n"
    )


_STYLES = [
    '<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/></w:style>',
    '<w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="Rubrik 2"/>'
    '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="Egen"><w:name w:val="Egen rubrik"/>'
    '<w:basedOn w:val="Rubrik2"/></w:style>',
    '<w:style w:type="paragraph" w:styleId="Innehall"><w:name w:val="TOC Heading"/>'
    '<w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="Heading8"><w:name w:val="heading 8"/></w:style>',
]


@pytest.mark.parametrize(
    ("ppr", "level"),
    [
        ('<w:pStyle w:val="Heading2"/>', 2),
        ('<w:pStyle w:val="Rubrik1"/>', 1),  # Swedish Word: id Rubrik1, built-in name
        ('<w:pStyle w:val="Rubrik2"/>', 2),  # outline level in the style
        ('<w:pStyle w:val="Egen"/>', 2),  # outline level through w:basedOn
        ('<w:pStyle w:val="Innehall"/>', None),  # outline level 9 overrides Heading 1
        ('<w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/>', None),
        ('<w:outlineLvl w:val="2"/>', 3),  # outline level on the paragraph
        ('<w:pStyle w:val="Heading8"/>', 6),
        ('<w:pStyle w:val="Okänd"/>', None),
    ],
)
def test_headings_are_found_by_outline_level_or_built_in_style(ppr: str, level: int | None) -> None:
    doc = docx.Document()
    for style in _STYLES:
        add_style(doc, style)
    add_xml(doc, para(run("Rubrik"), ppr))
    expected = (
        Document(preamble=[Block("paragraph", "Rubrik")])
        if level is None
        else Document(sections=[Section(Heading(level, "Rubrik"))])
    )
    assert read_docx(save(doc)) == expected


def test_title_before_the_first_heading_is_a_level_1_heading() -> None:
    doc = docx.Document()
    doc.add_heading("Förbundsordning", 0)  # the Title style
    doc.add_heading("1 kap. Allmänt", 2)
    doc.add_heading("Sen titel", 0)
    assert read_docx(save(doc)) == parse("# Förbundsordning\n## 1 kap. Allmänt\nSen titel\n")


def _numbering(doc: WordDocument) -> None:
    numbering = doc.part.numbering_part.element
    formats = ["bullet", "decimal", "lowerLetter", "none"]
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:numFmt w:val="{fmt}"/>'
        + ('<w:pStyle w:val="Punkt3"/>' if i == 2 else "")
        + "</w:lvl>"
        for i, fmt in enumerate(formats)
    )
    abstracts = [
        f'<w:abstractNum w:abstractNumId="90">{levels}</w:abstractNum>',
        '<w:abstractNum w:abstractNumId="91"><w:numStyleLink w:val="Punktlista"/></w:abstractNum>',
    ]
    override = '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl>'
    nums = [(90, 90, ""), (91, 90, override + "</w:lvlOverride>"), (92, 91, "")]
    for xml in abstracts:
        numbering.insert(0, element(xml))
    for num_id, abstract, extra in nums:
        numbering.append(
            element(
                f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{extra}</w:num>'
            )
        )
    add_style(
        doc,
        '<w:style w:type="numbering" w:styleId="Punktlista"><w:name w:val="Punktlista"/>'
        '<w:pPr><w:numPr><w:numId w:val="90"/></w:numPr></w:pPr></w:style>',
    )
    add_style(
        doc,
        '<w:style w:type="paragraph" w:styleId="Punkt3"><w:name w:val="Punkt 3"/>'
        '<w:pPr><w:numPr><w:numId w:val="90"/></w:numPr></w:pPr></w:style>',
    )


def num(num_id: int, ilvl: int | None = None) -> str:
    level = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    return f'<w:numPr>{level}<w:numId w:val="{num_id}"/></w:numPr>'


def test_list_items_from_styles_and_numbering() -> None:
    doc = docx.Document()
    _numbering(doc)
    doc.add_paragraph("a", style="List Bullet")
    doc.add_paragraph("b", style="List Bullet 2")
    doc.add_paragraph("c", style="List Number")
    doc.add_paragraph("d", style="List Number 2")
    add_xml(
        doc,
        para(run("e"), num(90, 0)),
        para(run("f"), num(90, 1)),
        para(run("g"), num(90, 2)),
        para(run("h"), num(90, 3)),  # numFmt none: nothing shows, a paragraph
        para(run("i"), num(91, 0)),  # level overridden to decimal
        para(run("j"), num(92, 1)),  # through w:numStyleLink
        para(run("k"), '<w:pStyle w:val="ListBullet"/>' + num(0)),  # numId 0: no list
        para(run("l"), num(999, 0)),  # unknown numbering
        para(run("m"), '<w:pStyle w:val="Punkt3"/>'),  # level linked to the style
    )
    assert read_docx(save(doc)).preamble == [
        Block("bullet", "a"),
        Block("bullet", "b"),  # indented, but level 0 of its own list, as LibreOffice has it
        Block("ordered", "c"),
        Block("ordered", "d"),
        Block("bullet", "e"),
        Block("ordered", "f", 1),
        Block("ordered", "g", 2),
        Block("paragraph", "h"),
        Block("ordered", "i"),
        Block("ordered", "j", 1),
        Block("paragraph", "k"),
        Block("paragraph", "l"),
        Block("ordered", "m", 2),
    ]


def test_text_of_runs_tabs_breaks_hyphens_and_wrappers() -> None:
    doc = docx.Document()
    add_xml(
        doc,
        para(
            run("Se") + "<w:r><w:tab/><w:t>a</w:t><w:br/><w:t>b</w:t><w:noBreakHyphen/><w:t>c</w:t>"
            '<w:sym w:font="Wingdings" w:char="F0E0"/><w:softHyphen/><w:t>d</w:t></w:r>'
            + f'<w:hyperlink w:anchor="x">{run(" länk")}</w:hyperlink>'
            + f'<w:smartTag w:uri="u" w:element="e">{run(" tagg")}</w:smartTag>'
            + '<w:r><w:footnoteReference w:id="1"/></w:r>'
        ),
    )
    assert read_docx(save(doc)).preamble == [Block("paragraph", "Se a b-cd länk tagg")]


def _field(instruction: str, result: str) -> str:
    """Return the runs of a complex field."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + run(instruction, "instrText")
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + result
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def test_fields_give_their_result() -> None:
    doc = docx.Document()
    begin, separate, end = (
        f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>' for kind in ("begin", "separate", "end")
    )
    add_xml(
        doc,
        para(run("Se ") + _field(" REF _Ref1 \\h ", run("3 §")) + run(" nedan.")),
        para(  # a field inside another field's instruction
            begin
            + run("IF ", "instrText")
            + _field("PAGE", run("1"))
            + run(' = 1 "ja" "nej"', "instrText")
            + separate
            + run("ja")
            + end
        ),
        para(run("Sida ") + f'<w:fldSimple w:instr=" PAGE ">{run("4")}</w:fldSimple>'),
        para(begin + run(" TOC \\o ", "instrText")),  # a field over three paragraphs
        para(separate + run("Innehåll")),
        para(run("Slut") + end),
    )
    assert read_docx(save(doc)).preamble == [
        Block("paragraph", "Se 3 § nedan."),
        Block("paragraph", "ja"),
        Block("paragraph", "Sida 4"),
        Block("paragraph", "Innehåll"),
        Block("paragraph", "Slut"),
    ]


def _tracked() -> bytes:
    doc = docx.Document()
    doc.add_heading("Avtal", 1)
    mark_del = f'<w:rPr><w:del w:id="10" {DATE}/></w:rPr>'
    mark_ins = f'<w:rPr><w:ins w:id="11" {DATE}/></w:rPr>'
    add_xml(
        doc,
        para(
            run("Förbundet ")
            + f'<w:del w:id="1" {DATE}>{run("ska", "delText")}</w:del>'
            + f'<w:ins w:id="2" {DATE}>{run("får")}</w:ins>'
            + run(" besluta.")
        ),
        para(run("Första delen "), mark_del),
        para(run("och andra.")),
        para(run("Befintlig."), mark_ins),
        para(f'<w:ins w:id="3" {DATE}>{run("Ny mening.")}</w:ins>'),
        para(run("A. ") + f'<w:moveFrom w:id="4" {DATE}>{run("Flyttad.")}</w:moveFrom>'),
        para(run("B. ") + f'<w:moveTo w:id="5" {DATE}>{run("Flyttad.")}</w:moveTo>'),
        para(
            f'<w:del w:id="6" {DATE}>{run("Gammal rubrik", "delText")}</w:del>',
            '<w:pStyle w:val="Heading2"/>' + mark_del,
        ),
        para(run("Text under.")),
        para(
            run("Ändrad"),
            f'<w:pStyle w:val="Heading2"/><w:pPrChange w:id="7" {DATE}><w:pPr/></w:pPrChange>',
        ),
    )
    return save(doc)


@pytest.mark.parametrize(
    ("view", "markdown"),
    [
        (
            "accepted",
            "# Avtal\nFörbundet får besluta.\n\nFörsta delen och andra.\n\nBefintlig.\n\n"
            "Ny mening.\n\nA.\n\nB. Flyttad.\n\nText under.\n## Ändrad\n",
        ),
        (
            "original",
            "# Avtal\nFörbundet ska besluta.\n\nFörsta delen\n\noch andra.\n\nBefintlig.\n\n"
            "A. Flyttad.\n\nB.\n## Gammal rubrik\nText under.\n\nÄndrad\n",
        ),
    ],
)
def test_tracked_changes(view: Literal["accepted", "original"], markdown: str) -> None:
    assert read_docx(_tracked(), view) == parse(markdown)


def test_tables_and_content_controls_keep_their_text() -> None:
    doc = docx.Document()
    doc.add_paragraph("Före.")
    table = doc.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Kommun", "Svar", "Åtvidaberg", "Ja."], strict=True):
        cell.text = text
    table.cell(1, 1).add_paragraph("Med villkor.")
    table.cell(1, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Inre."
    add_xml(
        doc,
        f"<w:sdt><w:sdtPr><w:tag w:val='svar'/></w:sdtPr><w:sdtContent>{para(run('I kontroll.'))}"
        "</w:sdtContent></w:sdt>",
        para(
            run("Namn: ")
            + f"<w:sdt><w:sdtContent>{run('Kommunen')}</w:sdtContent></w:sdt>"
            + "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr>"
            + f"<w:sdtContent>{run(' Klicka här.')}</w:sdtContent></w:sdt>"
        ),
    )
    doc.add_paragraph("Efter.")
    texts = ["Före.", "Kommun", "Svar", "Åtvidaberg", "Ja.", "Med villkor.", "Inre."]
    texts += ["I kontroll.", "Namn: Kommunen", "Efter."]
    assert read_docx(save(doc)).preamble == [Block("paragraph", t) for t in texts]


def test_front_matter_and_custom_properties(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_heading("Förbundsordning", 1)
    values = {"titel": "Förbundsordning", "gäller från": dt.date(2019, 7, 1), "n": [1, "å" * 600]}
    front = encode_front_matter(values)  # longer than 255 characters: stored in pieces
    data = set_custom_properties(
        save(doc), {"styrdok.frontmatter": front, "styrdok.runda": "remiss-2024"}
    )
    assert read_docx(data).meta == Metadata(values)
    path = tmp_path / "svar.docx"
    path.write_bytes(data)
    assert custom_properties(path) == {"styrdok.frontmatter": front, "styrdok.runda": "remiss-2024"}
    assert custom_properties(data) == docx_package.custom_properties(data)
    assert custom_properties(save(docx.Document())) == {}
    assert read_docx(save(docx.Document())).meta == Metadata()


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return out.getvalue()


_BODY = f"<w:document {W}><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>"
_XXE = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    f"<w:document {W}><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"inte en zip", "filen är inte ett Word-dokument (docx)"),
        (_zip({"word/document.xml": _XXE}), "word/document.xml innehåller en DOCTYPE"),
        (_zip({"word/document.xml": "<w:document"}), "word/document.xml är inte giltig XML"),
        (_zip({"a.xml": _BODY}), "word/document.xml saknas eller är inte ett Word-dokument"),
        (
            _zip({"word/document.xml": _BODY.replace("wordprocessingml/2006", "x")}),
            "word/document.xml saknas eller är inte ett Word-dokument",
        ),
    ],
)
def test_unreadable_files(data: bytes, message: str) -> None:
    with pytest.raises(StyrdokError) as info:
        read_docx(data)
    assert str(info.value) == f"Word-filen kan inte läsas: {message}"


def test_minimal_package_without_relationships_or_styles() -> None:
    assert read_docx(_zip({"word/document.xml": _BODY})).preamble == [Block("paragraph", "x")]


@pytest.mark.parametrize(
    "value", ["{inte json", "[1]", '{"a": {"$date": "snart"}}', '{"a": {"$map": 1}}']
)
def test_bad_front_matter_property(value: str) -> None:
    data = set_custom_properties(save(docx.Document()), {"styrdok.frontmatter": value})
    with pytest.raises(StyrdokError) as info:
        read_docx(data)
    assert str(info.value) == (
        "Word-filen kan inte läsas: egenskapen styrdok.frontmatter är ingen giltig front matter"
    )


def test_unknown_view_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="'godkänd'"):
        read_docx(save(docx.Document()), view="godkänd")  # type: ignore[arg-type]


def texts(doc: Document) -> list[str]:
    """Return headings and blocks in reading order."""
    walked = [[s.heading.text] + [b.text for b in s.blocks] for s, _ in doc.walk()]
    return [b.text for b in doc.preamble] + [text for part in walked for text in part]


@pytest.mark.parametrize("view", ["accepted", "original"])
def test_tracked_changes_read_as_libreoffice_resolves_them(
    libreoffice: LibreOffice,
    tmp_path: Path,
    view: Literal["accepted", "original"],
) -> None:
    path = tmp_path / "spårade.docx"
    path.write_bytes(_tracked())
    shown = libreoffice.accept_all(path) if view == "accepted" else libreoffice.reject_all(path)
    assert texts(read_docx(path.read_bytes(), view)) == [
        normalise(t) for t in shown.texts if normalise(t)
    ]


def test_a_file_saved_by_libreoffice_reads_the_same(
    libreoffice: LibreOffice,
    tmp_path: Path,
) -> None:
    doc = docx.Document()
    _numbering(doc)
    doc.add_heading("Förbundsordning", 0)
    doc.add_paragraph("Inledning.")
    doc.add_heading("1 kap. Allmänt", 2)
    for text, style in [("a", "List Bullet"), ("b", "List Bullet 2"), ("c", "List Number")]:
        doc.add_paragraph(text, style=style)
    add_xml(doc, para(run("d"), num(90, 1)), para(run("e"), num(90, 2)))
    doc.add_heading("1 § Namn", 3)
    doc.add_table(rows=1, cols=2).cell(0, 1).text = "Svar"
    data = set_custom_properties(save(doc), {"styrdok.frontmatter": encode_front_matter(META)})
    (tmp_path / "in.docx").write_bytes(data)
    saved = libreoffice.save_as_docx(tmp_path / "in.docx", tmp_path / "ut.docx")
    assert read_docx(saved.read_bytes()) == read_docx(data)
    assert read_docx(data).meta == Metadata(META)


# --- round trip through the writer: read_docx(document_docx(doc)) == doc -------------

_HAS_WRITER = importlib.util.find_spec("styrdok.word.clean") is not None
needs_writer = pytest.mark.skipif(
    not _HAS_WRITER, reason="styrdok.word.clean (document_docx) finns inte ännu"
)


def _write(doc: Document) -> bytes:
    from styrdok.word.clean import TEMPLATE, document_docx

    template = find_template(TEMPLATE, None)
    return document_docx(doc, Settings.default(), "remiss 2024", dt.date(2024, 5, 9), template)


_MARKDOWN = [
    "Inledning före rubriken.\n\n- punkt\n- punkt två\n\n# Förbundsordning\n\nText.\n",
    "---\ntitel: Reglemente\nstatus: förslag\ngäller från: 2024-05-09\n---\n"
    "# Reglemente\n\n## 1 kap. Allmänt\n\n### 1 § Namn\n\n1. ett\n2. två\n    - under\n"
    "        1. djupare\n3. tre\n\nEfter listan.\n\n## 2 kap. Mål\n\n###### Sjätte nivån\n",
    "## Börjar på nivå två\n\n* stjärna\n+ plus\n\n1) parentes\n\n#### Hoppar till fyra\n\n"
    "\\- inte en punkt\n\n- 0\n    - 1\n        - 2\n            1. 3\n                - 4\n",
]


@needs_writer
@pytest.mark.parametrize("text", _MARKDOWN)
def test_markdown_to_docx_to_model(text: str) -> None:
    doc = parse(text)
    assert read_docx(_write(doc)) == doc


@needs_writer
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_round_trip_of_any_model(doc: Document) -> None:
    assert read_docx(_write(doc)) == doc


@needs_writer
def test_round_trip_survives_libreoffice_open_and_save(
    libreoffice: LibreOffice,
    tmp_path: Path,
) -> None:
    doc = parse(_MARKDOWN[1] + "\n" + _MARKDOWN[0])
    (tmp_path / "ut.docx").write_bytes(_write(doc))
    saved = libreoffice.save_as_docx(tmp_path / "ut.docx", tmp_path / "sparad.docx")
    assert read_docx(saved.read_bytes()) == doc
