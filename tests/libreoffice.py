"""LibreOffice for the tests: one headless soffice per test session, driven over UNO.

Debian's python3-uno only imports in the system Python, so the UNO side lives in
``tests/lo_worker.py``, run with ``/usr/bin/python3``; ``LibreOffice`` talks to it over JSON lines.
Tests use the session-scoped ``libreoffice`` fixture (imported into tests/conftest.py)::

    def test_redline_opens(libreoffice: LibreOffice, tmp_path: Path) -> None:
        assert libreoffice.text(tmp_path / "a.docx").redlines == []

A command that does not answer within ``command_timeout`` kills the worker and soffice and raises
``LibreOfficeTimeout``; the next command starts a fresh LibreOffice.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pytest

WORKER = Path(__file__).with_name("lo_worker.py")
UNO_PYTHON = "/usr/bin/python3"
MISSING = (
    "LibreOffice (soffice) eller /usr/bin/python3 med uno saknas: "
    "installera libreoffice-writer och python3-uno"
)
# The venv must not leak into the system Python that runs the worker.
_PYTHON_ENV = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")


class LibreOfficeError(Exception):
    """LibreOffice or its worker could not carry out a command."""


class LibreOfficeTimeout(LibreOfficeError):
    """LibreOffice did not answer in time; the worker and soffice were killed."""


@dataclass(frozen=True)
class Numbering:
    """List numbering of a paragraph as LibreOffice lays it out."""

    is_number: bool  # NumberingIsNumber: False for a list paragraph without a label
    level: int  # NumberingLevel, 0 for the outermost level
    label: str  # ListLabelString such as "1." or "a)"; the bullet glyph for bullets


@dataclass(frozen=True)
class Paragraph:
    """One paragraph, in the body or in a table cell."""

    text: str
    style: str  # ParaStyleName, e.g. "Heading 1", "Standard", "List Number"
    outline_level: int  # 0 for body text, 1-10 for headings
    numbering: Numbering | None  # None when the paragraph is not in a list
    where: str  # "body" or "table"
    table: int | None = None  # index of the table in document order (nested ones included)
    cell: str | None = None  # cell name such as "B2"


@dataclass(frozen=True)
class Redline:
    """One tracked change; ``date`` is local ISO time as LibreOffice reports it (no zone)."""

    type: str  # Insert, Delete, Format, ParagraphFormat, ...
    author: str
    date: str
    comment: str
    text: str | None  # the changed text, None when the change has no text range


@dataclass
class DocumentText:
    """What LibreOffice shows of a document, with tracked changes displayed."""

    paragraphs: list[Paragraph]
    redlines: list[Redline]
    record_changes: bool

    @property
    def texts(self) -> list[str]:
        """Return the text of every paragraph, table cells included, in order."""
        return [paragraph.text for paragraph in self.paragraphs]

    @property
    def body(self) -> list[str]:
        """Return the text of the paragraphs outside tables."""
        return [paragraph.text for paragraph in self.paragraphs if paragraph.where == "body"]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentText:
        paragraphs = []
        for item in data["paragraphs"]:
            numbering = Numbering(**item["numbering"]) if item["numbering"] else None
            paragraphs.append(Paragraph(**{**item, "numbering": numbering}))
        redlines = [Redline(**item) for item in data["redlines"]]
        return cls(paragraphs, redlines, data["record_changes"])


@dataclass(frozen=True)
class DocumentInfo:
    """Custom document properties and bookmark names as LibreOffice reads them."""

    custom: dict[str, object]
    bookmarks: list[str]


class LibreOffice:
    """One lo_worker.py process and its soffice; started on first use, restarted after a hang."""

    def __init__(
        self,
        workdir: Path,
        *,
        python: str = UNO_PYTHON,
        startup_timeout: float = 120.0,
        command_timeout: float = 60.0,
    ) -> None:
        self.workdir = workdir
        self.python = python
        self.startup_timeout = startup_timeout
        self.command_timeout = command_timeout
        self.version = ""
        self.soffice_pid: int | None = None
        self.startup_seconds = 0.0  # wall time of the last start, worker's Python included
        self.timings: dict[str, float] = {}  # the worker's own split of that start
        self.last_seconds = 0.0  # how long the worker spent on the last command
        self.starts = 0
        self._worker: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._buffer = b""
        self._next_id = 0

    def __enter__(self) -> LibreOffice:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def worker_pid(self) -> int | None:
        """Return the worker's process id, None when it is not running."""
        return self._worker.pid if self._worker else None

    def start(self) -> None:
        """Start the worker and wait until soffice accepts commands."""
        if self._worker is not None:
            return
        began = time.monotonic()
        self.starts += 1
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._log = (self.workdir / f"worker-{self.starts}.log").open("wb")
        soffice = shutil.which("soffice") or "soffice"
        try:
            self._worker = subprocess.Popen(
                [
                    self.python,
                    str(WORKER),
                    f"--workdir={self.workdir / f'worker-{self.starts}'}",
                    f"--profile-template={self.workdir / 'profile-template'}",
                    f"--soffice={soffice}",
                    f"--startup-timeout={self.startup_timeout}",
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log,
                env=_uno_env(),
                start_new_session=True,
            )
        except OSError as error:
            self._release()
            raise LibreOfficeError(f"kunde inte starta {self.python}: {error}") from None
        self._buffer = b""
        ready = self._receive(self.startup_timeout + 10, "start")
        if not ready.get("ready"):
            self._kill()
            raise LibreOfficeError(f"LibreOffice startade inte: {ready.get('error')}{self._tail()}")
        self.version = ready["version"]
        self.soffice_pid = ready["soffice_pid"]
        self.timings = ready["timings"]
        self.startup_seconds = time.monotonic() - began

    def close(self) -> None:
        """Quit soffice and the worker; kill both when they do not stop within 20 seconds."""
        if self._worker is None:
            return
        try:
            self._send({"id": None, "cmd": "quit"})
            self._receive(20, "quit")
            self._worker.wait(20)
        except (LibreOfficeError, OSError, subprocess.TimeoutExpired):
            self._kill()
            return
        if self._worker.returncode != 0:
            self._kill()
            return
        self._release()

    def command(self, name: str, **arguments: object) -> Any:
        """Return the worker's result for one command; raise LibreOfficeError on its error."""
        self.start()
        self._next_id += 1
        request = {"id": self._next_id, "cmd": name, **arguments}
        try:
            self._send(request)
        except OSError:
            self._kill()
            raise LibreOfficeError(f"LibreOffice-processen har avslutats{self._tail()}") from None
        reply = self._receive(self.command_timeout, name)
        if reply.get("id") != request["id"]:
            self._kill()
            raise LibreOfficeError(f"svar i otakt från LibreOffice: {reply}")
        self.soffice_pid = reply.get("soffice_pid", self.soffice_pid)
        self.last_seconds = reply.get("seconds", 0.0)
        if "error" in reply:
            path = arguments.get("path", "")
            raise LibreOfficeError(f"{name} {path}: {reply['error']}\n{reply.get('traceback', '')}")
        return reply["result"]

    def text(self, path: Path) -> DocumentText:
        """Return the paragraphs, tracked changes and record-changes flag of ``path``."""
        return DocumentText.from_json(self.command("text", path=_absolute(path)))

    def accept_all(self, path: Path) -> DocumentText:
        """Return the document as it reads after accepting all tracked changes (not saved)."""
        return DocumentText.from_json(self.command("accept_all", path=_absolute(path)))

    def reject_all(self, path: Path) -> DocumentText:
        """Return the document as it reads after rejecting all tracked changes (not saved)."""
        return DocumentText.from_json(self.command("reject_all", path=_absolute(path)))

    def convert_pdf(self, path: Path, out: Path) -> Path:
        """Return ``out`` after writing ``path`` there as PDF."""
        return Path(self.command("convert", path=_absolute(path), out=_absolute(out))["out"])

    def save_as_docx(self, path: Path, out: Path) -> Path:
        """Return ``out`` after LibreOffice has opened ``path`` and saved it there as .docx."""
        return Path(self.command("save_as_docx", path=_absolute(path), out=_absolute(out))["out"])

    def properties(self, path: Path) -> DocumentInfo:
        """Return the custom document properties and bookmark names of ``path``."""
        result = self.command("properties", path=_absolute(path))
        return DocumentInfo(result["custom"], result["bookmarks"])

    def fill_form(
        self,
        path: Path,
        out: Path,
        *,
        cells: Sequence[Mapping[str, object]] = (),
        general: str = "",
        rows: Sequence[Mapping[str, object]] = (),
        merges: Sequence[Mapping[str, object]] = (),
        paragraphs: Sequence[Mapping[str, object]] = (),
        choices: Sequence[Mapping[str, object]] = (),
        details: Sequence[Mapping[str, object]] = (),
    ) -> Path:
        """Return ``out`` after filling in the response form ``path`` and saving it as .docx
        (see ``cmd_fill_form`` in lo_worker.py for the shape of each argument)."""
        result = self.command(
            "fill_form",
            path=_absolute(path),
            out=_absolute(out),
            cells=list(cells),
            general=general,
            rows=list(rows),
            merges=list(merges),
            paragraphs=list(paragraphs),
            choices=list(choices),
            details=list(details),
        )
        return Path(result["out"])

    def add_comments(self, path: Path, out: Path, comments: Sequence[Mapping[str, str]]) -> Path:
        """Return ``out`` after adding comments to ``path``, each anchored on ``word`` (through
        ``until``) after the heading ``heading``, and saving it as .docx."""
        result = self.command(
            "add_comment", path=_absolute(path), out=_absolute(out), comments=list(comments)
        )
        return Path(result["out"])

    def tracked_edits(
        self, path: Path, out: Path, author: str, edits: Sequence[Mapping[str, str]]
    ) -> Path:
        """Return ``out`` after editing ``path`` with changes recorded as ``author`` (each edit
        replaces ``find`` after ``heading`` with ``replace`` or adds ``insert_after``) and
        saving it as .docx."""
        result = self.command(
            "tracked_edit",
            path=_absolute(path),
            out=_absolute(out),
            author=author,
            edits=list(edits),
        )
        return Path(result["out"])

    def _send(self, request: dict[str, object]) -> None:
        assert self._worker is not None and self._worker.stdin is not None
        self._worker.stdin.write(json.dumps(request).encode() + b"\n")
        self._worker.stdin.flush()

    def _receive(self, timeout: float, what: str) -> dict[str, Any]:
        """Return the worker's next reply; kill everything when none comes within ``timeout``."""
        assert self._worker is not None and self._worker.stdout is not None
        stdout = self._worker.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._kill()
                raise LibreOfficeTimeout(
                    f"LibreOffice svarade inte på {what} inom {timeout:g} s och har avslutats"
                )
            readable, _, _ = select.select([stdout], [], [], remaining)
            if not readable:
                continue
            chunk = os.read(stdout, 1 << 16)
            if not chunk:
                tail = self._tail()
                self._kill()
                raise LibreOfficeError(f"LibreOffice-processen avslutades vid {what}{tail}")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def _kill(self) -> None:
        """Kill the worker's and soffice's process groups and release the pipes."""
        if self._worker is not None:
            for group in (self._worker.pid, self.soffice_pid):
                if group is not None:
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(group, signal.SIGKILL)
            self._worker.wait()
        self._release()

    def _release(self) -> None:
        if self._worker is not None:
            for pipe in (self._worker.stdin, self._worker.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()
        if self._log is not None:
            self._log.close()
        self._worker = self._log = None

    def _tail(self) -> str:
        """Return the end of the worker's log, for error messages."""
        path = self.workdir / f"worker-{self.starts}.log"
        if self._log is not None:
            self._log.flush()
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        lines = [line for line in text.splitlines() if "javaldx" not in line][-15:]
        return "\n" + "\n".join(lines) if lines else ""


def _absolute(path: Path) -> str:
    return str(Path(path).resolve())


def _uno_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in _PYTHON_ENV}


@functools.cache
def unavailable_reason() -> str | None:
    """Return why LibreOffice cannot run here (soffice or uno missing), or None when it can."""
    if shutil.which("soffice") is None or not Path(UNO_PYTHON).exists():
        return MISSING
    done = subprocess.run(
        [UNO_PYTHON, "-c", "import uno"], capture_output=True, env=_uno_env(), timeout=60
    )
    return MISSING if done.returncode else None


def require_libreoffice() -> None:
    """Skip the calling test when LibreOffice is missing; fail it instead when CI is set."""
    reason = unavailable_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LibreOffice]:
    """One LibreOffice for the whole session; skipped when missing, failed when CI is set."""
    require_libreoffice()
    office = LibreOffice(tmp_path_factory.mktemp("libreoffice"))
    try:
        office.start()
        yield office
    finally:
        office.close()


