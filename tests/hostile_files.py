"""Crafted received files for tests/test_intake.py, built in memory at test time.

Zips are written byte by byte (:func:`raw_zip`) so that a test can state sizes, CRCs, flags
and names that zipfile would refuse to write; compound files (:func:`compound_file`) follow
[MS-CFB] version 3 with 512-byte sectors; PDFs are written by hand and encrypted with pypdf.
"""

from __future__ import annotations

import bz2
import functools
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, replace

import docx
import pypdf

MB = 1 << 20
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"
CONTENT_TYPES = "[Content_Types].xml"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


# --- zip -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A zip member as written: ``data`` is already packed when ``method`` is not stored."""

    name: str
    data: bytes
    method: int = zipfile.ZIP_STORED
    size: int | None = None  # unpacked size as stated; len(data) if None
    crc: int | None = None  # as stated; the CRC of data if None
    flags: int = 0


def deflate(content: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(content) + packer.flush()


def packed(name: str, content: bytes) -> Member:
    """Return a deflated member holding ``content``."""
    return Member(name, deflate(content), zipfile.ZIP_DEFLATED, len(content), zlib.crc32(content))


def raw_zip(members: list[Member]) -> bytes:
    """Return a zip archive of ``members`` exactly as given (duplicates and odd names too)."""
    out = io.BytesIO()
    central = []
    for m in members:
        name = m.name.encode("utf-8")
        flags = m.flags | (0 if m.name.isascii() else 0x800)
        size = len(m.data) if m.size is None else m.size
        crc = zlib.crc32(m.data) if m.crc is None else m.crc
        fields = (flags, m.method, 0, 0x21, crc, len(m.data), size, len(name))
        central.append(
            struct.pack("<4s2H4H3I5H2I", b"PK\x01\x02", 20, 20, *fields, 0, 0, 0, 0, 0, out.tell())
            + name
        )
        out.write(struct.pack("<4sH4H3I2H", b"PK\x03\x04", 20, *fields, 0) + name + m.data)
    start = out.tell()
    out.write(b"".join(central))
    end = (len(members), len(members), out.tell() - start, start, 0)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, *end))
    return out.getvalue()


@functools.cache
def valid_docx() -> bytes:
    """Return a Word file with headings, lists and a table, made with python-docx."""
    doc = docx.Document()
    doc.add_heading("Yttrande över förbundsordningen", level=1)
    doc.add_paragraph("Kommunen tillstyrker förslaget med följande synpunkter.")
    doc.add_heading("Synpunkter", level=2)
    doc.add_paragraph("Avgifterna", style="List Number")
    doc.add_paragraph("Styrelsens sammansättning", style="List Bullet")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "§ 3", "Instämmer"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def members_of(data: bytes) -> list[Member]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [packed(info.filename, package.read(info)) for info in package.infolist()]


def docx_with(
    parts: dict[str, bytes] | None = None, extra: list[Member] | None = None, flags: int = 0
) -> bytes:
    """Return the valid Word file with parts replaced or added, extra members appended, and
    ``flags`` set on every member."""
    members = [replace(m, flags=flags) for m in members_of(valid_docx())]
    names = [m.name for m in members]
    for name, content in (parts or {}).items():
        if name in names:
            members[names.index(name)] = packed(name, content)
        else:
            members.append(packed(name, content))
    return raw_zip(members + (extra or []))


def part(name: str, data: bytes | None = None) -> bytes:
    with zipfile.ZipFile(io.BytesIO(valid_docx() if data is None else data)) as package:
        return package.read(name)


def with_main_type(content_type: str) -> bytes:
    """Return the valid Word file with its main part declared as ``content_type``."""
    types = part(CONTENT_TYPES).replace(WORD_MAIN.encode(), content_type.encode())
    return docx_with({CONTENT_TYPES: types})


def docm() -> bytes:
    types = part(CONTENT_TYPES).replace(
        WORD_MAIN.encode(), b"application/vnd.ms-word.document.macroEnabled.main+xml"
    )
    vba = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    types = types.replace(b"<Default ", vba + b"<Default ", 1)
    return docx_with({CONTENT_TYPES: types, "word/vbaProject.bin": bytes(range(256)) * 8})


