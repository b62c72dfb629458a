"""A small, reproducible zip writer that can reuse members compressed once.

A remiss package holds the same Word files for every recipient, differing only in a few
small XML parts. Compressing every member again for each of hundreds of recipients is
most of the work; here a member is deflated once (``Member``) and its compressed bytes
are copied into every archive that holds it. A member that differs only where
placeholders stand (``SplitTemplate``) is deflated in pieces between the placeholders,
once, and each archive gets the pieces with the values stored between them: the text
is the same, the compressed bytes are not those of one pass. Timestamps are fixed
(1980-01-01), so the same members give the same bytes.

Many archives of the same members can also be made without copying what they share
(``Layout``): the records of consecutive finished members are joined once, with their
CRC-32, and each archive is a list of pieces (``Pieces``) to be written one after
another, its CRC combined from theirs. The records at the start of every archive are
hashed (SHA-256) and listed in the central directory once, so an archive whose members
with placeholders come last is hashed and listed per recipient only from there on. Such
an archive can itself be stored in another (``Stored``, ``zip_pieces``) without being
joined.
"""

from __future__ import annotations

import hashlib
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

    @property
    def compressed(self) -> int:
        return len(self.payload)

    def record_pieces(self) -> list[bytes]:
        return [self.record]

    @cached_property
    def central(self) -> bytes:
        """Return the member's central directory entry up to its offset."""
        return _central(self)

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


# --- CRC-32 of bytes written in pieces -------------------------------------------------
# The CRC of A + B follows from the CRCs of A and B and the length of B (zlib's
# crc32_combine): shifting A's CRC past B multiplies it by x^(8·len(B)) modulo the CRC
# polynomial. The shift for a piece shared by many files is computed once.

_POLY = 0xEDB88320  # CRC-32, bits reflected


def _multiply(a: int, b: int) -> int:
    """Return a·b modulo the CRC polynomial (reflected bit order)."""
    product, bit = 0, 1 << 31
    while a:
        if a & bit:
            product ^= b
            a ^= bit
        bit >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1
    return product


def _powers() -> tuple[int, ...]:
    power, out = 1 << 30, []  # x^1
    for _ in range(32):
        out.append(power)
        power = _multiply(power, power)
    return tuple(out)


_X_TO_2_TO = _powers()  # x^(2^k) for k = 0 … 31


def crc_shift(length: int) -> int:
    """Return x^(8·length) modulo the CRC polynomial: what :func:`crc_combine` multiplies
    a CRC by to move it past ``length`` bytes."""
    power, k, n = 1 << 31, 3, length
    while n:
        if n & 1:
            power = _multiply(_X_TO_2_TO[k & 31], power)
        n >>= 1
        k += 1
    return power


def crc_combine(first: int, second: int, shift: int) -> int:
    """Return the CRC-32 of A + B from A's and B's CRCs and ``crc_shift(len(B))``."""
    return _multiply(shift, first) ^ second


@dataclass(frozen=True, eq=False)
class Shared:
    """Bytes that many files hold at the same place: their CRC-32 and shift, once."""

    data: bytes
    crc: int
    table: tuple[tuple[int, ...], ...]  # the shift past ``data``, a byte of a CRC at a time

    @classmethod
    def of(cls, data: bytes) -> Shared:
        shift = crc_shift(len(data))
        bits = [_multiply(shift, 1 << i) for i in range(32)]
        table = []
        for byte in range(4):
            row = [0] * 256
            for value in range(1, 256):
                low = value & -value
                row[value] = row[value ^ low] ^ bits[8 * byte + low.bit_length() - 1]
            table.append(tuple(row))
        return cls(data, zlib.crc32(data), tuple(table))

    def after(self, crc: int) -> int:
        """Return the CRC-32 of some bytes and then these, from the CRC of the first."""
        t0, t1, t2, t3 = self.table
        shifted = t0[crc & 255] ^ t1[crc >> 8 & 255] ^ t2[crc >> 16 & 255] ^ t3[crc >> 24]
        return shifted ^ self.crc


@dataclass(frozen=True, eq=False)
class Pieces:
    """A file as pieces written one after another: its size, CRC-32 and SHA-256 (hex)
    without joining."""

    parts: tuple[bytes, ...]
    size: int
    crc: int
    sha256: str

    def data(self) -> bytes:
        return b"".join(self.parts)


Run = tuple[Shared, tuple[Member, ...]]  # consecutive finished members, joined once


