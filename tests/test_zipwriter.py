"""The zip writer: members compressed once and completed per archive (core/zipwriter.py)."""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib

import pytest

from styrdok.core.zipwriter import STORED, member, split_template, write_zip

NAME, ID = b"STYRDOKMOTTAGARE0", b"STYRDOKINSTANSID0"
VALUES = {ID: b"oster-by", NAME: "Öster-bys kommun &amp; co".encode()}
ROW = "<w:p><w:r><w:t>Rad {} av formuläret</w:t></w:r></w:p>"
ROWS = "".join(ROW.format(i) for i in range(3000)).encode()
TEXTS = [
    pytest.param(b"<a>" + NAME + b"</a>" + ROWS, id="placeholder-first"),
    pytest.param(ROWS + b"<p>" + ID + b"</p>", id="placeholder-last"),
    pytest.param(ROWS[:5000] + NAME + ROWS + ID + ROWS[:700] + NAME, id="several"),
    pytest.param(NAME, id="only-a-placeholder"),
    pytest.param(ROWS, id="no-placeholder"),
]


def _filled(text: bytes) -> bytes:
    for token, value in VALUES.items():
        text = text.replace(token, value)
    return text


def _read(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert z.testzip() is None  # every CRC checked
        return {info.filename: z.read(info) for info in z.infolist()}


@pytest.mark.parametrize("text", TEXTS)
def test_split_template_keeps_the_text(text: bytes) -> None:
    t = split_template("word/document.xml", text, VALUES)
    first, second = t.fill(VALUES), t.fill(VALUES)
    assert first == second  # the same bytes every time
    assert zlib.decompress(first.payload, -15) == _filled(text)
    assert _read(write_zip([first])) == {"word/document.xml": _filled(text)}


def test_split_template_stores_long_values_in_several_blocks() -> None:
    value = bytes(range(256)) * 300  # longer than one stored block holds
    t = split_template("x.bin", b"a" + ID + b"b", [ID])
    assert zlib.decompress(t.fill({ID: value}).payload, -15) == b"a" + value + b"b"


def test_write_zip_keeps_order_names_and_methods() -> None:
    members = [
        member("[Content_Types].xml", b"<Types/>"),
        member("svarsmall.docx", b"PK\x03\x04 not really", STORED),
        member("mapp/ändring.xml", ROWS),
    ]
    archive = write_zip(members)
    assert list(_read(archive)) == ["[Content_Types].xml", "svarsmall.docx", "mapp/ändring.xml"]
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert [i.compress_type for i in z.infolist()] == [8, 0, 8]
        assert [i.date_time for i in z.infolist()] == [(1980, 1, 1, 0, 0, 0)] * 3
    assert write_zip(members) == archive


def test_crc_of_pieces_is_the_crc_of_the_whole() -> None:
    from styrdok.core.zipwriter import Shared, crc_combine, crc_shift

    for first, second in ((b"", ROWS), (ROWS[:777], ROWS), (b"a", b"b"), (ROWS, b"")):
        whole = zlib.crc32(first + second)
        assert crc_combine(zlib.crc32(first), zlib.crc32(second), crc_shift(len(second))) == whole
        if second:
            assert Shared.of(second).after(zlib.crc32(first)) == whole


@pytest.mark.parametrize("text", TEXTS)
def test_layout_gives_the_bytes_of_write_zip(text: bytes) -> None:
    from styrdok.core.zipwriter import Layout, Stored, zip_pieces

    items = [
        member("[Content_Types].xml", b"<Types/>"),
        split_template("docProps/custom.xml", text, VALUES),
        member("word/document.xml", ROWS),
        member("word/styles.xml", ROWS[:999]),
        split_template("word/x.xml", text, VALUES),
    ]
    filled = [m if not hasattr(m, "fill") else m.fill(VALUES) for m in items]
    pieces = Layout.of(items).fill(VALUES)
    data = write_zip(filled)
    assert pieces.data() == data
    assert (pieces.size, pieces.crc) == (len(data), zlib.crc32(data))
    assert pieces.sha256 == hashlib.sha256(data).hexdigest()
    outer = zip_pieces([Stored("paket/ä.docx", pieces), member("manifest.json", text)])
    reference = [member("paket/ä.docx", data, STORED), member("manifest.json", text)]
    assert b"".join(outer) == write_zip(reference)


@pytest.mark.parametrize(
    "order",
    [
        pytest.param("shared-first", id="shared-first"),
        pytest.param("template-first", id="template-first"),
        pytest.param("templates-only", id="templates-only"),
        pytest.param("no-template", id="no-template"),
    ],
)
def test_layout_lists_and_hashes_every_member_whatever_comes_first(order: str) -> None:
    from styrdok.core.zipwriter import Layout

    shared = [member("a.xml", ROWS[:3000]), member("b.xml", b"<b/>")]
    templated = [split_template("c.xml", b"<c>" + ID + b"</c>", VALUES)]
    items = {
        "shared-first": [*shared, *templated],
        "template-first": [*templated, *shared],
        "templates-only": templated,
        "no-template": shared,
    }[order]
    layout = Layout.of(items)
    for values in (VALUES, {ID: b"ydre", NAME: b"Ydre kommun"}):
        pieces = layout.fill(values)
        data = write_zip([m if not hasattr(m, "fill") else m.fill(values) for m in items])
        assert pieces.data() == data
        assert (pieces.size, pieces.crc) == (len(data), zlib.crc32(data))
        assert pieces.sha256 == hashlib.sha256(data).hexdigest()
        assert list(_read(data)) == [m.name for m in items]
