"""Check a received file before any parser sees it: size, zip structure, content type, XML.

Remiss answers arrive by e-mail and are untrusted. :func:`inspect` decides by content, never by
name, what a file is and returns :class:`Checked`, or raises :class:`RefusedFile` with one
Swedish line: why, and where it helps what to ask the sender for. Nothing is written to disk.

- Word: zip sizes come from the central directory, so a zip bomb is refused before anything is
  unpacked (a member that unpacks past its stated size fails its CRC). The main part, found as
  docx_read finds it, must be a plain Word document. Every XML part (by name or XML content
  type, images aside) is streamed with a cap and must be UTF-8 or UTF-16 with no DOCTYPE or
  entity (OPC forbids DTDs). Other parts are not scanned: parsers still use
  :func:`safe_xml_parser`.
- PDF: pypdf opens it and finds pages; an encrypted one is refused, even without a password.
- OLE compound files are refused: an ``EncryptedPackage`` stream is a password-protected Office
  file, a ``WordDocument`` stream Word 97–2003 (.doc). So are RTF and everything else.
"""

from __future__ import annotations

import codecs
import io
import os
import posixpath
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pypdf
from lxml import etree

from styrdok.answers.pdfquiet import quiet_pypdf
from styrdok.core.errors import StyrdokError, os_error_text

MB = 1 << 20
Kind = Literal["docx", "pdf"]


class RefusedFile(StyrdokError):
    """A received file that is refused before any parser reads it."""


@dataclass(frozen=True)
class Limits:
    """How large a received file and the parts of its zip package may be."""

    max_file_size: int = 50 * MB
    max_entries: int = 2_000
    max_total_size: int = 200 * MB
    max_ratio: int = 100  # unpacked:packed, for members larger than ratio_from
    ratio_from: int = 1 * MB
    max_xml_size: int = 32 * MB


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Checked:
    """A received file that passed inspection, and what it is; for Word, the XML parts
    as the gate unpacked and scanned them (by their names in the zip), so that a reader
    need not unpack them again."""

    filename: str
    kind: Kind
    parts: Mapping[str, bytes] = field(default_factory=dict, repr=False, compare=False)