def xlsx() -> bytes:
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        f'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{sheet}"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/>'
        "</workbook>"
    )
    return raw_zip(
        [
            packed(CONTENT_TYPES, types.encode()),
            packed("_rels/.rels", rels.encode()),
            packed("xl/workbook.xml", workbook.encode()),
        ]
    )


def odt() -> bytes:
    mimetype = Member("mimetype", b"application/vnd.oasis.opendocument.text")
    return raw_zip([mimetype, packed("content.xml", b"<office:document-content/>")])


def document_xml(prolog: str = "", text: str = "Yttrande") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )


XXE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
LAUGHS = (  # "billion laughs": lol9 expands to 10**9 "lol"
    '<!DOCTYPE w:document [\n<!ENTITY lol0 "lol">\n'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">\n' for n in range(1, 10))
    + "]>\n"
)


def xxe_docx() -> bytes:
    return docx_with({DOCUMENT: document_xml(XXE, "&xxe;").encode()})


def billion_laughs_docx() -> bytes:
    return docx_with({DOCUMENT: document_xml(LAUGHS, "&lol9;").encode()})


def doctype_across_chunks() -> bytes:
    """Return a Word file whose DOCTYPE straddles the 64 KiB boundary of the streamed scan."""
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<!--'
    comment = "x" * ((1 << 16) - len(head) - 3 - 4)
    xml = document_xml(f"{comment}-->{XXE}", "&xxe;").replace(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', head
    )
    assert xml.index("<!DOCTYPE") < 1 << 16 < xml.index("<!DOCTYPE") + 9
    return docx_with({DOCUMENT: xml.encode()})


def encoded_docx(xml: str, encoding: str, bom: bytes = b"") -> bytes:
    return docx_with({DOCUMENT: bom + xml.encode(encoding)})


def doctype_in_odd_part() -> bytes:
    """Return a Word file whose styles part is named .dat but typed as XML and has a DOCTYPE."""
    types = part(CONTENT_TYPES).replace(
        b"</Types>",
        b'<Override PartName="/word/extra.dat" ContentType="application/xml"/></Types>',
    )
    return docx_with({CONTENT_TYPES: types, "word/extra.dat": document_xml(XXE).encode()})


# --- zip bombs -------------------------------------------------------------------------------


@functools.cache
def zeros_deflated(megabytes: int) -> tuple[bytes, int]:
    """Return the raw deflate stream of ``megabytes`` MiB of zeros, and their CRC.

    The zeros are never held: after a full flush the compressor starts afresh, so every MiB
    packs to the same bytes; the CRC is taken a MiB at a time.
    """
    chunk = bytes(MB)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return block * megabytes + zlib.compressobj(9, zlib.DEFLATED, -15).flush(), crc


def zip_bomb(megabytes: int = 300) -> bytes:
    """Return a Word file of about 300 KB whose document part unpacks to 300 MiB of zeros."""
    stream, crc = zeros_deflated(megabytes)
    bomb = Member(DOCUMENT, stream, zipfile.ZIP_DEFLATED, megabytes * MB, crc)
    members = [bomb if m.name == DOCUMENT else m for m in members_of(valid_docx())]
    return raw_zip(members)


def lying_zip_bomb() -> bytes:
    """Return a zip bomb whose member states 1000 bytes: zipfile stops there, the CRC fails."""
    stream, crc = zeros_deflated(300)
    members = [
        Member(m.name, stream, zipfile.ZIP_DEFLATED, 1000, crc) if m.name == DOCUMENT else m
        for m in members_of(valid_docx())
    ]
    return raw_zip(members)


def ratio_bomb() -> bytes:
    """Return a Word file with a 20 MiB image of zeros packed about 1000:1."""
    stream, crc = zeros_deflated(20)
    image = Member("word/media/image1.png", stream, zipfile.ZIP_DEFLATED, 20 * MB, crc)
    return docx_with(extra=[image])


def too_many_entries(count: int = 2001) -> bytes:
    return raw_zip([Member(f"word/media/bild{i}.png", b"") for i in range(count)])


