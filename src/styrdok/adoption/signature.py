"""Digital signatures in a PDF protokollsutdrag: who signed, when, and whether the signed
bytes are intact, read with pyHanko.

Only the file itself is examined: the signature's digest is recomputed over the bytes it
covers and checked against the signer's certificate embedded in the file. Whether that
certificate can be trusted (its issuer, revocation) is not checked: that needs the
issuer's lists over the network, and styrdok works offline. :data:`TRUST_NOTE` says so
wherever a signature is shown.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from styrdok.core.dates import STOCKHOLM

TRUST_NOTE = "certifikatets tillförlitlighet kontrolleras inte (det kräver nätverksåtkomst)"


@dataclass(frozen=True)
class Signature:
    """One signature in a PDF file."""

    signer: str  # the certificate's subject: name, and organisation when given
    signed_at: dt.datetime | None  # the signing time the signer reports
    intact: bool  # the bytes the signature covers are unchanged and the signature is valid
    whole_file: bool  # nothing was added to the file after it was signed
    field: str = ""  # the signature field's name in the PDF

    @property
    def verdict(self) -> str:
        """Return what the signature says of the file, in Swedish."""
        if not self.intact:
            return "de signerade byten är ändrade – underskriften gäller inte den här filen"
        if not self.whole_file:
            return "de signerade byten är intakta, men filen har fått tillägg efter underskriften"
        return "de signerade byten är intakta"


@dataclass(frozen=True)
class SignatureReading:
    """The signatures found in a file, or why they could not be read."""

    signatures: tuple[Signature, ...] = ()
    error: str | None = None


@contextmanager
def _quiet() -> Iterator[None]:
    """Keep pyHanko's and its certificate validator's log lines (an untrusted certificate
    is logged with a traceback) off the user's terminal."""
    names = ("pyhanko", "pyhanko_certvalidator")
    loggers = [logging.getLogger(n) for n in names]
    levels = [log.level for log in loggers]
    for log in loggers:
        log.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for log, level in zip(loggers, levels, strict=True):
            log.setLevel(level)


def _signer(cert: object) -> str:
    """Return the signer's common name, with the organisation in brackets."""
    subject = getattr(cert, "subject", None)
    native = getattr(subject, "native", None) or {}
    name = str(native.get("common_name") or "")
    org = str(native.get("organization_name") or "")
    if name and org:
        return f"{name} ({org})"
    return name or org or (subject.human_friendly if subject is not None else "okänd")


def read_signatures(data: bytes) -> SignatureReading:
    """Return the digital signatures in the PDF ``data`` (none for a file without any)."""
    # pyHanko and its cryptography stack load slowly; only a PDF extract needs them.
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    found: list[Signature] = []
    with _quiet():
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            embedded = list(reader.embedded_signatures)
        except Exception:  # pyHanko raises many kinds on files it cannot parse
            return SignatureReading(error="underskrifterna i filen kan inte läsas")
        for sig in embedded:
            context = ValidationContext(trust_roots=[], allow_fetching=False)
            try:
                status = validate_pdf_signature(sig, context, skip_diff=True)
            except Exception:
                found.append(Signature("okänd", None, False, False, str(sig.field_name or "")))
                continue
            when = status.signer_reported_dt
            found.append(
                Signature(
                    signer=_signer(status.signing_cert),
                    signed_at=when.astimezone(STOCKHOLM) if when is not None else None,
                    intact=bool(status.intact and status.valid),
                    whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                    field=str(sig.field_name or ""),
                )
            )
    return SignatureReading(tuple(found))
