"""Reading files that someone else may have written: a repository's documents, records
and templates, or a file named on the command line.

Only regular files are read (a FIFO or a device would block or never end), the check is
made on the opened file so nothing can be swapped in between, a symbolic link that leads
out of the repository is not followed, and no more than a size limit is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from styrdok.core.errors import OutsideRepositoryError, StyrdokError, os_error_text

MB = 1 << 20
DEFAULT_LIMIT = 64 * MB


class UnreadableFileError(StyrdokError):
    """A file that is not a regular file, is too large or cannot be opened."""


def inside(root: Path, path: Path, shown: str | None = None) -> Path:
    """Return ``path`` with every symbolic link resolved; raise OutsideRepositoryError when
    that leads out of ``root``."""
    resolved = Path(path).resolve()
    try:
        resolved.relative_to(Path(root).resolve())
    except ValueError:
        name = shown or str(path)
        link = " (en symbolisk länk som inte följs)" if Path(path).is_symlink() else ""
        raise OutsideRepositoryError(f"{name} leder ut ur arkivet{link}") from None
    return resolved


def read_bytes(
    path: Path, shown: str | None = None, root: Path | None = None, limit: int = DEFAULT_LIMIT
) -> bytes:
    """Return the bytes of a regular file; with ``root``, only of one inside it.

    ``shown`` is how messages name the file (default: the path). A missing file raises
    FileNotFoundError, so callers can say what is missing in their own words."""
    name = shown or str(path)
    if root is not None:
        path = inside(root, path, name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise UnreadableFileError(f"kan inte läsa {name}: {os_error_text(exc)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFileError(f"{name} är en katalog, inte en fil")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(f"{name} är inte en vanlig fil (till exempel en pipe)")
        if info.st_size > limit:
            raise UnreadableFileError(f"{name} är för stor ({info.st_size // MB} MB)")
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise UnreadableFileError(f"{name} är för stor (mer än {limit // MB} MB)")
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFileError(f"kan inte läsa {name}: {os_error_text(exc)}") from None
    finally:
        os.close(fd)
