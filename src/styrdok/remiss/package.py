"""Remiss packages: one folder and one zip per recipient.

Everything that is the same for every recipient (the documents, the redlines, the
comparison tables, the letter and the form) is rendered once; each recipient's copy is
then stamped with the round and recipient ids as custom document properties, and with
the recipient's name where the letter and form address it. A package is built in a
temporary folder and renamed into place, so a failed run leaves nothing half-written.
The form's rows, bookmarks and drop-downs are :mod:`styrdok.remiss.form`'s.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from styrdok.compare.changeline import change_line
from styrdok.compare.diff import diff_versions
from styrdok.core.errors import OutputError, os_error_text
from styrdok.core.templating import docx_environment, find_template, swedish_date
from styrdok.core.vocabulary import Stance
from styrdok.core.zipwriter import (
    DEFLATED,
    STORED,
    Layout,
    Member,
    Pieces,
    SplitTemplate,
    Stored,
    member,
    split_template,
    write_zip,
    zip_pieces,
)
from styrdok.remiss.form import (
    BOOKMARK_PREFIX,
    GENERAL_BOOKMARK,
    SECTIONS_PROPERTY,
    finish_form,
    form_rows,
    read_sections_property,
    section_bookmark,
    sections_property,
    template_row,
)
from styrdok.remiss.package_folder import MANIFEST, check_targets, make_folder, place, stage
from styrdok.remiss.package_manifest import ManifestTemplate, manifest
from styrdok.remiss.rounds import (
    Round,
    RoundError,
    check_pinned,
    load_round,
    round_recipients,
)
from styrdok.remiss.sectioncache import keep
from styrdok.store.documents import DocumentRef
from styrdok.store.git import GitRepo
from styrdok.store.outputs import check_output
from styrdok.store.registry import Recipient
from styrdok.store.settings import Settings
from styrdok.text.model import is_statutes
from styrdok.word.package import read_parts, set_custom_properties

ROUND_PROPERTY = "styrdok.omgang"
RECIPIENT_PROPERTY = "styrdok.mottagare"
PART_PROPERTY = "styrdok.del"
DOCUMENT_PROPERTY = "styrdok.dokument"
RECIPIENT_TOKEN = "STYRDOKMOTTAGARE0"  # placeholder for the recipient's name
RECIPIENT_ID_TOKEN = "STYRDOKINSTANSID0"  # placeholder for the recipient's id


class PartKind(StrEnum):
    """What a file of the package is: its name, and its custom property styrdok.del."""

    LETTER = "missiv"  # the remiss letter
    FORM = "svarsmall"  # the response form
    PROPOSAL = "forslag"  # a document as proposed (clean)
    REDLINE = "andringar"  # a document's changes as tracked changes
    TABLE = "jamforelse"  # a document's comparison table


@dataclass(frozen=True)
class Part:
    """A file of the package that is the same for every recipient until stamped."""

    name: str
    data: bytes
    kind: PartKind
    document: str = ""


DOCUMENT_KINDS = (PartKind.PROPOSAL, PartKind.REDLINE, PartKind.TABLE)


def _document_file(index: int, document: str, kind: PartKind) -> str:
    """Return the file name of one of a document's parts in the package."""
    return f"{index}-{document}-{kind}.docx"


