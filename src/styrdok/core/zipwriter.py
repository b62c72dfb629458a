"""A small, reproducible zip writer that can reuse members compressed once.

A remiss package holds the same Word files for every recipient, differing only in a few
small XML parts. Compressing every member again for each of hundreds of recipients is
most of the work; here a member is deflated once (``Member``) and its compressed bytes
are copied into every archive that holds it. A member that differs only where
placeholders stand (``Template``) is deflated once up to its first placeholder; for each
archive the compressor's state there is copied and only the rest is compressed, which
gives the same bytes as compressing the whole text at once. A long member with its
first placeholder near the start (``SplitTemplate``) is instead deflated in pieces between
the placeholders, once, and each archive gets the pieces with the values stored between
them: the text is the same, the compressed bytes are not those of one pass. Timestamps
are fixed (1980-01-01), so the same members give the same bytes.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_DOS_TIME = 0
STORED = 0
DEFLATED = 8


@dataclass(frozen=True)
class Member:
    """A zip member ready to be written: its name, CRC, size and compressed bytes."""

    name: str
    crc: int
    size: int
    payload: bytes
    method: int = DEFLATED

    @cached_property
    def encoded_name(self) -> bytes:
        return self.name.encode("utf-8")

    @property
    def flags(self) -> int:
        return 0 if self.encoded_name.isascii() else 0x800  # names in UTF-8

    @cached_property
    def record(self) -> bytes:
        """Return the member as it stands in an archive: local header, name, data."""
        header = struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, self.flags, self.method, _DOS_TIME, _DOS_DATE,
            self.crc, len(self.payload), self.size, len(self.encoded_name), 0,
        )  # fmt: skip
        return header + self.encoded_name + self.payload


def member(name: str, data: bytes, method: int = DEFLATED) -> Member:
    """Return ``data`` compressed (or stored) as a member called ``name``."""
    if method == DEFLATED:
        compressor = _compressor()
        payload = compressor.compress(data) + compressor.flush()
    else:
        payload = data
    return Member(name, zlib.crc32(data) & 0xFFFFFFFF, len(data), payload, method)


def _compressor() -> zlib._Compress:
    return zlib.compressobj(6, zlib.DEFLATED, -15)


@dataclass(frozen=True, eq=False)
class Template:
    """A member with placeholders: the text before the first one compressed once, the
    compressor's state after it, and the rest of the text still to be filled in."""

    name: str
    head: bytes  # compressed output of the text before the first placeholder
    head_crc: int
    head_size: int
    state: zlib._Compress
    rest: bytes

    def fill(self, values: Mapping[bytes, bytes]) -> Member:
        """Return the member with each placeholder replaced by its value (in the order of
        ``values``), deflated exactly as the whole text would be."""
        rest = self.rest
        for token, value in values.items():
            rest = rest.replace(token, value)
        compressor = self.state.copy()
        payload = self.head + compressor.compress(rest) + compressor.flush()
        crc = zlib.crc32(rest, self.head_crc) & 0xFFFFFFFF
        return Member(self.name, crc, self.head_size + len(rest), payload)


def template(name: str, data: bytes, placeholders: Iterable[bytes]) -> Template:
    """Return ``data`` as a member called ``name`` that ``Template.fill`` completes; the text
    up to the first of ``placeholders`` is compressed here, once."""
    found = [at for token in placeholders if (at := data.find(token)) >= 0]
    cut = min(found, default=len(data))
    compressor = _compressor()
    head = compressor.compress(data[:cut])
    crc = zlib.crc32(data[:cut]) & 0xFFFFFFFF
    return Template(name, head, crc, cut, compressor, data[cut:])


@dataclass(frozen=True, eq=False)
class SplitTemplate:
    """A member with placeholders whose texts between them are deflated once, each on
    its own: every piece ends on a byte boundary (a sync flush) and refers to nothing
    before it, so the value of a placeholder can be put between them as a stored block.
    The compressed bytes are not those of compressing the whole text at once; the text
    is the same."""

    name: str
    texts: tuple[bytes, ...]  # the texts around the placeholders
    compressed: tuple[bytes, ...]  # each text deflated alone, the last one finished
    tokens: tuple[bytes, ...]  # the placeholder after each text but the last

    def fill(self, values: Mapping[bytes, bytes]) -> Member:
        """Return the member with each placeholder replaced by its value."""
        payload = [self.compressed[0]]
        crc = zlib.crc32(self.texts[0])
        size = len(self.texts[0])
        for token, text, compressed in zip(
            self.tokens, self.texts[1:], self.compressed[1:], strict=True
        ):
            value = values.get(token, token)
            payload.append(_stored(value))
            payload.append(compressed)
            crc = zlib.crc32(text, zlib.crc32(value, crc))
            size += len(value) + len(text)
        return Member(self.name, crc & 0xFFFFFFFF, size, b"".join(payload))


def _stored(data: bytes) -> bytes:
    """Return ``data`` as non-final stored deflate blocks, to follow a byte boundary."""
    out = []
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start : start + 0xFFFF]
        out.append(struct.pack("<BHH", 0, len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(out)


def split_template(name: str, data: bytes, placeholders: Iterable[bytes]) -> SplitTemplate:
    """Return ``data`` as a member called ``name`` whose texts between ``placeholders``
    are deflated here, once; the placeholders' values are stored uncompressed."""
    pattern = re.compile(b"(" + b"|".join(re.escape(t) for t in placeholders) + b")")
    pieces = pattern.split(data)
    texts, tokens = tuple(pieces[0::2]), tuple(pieces[1::2])
    compressed = []
    for index, text in enumerate(texts):
        compressor = _compressor()
        mode = zlib.Z_FINISH if index == len(texts) - 1 else zlib.Z_SYNC_FLUSH
        compressed.append(compressor.compress(text) + compressor.flush(mode))
    return SplitTemplate(name, texts, tuple(compressed), tokens)


def write_zip(members: Sequence[Member]) -> bytes:
    """Return a zip archive of ``members`` in the given order."""
    pieces: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        record = m.record
        pieces.append(record)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                m.flags,
                m.method,
                _DOS_TIME,
                _DOS_DATE,
                m.crc,
                len(m.payload),
                m.size,
                len(m.encoded_name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )  # fmt: skip
        )
        central.append(m.encoded_name)
        offset += len(record)
    directory = b"".join(central)
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0
    )
    return b"".join([*pieces, directory, end])
