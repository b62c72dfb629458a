"""PDF/A-2b renditions of Word files, made by LibreOffice and made reproducible.

LibreOffice converts every file in one headless run with its own throw-away profile.
Its PDF export writes the time of the run in three places: the document information
(``/CreationDate``), the XMP metadata (``xmp:CreateDate``) and the header of the sRGB
output-intent ICC profile it generates; the trailer's ``/ID`` and LibreOffice's own
``/DocChecksum`` are derived from that time.
Each PDF is rewritten with pikepdf so that the dates are the record's own, the
``/DocChecksum`` is gone and the ``/ID`` is a hash of the content: the same file and date
give the same bytes (with the same LibreOffice version and fonts).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from styrdok.archive.layout import ArchiveError

FILTER = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"}}'
)
PDFA_STATUS = "2B"
_ENV_DROP = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")
_SECONDS_PER_FILE = 20
_STARTUP_SECONDS = 120


def soffice() -> str:
    """Return the LibreOffice program; raise ArchiveError when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ArchiveError(
        "LibreOffice (soffice) saknas och behövs för PDF/A-versionerna: "
        "installera libreoffice-writer"
    )


def _convert(program: str, folder: Path, names: list[str]) -> None:
    profile = folder / "profil"
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        FILTER,
        "--outdir",
        str(folder / "pdf"),
        *names,
    ]
    env = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
    timeout = _STARTUP_SECONDS + _SECONDS_PER_FILE * len(names)
    process = subprocess.Popen(
        command,
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ArchiveError(
            f"LibreOffice blev inte klar med PDF/A-versionerna inom {timeout} sekunder"
        ) from None
    if process.returncode != 0:
        tail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ArchiveError(f"LibreOffice kunde inte göra PDF/A-versionerna: {tail[0]}")


def _pdf_date(at: dt.datetime) -> str:
    offset = at.strftime("%z") or "+0000"
    return f"D:{at.strftime('%Y%m%d%H%M%S')}{offset[:3]}'{offset[3:]}'"


def _icc_with_date(profile: bytes, at: dt.datetime) -> bytes:
    """Return an ICC profile with ``at`` (UTC) as its creation date, and its profile id
    recomputed when it has one."""
    utc = at.astimezone(dt.UTC)
    stamp = struct.pack(">6H", utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
    data = bytearray(profile)
    data[24:36] = stamp
    if any(data[84:100]):
        blank = bytearray(data)
        blank[44:48] = blank[64:68] = bytes(4)
        blank[84:100] = bytes(16)
        data[84:100] = hashlib.md5(bytes(blank)).digest()  # noqa: S324 (the ICC profile id)
    return bytes(data)


def _is_icc(stream: Any) -> bool:
    import pikepdf

    if not isinstance(stream, pikepdf.Stream) or "/N" not in stream:
        return False
    head = stream.read_bytes()[:40]
    return len(head) == 40 and head[36:40] == b"acsp"


def normalise(data: bytes, at: dt.datetime) -> bytes:
    """Return a LibreOffice PDF/A with its dates set to ``at`` and a content-derived
    ``/ID``; raise ArchiveError when the file does not declare PDF/A-2b."""
    import pikepdf  # deferred: only archiving needs it

    with pikepdf.open(io.BytesIO(data)) as pdf:
        for key in ("/CreationDate", "/ModDate"):
            if key in pdf.docinfo:
                pdf.docinfo[key] = _pdf_date(at)
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                if key in meta:
                    meta[key] = at.isoformat(timespec="seconds")
            status = meta.pdfa_status
        for obj in pdf.objects:
            if _is_icc(obj):
                fixed = _icc_with_date(obj.read_bytes(), at)
                obj.write(zlib.compress(fixed, 9), filter=pikepdf.Name.FlateDecode)
                if "/DecodeParms" in obj:
                    del obj["/DecodeParms"]
        if status != PDFA_STATUS:
            raise ArchiveError(f"LibreOffice gjorde inte PDF/A-2b (fick {status or 'ingen'})")
        if "/DocChecksum" in pdf.trailer:  # LibreOffice's own, a hash that includes the time
            del pdf.trailer["/DocChecksum"]
        # qpdf keeps the first half of /ID and derives the second from the content:
        # set the first half to a hash of the content too.
        pdf.trailer.ID = pikepdf.Array([pikepdf.String(bytes(16))] * 2)
        digest = hashlib.md5(_save(pdf)).digest()  # noqa: S324 (a file identifier)
        pdf.trailer.ID = pikepdf.Array([pikepdf.String(digest)] * 2)
        return _save(pdf)


def _save(pdf: Any) -> bytes:
    import pikepdf

    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=False,
        object_stream_mode=pikepdf.ObjectStreamMode.preserve,
        fix_metadata_version=False,
    )
    return out.getvalue()


def renditions(files: Sequence[tuple[bytes, dt.datetime]], label: Sequence[str]) -> list[bytes]:
    """Return a PDF/A-2b rendition of each Word file, in order; each carries the date
    given with it. ``label`` names the files in error messages."""
    if not files:
        return []
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="styrdok-pdfa-") as tmp:
        folder = Path(tmp)
        names = []
        for number, (data, _) in enumerate(files, 1):
            name = f"{number:05d}.docx"
            (folder / name).write_bytes(data)
            names.append(name)
        _convert(program, folder, names)
        out = []
        for name, (_, at), shown in zip(names, files, label, strict=True):
            pdf = folder / "pdf" / f"{Path(name).stem}.pdf"
            if not pdf.is_file():
                raise ArchiveError(f"LibreOffice gjorde ingen PDF/A av {shown}")
            out.append(normalise(pdf.read_bytes(), at))
    return out
