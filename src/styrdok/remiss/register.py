"""The register of answers received from one recipient: ``instanser/<id>/svar.yaml``.

Each entry records a file exactly as received: its stored name, original name, SHA-256,
arrival date (inkom), whether it came after the deadline and whether it supplements an
earlier answer (komplettering). :func:`registered` and :func:`write_register` are the one
place that maps an :class:`Answer` to and from its Swedish keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from styrdok.core.atomic import write_bytes
from styrdok.core.vocabulary import AnswerKind
from styrdok.core.yamlfile import dumps, read_mapping
from styrdok.remiss.rounds import recipient_dir

REGISTER = "svar.yaml"
ANSWERS_DIR = "svar"
CORRECTIONS_SUFFIX = ".placering.yaml"  # staff's corrections of how an answer was read


@dataclass(frozen=True)
class Answer:
    """One registered answer file."""

    file: str  # path relative to the recipient's folder
    original_name: str
    sha256: str
    received: dt.date
    late: bool
    supplement: bool
    kind: AnswerKind | None = None  # what the file is (None in registers that do not say)
    record: str = ""  # the structured reading beside the original, if any


def register_path(root: Path, round_id: str, recipient_id: str) -> Path:
    """Return the recipient's answer register."""
    return recipient_dir(root, round_id, recipient_id) / REGISTER


def registered(root: Path, round_id: str, recipient_id: str) -> list[Answer]:
    """Return the recipient's registered answers, in the order they arrived."""
    path = register_path(root, round_id, recipient_id)
    if not path.is_file():
        return []
    items = read_mapping(path, root).get("svar") or []
    return [answer for item in items if (answer := _answer(item)) is not None]


def _answer(item: object) -> Answer | None:
    """Return the answer an entry records, None for an entry without an arrival date."""
    if not isinstance(item, dict) or not isinstance(received := item.get("inkom"), dt.date):
        return None
    try:
        kind: AnswerKind | None = AnswerKind(str(item.get("typ")))
    except ValueError:
        kind = None  # registers from before the kind was recorded
    return Answer(
        file=str(item.get("fil", "")),
        original_name=str(item.get("originalnamn", "")),
        sha256=str(item.get("sha256", "")),
        received=received,
        late=bool(item.get("sent inkommen", False)),
        supplement=bool(item.get("komplettering", False)),
        kind=kind,
        record=str(item.get("innehåll", "")),
    )


def _data(answer: Answer) -> dict[str, Any]:
    return {
        "fil": answer.file,
        "originalnamn": answer.original_name,
        "sha256": answer.sha256,
        "inkom": answer.received,
        "sent inkommen": answer.late,
        "komplettering": answer.supplement,
        "typ": "" if answer.kind is None else str(answer.kind),
        "innehåll": answer.record,
    }


def register_file(
    root: Path, round_id: str, recipient_id: str, answers: list[Answer]
) -> tuple[Path, bytes]:
    """Return the recipient's answer register and its content listing ``answers``."""
    text = dumps(
        {"svar": [_data(a) for a in answers]},
        "# Inkomna svar, registrerade av styrdok. Originalen ligger oförändrade i svar/.",
    )
    return register_path(root, round_id, recipient_id), text.encode("utf-8")


def write_register(root: Path, round_id: str, recipient_id: str, answers: list[Answer]) -> Path:
    """Write the recipient's answer register (not committed) and return its path."""
    path, data = register_file(root, round_id, recipient_id, answers)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, data)
    return path


def corrections_path(record: Path) -> Path:
    """Return where staff's corrections of the answer read into ``record`` are kept."""
    return record.with_name(record.name.removesuffix(".yaml") + CORRECTIONS_SUFFIX)