def bzip2_docx() -> bytes:
    data = bz2.compress(document_xml().encode())
    members = members_of(valid_docx())
    return raw_zip(
        [
            replace(m, data=data, method=zipfile.ZIP_BZIP2) if m.name == DOCUMENT else m
            for m in members
        ]
    )


# --- OLE compound files ----------------------------------------------------------------------

FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, start: int, size: int, links: tuple[int, ...]) -> bytes:
    """Return a 128-byte directory entry; ``links`` are left sibling, right sibling, child."""
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    fields = (encoded, len(encoded), kind, 1, *links, bytes(16), 0, 0, 0, start, size)
    return struct.pack("<64sHBB3I16sIQQIQ", *fields)  # colour 1: black


def compound_file(streams: dict[str, bytes]) -> bytes:
    """Return a compound file (version 3) holding up to three streams in regular sectors.

    Sector 0 is the FAT, sector 1 the directory, then the streams, each padded to at least
    4096 bytes (the mini-stream cutoff) so that no mini stream is needed. The directory is a
    balanced binary tree in [MS-CFB] order (shorter names first, then upper case).
    """
    order = sorted(streams, key=lambda name: (len(name), name.upper()))
    assert len(order) <= 3
    links: dict[int, tuple[int, int]] = {}

    def tree(low: int, high: int) -> int:  # entry ids: the root is 0, streams 1…
        if low >= high:
            return NOSTREAM
        middle = (low + high) // 2
        links[middle] = (tree(low, middle), tree(middle + 1, high))
        return middle + 1

    top = tree(0, len(order))
    fat, body = [FATSECT, ENDOFCHAIN], b""
    entries = [_dir_entry("Root Entry", 5, ENDOFCHAIN, 0, (NOSTREAM, NOSTREAM, top))]
    for index, name in enumerate(order):
        data = streams[name].ljust(4096, b"\0")
        data += bytes(-len(data) % 512)
        first, count = len(fat), len(data) // 512
        fat += [*range(first + 1, first + count), ENDOFCHAIN]
        entries.append(_dir_entry(name, 2, first, len(data), (*links[index], NOSTREAM)))
        body += data
    entries += [_dir_entry("", 0, 0, 0, (NOSTREAM,) * 3)] * (4 - len(entries))
    assert len(fat) <= 128
    header = struct.pack(
        "<8s16s5H6s9I109I", bytes.fromhex("d0cf11e0a1b11ae1"), bytes(16), 0x3E, 3, 0xFFFE, 9, 6,
        bytes(6), 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0, 0, *[FREESECT] * 108,
    )  # fmt: skip
    fat_sector = struct.pack("<128I", *fat, *[FREESECT] * (128 - len(fat)))
    return header + fat_sector + b"".join(entries) + body


def encrypted_docx() -> bytes:
    """Return what Word writes for a .docx with a password: an OLE file with the package."""
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + b'<?xml version="1.0"?><encryption/>'
    package = struct.pack("<Q", 20_000) + bytes(range(256)) * 40
    return compound_file({"EncryptionInfo": info, "EncryptedPackage": package})


def legacy_doc(encrypted: bool = False) -> bytes:
    """Return a Word 97–2003 file: its FIB says so (wIdent A5EC), fEncrypted if asked."""
    fib = struct.pack("<5H", 0xA5EC, 0xC1, 0, 0x041D, 0) + struct.pack("<H", 0x100 * encrypted)
    return compound_file({"WordDocument": fib, "1Table": b"", "\x05SummaryInformation": b""})


# --- PDF -------------------------------------------------------------------------------------


def pdf(objects: list[bytes]) -> bytes:
    """Return a PDF of numbered ``objects`` (1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe5\xe4\xf6\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % xref)


def text_pdf(kids: bytes = b"[3 0 R]", count: int = 1) -> bytes:
    """Return a one-page PDF with a text layer (Helvetica, "Yttrande från kommunen")."""
    content = b"BT /F1 12 Tf 72 770 Td (Yttrande fr\\345n kommunen) Tj ET"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids %s /Count %d >>" % (kids, count),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        ]
    )


def encrypted_pdf(user_password: str = "hemligt") -> bytes:
    """Return the text PDF encrypted by pypdf (RC4-128; AES needs the cryptography package)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt(user_password, owner_password="ägare", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
