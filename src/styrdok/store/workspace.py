"""Create a new governance repository with the styrdok skeleton."""

from __future__ import annotations

import tempfile
from pathlib import Path

from styrdok.core.errors import NotARepositoryError, OutputError, StyrdokError, os_error_text
from styrdok.store.git import GitRepo
from styrdok.store.journal import commit_files, journal_path
from styrdok.store.settings import SETTINGS_FILE, skeleton

FOLDERS = {
    "docs": "Styrdokumenten, ett Markdown-dokument per fil.\n",
    "remiss": "Remissomgångar och inkomna svar.\n",
    "templates": "Egna mallar som ersätter styrdoks inbyggda (samma filnamn).\n",
}


def init_repository(directory: Path, name: str) -> Path:
    """Create (or complete) a governance repository at ``directory`` and return its root.

    Writes ``styrdok.yaml`` and the folders ``docs/``, ``remiss/`` and ``templates/``,
    and commits them. A folder that already has a settings file is left alone."""
    directory = Path(directory)
    if (directory / SETTINGS_FILE).exists() and not _interrupted(directory):
        raise StyrdokError(f"{directory / SETTINGS_FILE} finns redan: arkivet är redan skapat")
    if directory.exists() and not directory.is_dir():
        raise StyrdokError(f"{directory} är en fil, inte en katalog")
    _writable(directory)
    try:
        repo = GitRepo.find(directory)
        if repo.root != directory.resolve():
            repo = GitRepo.init(directory)
    except NotARepositoryError:
        repo = GitRepo.init(directory)
    files: dict[Path, bytes | None] = {}
    if not (directory / SETTINGS_FILE).exists():
        files[directory / SETTINGS_FILE] = skeleton(name).encode("utf-8")
    for folder, text in FOLDERS.items():
        readme = directory / folder / "LÄSMIG.txt"
        if not readme.exists():
            files[readme] = text.encode("utf-8")
    with repo.locked():  # completes an init that was interrupted before its commit
        if files:
            commit_files(repo, files, f"Skapa styrdok-arkiv för {name}")
    return repo.root


def _interrupted(directory: Path) -> bool:
    """Return True when an earlier init here stopped before its commit."""
    try:
        repo = GitRepo.find(directory)
    except StyrdokError:
        return False
    return repo.root == directory.resolve() and journal_path(repo).exists()


def _writable(directory: Path) -> None:
    """Create ``directory`` and make sure files can be written in it; raise one Swedish
    line (read-only folder, full disk) before git or anything else is started."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as exc:
        raise OutputError(f"kan inte skapa arkivet i {directory}: {os_error_text(exc)}") from None
