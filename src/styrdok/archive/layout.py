"""Where things go in an archive package, and how the package is named.

The package follows E-ARK CSIP 2.1.0 and SIP 2.1.0 (together FGS Paketstruktur 2.0)::

    <OBJID>/METS.xml
    <OBJID>/metadata/descriptive/erms.xml        the case as CITS ERMS 2.1
    <OBJID>/representations/original/METS.xml    the files as they were sent and received
    <OBJID>/representations/original/data/...
    <OBJID>/representations/pdfa/METS.xml        PDF/A-2b renditions of every Word file
    <OBJID>/representations/pdfa/data/...
    <OBJID>/schemas/*.xsd
    <OBJID>/documentation/beskrivning.txt
"""

from __future__ import annotations

import uuid
from pathlib import Path, PurePosixPath

from styrdok.core.errors import StyrdokError

METS_FILE = "METS.xml"
ERMS_FILE = "metadata/descriptive/erms.xml"
DOCUMENTATION_FILE = "documentation/beskrivning.txt"
SCHEMAS_DIR = "schemas"
ORIGINAL = "original"
PDFA = "pdfa"
REPRESENTATIONS = (ORIGINAL, PDFA)
SCHEMA_FILES = (
    "mets.xsd",
    "xlink.xsd",
    "DILCISExtensionMETS.xsd",
    "DILCISExtensionSIPMETS.xsd",
    "ERMS.xsd",
)
SCHEMA_SOURCE = Path(__file__).with_name("schemas")
# The namespace for the package and case ids: the same round always gets the same ids.
_IDS = uuid.UUID("5f1d5a2e-3b7c-5c1e-9a8e-2d4b6c0f7a11")


class ArchiveError(StyrdokError):
    """A round that cannot be archived: a file missing or changed, a rendition failing."""


def package_id(org_number: str, round_id: str) -> str:
    """Return the package's OBJID, derived from the förbund and the round:
    ``uuid-…`` (the same round always gets the same id)."""
    return f"uuid-{uuid.uuid5(_IDS, f'{digits(org_number)}/remiss/{round_id}')}"


def digits(org_number: str) -> str:
    """Return an organisationsnummer without its hyphen: ``2220002584``."""
    return "".join(ch for ch in org_number if ch.isdigit())


def data_path(representation: str, relative: str) -> str:
    """Return the package path of a file in a representation's data folder."""
    return f"representations/{representation}/data/{relative}"


def rendition_path(original: str) -> str:
    """Return where the PDF/A rendition of an original goes: the same place in the
    ``pdfa`` representation, with the suffix ``.pdf``."""
    prefix = f"representations/{ORIGINAL}/data/"
    if not original.startswith(prefix):
        raise ValueError(f"not an original: {original!r}")
    relative = PurePosixPath(original[len(prefix) :]).with_suffix(".pdf")
    return data_path(PDFA, relative.as_posix())
