"""Received files: every hostile or unwanted kind is refused with one Swedish line."""

from __future__ import annotations

import logging
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from styrdok.answers.intake import (
    MB,
    Checked,
    Limits,
    RefusedFile,
    inspect,
    read_received,
    safe_xml_parser,
)
from styrdok.core.errors import StyrdokError
from styrdok.text.model import Document
from styrdok.word.read import read_docx
from tests import hostile_files as h
from tests.libreoffice import LibreOffice

SAVE_AS = "be avsändaren spara som .docx eller PDF"
SEND_AS = "be avsändaren skicka svaret som .docx eller PDF"
NOT_WORD = f"inte ett Word-dokument eller en PDF; {SEND_AS}"
BROKEN_ZIP = "filen är skadad (ofullständig eller felaktig zip); be avsändaren skicka filen igen"
PLAIN_DOCX = "be avsändaren spara som vanligt Word-dokument (.docx)"
RESAVE = "be avsändaren spara dokumentet på nytt i Word"
DOCTYPE = "delen word/document.xml innehåller en DOCTYPE eller entitet (tillåts inte i Word-filer)"
ENCODING = "delen word/document.xml har en otillåten teckenkodning"
BOMB = "(möjlig zip-bomb)"
NO_PASSWORD = "lösenordsskyddad fil; be avsändaren skicka filen utan lösenord"
PDF_PASSWORD = "lösenordsskyddad PDF; be avsändaren skicka filen utan lösenord eller annat skydd"


def with_name(name: str) -> bytes:
    return h.docx_with(extra=[h.packed(name, b"x")])


def without_document() -> bytes:
    return h.raw_zip([m for m in h.members_of(h.valid_docx()) if m.name != h.DOCUMENT])


def duplicate(second: str) -> bytes:
    return h.docx_with(extra=[h.packed(second, h.document_xml().encode())])


def content_types(old: bytes, new: bytes) -> bytes:
    return h.docx_with({h.CONTENT_TYPES: h.part(h.CONTENT_TYPES).replace(old, new, 1)})


def svg_with_doctype() -> bytes:
    svg = b'<Default Extension="svg" ContentType="image/svg+xml"/><Default '
    types = h.part(h.CONTENT_TYPES).replace(b"<Default ", svg, 1)
    return h.docx_with({h.CONTENT_TYPES: types, "word/media/ikon.svg": OLD_XML.encode()})


def utf16(xml: str, encoding: str, bom: bytes) -> bytes:
    return h.encoded_docx(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), encoding, bom)


PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOTM = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
OLD_XML = h.document_xml(h.XXE)

ZIP_NAME = "otillåtet namn i zip-paketet"
DUPLICATE = "dubbla namn i zip-paketet"
MACROS = f"innehåller makron; {PLAIN_DOCX}"
EXCEL = f"kalkylblad (Excel) tas inte emot; {SEND_AS}"
DOC = f"äldre Word-format (.doc) tas inte emot; {SAVE_AS}"
DOC_PASSWORD = (
    "lösenordsskyddad fil i äldre Word-format (.doc); "
    "be avsändaren skicka filen utan lösenord som .docx eller PDF"
)
BROKEN_PDF = "filen är skadad (PDF-filen kan inte läsas); be avsändaren skicka filen igen"
NO_PAGES = "PDF-filen har inga sidor; be avsändaren skicka filen igen"
TOO_LARGE = "filen är för stor (60 MB; högst 50 MB); be avsändaren skicka en mindre fil"
TOTAL = f"uppackad storlek 300,8 MB överstiger gränsen 200 MB {BOMB}"
RATIO = f"komprimeringsgraden för delen word/media/image1.png överstiger 100:1 {BOMB}"
NOT_XML = f"delen [Content_Types].xml är inte giltig XML; {RESAVE}"
BZIP2 = f"okänd komprimering i zip-paketet (word/document.xml); {RESAVE}"
ODD_PART = "delen word/extra.dat innehåller en DOCTYPE eller entitet (tillåts inte i Word-filer)"
TYPES_DOCTYPE = (
    "delen [Content_Types].xml innehåller en DOCTYPE eller entitet (tillåts inte i Word-filer)"
)
DOTX_REFUSED = f"Word-mall (.dotx) tas inte emot; {PLAIN_DOCX}"
DOTM_REFUSED = f"Word-mall med makron (.dotm) tas inte emot; {PLAIN_DOCX}"
PPTX_REFUSED = f"presentation (PowerPoint) tas inte emot; {SEND_AS}"
LATIN_1 = h.document_xml().replace("UTF-8", "ISO-8859-1")
DTD = h.XXE.encode()

