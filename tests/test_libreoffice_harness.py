"""The LibreOffice harness itself, on a .docx built here with python-docx and raw OOXML."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from tests.libreoffice import (
    LibreOffice,
    LibreOfficeError,
    LibreOfficeTimeout,
    pdf_to_pngs,
    png_is_blank,
    read_png,
    require_libreoffice,
)

AUTHOR = "Kansliet"
DATE = "2024-02-23T10:00:00Z"
BOOKMARK = "styrdok_beslut"
PROPERTY = ("styrdok_dokument", "IT-2024-17")

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def tracked(kind: str, change_id: int, run: str) -> str:
    """Return a ``w:ins`` or ``w:del`` element wrapping one run, as OOXML text."""
    return (
        f'<w:{kind} {nsdecls("w")} w:id="{change_id}" w:author="{AUTHOR}" w:date="{DATE}">'
        f"<w:r>{run}</w:r></w:{kind}>"
    )


def build_docx(path: Path, *, record_changes: bool = False) -> Path:
    """Write a document with a deletion, an insertion, lists, a table and a bookmark."""
    document = Document()
    document.add_heading("Taxa för bygglov", level=1)
    paragraph = document.add_paragraph("Avgiften är ")
    deleted = '<w:delText xml:space="preserve">250 kronor</w:delText>'
    paragraph._p.append(parse_xml(tracked("del", 1, deleted)))
    paragraph._p.append(parse_xml(tracked("ins", 2, '<w:t xml:space="preserve">300 kronor</w:t>')))
    paragraph.add_run(" per år.")
    document.add_paragraph("Ansökan", style="List Number")
    document.add_paragraph("Beslut", style="List Number")
    document.add_paragraph("Överklagande", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    cells = [cell for row in table.rows for cell in row.cells]
    for cell, text in zip(cells, ["Ansvar", "Förbundschef", "Ersättare", ""], strict=True):
        cell.text = text
    decided = document.add_paragraph()
    decided._p.append(parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="0" w:name="{BOOKMARK}"/>'))
    decided.add_run("Beslutad av förbundsstyrelsen.")
    decided._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="0"/>'))
    if record_changes:
        settings = document.settings.element
        settings.find(qn("w:defaultTabStop")).addprevious(
            parse_xml(f"<w:trackRevisions {nsdecls('w')}/>")
        )
    document.save(str(path))
    return path


def add_custom_property(path: Path, name: str, value: str) -> None:
    """Add a text property to docProps/custom.xml (python-docx has no API for custom properties)."""
    with zipfile.ZipFile(path) as archive:
        parts = {item.filename: archive.read(item) for item in archive.infolist()}
    properties = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    prop = etree.SubElement(
        properties,
        f"{{{CUSTOM_NS}}}property",
        fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}",
        pid="2",
        name=name,
    )
    etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    parts["docProps/custom.xml"] = etree.tostring(
        properties, xml_declaration=True, encoding="UTF-8"
    )
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(
        types, f"{{{TYPES_NS}}}Override", PartName="/docProps/custom.xml", ContentType=CUSTOM_TYPE
    )
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    rels = etree.fromstring(parts["_rels/.rels"])
    etree.SubElement(
        rels,
        f"{{{REL_NS}}}Relationship",
        Id="rIdCustom",
        Type=CUSTOM_REL,
        Target="docProps/custom.xml",
    )
    parts["_rels/.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = build_docx(tmp_path / "taxa.docx")
    add_custom_property(path, *PROPERTY)
    return path


def test_text_shows_tracked_changes(libreoffice: LibreOffice, sample: Path) -> None:
    document = libreoffice.text(sample)
    changes = [(r.type, r.author, r.date, r.text) for r in document.redlines]
    assert changes == [
        ("Delete", AUTHOR, "2024-02-23T10:00:00", "250 kronor"),
        ("Insert", AUTHOR, "2024-02-23T10:00:00", "300 kronor"),
    ]
    assert document.paragraphs[1].text == "Avgiften är 250 kronor300 kronor per år."
    assert document.record_changes is False


def test_text_reports_styles_lists_and_tables(libreoffice: LibreOffice, sample: Path) -> None:
    paragraphs = libreoffice.text(sample).paragraphs
    heading = paragraphs[0]
    assert (heading.text, heading.style, heading.outline_level) == (
        "Taxa för bygglov",
        "Heading 1",
        1,
    )
    assert heading.numbering is None
    listed = [(p.text, p.style, p.numbering) for p in paragraphs if p.numbering]
    assert all(n.is_number for _, _, n in listed)
    assert [(text, style, n.level, n.label) for text, style, n in listed] == [
        ("Ansökan", "List Number", 0, "1."),
        ("Beslut", "List Number", 0, "2."),
        ("Överklagande", "List Bullet", 0, "•"),
    ]
    cells = [(p.table, p.cell, p.text) for p in paragraphs if p.where == "table"]
    assert cells == [
        (0, "A1", "Ansvar"),
        (0, "B1", "Förbundschef"),
        (0, "A2", "Ersättare"),
        (0, "B2", ""),
    ]
    assert paragraphs[-1].text == "Beslutad av förbundsstyrelsen."
    assert paragraphs[-1].where == "body"


def test_text_reports_record_changes(libreoffice: LibreOffice, tmp_path: Path) -> None:
    path = build_docx(tmp_path / "spåras.docx", record_changes=True)
    assert libreoffice.text(path).record_changes is True


def test_accept_all_keeps_insertion(libreoffice: LibreOffice, sample: Path) -> None:
    document = libreoffice.accept_all(sample)
    assert document.redlines == []
    assert document.paragraphs[1].text == "Avgiften är 300 kronor per år."
    assert len(libreoffice.text(sample).redlines) == 2  # the file itself is left alone


def test_reject_all_keeps_deletion(libreoffice: LibreOffice, sample: Path) -> None:
    document = libreoffice.reject_all(sample)
    assert document.redlines == []
    assert document.paragraphs[1].text == "Avgiften är 250 kronor per år."


def test_pdf_page_shows_text(libreoffice: LibreOffice, sample: Path, tmp_path: Path) -> None:
    pdf = libreoffice.convert_pdf(sample, tmp_path / "pdf" / "taxa.pdf")
    pages = pdf_to_pngs(pdf, tmp_path / "png")
    assert [page.name for page in pages] == ["taxa-1.png"]
    assert not png_is_blank(pages[0])


def test_empty_document_gives_blank_page(libreoffice: LibreOffice, tmp_path: Path) -> None:
    source = tmp_path / "tom.docx"
    Document().save(str(source))
    pages = pdf_to_pngs(libreoffice.convert_pdf(source, tmp_path / "tom.pdf"), tmp_path)
    assert len(pages) == 1
    assert png_is_blank(pages[0])


def test_read_png_matches_pdftoppm_ppm(
    libreoffice: LibreOffice, sample: Path, tmp_path: Path
) -> None:
    """pdftoppm's PNGs use all five PNG filters; the raw PPM of the same page must match."""
    pdf = libreoffice.convert_pdf(sample, tmp_path / "taxa.pdf")
    png = pdf_to_pngs(pdf, tmp_path)[0]
    subprocess.run(
        ["pdftoppm", "-r", "50", "-singlefile", str(pdf), str(tmp_path / "ppm")], check=True
    )
    magic, width, height, maximum, pixels = (tmp_path / "ppm.ppm").read_bytes().split(maxsplit=4)
    image = read_png(png)
    assert (magic, maximum) == (b"P6", b"255")
    assert (image.width, image.height, image.pixel_size) == (int(width), int(height), 3)
    assert image.pixels == pixels