def _render_template(name: str, root: Path, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    from styrdok.core.errors import TemplateError

    path = find_template(name, root)
    try:
        template = DocxTemplate(str(path))
        template.render(context, docx_environment(), autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
    except Exception as exc:  # docxtpl raises many kinds for a broken template
        raise TemplateError(f"mallen {name} kan inte användas: {exc}") from None
    return buffer.getvalue()


class _Builder:
    """Renders the parts common to every recipient, once."""

    def __init__(self, repo: GitRepo, settings: Settings, r: Round) -> None:
        self.repo, self.settings, self.round = repo, settings, r
        self.date = r.sent
        self.results = [
            diff_versions(DocumentRef(repo, d.proposal.path), d.base.commit, d.proposal.commit)
            for d in r.documents
        ]
        keep(repo, r, self.results)  # for the receives of the round's answers

    def documents(self) -> list[Part]:
        from styrdok.word.clean import document_docx
        from styrdok.word.redline import redline_docx
        from styrdok.word.table import table_docx

        template = find_template("base.docx", self.repo.root)
        parts = []
        for index, (doc, result) in enumerate(
            zip(self.round.documents, self.results, strict=True), 1
        ):
            clean = document_docx(
                result.comparison.new, self.settings, doc.proposal.label, self.date, template
            )
            redline = redline_docx(result, self.settings, None, self.date, template)
            table = table_docx(result, self.settings, self.date, template)
            for kind, data in (
                (PartKind.PROPOSAL, clean),
                (PartKind.REDLINE, redline),
                (PartKind.TABLE, table),
            ):
                parts.append(Part(_document_file(index, doc.name, kind), data, kind, doc.name))
        return parts

    def _common(self, recipients: Sequence[Recipient]) -> dict[str, Any]:
        r, org = self.round, self.settings.organisation
        contact = r.contact
        contact_text = (
            ", ".join(x for x in (contact.name, contact.email, contact.phone) if x)
            if contact
            else org.registrator
        )
        decision = ""
        if r.decision_body and r.decision_date:
            decision = (
                f"{r.decision_body} avser att fatta beslut den {swedish_date(r.decision_date)}."
            )
        elif r.decision_body:
            decision = f"{r.decision_body} fattar beslut när remissvaren har sammanställts."
        documents = zip(r.documents, self.results, strict=True)
        if any(is_statutes(result.new.meta, d.name) for d, result in documents):
            decision += (
                " En ändrad förbundsordning gäller först när fullmäktige i samtliga "
                "medlemskommuner har antagit samma lydelse."
            )
        titles = ", ".join(d.title for d in r.documents)
        return {
            "organisation": org.name,
            "registrator": org.registrator,
            "datum": r.sent.isoformat(),
            "dnr": ", ".join(r.dnr),
            "titel": r.title,
            "mottagare": RECIPIENT_TOKEN,
            "instanser": [rec.name for rec in recipients],
            "sista_svarsdag": swedish_date(r.deadline.date()),
            "inledning": (
                f"{org.name} har tagit fram förslag till reviderade styrdokument och "
                f"remitterar dem härmed till remissinstanserna: {titles}."
            ),
            "synpunkter": (
                "Vi vill ha era synpunkter på förslagen i sin helhet och på de enskilda "
                "ändringarna. Ange gärna för varje ändrat avsnitt om ni "
                f"{Stance.SUPPORTS}, {Stance.OPPOSES}, har {Stance.COMMENTS} eller "
                f"{Stance.NO_OBJECTION}."
            ),
            "beslut": decision.strip(),
            "kontakt": contact_text,
        }

    def letter_and_form(self, recipients: Sequence[Recipient]) -> list[Part]:
        context = self._common(recipients)
        documents = []
        rows_per_table = []
        for index, (doc, result) in enumerate(
            zip(self.round.documents, self.results, strict=True), 1
        ):
            rows = form_rows(index, doc.name, result)
            rows_per_table.append(rows)
            documents.append(
                {
                    "titel": doc.title,
                    "dnr": doc.dnr or "",
                    "andringar": change_line(result.comparison),
                    "rader": [template_row(row) for row in rows],
                }
            )
        context["dokument"] = documents
        letter = _render_template("missiv.docx", self.repo.root, context)
        form = _render_template("svarsmall.docx", self.repo.root, context)
        form = finish_form(form, rows_per_table)
        sections = sections_property(row for rows in rows_per_table for row in rows)
        form = set_custom_properties(form, {SECTIONS_PROPERTY: sections})
        return [
            Part(f"{PartKind.LETTER}.docx", letter, PartKind.LETTER),
            Part(f"{PartKind.FORM}.docx", form, PartKind.FORM),
        ]


@dataclass(frozen=True)
class Prepared:
    """A part compressed once: members that are the same for everyone, compressed, and
    members that name the recipient, compressed in pieces around the placeholders and
    placed last; ``layout`` holds the finished members' records joined, hashed and
    listed once."""

    name: str
    members: tuple[Member | SplitTemplate, ...]
    layout: Layout


PLACEHOLDERS = (RECIPIENT_ID_TOKEN.encode(), RECIPIENT_TOKEN.encode())


def prepare(part: Part, r: Round) -> Prepared:
    """Return a part stamped with placeholders for the recipient and compressed once.

    The members that name the recipient (the custom properties; the letter's and the
    form's text) come after the others, in their order: the order of a Word file's
    members means nothing to Word, and what every recipient shares is then one run of
    bytes at the start of the file, hashed once."""
    values = {
        ROUND_PROPERTY: r.id,
        RECIPIENT_PROPERTY: RECIPIENT_ID_TOKEN,
        PART_PROPERTY: str(part.kind),
    }
    if part.document:
        values[DOCUMENT_PROPERTY] = part.document
    parts = read_parts(set_custom_properties(part.data, values))
    members = [_member(name, data) for name, data in parts.items()]
    members.sort(key=lambda m: isinstance(m, SplitTemplate))  # stable: order kept
    return Prepared(part.name, tuple(members), Layout.of(members))


def _member(name: str, data: bytes) -> Member | SplitTemplate:
    """Return a member compressed once: whole when it has no placeholder, else in pieces
    around the placeholders."""
    if any(token in data for token in PLACEHOLDERS):
        return split_template(name, data, PLACEHOLDERS)
    return member(name, data)


def _values(recipient: Recipient) -> dict[bytes, bytes]:
    return {
        RECIPIENT_ID_TOKEN.encode(): escape(recipient.id).encode("utf-8"),
        RECIPIENT_TOKEN.encode(): escape(recipient.name).encode("utf-8"),
    }


def _stored(name: str) -> bool:
    return name.endswith(".docx")  # Word files are stored: they are compressed already


def _zip(files: dict[str, bytes]) -> bytes:
    """Return the package zip: Word files stored (they are compressed already)."""
    return write_zip(
        [member(n, files[n], STORED if _stored(n) else DEFLATED) for n in sorted(files)]
    )


def _stamped(common: list[Prepared], recipient: Recipient) -> dict[str, Pieces]:
    """Return the parts addressed to one recipient, each in pieces, by file name."""
    values = _values(recipient)
    return {part.name: part.layout.fill(values) for part in common}


def _digests(files: dict[str, Pieces]) -> dict[str, tuple[str, int]]:
    return {name: (pieces.sha256, pieces.size) for name, pieces in files.items()}


def recipient_files(common: list[Prepared], r: Round, recipient: Recipient) -> dict[str, bytes]:
    """Return one recipient's package: file name → bytes, manifest included."""
    stamped = _stamped(common, recipient)
    files = {name: pieces.data() for name, pieces in stamped.items()}
    files[MANIFEST] = manifest(r, recipient, _digests(stamped))
    return files


def build_common(
    repo: GitRepo, settings: Settings, r: Round, recipients: Sequence[Recipient]
) -> list[Prepared]:
    """Return the parts that are the same for every recipient, rendered and compressed
    once."""
    builder = _Builder(repo, settings, r)
    return [prepare(part, r) for part in builder.letter_and_form(recipients) + builder.documents()]


def part_names(r: Round) -> list[str]:
    """Return the names of the files in each recipient's package, manifest last."""
    names = [f"{PartKind.LETTER}.docx", f"{PartKind.FORM}.docx"]
    for index, doc in enumerate(r.documents, 1):
        names += [_document_file(index, doc.name, kind) for kind in DOCUMENT_KINDS]
    return [*names, MANIFEST]


def _stage(
    common: list[Prepared], form: ManifestTemplate, recipient: Recipient, staging: Path
) -> None:
    """Write one recipient's package under ``staging``: the bytes of
    :func:`recipient_files` and :func:`_zip`, each file written from its pieces, the parts
    every recipient shares never copied."""
    files = _stamped(common, recipient)
    listing = form.fill(recipient, _digests(files))
    contents: dict[str, Member | Stored] = {n: Stored(n, p) for n, p in files.items()}
    contents[MANIFEST] = member(MANIFEST, listing, STORED if _stored(MANIFEST) else DEFLATED)
    archive = zip_pieces([contents[name] for name in sorted(contents)])
    folder: dict[str, Sequence[bytes]] = {name: p.parts for name, p in files.items()}
    folder[MANIFEST] = (listing,)
    stage(staging, recipient.id, folder, archive)


def _workers() -> int:
    """Return how many threads stamp and write packages: creating and writing files
    (most of the time per recipient) releases the GIL, so one per core."""
    return max(1, min(8, os.cpu_count() or 1))


def build_packages(
    repo: GitRepo,
    settings: Settings,
    round_id: str,
    out_dir: Path,
    only: str | None = None,
    progress: Callable[[Recipient], None] | None = None,
) -> list[Path]:
    """Write ``out_dir/<recipient>/`` and ``out_dir/<recipient>.zip`` for every
    recipient (or only one) and return the zip paths.

    Every target is checked before anything is rendered; each recipient's package is
    stamped and written to a staging folder in a thread of its own, and moved into place
    when all are written."""
    r = load_round(repo.root, round_id)
    check_pinned(repo, r)
    recipients = round_recipients(repo.root, r)
    chosen = recipients
    if only is not None:
        chosen = [rec for rec in recipients if rec.id == only]
        if not chosen:
            raise RoundError(f"{only} är inte remissinstans i {r.id}")
    out_dir = check_output(out_dir, folder=True)
    names = part_names(r)
    removed = {rec.id: check_targets(out_dir, r.id, rec.id, names) for rec in chosen}
    common = build_common(repo, settings, r, recipients)
    make_folder(out_dir)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".styrdok-paket-", dir=out_dir))
    except OSError as exc:
        raise OutputError(f"kan inte skriva i {out_dir}: {os_error_text(exc)}") from None
    try:
        with ThreadPoolExecutor(max_workers=_workers()) as pool:
            form = ManifestTemplate(r, [part.name for part in common])
            futures = [pool.submit(_stage, common, form, rec, staging) for rec in chosen]
            try:
                for recipient, future in zip(chosen, futures, strict=True):
                    future.result()
                    if progress is not None:
                        progress(recipient)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        for recipient in chosen:
            place(staging, out_dir, recipient.id, removed[recipient.id])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / f"{recipient.id}.zip" for recipient in chosen]


def package_for(
    repo: GitRepo, settings: Settings, r: Round, recipients: Sequence[Recipient]
) -> dict[str, bytes]:
    """Return each recipient's package as zip bytes, by recipient id (for e-mail)."""
    common = build_common(repo, settings, r, round_recipients(repo.root, r))
    return {rec.id: _zip(recipient_files(common, r, rec)) for rec in recipients}


def package_zip(files: dict[str, bytes]) -> bytes:
    """Return a recipient's package (from :func:`recipient_files`) as one zip file."""
    return _zip(files)


__all__ = [
    "BOOKMARK_PREFIX",
    "GENERAL_BOOKMARK",
    "SECTIONS_PROPERTY",
    "build_packages",
    "package_for",
    "package_zip",
    "read_sections_property",
    "section_bookmark",
]
