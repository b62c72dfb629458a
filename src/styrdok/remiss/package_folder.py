"""Placing built remiss packages in an output folder without touching what styrdok did
not write.

A package folder ``DIR/<instans>/`` may hold the user's own files: styrdok replaces only
files it wrote itself (their SHA-256 is in the ``manifest.json`` it left there), and a
``DIR/<instans>.zip`` only when its manifest names the same round and recipient. Anything
else at a name styrdok would write stops the run before a single file is written.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from styrdok.core.errors import OutputError, os_error_text
from styrdok.store.outputs import refuse_foreign, replaceable

MANIFEST = "manifest.json"


_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC  # open(path, "xb")
_IOV_MAX = 1024  # buffers one writev takes at most (Linux, macOS)


def write_new(path: Path, data: Sequence[bytes]) -> None:
    """Write a new file in an existing folder from its pieces, in as few system calls
    as they allow (the pieces are not joined)."""
    try:
        fd = os.open(path, _NEW, 0o666)
        try:
            _write_all(fd, [memoryview(piece) for piece in data if piece])
        finally:
            os.close(fd)
    except OSError as exc:
        raise OutputError(f"kan inte skriva {path}: {os_error_text(exc)}") from None


def _write_all(fd: int, views: list[memoryview]) -> None:
    while views:
        written = os.writev(fd, views[:_IOV_MAX])
        if written == 0:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        while views and written >= len(views[0]):
            written -= len(views[0])
            views.pop(0)
        if written:
            views[0] = views[0][written:]


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"kan inte skapa katalogen {folder}: {os_error_text(exc)}") from None


def _old_manifest(folder: Path) -> dict[str, str]:
    """Return the files (name → SHA-256) that styrdok wrote in a package folder before,
    from the manifest it left there; none when there is no readable manifest."""
    try:
        data = json.loads((folder / MANIFEST).read_bytes())
        return {str(f["namn"]): str(f["sha256"]) for f in data["filer"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _zip_is_ours(round_id: str, recipient_id: str) -> Callable[[bytes], bool]:
    def ours(data: bytes) -> bool:
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                manifest = json.loads(archive.read(MANIFEST))
            return bool(
                manifest["omgång"] == round_id
                and manifest["mottagare"]["id"] == recipient_id
                and str(manifest["verktyg"]).startswith("styrdok ")
            )
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
            return False

    return ours


def check_targets(
    out_dir: Path, round_id: str, recipient_id: str, files: Collection[str]
) -> list[str]:
    """Raise OutputError when writing a package of the files named ``files`` would
    replace a file styrdok did not write; return the files of an earlier package that
    the new one no longer has."""
    zip_path = out_dir / f"{recipient_id}.zip"
    if not replaceable(zip_path, _zip_is_ours(round_id, recipient_id)):
        raise refuse_foreign(zip_path)
    folder = out_dir / recipient_id
    if not folder.exists() and not folder.is_symlink():
        return []
    if folder.is_symlink() or not folder.is_dir():
        raise refuse_foreign(folder)
    before = _old_manifest(folder)
    for name in files:
        path = folder / name
        if name == MANIFEST:
            ours = bool(before) or not path.exists()
        else:
            ours = replaceable(path, _listed(before.get(name)))
        if not ours:
            raise refuse_foreign(path)
    return [
        name
        for name, digest in before.items()
        if name not in files and _sha(folder / name) == digest and (folder / name).is_file()
    ]


def _listed(digest: str | None) -> Callable[[bytes], bool]:
    def ours(data: bytes) -> bool:
        return digest is not None and hashlib.sha256(data).hexdigest() == digest

    return ours


def stage(
    staging: Path,
    recipient_id: str,
    files: Mapping[str, Sequence[bytes]],
    zip_data: Sequence[bytes],
) -> None:
    """Write one recipient's package under ``staging``: the files in a folder named for
    the recipient, the zip beside it (each given as the pieces of its bytes)."""
    folder = staging / recipient_id
    make_folder(folder)
    for name, data in files.items():
        write_new(folder / name, data)
    write_new(staging / f"{recipient_id}.zip", zip_data)


def place(staging: Path, out_dir: Path, recipient_id: str, old: list[str]) -> None:
    """Move one recipient's staged package into ``out_dir``: a new folder in one move,
    else only styrdok's own files replaced, the manifest last; then the zip. Every other
    file in an existing folder is left alone."""
    folder, staged = out_dir / recipient_id, staging / recipient_id
    try:
        if not folder.exists() and not folder.is_symlink():
            os.rename(staged, folder)
        else:
            names = sorted(p.name for p in staged.iterdir() if p.name != MANIFEST)
            for name in names:
                os.replace(staged / name, folder / name)
            for name in old:
                (folder / name).unlink(missing_ok=True)
            os.replace(staged / MANIFEST, folder / MANIFEST)
        os.replace(staging / f"{recipient_id}.zip", out_dir / f"{recipient_id}.zip")
    except OSError as exc:
        raise OutputError(f"kan inte skriva paketet i {folder}: {os_error_text(exc)}") from None
