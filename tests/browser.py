"""Headless Chromium for tests: dump a page's DOM, take a screenshot, print to PDF, and
read a PNG with nothing but zlib and struct.

    from browser import CHROMIUM, dump_dom, requires_chromium, screenshot
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
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


def read_png(path: Path) -> Png:
    """Return the pixels of a non-interlaced 8-bit RGB or RGBA PNG (decoded by the one PNG
    reader of the tests, tests.libreoffice.read_png)."""
    from tests.libreoffice import read_png as decode

    image = decode(path)
    if image.pixel_size not in (3, 4):
        raise ValueError(f"unsupported PNG: {image.pixel_size} bytes per pixel in {path}")
    stride = image.width * image.pixel_size
    rows = [image.pixels[y * stride : (y + 1) * stride] for y in range(image.height)]
    return Png(image.width, image.height, image.pixel_size, rows)
