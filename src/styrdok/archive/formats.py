"""File formats in an archive package: MIME type, name, version and PRONOM key by suffix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class FileFormat:
    """A file format as the METS file section and the ERMS appendix name it."""

    mime: str
    name: str
    version: str = ""
    pronom: str = ""  # the key in the PRONOM registry, empty when it has none

    @property
    def label(self) -> str:
        """Return the name and version: ``Acrobat PDF/A - Portable Document Format 2b``."""
        return f"{self.name} {self.version}".strip()


DOCX = FileFormat(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Microsoft Word for Windows",
    "2007 onwards",
    "fmt/412",
)
PDF = FileFormat("application/pdf", "Portable Document Format")
PDFA_2B = FileFormat("application/pdf", "Acrobat PDF/A - Portable Document Format", "2b", "fmt/477")
XML = FileFormat("application/xml", "Extensible Markup Language", "1.0", "fmt/101")
TEXT = FileFormat("text/plain", "Plain Text File", "", "x-fmt/111")
_BY_SUFFIX = {
    ".docx": DOCX,
    ".pdf": PDF,
    ".xml": XML,
    ".xsd": XML,
    ".txt": TEXT,
    ".md": FileFormat("text/markdown", "Markdown", "", "fmt/1149"),
    ".yaml": FileFormat("application/yaml", "YAML", "", "fmt/818"),
    ".json": FileFormat("application/json", "JSON Data Interchange Format", "", "fmt/817"),
}


def format_of(path: str) -> FileFormat:
    """Return the format of a file in the package by its suffix; unknown suffixes are
    plain bytes (``application/octet-stream``)."""
    suffix = PurePosixPath(path).suffix.lower()
    return _BY_SUFFIX.get(suffix, FileFormat("application/octet-stream", "Okänt format"))