CASES: list[tuple[str, Callable[[], bytes], str]] = [
    # zip bombs and zip structure
    ("zip bomb", h.zip_bomb, TOTAL),
    ("member longer than stated", h.lying_zip_bomb, BROKEN_ZIP),
    ("ratio", h.ratio_bomb, RATIO),
    ("too many entries", h.too_many_entries, f"fler än 2000 delar i zip-paketet {BOMB}"),
    ("truncated zip", lambda: h.valid_docx()[: len(h.valid_docx()) // 2], BROKEN_ZIP),
    ("zip slip", lambda: with_name("../../etc/x"), f"{ZIP_NAME} (../../etc/x)"),
    ("absolute name", lambda: with_name("/etc/x"), f"{ZIP_NAME} (/etc/x)"),
    ("backslash", lambda: with_name("word\\..\\..\\x"), f"{ZIP_NAME} (word\\..\\..\\x)"),
    ("drive letter", lambda: with_name("C:/x"), f"{ZIP_NAME} (C:/x)"),
    ("NUL in name", lambda: with_name("word/a.xml\x00.exe"), f"{ZIP_NAME} (word/a.xml?.exe)"),
    ("duplicate", lambda: duplicate(h.DOCUMENT), f"{DUPLICATE} (word/document.xml)"),
    (
        "duplicate by case",
        lambda: duplicate("WORD/Document.xml"),
        f"{DUPLICATE} (WORD/Document.xml)",
    ),
    ("encrypted member", lambda: h.docx_with(flags=1), NO_PASSWORD),
    ("bzip2 member", h.bzip2_docx, BZIP2),
    # content types
    ("docm", h.docm, MACROS),
    ("vbaProject in a docx", lambda: h.docx_with({"word/vbaProject.bin": b"\xcc" * 64}), MACROS),
    ("dotx", lambda: h.with_main_type(DOTX), DOTX_REFUSED),
    ("dotm", lambda: h.with_main_type(DOTM), DOTM_REFUSED),
    ("xlsx renamed .docx", h.xlsx, EXCEL),
    ("xlsm", lambda: h.with_main_type(XLSM), EXCEL),
    ("pptx", lambda: h.with_main_type(PPTX), PPTX_REFUSED),
    ("odt", h.odt, f"OpenDocument-text (.odt) tas inte emot; {SAVE_AS}"),
    (
        "zip of a text file",
        lambda: h.raw_zip([h.packed("svar.txt", b"Inga synpunkter.")]),
        NOT_WORD,
    ),
    ("main part missing", without_document, NOT_WORD),
    ("content types not XML", lambda: h.docx_with({h.CONTENT_TYPES: b"<Types"}), NOT_XML),
    # XML
    ("external entity", h.xxe_docx, DOCTYPE),
    ("entity expansion", h.billion_laughs_docx, DOCTYPE),
    ("DOCTYPE across chunks", h.doctype_across_chunks, DOCTYPE),
    ("DOCTYPE in UTF-16", lambda: utf16(OLD_XML, "utf-16-le", b"\xff\xfe"), DOCTYPE),
    ("DOCTYPE in UTF-16BE, no BOM", lambda: utf16(OLD_XML, "utf-16-be", b""), DOCTYPE),
    ("DOCTYPE in a part typed XML", h.doctype_in_odd_part, ODD_PART),
    ("DOCTYPE in content types", lambda: content_types(b"<Types", DTD + b"<Types"), TYPES_DOCTYPE),
    ("UTF-7", lambda: h.encoded_docx(OLD_XML.replace("UTF-8", "UTF-7"), "utf-7"), ENCODING),
    ("UTF-32", lambda: h.encoded_docx(OLD_XML, "utf-32-le"), ENCODING),
    ("EBCDIC", lambda: h.encoded_docx(OLD_XML.replace("UTF-8", "IBM037"), "cp037"), ENCODING),
    ("Latin-1 declared", lambda: h.encoded_docx(LATIN_1, "latin-1"), ENCODING),
    # compound files
    ("encrypted docx", h.encrypted_docx, NO_PASSWORD),
    ("doc", h.legacy_doc, DOC),
    ("encrypted doc", lambda: h.legacy_doc(encrypted=True), DOC_PASSWORD),
    ("xls", lambda: h.compound_file({"Workbook": b"\x09\x08"}), NOT_WORD),
    # PDF
    ("encrypted PDF", h.encrypted_pdf, PDF_PASSWORD),
    ("PDF with owner password only", lambda: h.encrypted_pdf(""), PDF_PASSWORD),
    ("PDF without pages", lambda: h.text_pdf(b"[]", 0), NO_PAGES),
    ("truncated PDF", lambda: h.text_pdf()[:-60], BROKEN_PDF),
    # other
    ("renamed text file", lambda: b"Vi har inga synpunkter.\n", NOT_WORD),
    ("HTML", lambda: b"<!DOCTYPE html><html><body>Svar</body></html>", NOT_WORD),
    ("PNG", lambda: b"\x89PNG\r\n\x1a\n" + bytes(100), NOT_WORD),
    ("empty", lambda: b"", NOT_WORD),
    ("RTF", lambda: b"{\\rtf1\\ansi Svar}", f"RTF-filer tas inte emot; {SAVE_AS}"),
    ("too large", lambda: b"%PDF-" + bytes(60 * MB), TOO_LARGE),
]


@pytest.mark.parametrize(("build", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused(build: Callable[[], bytes], message: str) -> None:
    with pytest.raises(RefusedFile) as refused:
        inspect(build(), "svar.docx")  # the content decides, not the name
    assert str(refused.value) == f"svar.docx: {message}"
    assert isinstance(refused.value, StyrdokError)


def test_the_message_shows_the_file_name_only_and_on_one_line() -> None:
    with pytest.raises(RefusedFile, match=r"^sv\?ar\.docx: inte ett Word-dokument eller en PDF;"):
        inspect(b"text", "../inkorg/sv\nar.docx")
    with pytest.raises(RefusedFile, match=r"^svar\.docx: otillåtet namn i zip-paketet \(\?\[31m"):
        inspect(with_name("\x1b[31m/../x"), "C:\\Temp\\svar.docx")


@pytest.mark.parametrize(
    ("build", "kind"),
    [
        (h.valid_docx, "docx"),
        (h.text_pdf, "pdf"),
        (lambda: utf16(h.document_xml(), "utf-16-le", b"\xff\xfe"), "docx"),
        (svg_with_doctype, "docx"),
    ],
    ids=["docx", "pdf", "UTF-16 part", "SVG image with a DOCTYPE (not parsed)"],
)
def test_accepted(build: Callable[[], bytes], kind: Literal["docx", "pdf"]) -> None:
    assert inspect(build(), "svar.pdf") == Checked("svar.pdf", kind)  # by content, not name


def test_pypdf_notes_on_a_sloppy_pdf_stay_quiet(caplog: pytest.LogCaptureFixture) -> None:
    data = h.text_pdf()
    sloppy = data[: data.rindex(b"startxref")] + b"startxref\n9\n%%EOF\n"  # pypdf repairs it
    with caplog.at_level(logging.DEBUG):
        assert inspect(sloppy, "svar.pdf").kind == "pdf"
    assert [record for record in caplog.records if record.name.startswith("pypdf")] == []


def test_accepted_utf16_document_reads() -> None:
    data = utf16(h.document_xml(text="Tillstyrker"), "utf-16-le", b"\xff\xfe")
    inspect(data, "svar.docx")
    assert read_docx(data).preamble[0].text == "Tillstyrker"


def test_files_from_libreoffice_are_accepted(libreoffice: LibreOffice, tmp_path: Path) -> None:
    source = tmp_path / "svar.docx"
    source.write_bytes(h.valid_docx())
    saved = libreoffice.save_as_docx(source, tmp_path / "sparad.docx")
    exported = libreoffice.convert_pdf(source, tmp_path / "svar.pdf")
    assert inspect(saved.read_bytes(), saved.name).kind == "docx"
    assert inspect(exported.read_bytes(), exported.name).kind == "pdf"


@pytest.mark.parametrize("build", [h.zip_bomb, h.lying_zip_bomb], ids=["honest", "lying"])
def test_zip_bomb_is_refused_fast_without_unpacking(build: Callable[[], bytes]) -> None:
    data = build()
    assert len(data) < 400_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(RefusedFile):
            inspect(data, "svar.docx")
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * MB
    assert elapsed < 1.0


def test_safe_xml_parser_resolves_no_entities() -> None:
    root = etree.fromstring(h.document_xml(h.XXE, "&xxe;").encode(), safe_xml_parser())
    assert "".join(root.itertext()) == "&xxe;"
    try:
        root = etree.fromstring(h.document_xml(h.LAUGHS, "&lol9;").encode(), safe_xml_parser())
    except etree.XMLSyntaxError:
        return  # libxml2 refuses the amplification
    assert len(etree.tostring(root)) < 10_000


def test_zip_bomb_builder_makes_a_real_bomb() -> None:
    stream, crc = h.zeros_deflated(3)
    unpacked = zlib.decompress(stream, -15)
    assert unpacked == bytes(3 * MB) and zlib.crc32(unpacked) == crc


def test_xml_part_size_limit() -> None:
    big = h.document_xml(text="Synpunkt " * 200_000).encode()
    limits = Limits(max_xml_size=1 * MB, ratio_from=10 * MB)
    with pytest.raises(RefusedFile) as refused:
        inspect(h.docx_with({h.DOCUMENT: big}), "svar.docx", limits)
    assert (
        str(refused.value) == "svar.docx: delen word/document.xml är för stor (1,7 MB; högst 1 MB)"
    )


def test_read_received_stops_at_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "svar.pdf"
    path.write_bytes(h.text_pdf() + bytes(MB + MB // 2))
    with pytest.raises(RefusedFile) as refused:
        read_received(path, Limits(max_file_size=1 * MB))
    expected = (
        "svar.pdf: filen är för stor (1,5 MB; högst 1 MB); be avsändaren skicka en mindre fil"
    )
    assert str(refused.value) == expected
    assert read_received(path) == path.read_bytes()
    with pytest.raises(RefusedFile, match=r"^saknas\.pdf: kan inte läsas \("):
        read_received(tmp_path / "saknas.pdf")


# --- fuzzing ---------------------------------------------------------------------------------

POSITION = st.integers(min_value=0, max_value=1 << 20)
MUTATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("flip"), POSITION, st.integers(1, 255).map(lambda b: bytes([b]))),
        st.tuples(st.just("insert"), POSITION, st.binary(min_size=1, max_size=16)),
        st.tuples(st.just("delete"), POSITION, st.integers(1, 64).map(bytes)),
        st.tuples(st.just("truncate"), POSITION, st.just(b"")),
    ),
    min_size=1,
    max_size=8,
)
XML_TOKENS = st.sampled_from(
    [b"<w:p>", b"</w:p>", b"<w:tbl><w:tr><w:tc>", b"</w:tc></w:tr></w:tbl>", b"<w:r><w:t>",
     b"</w:t></w:r>", b'<w:pStyle w:val="Heading1"/>', b'<w:numPr><w:ilvl w:val="9"/>'
     b'<w:numId w:val="1"/></w:numPr>', b'<w:outlineLvl w:val="-3"/>', b"<w:del>", b"</w:del>",
     b'<w:fldChar w:fldCharType="begin"/>', b"<w:sdt><w:sdtContent>", b"<!-- x -->", b"&amp;",
     b"<?pi x?>", b"<![CDATA[x]]>", b'xmlns:w="urn:x"', b"\xff\xfe", b'"', b"<", b">", b"/"]
)  # fmt: skip
XML_PARTS = ["word/document.xml", "word/styles.xml", "word/numbering.xml", h.CONTENT_TYPES,
             "_rels/.rels", "word/_rels/document.xml.rels", "docProps/core.xml"]  # fmt: skip


def mutate(data: bytes, mutations: list[tuple[str, int, bytes]]) -> bytes:
    for kind, position, value in mutations:
        at = position % (len(data) + 1)
        if kind == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ value[0]]) + data[at + 1 :]
        elif kind == "insert":
            data = data[:at] + value + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + len(value) :]
        elif kind == "truncate":
            data = data[:at]
    return data