def test_save_as_docx_keeps_property_and_bookmark(
    libreoffice: LibreOffice, sample: Path, tmp_path: Path
) -> None:
    name, value = PROPERTY
    before = libreoffice.properties(sample)
    assert before.custom[name] == value
    assert BOOKMARK in before.bookmarks
    saved = libreoffice.save_as_docx(sample, tmp_path / "sparad" / "taxa.docx")
    after = libreoffice.properties(saved)
    assert after.custom[name] == value
    assert BOOKMARK in after.bookmarks
    with zipfile.ZipFile(saved) as archive:
        custom = etree.fromstring(archive.read("docProps/custom.xml"))
        document = archive.read("word/document.xml").decode()
    assert custom.xpath(
        "//c:property[@name=$n]/vt:lpwstr/text()", n=name, namespaces={"c": CUSTOM_NS, "vt": VT_NS}
    ) == [value]
    assert f'w:name="{BOOKMARK}"' in document


def test_command_error_keeps_worker(libreoffice: LibreOffice, tmp_path: Path) -> None:
    with pytest.raises(LibreOfficeError, match="filen finns inte"):
        libreoffice.text(tmp_path / "saknas.docx")
    with pytest.raises(LibreOfficeError, match="okänt kommando"):
        libreoffice.command("finns_inte")
    assert libreoffice.command("ping")["version"] == libreoffice.version


def running(pid: int) -> bool:
    """Return whether ``pid`` is a live process (zombies count as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_hung_or_crashed_libreoffice_is_replaced(sample: Path, tmp_path: Path) -> None:
    require_libreoffice()
    with LibreOffice(tmp_path / "lo", command_timeout=2) as office:
        worker, soffice = office.worker_pid, office.soffice_pid
        assert worker is not None and soffice is not None
        os.killpg(soffice, signal.SIGSTOP)  # soffice now hangs like a stuck dialog would
        with pytest.raises(LibreOfficeTimeout, match="svarade inte på text inom 2 s"):
            office.text(sample)
        deadline = time.monotonic() + 10
        while (running(worker) or running(soffice)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running(worker) and not running(soffice)
        office.command_timeout = 60
        assert len(office.text(sample).redlines) == 2  # a new worker and soffice
        assert office.starts == 2

        worker, soffice = office.worker_pid, office.soffice_pid
        assert soffice is not None
        os.killpg(soffice, signal.SIGKILL)  # a crash: the worker starts a new soffice itself
        assert len(office.text(sample).redlines) == 2
        assert office.worker_pid == worker
        assert office.soffice_pid not in (None, soffice)
