"""Hand-made Word files, written the way Word writes them, for the answer reader's tests.

Each builder returns OOXML text; :func:`docx` packs a body (and comments, styles, custom
properties) into .docx bytes. The styles are a Swedish Word's: built-in heading styles have
the ids ``Rubrik1``…, the English internal names Word keeps (``heading 1``) only for some,
the outline level only for others, so a reader that looks for "Heading 1" finds nothing.
Word writes local time with a trailing Z in ``w:date``.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid" '
    'xmlns:w16cex="http://schemas.microsoft.com/office/word/2018/wordml/cex" '
    'xmlns:w16du="http://schemas.microsoft.com/office/word/2023/wordml/word16du" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'mc:Ignorable="w14 w15 w16cid w16cex w16du"'
)
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
OUR_AUTHOR = "Itsam kommunalförbund"
OUR_DATE = "2024-02-23T00:00:00Z"

# A Swedish Word's styles: Rubrik1 as Word writes it (English internal name and outline level),
# Rubrik2 by its built-in name alone, Rubrik3 by outline level alone under a Swedish name.
SWEDISH_STYLES = f"""{DECLARATION}<w:styles {NAMESPACES}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/>
<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/>
<w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik3"><w:name w:val="Rubrik 3"/>
<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik"><w:name w:val="Title"/>
<w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Kommentarer"><w:name w:val="annotation text"/>
<w:basedOn w:val="Normal"/></w:style>
<w:style w:type="character" w:styleId="Kommentarsreferens">
<w:name w:val="annotation reference"/></w:style>
</w:styles>"""


# --- Body ----------------------------------------------------------------------------------


def t(text: str) -> str:
    """Return a run of text."""
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def deleted_run(text: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r>'


def p(*content: str, style: str | None = None, mark: str = "") -> str:
    """Return a paragraph; ``mark`` goes in the paragraph mark's run properties (a tracked
    insertion or deletion of the mark)."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    props += f"<w:rPr>{mark}</w:rPr>" if mark else ""
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(content)}</w:p>"


def heading(text: str, level: int = 2) -> str:
    """Return a heading in a Swedish Word: style Rubrik1, Rubrik2, …"""
    return p(t(text), style=f"Rubrik{level}")


def _attrs(ident: int, author: str, date: str, utc: str = "") -> str:
    extra = f" w16du:dateUtc={quoteattr(utc)}" if utc else ""
    return f'w:id="{ident}" w:author={quoteattr(author)} w:date="{date}"{extra}'


def ins(ident: int, text: str, author: str = OUR_AUTHOR, date: str = OUR_DATE) -> str:
    return f"<w:ins {_attrs(ident, author, date)}>{t(text)}</w:ins>"


def delete(ident: int, text: str, author: str = OUR_AUTHOR, date: str = OUR_DATE) -> str:
    return f"<w:del {_attrs(ident, author, date)}>{deleted_run(text)}</w:del>"


def mark(kind: str, ident: int, author: str, date: str) -> str:
    """Return the marker of an inserted or deleted paragraph mark (``ins``/``del``)."""
    return f"<w:{kind} {_attrs(ident, author, date)}/>"


def move_from(ident: int, name: str, text: str, author: str, date: str) -> str:
    """Return moved-away text with its range, as Word writes a move's source."""
    return (
        f'<w:moveFromRangeStart {_attrs(ident, author, date)} w:name="{name}"/>'
        f"<w:moveFrom {_attrs(ident + 1, author, date)}>{t(text)}"
        f'</w:moveFrom><w:moveFromRangeEnd w:id="{ident}"/>'
    )


def move_to(ident: int, name: str, text: str, author: str, date: str) -> str:
    """Return moved-here text with its range, as Word writes a move's destination."""
    return (
        f'<w:moveToRangeStart {_attrs(ident, author, date)} w:name="{name}"/>'
        f"<w:moveTo {_attrs(ident + 1, author, date)}>{t(text)}</w:moveTo>"
        f'<w:moveToRangeEnd w:id="{ident}"/>'
    )


def start(*idents: int) -> str:
    """Return the start of comment ranges: a comment and its replies start at one place."""
    return "".join(f'<w:commentRangeStart w:id="{ident}"/>' for ident in idents)


