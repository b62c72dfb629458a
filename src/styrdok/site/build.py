"""Write the published site into a folder: every page at its place, files of an earlier
build that the repository no longer has removed, nothing else in the folder touched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from styrdok.core.atomic import write_bytes
from styrdok.core.errors import OutputError, os_error_text
from styrdok.site.content import committed_documents, published_document, published_rounds
from styrdok.site.pages import GENERATOR, Site, site_pages
from styrdok.store.git import GitRepo
from styrdok.store.outputs import check_output, refuse_foreign, replaceable
from styrdok.store.settings import load_settings

FEED = "remisser.json"


def ours(data: bytes) -> bool:
    """Return True when ``data`` is a file the site build writes (a page or the feed)."""
    head = data[:4096]
    return GENERATOR.encode() in head or b'"version": "https://jsonfeed.org/version/1.1"' in head


def render_site(repo: GitRepo, today: dt.date) -> dict[str, bytes]:
    """Return every file of the site as of ``today``, by its path in the site."""
    settings = load_settings(repo.root)
    commit = repo.head()[:10] if repo.has_commits else ""
    site = Site(settings.organisation.name, today, commit)
    documents = [published_document(ref, today) for ref in committed_documents(repo)]
    return site_pages(repo, site, documents, published_rounds(repo, today))


def write_site(repo: GitRepo, out: Path, today: dt.date) -> tuple[Path, int, int]:
    """Write the site into ``out``; return the folder, the number of files written and
    the number of earlier files removed."""
    pages = render_site(repo, today)
    folder = check_output(out, folder=True)
    for relative in pages:
        path = folder / relative
        if not replaceable(path, ours):
            raise refuse_foreign(path)
    stale = [
        path
        for path in sorted(folder.rglob("*")) if folder.is_dir()
        if path.is_file() and path.relative_to(folder).as_posix() not in pages
        and path.suffix in (".html", ".json") and replaceable(path, ours)
    ]  # fmt: skip
    try:
        for relative, data in pages.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(path, data)
        for path in stale:
            path.unlink()
    except OSError as exc:
        raise OutputError(f"kan inte skriva webbplatsen i {out}: {os_error_text(exc)}") from None
    return folder, len(pages), len(stale)
