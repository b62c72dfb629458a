"""Checksums: SHA-256 of every file, and the check that each registered answer is still
the file that came in."""

from __future__ import annotations

import hashlib
from pathlib import Path

from styrdok.archive.layout import ArchiveError
from styrdok.remiss.register import Answer, registered
from styrdok.remiss.rounds import Round, recipient_dir
from styrdok.store.registry import Recipient


def sha256(data: bytes) -> str:
    """Return the SHA-256 of ``data`` as lower-case hex."""
    return hashlib.sha256(data).hexdigest()


def verified_answers(root: Path, r: Round, recipient: Recipient) -> list[tuple[Answer, bytes]]:
    """Return the recipient's registered answers with their bytes; raise ArchiveError
    when a file is missing or no longer matches the checksum recorded when it came in."""
    out = []
    folder = recipient_dir(root, r.id, recipient.id)
    for answer in registered(root, r.id, recipient.id):
        path = folder / answer.file
        where = path.relative_to(root).as_posix()
        if not path.resolve().is_relative_to(folder.resolve()):
            raise ArchiveError(
                f"remiss {r.id}: svaret {answer.original_name} från {recipient.name} pekar "
                f"utanför instansens katalog ({where}); arkivpaketet skrivs inte"
            )
        if not path.is_file():
            raise ArchiveError(
                f"remiss {r.id}: svaret {answer.original_name} från {recipient.name} "
                f"saknas ({where}); arkivpaketet skrivs inte"
            )
        data = path.read_bytes()
        if sha256(data) != answer.sha256:
            raise ArchiveError(
                f"remiss {r.id}: svaret {answer.original_name} från {recipient.name} har "
                f"ändrats sedan det registrerades ({where}: kontrollsumman stämmer inte); "
                "arkivpaketet skrivs inte"
            )
        out.append((answer, data))
    return out
