"""A small, reproducible zip writer that can reuse members compressed once.

A remiss package holds the same Word files for every recipient, differing only in a few
small XML parts. Compressing every member again for each of hundreds of recipients is
most of the work; here a member is deflated once (``Member``) and its compressed bytes
are copied into every archive that holds it. A member that differs only where
placeholders stand (``Template``) is deflated once up to its first placeholder; for each
archive the compressor's state there is copied and only the rest is compressed, which
gives the same bytes as compressing the whole text at once. Timestamps are fixed
(1980-01-01), so the same members give the same bytes.
"""

from __future__ import annotations

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


def template(name: str, data: bytes, placeholders: Iterable[bytes]) -> Template:
    """Return ``data`` as a member called ``name`` that :func:`fill` completes; the text
    up to the first of ``placeholders`` is compressed here, once."""
    found = [at for token in placeholders if (at := data.find(token)) >= 0]
    cut = min(found, default=len(data))
    compressor = _compressor()
    head = compressor.compress(data[:cut])
    crc = zlib.crc32(data[:cut]) & 0xFFFFFFFF
    return Template(name, head, crc, cut, compressor, data[cut:])


def fill(t: Template, values: Mapping[bytes, bytes]) -> Member:
    """Return the member of template ``t`` with each placeholder replaced by its value
    (in the order of ``values``), deflated exactly as the whole text would be."""
    rest = t.rest
    for token, value in values.items():
        rest = rest.replace(token, value)
    compressor = t.state.copy()
    payload = t.head + compressor.compress(rest) + compressor.flush()
    crc = zlib.crc32(rest, t.head_crc) & 0xFFFFFFFF
    return Member(t.name, crc, t.head_size + len(rest), payload)


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
