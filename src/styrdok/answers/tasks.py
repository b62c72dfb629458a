"""The task behind ``remiss receive``: check, read and register the answer files a
round received, and say what happened to each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from styrdok.answers.receive import describe, receive
from styrdok.core.outcome import Outcome, lines
from styrdok.store.git import GitRepo
from styrdok.store.settings import load_settings


def receive_answers(
    repo: GitRepo, round_id: str, files: Sequence[Path], sender: str | None, received: dt.date
) -> Outcome:
    """Register ``files`` as answers in round ``round_id``, received on ``received``;
    ``sender`` names the recipient of files that do not identify themselves."""
    done = receive(repo, load_settings(repo.root), round_id, list(files), sender, received)
    return Outcome(text=lines([describe(registration) for registration in done]))
