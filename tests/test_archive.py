"""Archive packages: a remiss round as an E-ARK SIP with ERMS and PDF/A, checked with the
E-ARK validator, the ERMS schema, the METS schema and pikepdf; and reproducible."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from styrdok.archive.layout import package_id
from styrdok.archive.package import build_archive
from styrdok.cli import main
from styrdok.remiss.register import registered
from styrdok.remiss.rounds import recipient_dir
from styrdok.store.git import GitRepo
from styrdok.store.settings import load_settings
from tests.conftest import GIT_ENV, PROJECT, Repo, git, make_answered, make_itsam
from tests.eark import require_eark, unexplained_errors, validate
from tests.libreoffice import pdf_to_pngs, png_is_blank, require_libreoffice

ERMS = {"e": "https://DILCIS.eu/XML/ERMS"}
METS = {"m": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}
ORG_NUMBER = "222000-2584"


@dataclass(frozen=True)
class Archive:
    """A round archived with ``styrdok remiss archive … --zip``."""

    repo: Repo
    folder: Path
    zip: Path
    output: str


def _archive_answered(base: Path) -> Archive:
    with pytest.MonkeyPatch.context() as patch:
        for key, value in GIT_ENV.items():
            patch.setenv(key, value)
        patch.setenv("HOME", str(base / "home"))
        repo = make_answered(make_itsam(Repo(base / "arkiv")), base)
        result = CliRunner().invoke(
            main,
            [
                "--repo",
                str(repo.root),
                "remiss",
                "archive",
                "r2024",
                "-o",
                str(base / "ut"),
                "--zip",
            ],
            prog_name="styrdok",
        )
    assert result.exit_code == 0, result.output
    folder = base / "ut" / package_id(ORG_NUMBER, "r2024")
    return Archive(repo, folder, folder.with_name(folder.name + ".zip"), result.output)


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """The conftest round r2024 (three answers, an extension) archived with --zip."""
    require_libreoffice()
    return _archive_answered(tmp_path_factory.mktemp("arkivering"))


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip of this repository's own round, styrdokument-2024 (three documents, six
    recipients, nothing sent yet)."""
    require_libreoffice()
    out = tmp_path_factory.mktemp("inbyggd")
    repo = GitRepo.find(PROJECT)
    done = build_archive(repo, load_settings(repo.root), "styrdokument-2024", out, make_zip=True)
    assert done.zip is not None
    return done.zip


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_command_writes_a_folder_named_by_its_objid_and_a_zip(archived: Archive) -> None:
    assert archived.folder.is_dir() and archived.zip.is_file()
    assert f"Skrev arkivpaketet {archived.folder} (" in archived.output
    assert "34 PDF/A" in archived.output
    mets = etree.parse(str(archived.folder / "METS.xml")).getroot()
    assert mets.get("OBJID") == archived.folder.name
    with zipfile.ZipFile(archived.zip) as z:
        assert {n.split("/")[0] for n in z.namelist()} == {archived.folder.name}
        assert z.testzip() is None


@pytest.mark.parametrize("form", ["folder", "zip"])
def test_the_eark_validator_finds_the_package_well_formed_and_valid(
    archived: Archive, form: str
) -> None:
    report = validate(archived.folder if form == "folder" else archived.zip)
    assert report["structure"]["status"] == "WellFormed"
    assert report["metadata"]["schema_results"]["status"] == "VALID"
    assert unexplained_errors(report) == []
    details = report["package"]["details"]
    assert details["oaispackagetype"] == "SIP"
    assert details["contentinformationtype"] == "citserms_v2_1"


def test_the_embedded_round_passes_the_eark_validator(embedded: Path) -> None:
    report = validate(embedded)
    assert report["structure"]["status"] == "WellFormed"
    assert report["metadata"]["schema_results"]["status"] == "VALID"
    assert unexplained_errors(report) == []


def _erms_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(require_eark() / "ERMS.xsd")))


def test_the_case_is_valid_erms(archived: Archive, embedded: Path) -> None:
    schema = _erms_schema()
    document = etree.parse(str(archived.folder / "metadata" / "descriptive" / "erms.xml"))
    assert schema.validate(document), schema.error_log
    with zipfile.ZipFile(embedded) as z:
        name = next(n for n in z.namelist() if n.endswith("metadata/descriptive/erms.xml"))
        other = etree.parse(io.BytesIO(z.read(name)))
    assert schema.validate(other), schema.error_log
    dnr = other.xpath(
        "//e:aggregation/e:extraId[@extraIdType='diarienummer']/text()", namespaces=ERMS
    )
    assert dnr == ["Dnr 2024/8", "Dnr 2024/9", "Dnr 2024/10"]


