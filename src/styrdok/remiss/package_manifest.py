"""The manifest of a remiss package: the round, the recipient and every file's SHA-256.

Hundreds of recipients get manifests that differ only in the recipient and the files'
digests and sizes, so the JSON text is made once with a slot where each of those stands
(:class:`ManifestTemplate`) and each recipient's manifest is the text with the slots
filled: the same bytes as :func:`manifest`, which writes it in one go.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from styrdok import __version__
from styrdok.remiss.rounds import Round
from styrdok.store.registry import Recipient

_SLOT = "STYRDOKMANIFESTFAELT"  # stands, quoted, where a value is filled in
_SLOTS = re.compile(f'"({_SLOT}[a-z0-9]+)"')


def _data(r: Round, recipient: tuple[str, str], files: Sequence[tuple[str, str, Any]]) -> Any:
    return {
        "omgång": r.id,
        "titel": r.title,
        "mottagare": {"id": recipient[0], "namn": recipient[1]},
        "sista_svarsdag": r.deadline.isoformat(),
        "verktyg": f"styrdok {__version__}",
        "dokument": [
            {
                "namn": d.name,
                "diarienummer": d.dnr,
                "gällande": {"commit": d.base.commit, "version": d.base.label},
                "förslag": {"commit": d.proposal.commit, "version": d.proposal.label},
            }
            for d in r.documents
        ],
        "filer": [{"namn": n, "sha256": sha, "byte": size} for n, sha, size in files],
    }


def _text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def manifest(r: Round, recipient: Recipient, files: Mapping[str, tuple[str, int]]) -> bytes:
    """Return the manifest of a package whose files (name → SHA-256, bytes) are ``files``."""
    listed = [(name, *files[name]) for name in sorted(files)]
    return _text(_data(r, (recipient.id, recipient.name), listed)).encode("utf-8")


class ManifestTemplate:
    """The manifest of a round's packages made once, filled per recipient."""

    def __init__(self, r: Round, names: Sequence[str]) -> None:
        self.round, self.names = r, sorted(names)
        slots = [(n, f"{_SLOT}s{i}", f"{_SLOT}b{i}") for i, n in enumerate(self.names)]
        text = _text(_data(r, (f"{_SLOT}id", f"{_SLOT}namn"), slots))
        self.pieces = _SLOTS.split(text)
        expected = 2 + 2 * len(self.names)
        # A round whose own texts hold the slot marker is written in one go instead.
        self.usable = len(self.pieces) == 2 * expected + 1 and text.count(_SLOT) == expected

    def fill(self, recipient: Recipient, files: Mapping[str, tuple[str, int]]) -> bytes:
        """Return :func:`manifest` for ``recipient`` and ``files`` (name → SHA-256, bytes)."""
        if not self.usable or sorted(files) != self.names:
            return manifest(self.round, recipient, files)
        values = {f"{_SLOT}id": _string(recipient.id), f"{_SLOT}namn": _string(recipient.name)}
        for i, name in enumerate(self.names):
            sha, size = files[name]
            values[f"{_SLOT}s{i}"] = _string(sha)
            values[f"{_SLOT}b{i}"] = str(int(size))
        out = [values[piece] if n % 2 else piece for n, piece in enumerate(self.pieces)]
        return "".join(out).encode("utf-8")


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