def safe_xml_parser() -> etree.XMLParser:
    """Return an lxml parser for outside XML: no DTD, no entities, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        dtd_validation=False,
        load_dtd=False,
        huge_tree=False,
    )


def inspect(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> Checked:
    """Return what a received file is, or raise RefusedFile saying why it is refused."""
    parts: dict[str, bytes] = {}
    try:
        kind = _kind(data, limits, parts)
    except _Refusal as refusal:
        raise RefusedFile(f"{_shown_filename(filename)}: {refusal}") from None
    return Checked(filename, kind, parts)


def read_received(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Return the bytes of a received file, reading no more than the size limit allows."""
    name = _shown_filename(path.name)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as exc:
        raise RefusedFile(f"{name}: kan inte läsas ({os_error_text(exc)})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "en katalog" if stat.S_ISDIR(info.st_mode) else "inte en vanlig fil"
            raise RefusedFile(f"{name}: är {what}; ange en sparad Word- eller PDF-fil")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as stream:
            fd = -1
            data = stream.read(limits.max_file_size + 1)
            size = max(len(data), info.st_size)
    except OSError as exc:
        raise RefusedFile(f"{name}: kan inte läsas ({os_error_text(exc)})") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if size > limits.max_file_size:
        raise RefusedFile(f"{name}: {_too_large(size, limits)}")
    return data


class _Refusal(Exception):
    """Why a file is refused; ``inspect`` puts the file name in front."""

    def __init__(self, why: str, ask: str = "") -> None:
        super().__init__(f"{why}; be avsändaren {ask}" if ask else why)


_SAVE_AS = "spara som .docx eller PDF"
_SEND_AS = "skicka svaret som .docx eller PDF"
_RESEND = "skicka filen igen"
_NO_PASSWORD = "skicka filen utan lösenord"
_PLAIN_DOCX = "spara som vanligt Word-dokument (.docx)"
_RESAVE = "spara dokumentet på nytt i Word"


def _shown(text: str, width: int = 80) -> str:
    """Return outside text fit for one terminal line: no control characters, not too long."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _shown_filename(filename: str) -> str:
    return _shown(re.split(r"[/\\]", filename)[-1]) or "filen"


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0").replace(".", ",")


def _too_large(size: int, limits: Limits) -> _Refusal:
    limit = _mb(limits.max_file_size)
    return _Refusal(f"filen är för stor ({_mb(size)} MB; högst {limit} MB)", "skicka en mindre fil")


def _kind(data: bytes, limits: Limits, parts: dict[str, bytes]) -> Kind:
    if len(data) > limits.max_file_size:
        raise _too_large(len(data), limits)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        _check_zip(data, limits, parts)
        return "docx"
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        raise _ole_refusal(data)
    if data.startswith(b"{\\rtf"):
        raise _Refusal("RTF-filer tas inte emot", _SAVE_AS)
    raise _Refusal(*_NOT_WORD)


# --- zip ---------------------------------------------------------------------------------

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_VBA = "application/vnd.ms-office.vbaproject"
_NOT_WORD = ("inte ett Word-dokument eller en PDF", _SEND_AS)
_MAIN_TYPES = [  # in the main part's content type → why it is refused, what to ask for
    ("ms-word.document.macroenabled", "innehåller makron", _PLAIN_DOCX),
    ("wordprocessingml.template", "Word-mall (.dotx) tas inte emot", _PLAIN_DOCX),
    ("ms-word.template", "Word-mall med makron (.dotm) tas inte emot", _PLAIN_DOCX),
    ("spreadsheetml", "kalkylblad (Excel) tas inte emot", _SEND_AS),
    ("ms-excel", "kalkylblad (Excel) tas inte emot", _SEND_AS),
    ("presentationml", "presentation (PowerPoint) tas inte emot", _SEND_AS),
    ("ms-powerpoint", "presentation (PowerPoint) tas inte emot", _SEND_AS),
]
# zipfile's errors on a broken archive (ValueError includes a member name that is not UTF-8)
_ZIP_ERRORS: tuple[type[Exception], ...] = (zipfile.BadZipFile, zlib.error, EOFError, OSError)
_ZIP_ERRORS += (ValueError, struct.error, NotImplementedError, OverflowError)


def _check_zip(data: bytes, limits: Limits, scanned: dict[str, bytes]) -> None:
    # zipfile builds an object per central directory record and checks that each starts with
    # this signature: counting them bounds the members before a crafted directory can
    # exhaust memory (a signature inside packed data counts too, which errs on the safe side).
    if data.count(b"PK\x01\x02") > limits.max_entries:
        raise _Refusal(f"fler än {limits.max_entries} delar i zip-paketet (möjlig zip-bomb)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            _check_members(package.infolist(), limits)
            _check_package(package, limits, scanned)
    except _ZIP_ERRORS:
        raise _Refusal("filen är skadad (ofullständig eller felaktig zip)", _RESEND) from None


_UNSAFE_NAME = re.compile(r"^/|^[A-Za-z]:|\\|\x00|(^|/)\.\.(/|$)")  # absolute, up, odd


def _check_members(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Check the central directory: sizes, names, encryption and compression."""
    total = sum(member.file_size for member in members)
    if total > limits.max_total_size:
        sizes = f"{_mb(total)} MB överstiger gränsen {_mb(limits.max_total_size)} MB"
        raise _Refusal(f"uppackad storlek {sizes} (möjlig zip-bomb)")
    seen: set[str] = set()
    for member in members:
        name = member.orig_filename
        unpacked, packed = member.file_size, max(member.compress_size, 1)
        if unpacked > limits.ratio_from and unpacked > limits.max_ratio * packed:
            raise _Refusal(
                f"komprimeringsgraden för delen {_shown(name)} överstiger "
                f"{limits.max_ratio}:1 (möjlig zip-bomb)"
            )
        if _UNSAFE_NAME.search(name):
            raise _Refusal(f"otillåtet namn i zip-paketet ({_shown(name)})")
        if name.casefold() in seen:
            raise _Refusal(f"dubbla namn i zip-paketet ({_shown(name)})")
        seen.add(name.casefold())
        if member.flag_bits & 0x41:  # encrypted, strongly encrypted
            raise _Refusal("lösenordsskyddad fil", _NO_PASSWORD)
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refusal(f"okänd komprimering i zip-paketet ({_shown(name)})", _RESAVE)


def _check_package(package: zipfile.ZipFile, limits: Limits, scanned: dict[str, bytes]) -> None:
    """Check that the package is a Word document without macros and scan its XML parts
    (kept in ``scanned``, by their names in the zip)."""
    parts = {m.filename.casefold(): m for m in package.infolist() if not m.is_dir()}
    if "[content_types].xml" not in parts:
        raise _not_ooxml(package, parts)
    types = _parse(package, parts["[content_types].xml"], limits, scanned)
    defaults: dict[str, str] = {
        el.get("Extension", "").casefold(): el.get("ContentType", "").casefold()
        for el in types.iter(_CT + "Default")
    }
    overrides: dict[str, str] = {
        el.get("PartName", "").casefold(): el.get("ContentType", "").casefold()
        for el in types.iter(_CT + "Override")
    }

    def content_type(name: str) -> str:
        return overrides.get("/" + name) or defaults.get(posixpath.splitext(name)[1][1:], "")

    main = _main_part(package, parts, limits, scanned)
    main_type = content_type(main) if main in parts else ""
    if main_type != _DOCX_MAIN:
        raise _Refusal(*next((r for t, *r in _MAIN_TYPES if t in main_type), _NOT_WORD))
    if any(name.endswith("vbaproject.bin") or content_type(name) == _VBA for name in parts):
        raise _Refusal("innehåller makron", _PLAIN_DOCX)
    for name, member in parts.items():
        kind = content_type(name)
        xml_type = kind.endswith(("+xml", "/xml")) and not kind.startswith("image/")
        if (xml_type or name.endswith((".xml", ".rels"))) and member.filename not in scanned:
            scanned[member.filename] = _scan(package, member, limits, keep=True)


def _main_part(
    package: zipfile.ZipFile,
    parts: dict[str, zipfile.ZipInfo],
    limits: Limits,
    scanned: dict[str, bytes],
) -> str:
    """Return the (case-folded) name of the main part, found as docx_read finds it."""
    rels = parts.get("_rels/.rels")
    for rel in () if rels is None else _parse(package, rels, limits, scanned).iter(_REL):
        kind, external = rel.get("Type", ""), rel.get("TargetMode") == "External"
        if kind.rsplit("/", 1)[-1] == "officeDocument" and not external:
            target = posixpath.normpath(posixpath.join("/", rel.get("Target", "")))
            return target[1:].casefold()
    return "word/document.xml"


def _not_ooxml(package: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]) -> _Refusal:
    """Return the refusal of a zip without content types: OpenDocument text or anything else."""
    if "mimetype" in parts:
        with package.open(parts["mimetype"]) as stream:
            if stream.read(100).startswith(b"application/vnd.oasis.opendocument.text"):
                return _Refusal("OpenDocument-text (.odt) tas inte emot", _SAVE_AS)
    return _Refusal(*_NOT_WORD)


