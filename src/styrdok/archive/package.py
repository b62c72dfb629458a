"""Write a remiss round as an archive package: a folder and, if asked, a zip of it.

The package is built in memory, then written into a temporary folder inside the output
folder and renamed into place, so a refused or failed run leaves nothing behind. The
same round gives the same bytes: every date comes from the round, every id is derived,
the zip has fixed timestamps and a fixed member order.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from styrdok import __version__
from styrdok.archive.checksums import sha256
from styrdok.archive.collect import Collected, collect
from styrdok.archive.erms import erms_xml
from styrdok.archive.formats import DOCX, PDFA_2B, XML, FileFormat, format_of
from styrdok.archive.layout import (
    DOCUMENTATION_FILE,
    ERMS_FILE,
    METS_FILE,
    ORIGINAL,
    PDFA,
    SCHEMA_FILES,
    SCHEMA_SOURCE,
    SCHEMAS_DIR,
    ArchiveError,
    digits,
    package_id,
    rendition_path,
)
from styrdok.archive.mets import (
    Agents,
    MetsFile,
    PackageContents,
    package_mets,
    representation_mets,
)
from styrdok.archive.model import AgentType, Attachment, Case, Party, with_renditions
from styrdok.archive.pdfa import renditions
from styrdok.core.templating import render_template
from styrdok.core.zipwriter import DEFLATED, STORED, member, write_zip
from styrdok.store.git import GitRepo
from styrdok.store.settings import Settings

SOFTWARE = "styrdok"
_STORED = (".docx", ".pdf", ".zip")
REPRESENTATION_LABELS = {
    ORIGINAL: "Originalen: det som skickades och kom in, byte för byte",
    PDFA: "PDF/A-2b-versioner av Word-filerna",
}


@dataclass(frozen=True)
class Archived:
    """What was written: the package folder, the zip (if asked for) and counts."""

    folder: Path
    zip: Path | None
    files: int
    renditions: int


@dataclass(frozen=True)
class _Entry:
    data: bytes
    created: dt.datetime
    mets: MetsFile


def _entry(path: str, data: bytes, created: dt.datetime, fmt: FileFormat | None = None) -> _Entry:
    file_format = fmt if fmt is not None else format_of(path)
    return _Entry(data, created, MetsFile(path, len(data), sha256(data), created, file_format))


def _attachments_by_path(case: Case) -> dict[str, Attachment]:
    out = {a.path: a for a in case.attachments}
    for record in case.records:
        out.update((a.path, a) for a in record.attachments)
    return out


def _render(collected: Collected) -> tuple[Case, dict[str, _Entry]]:
    """Return the case with its renditions, and the PDF/A files by package path."""
    words = collected.word_files
    originals = _attachments_by_path(collected.case)
    pdfs = renditions(
        [(collected.files[p].data, collected.files[p].created) for p in words],
        [PurePosixPath(p).name for p in words],
    )
    files: dict[str, _Entry] = {}
    attached: dict[str, Attachment] = {}
    for original, pdf in zip(words, pdfs, strict=True):
        path = rendition_path(original)
        created = collected.files[original].created
        files[path] = _entry(path, pdf, created, fmt=PDFA_2B)
        name = PurePosixPath(originals[original].name).with_suffix(".pdf").name
        attached[original] = Attachment(
            path, name, sha256(pdf), PDFA_2B, "PDF/A-2b-version gjord med LibreOffice", DOCX
        )
    return with_renditions(collected.case, attached), files


def _representation(
    name: str, files: dict[str, _Entry], agents: Agents, at: dt.datetime
) -> tuple[str, bytes]:
    base = f"representations/{name}/"
    listed = [
        MetsFile(p[len(base) :], e.mets.size, e.mets.sha256, e.created, e.mets.file_format)
        for p, e in sorted(files.items())
        if p.startswith(base)
    ]
    return f"{base}{METS_FILE}", representation_mets(
        name, REPRESENTATION_LABELS[name], listed, agents, at
    )


def _agents(settings: Settings, case: Case) -> Agents:
    org = settings.organisation
    contact = next((p for p in case.parties if p.role == AgentType.RESPONSIBLE), None)
    note = ""
    if contact is not None:
        note = ", ".join(
            f"{what}: {value}"
            for what, value in (("e-post", contact.email), ("telefon", contact.phone))
            if value
        )
    return Agents(
        organisation=org.name,
        identification=f"ORG:{digits(org.org_number)}",
        software=SOFTWARE,
        version=__version__,
        contact=contact.name if contact else "",
        contact_note=note[:1].upper() + note[1:],
    )


def archive_id(settings: Settings, round_id: str) -> str:
    """Return the OBJID of the round's package; raise ArchiveError when the settings
    have no organisationsnummer to derive it from."""
    org_number = settings.organisation.org_number
    if not digits(org_number):
        raise ArchiveError(
            "styrdok.yaml saknar organisation: organisationsnummer, som arkivpaketet behöver"
        )
    return package_id(org_number, round_id)


def package_files(
    repo: GitRepo, settings: Settings, round_id: str
) -> tuple[str, dict[str, bytes], int]:
    """Return the package's OBJID, its files (path in the package → bytes) and how many
    PDF/A renditions it holds; raise ArchiveError when the round cannot be archived."""
    org = settings.organisation
    objid = archive_id(settings, round_id)
    collected = collect(repo, settings, round_id)
    case, pdfa = _render(collected)
    at = case.closed
    agents = _agents(settings, case)
    entries: dict[str, _Entry] = {
        p: _entry(p, f.data, f.created, fmt=f.file_format) for p, f in collected.files.items()
    }
    entries.update(pdfa)
    software = Party(AgentType.CREATOR, f"{SOFTWARE} {__version__}")
    erms = erms_xml(case, org, software, at)
    entries[ERMS_FILE] = _entry(ERMS_FILE, erms, at, fmt=XML)
    text = render_template(
        "arkiv-beskrivning.txt",
        repo.root,
        autoescape=False,
        round=collected.round,
        organisation=org,
        objid=objid,
        version=__version__,
        closed=at.date(),
        records=case.records,
        notes=case.notes,
    )
    entries[DOCUMENTATION_FILE] = _entry(DOCUMENTATION_FILE, text.encode("utf-8"), at)
    for name in SCHEMA_FILES:
        path = f"{SCHEMAS_DIR}/{name}"
        entries[path] = _entry(path, (SCHEMA_SOURCE / name).read_bytes(), at)
    reps = []
    for name in (ORIGINAL, PDFA):
        path, data = _representation(name, entries, agents, at)
        entries[path] = _entry(path, data, at, fmt=XML)
        reps.append((name, entries[path].mets))
    contents = PackageContents(
        descriptive=entries[ERMS_FILE].mets,
        documentation=[entries[DOCUMENTATION_FILE].mets],
        schemas=[entries[f"{SCHEMAS_DIR}/{n}"].mets for n in SCHEMA_FILES],
        representations=reps,
    )
    label = f"Remiss {round_id}: {case.title}"
    entries[METS_FILE] = _entry(
        METS_FILE, package_mets(objid, label, contents, agents, at), at, fmt=XML
    )
    return objid, {p: e.data for p, e in sorted(entries.items())}, len(pdfa)


def zip_bytes(objid: str, files: dict[str, bytes]) -> bytes:
    """Return the package as a zip with one root folder, ``<OBJID>/``; compressed
    formats are stored, everything else deflated."""
    return write_zip(
        [
            member(f"{objid}/{p}", files[p], STORED if p.endswith(_STORED) else DEFLATED)
            for p in sorted(files)
        ]
    )


def _ours(path: Path, objid: str) -> bool:
    """Return True when ``path`` is an archive package this round wrote before."""
    if path.is_dir():
        mets = path / METS_FILE
        return mets.is_file() and f'OBJID="{objid}"'.encode() in mets.read_bytes()[:4096]
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return f"{objid}/{METS_FILE}" in archive.namelist()
    return False


def build_archive(
    repo: GitRepo, settings: Settings, round_id: str, out_dir: Path, make_zip: bool = False
) -> Archived:
    """Write the round's archive package to ``out_dir/<OBJID>/`` (and ``<OBJID>.zip``)
    and return what was written. An earlier package of the same round is replaced;
    anything else in the way is left alone and the run is refused."""
    objid = archive_id(settings, round_id)
    folder = out_dir / objid
    zipped = out_dir / f"{objid}.zip"
    for target in (folder, zipped) if make_zip else (folder,):
        if target.exists() and not _ours(target, objid):
            raise ArchiveError(f"{target} finns redan och är inget arkivpaket för {round_id}")
    objid, files, count = package_files(repo, settings, round_id)
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".styrdok-arkiv-", dir=out_dir))
    except OSError as exc:
        raise ArchiveError(f"kan inte skriva i {out_dir}: {exc.strerror}") from None
    try:
        for path, data in files.items():
            target = staging / objid / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if make_zip:
            (staging / zipped.name).write_bytes(zip_bytes(objid, files))
        earlier = staging / "tidigare"
        if folder.exists():
            folder.rename(earlier)  # removed with the staging folder
        try:
            (staging / objid).rename(folder)
        except OSError:
            if earlier.exists():
                earlier.rename(folder)
            raise
        if make_zip:
            (staging / zipped.name).replace(zipped)
    except OSError as exc:
        raise ArchiveError(f"kan inte skriva arkivpaketet i {out_dir}: {exc.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and out_dir.is_dir() and not any(out_dir.iterdir()):
            out_dir.rmdir()
    return Archived(folder, zipped if make_zip else None, len(files), count)
