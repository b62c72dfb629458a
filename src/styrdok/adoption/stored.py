"""A protokollsutdrag as kept in a record: the original's name and digest, what was read
in its text and its signatures; and the one mapping of that record to and from its
Swedish keys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from styrdok.adoption.signature import Signature
from styrdok.core.yamlfile import RecordError, as_datetime, optional
from styrdok.core.yamlfile import field as required

YES, NO = "ja", "nej"


@dataclass(frozen=True)
class StoredExtract:
    """A protokollsutdrag kept exactly as received, and what was read in it."""

    file: str  # the original's file name, beside the record
    original_name: str
    sha256: str
    kind: str  # pdf or docx
    received: dt.date
    readable: bool  # whether it has text to read
    named: tuple[str, ...] = ()  # the documents (names) its text names
    versions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # document → version labels named
    with_changes: bool = False  # its text says the decision was made with changes
    signatures: tuple[Signature, ...] = ()
    signature_error: str | None = None

    def versions_of(self, document: str) -> tuple[str, ...]:
        """Return the version labels of ``document`` that the text names."""
        return next((labels for name, labels in self.versions if name == document), ())


def yes(value: bool) -> str:
    """Return ja or nej."""
    return YES if value else NO


def is_yes(value: object) -> bool:
    """Return True for ja (or a YAML true)."""
    return value is True or str(value).strip().casefold() in (YES, "true")


def _signature_data(s: Signature) -> dict[str, Any]:
    return {
        "undertecknare": s.signer,
        "tid": s.signed_at.isoformat(timespec="seconds") if s.signed_at else None,
        "intakt": yes(s.intact),
        "hela filen": yes(s.whole_file),
        "fält": s.field,
    }


def _signature(item: Any, where: str) -> Signature:
    if not isinstance(item, dict):
        raise RecordError(f"{where}: en underskrift ska ha nycklar med värden")
    when = item.get("tid")
    return Signature(
        signer=str(item.get("undertecknare") or ""),
        signed_at=None if when is None else as_datetime(when, where),
        intact=is_yes(item.get("intakt")),
        whole_file=is_yes(item.get("hela filen")),
        field=str(item.get("fält") or ""),
    )


def extract_data(e: StoredExtract) -> dict[str, Any]:
    """Return an extract's record as the mapping it is stored as."""
    data: dict[str, Any] = {
        "fil": e.file,
        "originalnamn": e.original_name,
        "sha256": e.sha256,
        "typ": e.kind,
        "inkom": e.received,
        "läsbar text": yes(e.readable),
        "nämner dokument": list(e.named),
        "nämner versioner": {name: list(labels) for name, labels in e.versions},
        "med ändring": yes(e.with_changes),
        "underskrifter": [_signature_data(s) for s in e.signatures],
    }
    if e.signature_error:
        data["underskrifter fel"] = e.signature_error
    return data


def extract_from(data: Any, where: str) -> StoredExtract:
    """Return the extract a record's mapping holds; raise RecordError naming what is wrong."""
    if not isinstance(data, dict):
        raise RecordError(f"{where}: 'utdrag' ska ha nycklar med värden")
    versions = data.get("nämner versioner") or {}
    return StoredExtract(
        file=str(required(data, "fil", str, where)),
        original_name=str(data.get("originalnamn") or ""),
        sha256=str(required(data, "sha256", str, where)),
        kind=str(data.get("typ") or ""),
        received=required(data, "inkom", dt.date, where),
        readable=is_yes(data.get("läsbar text")),
        named=tuple(str(n) for n in data.get("nämner dokument") or ()),
        versions=tuple(
            (str(k), tuple(str(v) for v in vs or ())) for k, vs in dict(versions).items()
        ),
        with_changes=is_yes(data.get("med ändring")),
        signatures=tuple(_signature(s, where) for s in data.get("underskrifter") or ()),
        signature_error=optional(data, "underskrifter fel", str, where),
    )
