"""The one place that decides where output may go.

Output (``-o FIL`` or ``-o KATALOG``) may go anywhere the user can write, except:

- inside a git folder (``.git`` or a linked worktree's git folder): only git may change it;
- over a governance repository's own records: ``docs/``, ``remiss/``, ``templates/`` and
  ``styrdok.yaml``, and any file git tracks in it.

Symbolic links are resolved first, so a link cannot lead output into either. Inside an
output folder styrdok replaces only files it wrote itself (see :func:`replaceable`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from styrdok.core.atomic import write_bytes
from styrdok.core.errors import OutputError, StyrdokError
from styrdok.store.git import GitRepo

RECORD_FOLDERS = ("docs", "remiss", "templates")
RECORD_FILES = ("styrdok.yaml",)


def _is_git_dir(folder: Path) -> bool:
    if folder.name == ".git":
        return True
    try:
        return (folder / "HEAD").is_file() and (
            (folder / "objects").is_dir() or (folder / "commondir").is_file()
        )
    except OSError:
        return False


def _resolved(path: Path) -> Path:
    path = Path(path).expanduser()
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        raise OutputError(f"kan inte skriva {path}: sökvägen går inte att följa") from None


def _work_tree(full: Path) -> Path | None:
    for folder in full.parents:
        if (folder / ".git").exists():
            return folder
    return None


def _tracked(root: Path, relative: str) -> list[str]:
    try:
        return GitRepo.find(root).tracked(relative)
    except StyrdokError:
        return []


def check_output(path: Path, folder: bool = False) -> Path:
    """Return ``path`` resolved if output may be written there (a file, or with
    ``folder`` a folder to write into); raise OutputError saying why not otherwise."""
    full = _resolved(path)
    for ancestor in (full, *full.parents):
        if _is_git_dir(ancestor):
            raise OutputError(
                f"kan inte skriva {path}: den ligger i git-katalogen {ancestor}, "
                "som bara git får ändra"
            )
    root = _work_tree(full) if not (full / ".git").exists() else full
    if root is None:
        return full
    relative = full.relative_to(root)
    parts = relative.parts
    if parts and (parts[0] in RECORD_FOLDERS or relative.as_posix() in RECORD_FILES):
        what = f"{parts[0]}/" if parts[0] in RECORD_FOLDERS else parts[0]
        raise OutputError(
            f"kan inte skriva {path}: {what} hör till arkivets egna filer i {root}; "
            "välj en plats utanför dem (till exempel out/)"
        )
    if parts:
        tracked = _tracked(root, relative.as_posix())
        if tracked:
            which = "filen" if not folder and tracked == [relative.as_posix()] else "katalogen"
            raise OutputError(
                f"kan inte skriva {path}: {which} är versionshanterad i arkivet {root}"
            )
    elif not folder:
        raise OutputError(f"kan inte skriva {path}: det är arkivets rotkatalog")
    return full


def write_output(path: Path, data: bytes) -> Path:
    """Write ``data`` atomically to an output file the user named; return its path."""
    check_output(path)
    write_bytes(path, data)
    return Path(path)


def replaceable(path: Path, ours: Callable[[bytes], bool]) -> bool:
    """Return True when ``path`` may be (over)written in an output folder: it does not
    exist, or ``ours`` recognises its content as something styrdok wrote."""
    if not path.exists() and not path.is_symlink():
        return True
    if path.is_symlink() or not path.is_file():
        return False
    try:
        return ours(path.read_bytes())
    except OSError:
        return False


def refuse_foreign(path: Path) -> OutputError:
    """Return the error for a file in an output folder that styrdok did not write."""
    return OutputError(
        f"kan inte skriva {path}: där finns redan en fil som styrdok inte skrivit "
        "(eller som ändrats sedan); flytta den eller välj en annan katalog med -o"
    )