def end(*idents: int) -> str:
    """Return the end of comment ranges, each with its reference mark, as Word writes them."""
    return "".join(
        f'<w:commentRangeEnd w:id="{ident}"/><w:r><w:rPr><w:rStyle w:val="Kommentarsreferens"/>'
        f'</w:rPr><w:commentReference w:id="{ident}"/></w:r>'
        for ident in idents
    )


def bookmark(ident: int, name: str, *content: str) -> str:
    return (
        f'<w:bookmarkStart w:id="{ident}" w:name="{name}"/>{"".join(content)}'
        f'<w:bookmarkEnd w:id="{ident}"/>'
    )


def cell(*paragraphs: str, span: int = 1, merge: str = "", width: int = 1800) -> str:
    """Return a table cell; ``span`` columns wide, ``merge`` "restart" or "continue"."""
    props = f'<w:tcW w:w="{width * span}" w:type="dxa"/>'
    props += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge:
        props += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(paragraphs) or '<w:p/>'}</w:tc>"


def row(*cells: str) -> str:
    return f"<w:tr>{''.join(cells)}</w:tr>"


def table(columns: int, *rows: str) -> str:
    grid = "".join('<w:gridCol w:w="1800"/>' for _ in range(columns))
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="Tabellrutnt"/><w:tblW w:w="0" w:type="auto"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


# --- Comments ------------------------------------------------------------------------------


def comment(ident: int, author: str, date: str, *texts: str, para_id: str = "") -> str:
    """Return a comment in comments.xml; its last paragraph carries ``para_id``."""
    paragraphs = []
    for index, text in enumerate(texts):
        last = index == len(texts) - 1
        pid = f' w14:paraId="{para_id}" w14:textId="77777777"' if last and para_id else ""
        reference = (
            '<w:r><w:rPr><w:rStyle w:val="Kommentarsreferens"/></w:rPr><w:annotationRef/></w:r>'
            if index == 0
            else ""
        )
        paragraphs.append(
            f'<w:p{pid}><w:pPr><w:pStyle w:val="Kommentarer"/></w:pPr>{reference}{t(text)}</w:p>'
        )
    initials = "".join(word[:1] for word in author.split())
    return (
        f'<w:comment w:id="{ident}" w:author={quoteattr(author)} w:date="{date}" '
        f'w:initials="{initials}">{"".join(paragraphs)}</w:comment>'
    )


def comments_part(*comments: str) -> str:
    return f"{DECLARATION}<w:comments {NAMESPACES}>{''.join(comments)}</w:comments>"


def comments_extended(*threads: tuple[str, str | None]) -> str:
    """Return commentsExtended.xml: (paraId, parent paraId or None) per comment."""
    items = "".join(
        f'<w15:commentEx w15:paraId="{pid}"'
        + (f' w15:paraIdParent="{parent}"' if parent else "")
        + ' w15:done="0"/>'
        for pid, parent in threads
    )
    return f"{DECLARATION}<w15:commentsEx {NAMESPACES}>{items}</w15:commentsEx>"


def comments_ids(*pairs: tuple[str, str]) -> str:
    """Return commentsIds.xml: (paraId, durableId) per comment."""
    items = "".join(
        f'<w16cid:commentId w16cid:paraId="{pid}" w16cid:durableId="{durable}"/>'
        for pid, durable in pairs
    )
    return f"{DECLARATION}<w16cid:commentsIds {NAMESPACES}>{items}</w16cid:commentsIds>"


def comments_extensible(*pairs: tuple[str, str]) -> str:
    """Return commentsExtensible.xml: (durableId, true UTC time) per comment."""
    items = "".join(
        f'<w16cex:commentExtensible w16cex:durableId="{durable}" w16cex:dateUtc="{utc}"/>'
        for durable, utc in pairs
    )
    return (
        f"{DECLARATION}<w16cex:commentsExtensible {NAMESPACES}>{items}</w16cex:commentsExtensible>"
    )


# --- The package ---------------------------------------------------------------------------

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {  # part name → relationship type, content type
    "styles.xml": (
        f"{_REL}/styles",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    ),
    "comments.xml": (
        f"{_REL}/comments",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
    ),
    "commentsExtended.xml": (
        "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
    ),
    "commentsIds.xml": (
        "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml",
    ),
    "commentsExtensible.xml": (
        "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtensible+xml",
    ),
}
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = f"{_REL}/custom-properties"