def check_accepted_or_refused(data: bytes) -> None:
    """inspect accepts or refuses; what it accepts, docx_read reads or refuses as StyrdokError."""
    try:
        checked = inspect(data, "svar.docx")
    except RefusedFile:
        return
    if checked.kind == "docx":
        try:
            assert isinstance(read_docx(data), Document)
        except StyrdokError:
            pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MUTATIONS)
def test_fuzz_docx_bytes(mutations: list[tuple[str, int, bytes]]) -> None:
    check_accepted_or_refused(mutate(h.valid_docx(), mutations))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(XML_PARTS), MUTATIONS, st.lists(st.tuples(POSITION, XML_TOKENS)))
def test_fuzz_docx_parts(
    name: str, mutations: list[tuple[str, int, bytes]], tokens: list[tuple[int, bytes]]
) -> None:
    xml = h.part(name)
    for position, token in tokens:
        at = position % (len(xml) + 1)
        xml = xml[:at] + token + xml[at:]
    check_accepted_or_refused(h.docx_with({name: mutate(xml, mutations)}))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([h.text_pdf, h.encrypted_pdf, h.encrypted_docx, h.legacy_doc]), MUTATIONS)
def test_fuzz_pdf_and_compound_files(
    build: Callable[[], bytes], mutations: list[tuple[str, int, bytes]]
) -> None:
    check_accepted_or_refused(mutate(build(), mutations))