# --- XML parts -----------------------------------------------------------------------------

_FORBIDDEN = ("<!DOCTYPE", "<!ENTITY")
_OVERLAP = max(map(len, _FORBIDDEN)) - 1
_ENCODINGS = {  # codec a part is scanned with → encodings its declaration may name
    "latin-1": frozenset({"utf-8", "utf8", "us-ascii", "ascii"}),
    "utf-16-le": frozenset({"utf-16", "utf-16le"}),
    "utf-16-be": frozenset({"utf-16", "utf-16be"}),
}
_DECLARED = re.compile(r"<\?xml[^>]*?\sencoding\s*=\s*[\"']([^\"']*)[\"']")


# How a part starts → the codec it is scanned with and the length of its byte-order mark.
# UTF-8 is scanned as Latin-1: one character per byte, and "<!DOCTYPE" has the same bytes.
_MARKS = [(codecs.BOM_UTF8, "latin-1", 3), (codecs.BOM_UTF16_LE, "utf-16-le", 2)]
_MARKS += [(codecs.BOM_UTF16_BE, "utf-16-be", 2), (b"<\x00", "utf-16-le", 0)]
_MARKS += [(b"\x00<", "utf-16-be", 0), (b"", "latin-1", 0)]


def _scan(
    package: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits, keep: bool = False
) -> bytes:
    """Return an XML part (if ``keep``, else b""), read in chunks; refuse it if too large,
    with a DTD or entity, or in an encoding other than UTF-8 and UTF-16."""
    name = _shown(member.filename)
    limit = _mb(limits.max_xml_size)
    too_large = _Refusal(f"delen {name} är för stor ({_mb(member.file_size)} MB; högst {limit} MB)")
    bad_encoding = _Refusal(f"delen {name} har en otillåten teckenkodning")
    if member.file_size > limits.max_xml_size:
        raise too_large
    chunks: list[bytes] = []
    decoder: codecs.IncrementalDecoder | None = None
    tail, read = "", 0
    with package.open(member) as stream:
        while chunk := stream.read(1 << 16):
            read += len(chunk)
            if read > limits.max_xml_size:
                raise too_large
            if keep:
                chunks.append(chunk)
            if decoder is None:
                codec, skip = next((c, n) for mark, c, n in _MARKS if chunk.startswith(mark))
                decoder = codecs.getincrementaldecoder(codec)(errors="replace")
                text = decoder.decode(chunk[skip:])
                # libxml2 could read a part that starts otherwise in an encoding not seen here
                declared, start = _DECLARED.match(text), text.lstrip(" \t\r\n")[:1]
                if start not in ("<", "") or (
                    declared and declared[1].casefold() not in _ENCODINGS[codec]
                ):
                    raise bad_encoding
            else:
                text = tail + decoder.decode(chunk)
            if "\x00" in text:
                raise bad_encoding
            if any(word in text for word in _FORBIDDEN):
                raise _Refusal(
                    f"delen {name} innehåller en DOCTYPE eller entitet (tillåts inte i Word-filer)"
                )
            tail = text[-_OVERLAP:]
    return b"".join(chunks)