def docx(
    *body: str,
    styles: str = SWEDISH_STYLES,
    properties: Mapping[str, str] | None = None,
    parts: Mapping[str, str] | None = None,
) -> bytes:
    """Return a .docx with ``body`` (OOXML blocks), the styles, custom properties and
    further parts of ``word/`` by name (``comments.xml``, ``commentsExtended.xml``, …)."""
    word = {"styles.xml": styles, **(parts or {})}
    document = (
        f"{DECLARATION}<w:document {NAMESPACES}><w:body>{''.join(body)}"
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{_MAIN}"/>']
    overrides += [
        f'<Override PartName="/word/{name}" ContentType="{_PARTS[name][1]}"/>' for name in word
    ]
    package_rels = [
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    ]
    files: dict[str, str] = {}
    if properties:
        overrides.append(f'<Override PartName="/docProps/custom.xml" ContentType="{_CUSTOM}"/>')
        package_rels.append(
            f'<Relationship Id="rId2" Type="{_CUSTOM_REL}" Target="docProps/custom.xml"/>'
        )
        files["docProps/custom.xml"] = custom_xml(properties)
    files["[Content_Types].xml"] = (
        f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{''.join(overrides)}</Types>"
    )
    files["_rels/.rels"] = _relationships(package_rels)
    files["word/_rels/document.xml.rels"] = _relationships(
        f'<Relationship Id="rId{n}" Type="{_PARTS[name][0]}" Target="{name}"/>'
        for n, name in enumerate(word, start=10)
    )
    files["word/document.xml"] = document
    files.update({f"word/{name}": text for name, text in word.items()})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def _relationships(items: Iterable[str]) -> str:
    body = "".join(items)
    return (
        f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships">{body}</Relationships>'
    )


def custom_xml(properties: Mapping[str, str]) -> str:
    items = "".join(
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
        f'pid="{pid}" name={quoteattr(name)}><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    return (
        f"{DECLARATION}<Properties "
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{items}</Properties>"
    )


def ours(part: str, document: str = "", **extra: str) -> dict[str, str]:
    """Return the custom properties remiss_package stamps on a part of the package."""
    props = {"styrdok.omgang": "r2024", "styrdok.mottagare": "ydre", "styrdok.del": part}
    if document:
        props["styrdok.dokument"] = document
    return {**props, **extra}


def form_sections(*rows: tuple[str, str, str]) -> str:
    """Return the form's ``styrdok.avsnitt`` property: (bookmark, document, ref) per row."""
    return json.dumps(
        [{"bokmärke": b, "dokument": d, "avsnitt": a} for b, d, a in rows], ensure_ascii=False
    )


# --- PDF -----------------------------------------------------------------------------------


def text_pdf(*pages: str, info: Mapping[str, str] | None = None) -> bytes:
    """Return a PDF with a text layer: one page per text, lines split at newlines, in
    Helvetica with WinAnsi encoding (å, ä, ö and § included)."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree; filled in below
    font = len(objects) + 1
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   b"/Encoding /WinAnsiEncoding >>")  # fmt: skip
    kids = []
    for text in pages:
        lines = [
            b"(" + line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
            .replace(b")", b"\\)") + b") Tj 0 -16 Td"
            for line in text.split("\n")
        ]  # fmt: skip
        stream = b"BT /F1 12 Tf 72 760 Td " + b" ".join(lines) + b" ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, content)
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    objects[1] = b"<< /Type /Pages /Kids [" + refs + b"] /Count %d >>" % len(kids)
    entries = "".join(f"/{key} ({value})" for key, value in (info or {}).items())
    objects.append(f"<< {entries} >>".encode("latin-1"))
    return _pdf(objects, info_object=len(objects))


def scanned_pdf() -> bytes:
    """Return a PDF whose one page is an image (a grey square) and has no text."""
    pixels = bytes([128]) * 16
    image = b"<< /Type /XObject /Subtype /Image /Width 4 /Height 4 /ColorSpace /DeviceGray "
    image += b"/BitsPerComponent 8 /Length %d >>\nstream\n" % len(pixels) + pixels
    stream = b"q 400 0 0 400 100 300 cm /Im1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        image + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _pdf(objects)


def _pdf(objects: list[bytes], info_object: int | None = None) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info = b" /Info %d 0 R" % info_object if info_object else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\n" % (len(objects) + 1, info)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
