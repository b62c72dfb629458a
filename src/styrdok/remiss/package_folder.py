"""Placing built remiss packages in an output folder without touching what styrdok did
not write.

A package folder ``DIR/<instans>/`` may hold the user's own files: styrdok replaces only
files it wrote itself (their SHA-256 is in the ``manifest.json`` it left there), and a
``DIR/<instans>.zip`` only when its manifest names the same round and recipient. Anything
else at a name styrdok would write stops the run before a single file is written.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

from styrdok.core.errors import OutputError, os_error_text
from styrdok.store.outputs import refuse_foreign, replaceable

MANIFEST = "manifest.json"
STAGED_ZIP = ".paket.zip"  # the zip's name in the staging folder, beside the files


def write_new(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise OutputError(f"kan inte skriva {path}: {os_error_text(exc)}") from None


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
    out_dir: Path, round_id: str, recipient_id: str, files: dict[str, bytes]
) -> list[str]:
    """Raise OutputError when writing the package would replace a file styrdok did not
    write; return the files of an earlier package that the new one no longer has."""
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


def place(staged: Path, out_dir: Path, recipient_id: str, old: list[str]) -> None:
    """Move one recipient's staged package into ``out_dir``: replace only styrdok's own
    files, the manifest last, then the zip; leave every other file in the folder alone."""
    folder = out_dir / recipient_id
    make_folder(folder)
    names = sorted(p.name for p in staged.iterdir() if p.name not in (STAGED_ZIP, MANIFEST))
    try:
        for name in names:
            os.replace(staged / name, folder / name)
        for name in old:
            (folder / name).unlink(missing_ok=True)
        os.replace(staged / MANIFEST, folder / MANIFEST)
        os.replace(staged / STAGED_ZIP, out_dir / f"{recipient_id}.zip")
    except OSError as exc:
        raise OutputError(f"kan inte skriva paketet i {folder}: {os_error_text(exc)}") from None