def test_the_erms_record_holds_the_facts_of_the_round(archived: Archive) -> None:
    doc = etree.parse(str(archived.folder / "metadata" / "descriptive" / "erms.xml"))

    def x(path: str, node: object = doc) -> list[str]:
        return node.xpath(path, namespaces=ERMS)  # type: ignore[attr-defined,no-any-return]

    case = doc.find(".//e:aggregation", ERMS)
    assert case.get("aggregationType") == "caseFile"
    assert x("e:title/text()", case) == ["Revidering av förbundsordningen"]
    assert x("e:extraId/text()", case) == ["Dnr 2024/8"]
    assert x("e:agents/e:agent[@agentType='creator']/e:idNumber/text()", case) == [ORG_NUMBER]
    assert x("e:dates/e:date[@dateType='opened']/text()", case) == ["2024-02-23T00:00:00+01:00"]
    records = case.findall("e:record", ERMS)
    kinds = [r.get("recordType") for r in records]
    assert kinds.count("remiss") == 6 and kinds.count("remissvar") == 3
    assert kinds.count("remissunderlag") == 1 and kinds.count("remissammanställning") == 1
    assert kinds.count("förlängd svarstid") == 1
    numbers = [int(x("e:runningNumber/text()", r)[0]) for r in records]
    assert numbers == list(range(1, len(records) + 1))
    sent = next(r for r in records if x("e:title/text()", r) == ["Remiss till Ydre kommun"])
    assert x("e:direction/@directionDefinition", sent) == ["outgoing"]
    assert x("e:dates/e:date[@dateType='sent']/text()", sent) == ["2024-02-23T09:00:00+01:00"]
    assert x("e:agents/e:agent[@agentType='recipient']/e:name/text()", sent) == ["Ydre kommun"]
    names = x("e:additionalInformation/e:appendix/@name", sent)
    assert "missiv.docx" in names and "svarsmall.docx" in names and "missiv.pdf" in names
    extension = next(r for r in records if r.get("recordType") == "förlängd svarstid")
    assert x("e:title/text()", extension) == ["Förlängd svarstid för Ydre kommun till 23 maj 2024"]
    assert x("e:description/text()", extension) == ["KS 21 maj"]
    root = archived.repo.root
    for answer_record in (r for r in records if r.get("recordType") == "remissvar"):
        assert x("e:direction/@directionDefinition", answer_record) == ["incoming"]
        sender = x("e:agents/e:agent[@agentType='sender']/e:name/text()", answer_record)[0]
        rid = {"Boxholms kommun": "boxholm", "Ydre kommun": "ydre", "Vimmerby kommun": "vimmerby"}
        (answer,) = registered(root, "r2024", rid[sender])
        received = x("e:dates/e:date[@dateType='received']/text()", answer_record)
        assert received == [f"{answer.received.isoformat()}T00:00:00+02:00"]
        sums = x("e:additionalInformation/e:ownElement/e:ownElement/e:value/text()", answer_record)
        assert answer.sha256 in sums
        if sender == "Ydre kommun":
            assert "Svaret kom in efter svarsdagen." in x("e:notes/e:note/text()", answer_record)


def _mets_schema(folder: Path) -> etree.XMLSchema:
    """Return the METS schema shipped in the package, its xlink import served locally."""

    class Local(etree.Resolver):
        def resolve(self, url: str, pubid: str, context: object) -> object:
            if url.endswith("xlink.xsd"):
                return self.resolve_filename(str(folder / "schemas" / "xlink.xsd"), context)
            return None

    parser = etree.XMLParser()
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(folder / "schemas" / "mets.xsd"), parser))


def test_every_file_is_listed_with_its_size_and_sha256(archived: Archive) -> None:
    folder = archived.folder
    schema = _mets_schema(folder)
    listed: dict[str, tuple[int, str]] = {}
    for mets in ("METS.xml", "representations/original/METS.xml", "representations/pdfa/METS.xml"):
        document = etree.parse(str(folder / mets))
        assert schema.validate(document), schema.error_log
        base = mets.rpartition("/")[0]
        for entry in document.xpath("//m:file | //m:mdRef", namespaces=METS):
            href = entry.get(f"{{{METS['xlink']}}}href") or entry.find("m:FLocat", METS).get(
                f"{{{METS['xlink']}}}href"
            )
            path = f"{base}/{href}" if base else href
            assert entry.get("CHECKSUMTYPE") == "SHA-256"
            listed[path] = (int(entry.get("SIZE")), entry.get("CHECKSUM").lower())
    files = files_under(folder)
    assert set(listed) == set(files) - {"METS.xml"}
    for path, (size, digest) in listed.items():
        assert (size, digest) == (len(files[path]), hashlib.sha256(files[path]).hexdigest()), path


