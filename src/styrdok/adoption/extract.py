"""Protokollsutdrag: check one through the same intake gate as remiss answers, read its
text and its signatures, and keep it byte for byte beside the record of the decision.

What the text is checked for: that it names each document (by title, by the title's first
words such as "Förbundsordning" or by the document's name), which of the document's version
labels it names ("remissversion 2024", "direktionens förslag juni 2024"), and whether it says
the decision was made with changes ("med ändring", "med följande ändringar").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from styrdok.adoption.signature import SignatureReading, read_signatures
from styrdok.adoption.stored import StoredExtract
from styrdok.core.atomic import write_bytes
from styrdok.text.markdown import normalise

_WITH_CHANGES = re.compile(
    r"\bmed (?:följande |de |den |en |vissa )?(?:ändring|ändringar|ändringarna|ändringen|"
    r"tillägg|tillägget|justering|justeringar)\b",
    re.IGNORECASE,
)
_HEAD = re.compile(r"\s+(?:för|mellan|i)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Known:
    """A document as an extract may name it: its name, title and version labels."""

    name: str
    title: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class IncomingExtract:
    """A protokollsutdrag checked and read, not yet stored."""

    path: Path
    data: bytes
    kind: str
    sha256: str
    text: str  # normalised to one line; "" for a scan without text
    signatures: SignatureReading


def read_extract(path: Path) -> IncomingExtract:
    """Return a protokollsutdrag checked by the intake gate, with its text and signatures;
    raise RefusedFile (one Swedish line) when the gate refuses it."""
    from styrdok.answers.intake import inspect, read_received

    data = read_received(path)
    checked = inspect(data, path.name)
    text = _pdf_text(data) if checked.kind == "pdf" else _docx_text(data)
    signatures = read_signatures(data) if checked.kind == "pdf" else SignatureReading()
    return IncomingExtract(
        path, data, checked.kind, hashlib.sha256(data).hexdigest(), text, signatures
    )


def _pdf_text(data: bytes) -> str:
    import logging

    import pypdf

    log = logging.getLogger("pypdf")  # its notes on sloppy files are not for the user
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        return normalise(" ".join(page.extract_text() or "" for page in reader.pages))
    except Exception:  # pypdf raises many kinds on broken input: then there is no text
        return ""
    finally:
        log.setLevel(level)


def _docx_text(data: bytes) -> str:
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception:  # passed the intake gate, yet python-docx cannot open it
        return ""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return normalise(" ".join(parts))


def _folded(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split()).casefold()


def names_document(text: str, known: Known) -> bool:
    """Return True when ``text`` names the document: its title, the title's first words
    ("Förbundsordning", "Itsam-avtal") or its name with hyphens as spaces."""
    folded = _folded(text)
    head = _HEAD.split(known.title, maxsplit=1)[0]
    candidates = {known.title, head, known.name, known.name.replace("-", " ")}
    return any(len(c) >= 4 and _folded(c) in folded for c in candidates if c)


def named_versions(text: str, known: Known) -> tuple[str, ...]:
    """Return the version labels of the document that ``text`` names, longest first."""
    folded = _folded(text)
    found = [label for label in known.labels if label and _folded(label) in folded]
    # "remissversion 2024" also contains "version 2024": keep the longest that match
    found.sort(key=len, reverse=True)
    kept: list[str] = []
    for label in found:
        if not any(_folded(label) in _folded(longer) for longer in kept):
            kept.append(label)
    return tuple(kept)


def says_with_changes(text: str) -> bool:
    """Return True when ``text`` says the decision was made with changes."""
    return _WITH_CHANGES.search(text) is not None


def store_extract(
    incoming: IncomingExtract,
    folder: Path,
    stem: str,
    received: dt.date,
    documents: Sequence[Known],
) -> StoredExtract:
    """Write the original's bytes as ``folder/stem.<kind>`` and return its record."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{stem}.{incoming.kind}"
    write_bytes(folder / name, incoming.data)
    text = incoming.text
    return StoredExtract(
        file=name,
        original_name=incoming.path.name,
        sha256=incoming.sha256,
        kind=incoming.kind,
        received=received,
        readable=bool(text),
        named=tuple(k.name for k in documents if text and names_document(text, k)),
        versions=tuple((k.name, named_versions(text, k)) for k in documents if text),
        with_changes=bool(text) and says_with_changes(text),
        signatures=incoming.signatures.signatures,
        signature_error=incoming.signatures.error,
    )
