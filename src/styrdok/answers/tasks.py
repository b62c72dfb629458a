"""The tasks behind ``remiss receive`` and ``remiss place``: register the answer files a
round received and say what happened to each; move a view to its section, or set its
stance, by hand."""

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


def place_view(
    repo: GitRepo,
    round_id: str,
    recipient_id: str,
    view_id: str,
    section: str | None = None,
    document: str | None = None,
    stance: str | None = None,
) -> Outcome:
    """Move one view of a recipient's answer (``1.3``: answer 1, view 3, as ``remiss
    answers`` numbers them) to ``section`` (a citation such as ``2 kap. 3 §``, a key, or
    ``allmänt`` for the general views) and/or give it ``stance`` (``ingen``: none); keep
    the correction beside the answer's reading and commit it."""
    from styrdok.answers.placement import place

    done = place(repo, round_id, recipient_id, view_id, section, document, stance)
    parts = [f"Synpunkt {done.view_id} från {done.recipient} (”{done.text}”)"]
    if done.where:
        parts.append(f"ligger nu under {done.where}")
    if done.stance:
        parts.append(f"ställningstagande {done.stance}")
    return Outcome(text=lines([", ".join(parts)]), notes=(f"Skrev {done.path}",))
