"""Create a new governance repository with the styrdok skeleton."""

from __future__ import annotations

from pathlib import Path

from styrdok.core.atomic import write_text
from styrdok.core.errors import NotARepositoryError, StyrdokError
from styrdok.store.git import GitRepo
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
    if (directory / SETTINGS_FILE).exists():
        raise StyrdokError(f"{directory / SETTINGS_FILE} finns redan: arkivet är redan skapat")
    if directory.exists() and not directory.is_dir():
        raise StyrdokError(f"{directory} är en fil, inte en katalog")
    directory.mkdir(parents=True, exist_ok=True)
    try:
        repo = GitRepo.find(directory)
        if repo.root != directory.resolve():
            repo = GitRepo.init(directory)
    except NotARepositoryError:
        repo = GitRepo.init(directory)
    write_text(directory / SETTINGS_FILE, skeleton(name))
    created = [directory / SETTINGS_FILE]
    for folder, text in FOLDERS.items():
        (directory / folder).mkdir(exist_ok=True)
        readme = directory / folder / "LÄSMIG.txt"
        if not readme.exists():
            write_text(readme, text)
        created.append(directory / folder)
    repo.commit(created, f"Skapa styrdok-arkiv för {name}")
    return repo.root