def _parse(
    package: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    limits: Limits,
    scanned: dict[str, bytes],
) -> etree._Element:
    """Return the root of a scanned XML part (its bytes kept in ``scanned``)."""
    data = scanned.get(member.filename)
    if data is None:
        data = scanned[member.filename] = _scan(package, member, limits, keep=True)
    try:
        return etree.fromstring(data, safe_xml_parser())
    except etree.XMLSyntaxError:
        raise _Refusal(f"delen {_shown(member.filename)} är inte giltig XML", _RESAVE) from None


# --- PDF -----------------------------------------------------------------------------------


def _check_pdf(data: bytes) -> None:
    """Refuse a PDF that pypdf cannot open without a password or that has no pages."""
    with quiet_pypdf():  # its notes on sloppy files are not for the user
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            encrypted = reader.is_encrypted
            pages = 0 if encrypted else len(reader.pages)
        except Exception:  # pypdf raises many kinds on broken input: "cannot be read"
            encrypted, pages = b"/Encrypt" in data, -1
    if encrypted:
        raise _Refusal("lösenordsskyddad PDF", "skicka filen utan lösenord eller annat skydd")
    if pages < 0:
        raise _Refusal("filen är skadad (PDF-filen kan inte läsas)", _RESEND)
    if pages == 0:
        raise _Refusal("PDF-filen har inga sidor", _RESEND)


# --- OLE compound files (Word 97–2003, encrypted Office files) -----------------------------

_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def _ole_refusal(data: bytes) -> _Refusal:
    """Return the refusal of a compound file: password-protected, .doc or something else."""
    if _ole_stream(data, "EncryptedPackage") is not None:
        return _Refusal("lösenordsskyddad fil", _NO_PASSWORD)
    fib = _ole_stream(data, "WordDocument")
    if fib is None:
        return _Refusal(*_NOT_WORD)
    flags = int.from_bytes(data[fib + 10 : fib + 12], "little")  # of the FIB, wIdent A5EC
    if data[fib : fib + 2] == b"\xec\xa5" and flags & 0x100:  # fEncrypted
        return _Refusal(
            "lösenordsskyddad fil i äldre Word-format (.doc)",
            "skicka filen utan lösenord som .docx eller PDF",
        )
    return _Refusal("äldre Word-format (.doc) tas inte emot", _SAVE_AS)


def _ole_stream(data: bytes, name: str) -> int | None:
    """Return the offset of the first sector of a compound file's stream, or None if absent.

    A directory entry is a 128-byte record at a multiple of 128: one with the name, its length
    and the stream type counts. The FAT is not followed, so a broken or crafted file cannot make
    this loop or allocate; a stream kept in the mini stream gets a wrong offset, which the
    caller tells by the bytes there.
    """
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    shape = struct.pack("<HB", len(encoded), 2)  # name length in bytes, type 2 (stream)
    shift = 12 if data[0x1E:0x1F] == b"\x0c" else 9  # sectors of 4096 or 512 bytes
    at = data.find(encoded)
    while at >= 0:
        if at % 128 == 0 and data[at + 64 : at + 67] == shape and len(data) >= at + 120:
            return (int.from_bytes(data[at + 116 : at + 120], "little") + 1) << shift
        at = data.find(encoded, at + 1)
    return None
