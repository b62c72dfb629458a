"""Atomic writes: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from styrdok.core.errors import OutputError, os_error_text


def write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one;
    ``durable``: wait until the data is on the disk before the file replaces the old one
    (without, a crash may leave the file empty, which a journal must then find out)."""
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        # A device or a pipe (/dev/null, /dev/stdout): write to it, never replace it.
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise OutputError(f"kan inte skriva {path}: {os_error_text(exc)}") from None
        return
    if path.is_dir():
        raise OutputError(f"kan inte skriva {path}: det är en katalog")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"kan inte skriva {path}: katalogen {folder} finns inte")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"kan inte skriva {path}: {os_error_text(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"kan inte skriva {path}: {os_error_text(exc)}") from None


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    write_bytes(path, text.encode("utf-8"))