def pdf_to_pngs(pdf: Path, outdir: Path) -> list[Path]:
    """Return the pages of ``pdf`` rendered at 50 dpi as PNG files in ``outdir``, in page order."""
    outdir.mkdir(parents=True, exist_ok=True)
    prefix = outdir / pdf.stem
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = outdir.glob(f"{pdf.stem}-*.png")
    return sorted(pages, key=lambda page: int(page.stem.rsplit("-", 1)[1]))


@dataclass(frozen=True)
class Image:
    """Decoded PNG pixels: ``height`` rows of ``width * pixel_size`` bytes."""

    width: int
    height: int
    pixel_size: int  # bytes per pixel
    pixels: bytes


_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # PNG colour type: grey, RGB, grey+alpha, RGBA


def read_png(png: Path) -> Image:
    """Return the pixels of a non-interlaced 8- or 16-bit grey or RGB(A) PNG (zlib and struct)."""
    data = png.read_bytes()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError(f"inte en PNG-fil: {png}")
    position, chunks, header = 8, [], b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if colour not in _CHANNELS or depth not in (8, 16) or interlace:
        raise ValueError(f"PNG-formatet stöds inte: färgtyp {colour}, {depth} bitar, {png}")
    size = _CHANNELS[colour] * depth // 8
    raw = zlib.decompress(b"".join(chunks))
    stride = width * size
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, size)
        rows.append(row)
        previous = row
    return Image(width, height, size, b"".join(rows))


def _unfilter(kind: int, row: bytearray, previous: bytes, size: int) -> bytes:
    """Return one scanline with PNG filter ``kind`` undone (RFC 2083, section 6)."""
    if kind == 0:
        return bytes(row)
    if kind == 2:
        return bytes((a + b) & 0xFF for a, b in zip(row, previous, strict=True))
    for i in range(len(row)):
        left = row[i - size] if i >= size else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            up = previous[i]
            corner = previous[i - size] if i >= size else 0
            guess = left + up - corner
            to_left, to_up, to_corner = abs(guess - left), abs(guess - up), abs(guess - corner)
            if to_left <= to_up and to_left <= to_corner:
                nearest = left
            elif to_up <= to_corner:
                nearest = up
            else:
                nearest = corner
            row[i] = (row[i] + nearest) & 0xFF
        else:
            raise ValueError(f"okänd PNG-filtertyp {kind}")
    return bytes(row)


def png_is_blank(png: Path) -> bool:
    """Return True when every pixel of ``png`` has the same colour."""
    image = read_png(png)
    first = image.pixels[: image.pixel_size]
    return image.pixels == first * (image.width * image.height)
