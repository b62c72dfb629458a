"""Headless Chromium for tests: dump a page's DOM, take a screenshot, print to PDF, and
read a PNG with nothing but zlib and struct.

    from browser import CHROMIUM, dump_dom, requires_chromium, screenshot
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
requires_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)"
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)
TIMEOUT = 90


def run_chromium(page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a local file with a fresh profile; raise if it fails."""
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        done = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    if done.returncode != 0:
        raise AssertionError(f"chromium exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return done


def dump_dom(page: Path) -> str:
    """Return the DOM of a page after Chromium has loaded it, serialised as HTML."""
    return run_chromium(page, "--dump-dom").stdout


def screenshot(page: Path, out: Path, width: int = 1200, height: int = 1600) -> Path:
    """Write a PNG screenshot of a page to ``out`` and return its path."""
    run_chromium(page, f"--screenshot={out}", f"--window-size={width},{height}")
    if not out.is_file():
        raise AssertionError(f"chromium wrote no screenshot to {out}")
    return out


def print_pdf(page: Path, out: Path) -> Path:
    """Print a page to PDF with its own @page rules (no browser header or footer)."""
    run_chromium(page, f"--print-to-pdf={out}", "--no-pdf-header-footer")
    if not out.is_file():
        raise AssertionError(f"chromium wrote no PDF to {out}")
    return out


@dataclass(frozen=True)
class Png:
    """A decoded 8-bit RGB or RGBA image: ``rows`` hold the raw unfiltered bytes."""

    width: int
    height: int
    channels: int
    rows: list[bytes]

    def pixel(self, x: int, y: int) -> tuple[int, ...]:
        start = x * self.channels
        return tuple(self.rows[y][start : start + self.channels])

    def colours(self) -> set[tuple[int, int, int]]:
        """Return every RGB colour in the image."""
        found: set[tuple[int, int, int]] = set()
        step = self.channels
        for row in self.rows:
            found.update(zip(row[0::step], row[1::step], row[2::step], strict=True))
        return found


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(kind: int, row: bytearray, prev: bytes, bpp: int) -> bytes:
    if kind == 0:
        return bytes(row)
    if kind == 2:
        return bytes((x + p) & 0xFF for x, p in zip(row, prev, strict=True))
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            upper_left = prev[i - bpp] if i >= bpp else 0
            row[i] = (row[i] + _paeth(left, prev[i], upper_left)) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter type {kind}")
    return bytes(row)


def read_png(path: Path) -> Png:
    """Return the pixels of a non-interlaced 8-bit RGB or RGBA PNG."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG file")
    pos, idat, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat.append(chunk)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows: list[bytes] = []
    prev = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = bytearray(raw[start + 1 : start + 1 + stride])
        prev = _unfilter(raw[start], line, prev, channels)
        rows.append(prev)
    return Png(width, height, channels, rows)