@dataclass(frozen=True, eq=False)
class Layout:
    """A zip archive of members compressed once and templates completed per archive
    (``fill``): the records of consecutive finished members joined once, with their CRC;
    those at the start (``lead``) also hashed and listed in the directory once."""

    lead: Run | None
    items: tuple[Run | SplitTemplate, ...]  # what follows the lead
    listed: bytes  # the lead members' central directory entries
    hashed: hashlib._Hash  # SHA-256 of the lead's records

    @classmethod
    def of(cls, members: Sequence[Member | SplitTemplate]) -> Layout:
        items: list[Run | SplitTemplate] = []
        run: list[Member] = []
        for m in [*members, None]:
            if isinstance(m, Member):
                run.append(m)
                continue
            if run:
                items.append((Shared.of(b"".join(r.record for r in run)), tuple(run)))
                run = []
            if m is not None:
                items.append(m)
        lead = items[0] if items and isinstance(items[0], tuple) else None
        entries, offset = [], 0
        for m in lead[1] if lead else ():
            entries.append(_entry(m, offset))
            offset += len(m.record)
        hashed = hashlib.sha256(lead[0].data if lead else b"")
        rest = items[1:] if lead else items
        return cls(lead, tuple(rest), b"".join(entries), hashed)

    def fill(self, values: Mapping[bytes, bytes]) -> Pieces:
        """Return the archive with the placeholders replaced by ``values``: the bytes of
        :func:`write_zip` of the filled members, in pieces."""
        parts: list[bytes] = []
        entries = [self.listed]
        count = crc = offset = 0
        if self.lead is not None:
            shared, run = self.lead
            parts.append(shared.data)
            count, crc, offset = len(run), shared.crc, len(shared.data)
        digest = self.hashed.copy()
        for item in self.items:
            if isinstance(item, tuple):
                shared, run = item
                for m in run:
                    entries.append(_entry(m, offset))
                    offset += len(m.record)
                count += len(run)
                parts.append(shared.data)
                crc = shared.after(crc)
            else:
                m = item.fill(values)
                entries.append(_entry(m, offset))
                count += 1
                offset += len(m.record)
                parts.append(m.record)
                crc = zlib.crc32(m.record, crc)
            digest.update(parts[-1])
        tail = _end(b"".join(entries), count, offset)
        parts.append(tail)
        digest.update(tail)
        return Pieces(tuple(parts), offset + len(tail), zlib.crc32(tail, crc), digest.hexdigest())


class Stored:
    """A file stored (not compressed) in an archive, from its pieces: a :class:`Pieces`
    written as it is, never joined."""

    method = STORED

    def __init__(self, name: str, pieces: Pieces) -> None:
        self.name, self.pieces = name, pieces
        self.encoded_name = name.encode("utf-8")
        self.crc, self.size, self.compressed = pieces.crc, pieces.size, pieces.size
        self.flags = 0 if self.encoded_name.isascii() else 0x800
        self.central = _central(self)

    def record_pieces(self) -> list[bytes]:
        header = struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, self.flags, STORED, _DOS_TIME, _DOS_DATE,
            self.crc, self.size, self.size, len(self.encoded_name), 0,
        )  # fmt: skip
        return [header + self.encoded_name, *self.pieces.parts]


def _central(m: Member | Stored) -> bytes:
    return struct.pack(
        "<IHHHHHHIIIHHHHHI", 0x02014B50, 20, 20, m.flags, m.method, _DOS_TIME, _DOS_DATE,
        m.crc, m.compressed, m.size, len(m.encoded_name), 0, 0, 0, 0, 0,
    )  # fmt: skip


def _entry(m: Member | Stored, offset: int) -> bytes:
    """Return a member's central directory entry, for its record at ``offset``."""
    return b"".join((m.central, offset.to_bytes(4, "little"), m.encoded_name))


def _end(directory: bytes, count: int, offset: int) -> bytes:
    """Return the central directory of ``count`` members, starting at ``offset``, with
    its end record."""
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), offset, 0)
    return directory + end


def zip_pieces(members: Sequence[Member | Stored]) -> list[bytes]:
    """Return a zip archive of ``members`` in the given order, as pieces to be written
    one after another (the bytes of :func:`write_zip`, not joined)."""
    pieces: list[bytes] = []
    entries: list[bytes] = []
    offset = 0
    for m in members:
        entries.append(_entry(m, offset))
        for piece in m.record_pieces():
            pieces.append(piece)
            offset += len(piece)
    pieces.append(_end(b"".join(entries), len(members), offset))
    return pieces


def write_zip(members: Sequence[Member]) -> bytes:
    """Return a zip archive of ``members`` in the given order."""
    return b"".join(zip_pieces(members))