def test_originals_are_kept_byte_for_byte(archived: Archive) -> None:
    data = archived.folder / "representations" / "original" / "data"
    root = archived.repo.root
    for rid in ("boxholm", "ydre", "vimmerby"):
        (answer,) = registered(root, "r2024", rid)
        stored = (recipient_dir(root, "r2024", rid) / answer.file).read_bytes()
        assert (data / "svar" / rid / Path(answer.file).name).read_bytes() == stored
    log = git(root, "log", "--format=%H", "--", "docs/forbundsordning.md").split()
    proposal, base = log[0], log[-1]
    shown = git(root, "show", f"{proposal}:docs/forbundsordning.md")
    assert (data / "dokument" / "1-forbundsordning" / "forslag.md").read_text("utf-8") == shown
    shown = git(root, "show", f"{base}:docs/forbundsordning.md")
    assert (data / "dokument" / "1-forbundsordning" / "gallande.md").read_text("utf-8") == shown
    sent = sorted(p.name for p in (data / "utskick" / "ydre").iterdir())
    assert sent == [
        "1-forbundsordning-andringar.docx",
        "1-forbundsordning-forslag.docx",
        "1-forbundsordning-jamforelse.docx",
        "manifest.json",
        "missiv.docx",
        "svarsmall.docx",
    ]


def pdfa_parts(data: bytes) -> tuple[str, str]:
    """Return the PDF/A part and conformance that a PDF declares in its XMP metadata."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as meta:
        return (
            str(meta.get("pdfaid:part", "")),
            str(meta.get("pdfaid:conformance", "")),
        )


def test_every_word_file_has_a_pdfa_rendition(archived: Archive) -> None:
    files = files_under(archived.folder)
    originals = [p for p in files if p.endswith(".docx")]
    renditions = [p for p in files if p.startswith("representations/pdfa/data/")]
    assert len(originals) == 34
    expected = {
        p.replace("representations/original/", "representations/pdfa/").removesuffix(".docx")
        + ".pdf"
        for p in originals
    }
    assert set(renditions) == expected
    for path in renditions:
        assert files[path].startswith(b"%PDF-")
        assert pdfa_parts(files[path]) == ("2", "B"), path


def test_a_rendition_shows_what_the_original_says(archived: Archive, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = archived.folder / "representations" / "pdfa" / "data" / "utskick" / "ydre" / "missiv.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Ydre kommun" in text and "9 maj 2024" in text
    pages = pdf_to_pngs(pdf, tmp_path / "sidor")
    assert pages and not png_is_blank(pages[0])


def test_the_embedded_round_has_pdfa_renditions_of_its_word_files(embedded: Path) -> None:
    with zipfile.ZipFile(embedded) as z:
        names = z.namelist()
        pdfs = [n for n in names if "/representations/pdfa/data/" in n]
        assert len(pdfs) == sum(n.endswith(".docx") for n in names) == 67
        for name in pdfs[:: len(pdfs) // 5]:
            assert pdfa_parts(z.read(name)) == ("2", "B"), name


@pytest.fixture
def second(archived: Archive, tmp_path: Path) -> Iterator[Path]:
    repo = GitRepo.find(archived.repo.root)
    done = build_archive(repo, load_settings(repo.root), "r2024", tmp_path / "igen", make_zip=True)
    yield done.folder


def test_the_same_round_gives_the_same_bytes(archived: Archive, second: Path) -> None:
    assert files_under(second) == files_under(archived.folder)
    assert second.with_name(second.name + ".zip").read_bytes() == archived.zip.read_bytes()


def test_archiving_again_replaces_the_earlier_package(archived: Archive, tmp_path: Path) -> None:
    repo = GitRepo.find(archived.repo.root)
    out = tmp_path / "ut"
    first = build_archive(repo, load_settings(repo.root), "r2024", out)
    (first.folder / "gammal.txt").write_text("från förra gången", encoding="utf-8")
    again = build_archive(repo, load_settings(repo.root), "r2024", out)
    assert again.folder == first.folder and not (again.folder / "gammal.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == [first.folder.name]
