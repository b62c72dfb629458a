"""Create a new governance repository with the styrdok skeleton."""

from __future__ import annotations

import tempfile
from pathlib import Path

from styrdok.core.errors import NotARepositoryError, OutputError, StyrdokError, os_error_text
from styrdok.core.validate import line
from styrdok.store.git import GitRepo
from styrdok.store.journal import commit_files, journal_path
from styrdok.store.registry import REGISTRY
from styrdok.store.settings import SETTINGS_FILE
from styrdok.store.skeleton import (
    EXAMPLE_DOCUMENT,
    HOWTO_FILE,
    IGNORE,
    example_document,
    howto_text,
    registry_text,
    settings_text,
)

TEMPLATES_NOTE = (
    "Egna mallar som ersätter styrdoks inbyggda: lägg en fil här med samma namn\n"
    "(base.docx, missiv.docx, svarsmall.docx, mejl-remiss.txt, ...).\n"
)


def init_repository(directory: Path, name: str) -> Path:
    """Create (or complete) a governance repository at ``directory`` and return its root.

    Writes a commented ``styrdok.yaml``, a registry of remissinstanser with examples, an
    example document in ``docs/``, a how-to (LÄSMIG.md), ``templates/`` and a .gitignore
    for ``out/``, and commits them. A folder that already has a settings file is left
    alone; a file that is already there is kept."""
    directory = Path(directory).absolute()
    line(name, "organisationens namn (--namn)")
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
    texts = {
        SETTINGS_FILE: settings_text(name),
        REGISTRY.as_posix(): registry_text(name),
        EXAMPLE_DOCUMENT: example_document(name),
        HOWTO_FILE: howto_text(name),
        "templates/LÄSMIG.txt": TEMPLATES_NOTE,
        ".gitignore": IGNORE,
    }
    files: dict[Path, bytes | None] = {
        directory / path: text.encode("utf-8")
        for path, text in texts.items()
        if not (directory / path).exists()
    }
    ignore = directory / ".gitignore"
    if (
        ignore.is_file()
        and "out/" not in ignore.read_text(encoding="utf-8", errors="replace").split()
    ):
        files[ignore] = ignore.read_bytes().rstrip(b"\n") + b"\n" + IGNORE.encode("utf-8")
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
