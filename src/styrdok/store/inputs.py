"""The files a remiss round is built from besides the documents: the settings and the
registry of remissinstanser. A round names its recipients by id and is read back with
whatever the registry says, so a command that creates or changes a round commits these
files with it when they are new or changed; a round is never built on a file that is
not in git."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from styrdok.core.errors import StyrdokError
from styrdok.core.safefile import read_bytes
from styrdok.store.git import GitRepo
from styrdok.store.registry import REGISTRY
from styrdok.store.settings import SETTINGS_FILE

INPUTS = (Path(SETTINGS_FILE), REGISTRY)


class UnsavedInputError(StyrdokError):
    """A settings or registry file with changes that styrdok cannot commit itself."""


def unsaved_inputs(repo: GitRepo) -> dict[Path, bytes]:
    """Return the settings file and the registry (path → their bytes now) for each one
    that is new or differs from the last commit; a missing file is left out. Raise
    UnsavedInputError for one that is a symbolic link, which styrdok does not rewrite."""
    out: dict[Path, bytes] = {}
    for relative in INPUTS:
        path = repo.root / relative
        if not (path.exists() or path.is_symlink()) or not repo.has_changes([path]):
            continue
        if path.is_symlink():
            raise UnsavedInputError(
                f"{relative.as_posix()} har ändringar som inte är sparade i git; spara den "
                f"först (git add {relative.as_posix()} och git commit)"
            )
        out[path] = read_bytes(path, relative.as_posix(), repo.root)
    return out


def saved_note(files: Iterable[Path], root: Path) -> str | None:
    """Return the line that tells the user which of these files were committed too (None
    for none)."""
    names = [p.relative_to(root).as_posix() for p in files]
    if not names:
        return None
    pronoun = "de" if len(names) > 1 else "den"
    return (
        f"Sparade också {' och '.join(names)} i git ({pronoun} hade ändringar som inte var sparade)"
    )
