"""The answered-round fixture works end to end (used by the summary tests)."""

from __future__ import annotations

import datetime as dt

from styrdok.reports.compilation import compile_round
from styrdok.store.git import GitRepo
from tests.conftest import Repo


def test_answered_round(answered: Repo) -> None:
    compilation = compile_round(GitRepo.find(answered.root), "r2024", dt.date(2024, 6, 1))
    states = {row.recipient.id: row.state for row in compilation.rows}
    assert states == {
        "boxholm": "besvarad",
        "kinda": "försenad",
        "vimmerby": "besvarad",
        "ydre": "besvarad sent",
        "atvidaberg": "försenad",
        "odeshog": "försenad",
    }
    (opposed,) = compilation.opposed()
    assert opposed.ref == "3 §"
    assert [(o.recipient.id, o.stance, o.comment) for o in opposed.opinions] == [
        ("boxholm", "avstyrker", "Ändamålet blir för brett."),
        ("ydre", "ingen erinran", ""),
    ]
    assert [(g.recipient.id, g.text[:16]) for g in compilation.general] == [
        ("vimmerby", "Vimmerby kommun ")
    ]
