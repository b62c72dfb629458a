"""After the 2024 remiss, for the demo: the direktion's proposal (the third named version,
written into the demo clone's docs/), and the protokollsutdrag that come back: the
direktion's e-signed one and each member's fullmäktige's.

    python tools/demo_adoption.py final ARKIV      # write the direktion's proposal
    python tools/demo_adoption.py extracts KATALOG  # write the protokollsutdrag

The texts are invented for the demo. The e-signature uses a certificate made on the spot
(self-signed), as a test stand-in for an e-signing service's.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document

FINAL = "direktionens förslag juni 2024"
VALID_FROM = "gäller från: 2025-01-01"

# The answers changed 7 § (Ödeshög: substitutes called to every meeting) and, after the
# kommunchefsberedning, 4 § (the members' boards heard first); the positions file says
# "förslaget ändrat: nej" for 4 §, which the summary and the board flag.
CHANGES = {
    "forbundsordning": [
        (
            "utsetts av samma medlem.\n",
            "utsetts av samma medlem.\nErsättarna ska kallas till samtliga sammanträden med "
            "direktionen.\n",
        ),
        (
            "övriga verksamhet.\n",
            "övriga verksamhet. Medlemmarnas kommunstyrelser ska ges tillfälle att yttra sig\n"
            "innan direktionen fattar beslut.\n",
        ),
    ],
    "direktionens-reglemente": [],
    "itsam-avtal": [],
}


def final(repo: Path) -> None:
    """Write the direktion's proposal of each document into ``repo``'s docs/."""
    for name, changes in CHANGES.items():
        path = repo / "docs" / f"{name}.md"
        text = path.read_text(encoding="utf-8")
        text = text.replace("version: remissversion 2024\n", f"version: {FINAL}\n{VALID_FROM}\n")
        for old, new in changes:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")


def _pdf(lines: list[str]) -> bytes:
    """Return a one-page PDF with ``lines`` as its text layer (Helvetica, WinAnsi)."""

    def string(text: str) -> bytes:
        raw = text.encode("cp1252").replace(b"\\", b"\\\\")
        return b"(" + raw.replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    shown = b" T* ".join(string(line) + b" Tj" for line in lines)
    content = b"BT /F1 11 Tf 15 TL 60 780 Td " + shown + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe5\xe4\xf6\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % xref)


def _signed(data: bytes, signer: str, at: dt.datetime) -> bytes:
    """Return ``data`` signed by ``signer`` at ``at`` with a self-signed certificate."""
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
    cert = (
        cx509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(at - dt.timedelta(days=1))
        .not_valid_after(at + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    certificate = x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    private = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signing = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=keys.PrivateKeyInfo.load(private),
        cert_registry=SimpleCertificateStore.from_certs([certificate]),
    )

    class AtTime(signers.PdfSigner):  # the signing time, as the service records it
        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = at
            return session

    meta = signers.PdfSignatureMetadata(field_name="Underskrift")
    out = AtTime(meta, signer=signing).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)))
    return bytes(out.getvalue())


def _adopted(municipality: str, paragraph: str, version: str) -> list[str]:
    return [
        f"{municipality}, kommunfullmäktige",
        f"Protokollsutdrag {paragraph}",
        "Revidering av Itsam kommunalförbunds förbundsordning och Itsam-avtal",
        "Kommunfullmäktige beslutar",
        f"att anta Förbundsordning för Itsam kommunalförbund, {version}, och",
        f"att godkänna Itsam-avtal mellan förbundet och medlemskommunerna, {version}.",
    ]


def _docx(path: Path, lines: list[str]) -> None:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))


def extracts(out: Path) -> None:
    """Write the protokollsutdrag of the direktion and of each member into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    direktion = [
        "Itsam kommunalförbund, direktionen",
        "Protokollsutdrag 2024-06-13 § 45, Dnr 2024/8, 2024/9, 2024/10",
        "Direktionen beslutar",
        f"att föreslå medlemskommunernas fullmäktige att anta Förbundsordning för Itsam "
        f"kommunalförbund, {FINAL},",
        f"att föreslå medlemskommunerna att godkänna Itsam-avtal, {FINAL}, och",
        f"att fastställa Direktionens reglemente för Itsam kommunalförbund, {FINAL}.",
    ]
    signed_at = dt.datetime(2024, 6, 17, 9, 12, tzinfo=dt.UTC)
    (out / "direktionen-2024-06-13-§45.pdf").write_bytes(
        _signed(_pdf(direktion), "Anna Andersson", signed_at)
    )
    (out / "boxholm-kf-2024-09-16-§87.pdf").write_bytes(
        _pdf(_adopted("Boxholms kommun", "§ 87", FINAL))
    )
    _docx(out / "vimmerby-kf-2024-09-30-§112.docx", _adopted("Vimmerby kommun", "§ 112", FINAL))
    (out / "odeshog-kf-2024-10-14-§95.pdf").write_bytes(
        _pdf(_adopted("Ödeshögs kommun", "§ 95", "remissversion 2024"))
    )
    (out / "odeshog-kf-2024-11-18-§120.pdf").write_bytes(
        _pdf(_adopted("Ödeshögs kommun", "§ 120", FINAL))
    )
    (out / "atvidaberg-kf-2024-11-25-§140.pdf").write_bytes(
        _pdf(_adopted("Åtvidabergs kommun", "§ 140", FINAL))
    )
    (out / "ydre-kf-2024-12-16-§150.pdf").write_bytes(_pdf(_adopted("Ydre kommun", "§ 150", FINAL)))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "final":
        final(Path(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "extracts":
        extracts(Path(sys.argv[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
