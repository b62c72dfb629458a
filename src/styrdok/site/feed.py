"""The JSON feed of the remiss rounds (JSON Feed 1.1, https://jsonfeed.org/version/1.1):
one item per round, newest first, with a relative link to its page and the round's full
status (as ``remiss status --json`` gives it) under ``_styrdok``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from styrdok.core.dates import STOCKHOLM
from styrdok.remiss.status import to_data
from styrdok.site.content import PublishedRound

VERSION = "https://jsonfeed.org/version/1.1"


def _item(p: PublishedRound) -> dict[str, Any]:
    r = p.status.round
    totals = ", ".join(f"{n} {state}" for state, n in p.status.totals().items())
    sent = dt.datetime.combine(r.sent, dt.time(9, 0), STOCKHOLM)
    return {
        "id": r.id,
        "url": f"remiss/{r.id}/index.html",
        "title": f"Remiss: {r.title}",
        "content_text": (
            f"Skickad {r.sent.isoformat()}, sista svarsdag {r.deadline.date().isoformat()}. "
            f"Läget {p.status.today.isoformat()}: {totals}."
        ),
        "date_published": sent.isoformat(),
        "tags": list(r.dnr),
        "_styrdok": to_data(p.status),
    }


def feed(organisation: str, today: dt.date, rounds: list[PublishedRound]) -> bytes:
    """Return the feed of ``rounds`` as UTF-8 JSON."""
    data = {
        "version": VERSION,
        "title": f"{organisation}: remisser",
        "description": f"Förbundets remissomgångar och läget för svaren den {today.isoformat()}",
        "language": "sv",
        "items": [_item(p) for p in rounds],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
