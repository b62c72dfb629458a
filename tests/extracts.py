"""Protokollsutdrag for the tests: one-page PDFs with a text layer, signed with a
self-signed test certificate made here, and tampered with afterwards."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from tests.hostile_files import pdf

SIGNED_AT = dt.datetime(2024, 6, 14, 10, 30, tzinfo=dt.UTC)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def extract_pdf(lines: Sequence[str]) -> bytes:
    """Return a one-page PDF whose text layer has ``lines`` (Helvetica, WinAnsi)."""
    shown = b" T* ".join(_pdf_string(line) + b" Tj" for line in lines)
    content = b"BT /F1 11 Tf 14 TL 60 780 Td " + shown + b" ET"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        ]
    )


def adoption_lines(member: str, version: str, paragraph: str = "§ 87") -> list[str]:
    """Return the text of a fullmäktige extract adopting the förbundsordning."""
    return [
        f"{member}, kommunfullmäktige",
        f"Protokollsutdrag {paragraph}",
        "Ny förbundsordning för Itsam kommunalförbund",
        "Kommunfullmäktige beslutar att anta Förbundsordning för Itsam kommunalförbund, "
        f"{version}.",
    ]


def sign(data: bytes, signer: str = "Anna Andersson", at: dt.datetime = SIGNED_AT) -> bytes:
    """Return ``data`` signed by ``signer`` with a fresh self-signed certificate, as an
    e-signing service would, at the signing time ``at``."""
    from asn1crypto import keys, x509
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ec.generate_private_key(ec.SECP256R1())
    name = cx509.Name(
        [
            cx509.NameAttribute(NameOID.COMMON_NAME, signer),
            cx509.NameAttribute(NameOID.ORGANIZATION_NAME, "Itsam kommunalförbund"),
        ]
    )
    usage = cx509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
    cert = (
        cx509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(at - dt.timedelta(days=1))
        .not_valid_after(at + dt.timedelta(days=365))
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    der = cert.public_bytes(serialization.Encoding.DER)
    pkcs8 = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    certificate = x509.Certificate.load(der)
    signing = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=keys.PrivateKeyInfo.load(pkcs8),
        cert_registry=SimpleCertificateStore.from_certs([certificate]),
    )

    class AtTime(signers.PdfSigner):  # the signing time set, as a service would record it
        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = at
            return session

    meta = signers.PdfSignatureMetadata(field_name="Underskrift")
    out = AtTime(meta, signer=signing).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)))
    return bytes(out.getvalue())


def tampered(signed: bytes, old: bytes, new: bytes) -> bytes:
    """Return a signed file with ``old`` replaced by ``new`` (same length) inside the bytes
    the signature covers."""
    assert len(old) == len(new) and old in signed
    return signed.replace(old, new, 1)


def appended(signed: bytes) -> bytes:
    """Return a signed file with an incremental update added after the signature."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/Lang"] = generic.TextStringObject("sv")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
