"""Signed PDF extracts: signer, signing time and whether the signed bytes are intact, read
with pyHanko from files signed here with a self-signed test certificate."""

from __future__ import annotations

import datetime as dt

from styrdok.adoption.signature import TRUST_NOTE, read_signatures
from tests.extracts import SIGNED_AT, appended, extract_pdf, sign, tampered

LINES = ["Kommunfullmäktige i Ydre", "Protokollsutdrag § 87", "Förbundsordningen antas."]


def test_a_signed_extract() -> None:
    reading = read_signatures(sign(extract_pdf(LINES), "Bo Berg"))
    assert reading.error is None
    (s,) = reading.signatures
    assert (s.signer, s.intact, s.whole_file, s.field) == (
        "Bo Berg (Itsam kommunalförbund)", True, True, "Underskrift",
    )  # fmt: skip
    assert s.signed_at == SIGNED_AT
    assert s.signed_at is not None and s.signed_at.utcoffset() == dt.timedelta(hours=2)
    assert s.verdict == "de signerade byten är intakta"


def test_a_tampered_extract() -> None:
    signed = sign(extract_pdf(LINES))
    (s,) = read_signatures(tampered(signed, b"antas.", b"avslas")).signatures
    assert (s.intact, s.verdict) == (
        False, "de signerade byten är ändrade – underskriften gäller inte den här filen",
    )  # fmt: skip


def test_an_extract_changed_after_signing() -> None:
    (s,) = read_signatures(appended(sign(extract_pdf(LINES)))).signatures
    assert (s.intact, s.whole_file) == (True, False)
    assert (
        s.verdict == "de signerade byten är intakta, men filen har fått tillägg efter underskriften"
    )


def test_an_unsigned_extract_and_a_broken_file() -> None:
    assert read_signatures(extract_pdf(LINES)).signatures == ()
    assert read_signatures(b"%PDF-1.4\n trasig").error == "underskrifterna i filen kan inte läsas"


def test_trust_is_said_not_to_be_checked() -> None:
    assert "tillförlitlighet kontrolleras inte" in TRUST_NOTE
