"""The task behind ``styrdok site``: write the published site and say what was written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from styrdok.core.outcome import Outcome
from styrdok.site.build import write_site
from styrdok.store.git import GitRepo


def publish_site(repo: GitRepo, out: Path, today: dt.date) -> Outcome:
    """Write the site of the repository as of ``today`` into ``out``."""
    folder, written, removed = write_site(repo, out, today)
    gone = f"; tog bort {removed} som inte längre finns" if removed else ""
    return Outcome(
        text=f"Skrev webbplatsen i {folder}: {written} filer{gone}. Öppna {folder / 'index.html'}\n"
    )
