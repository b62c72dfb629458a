"""Remiss packages: one folder and zip per recipient, identified, reproducible."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

from styrdok.remiss.package import GENERAL_BOOKMARK, SECTIONS_PROPERTY
from styrdok.word.package import custom_properties
from tests.conftest import Repo
from tests.libreoffice import LibreOffice
from tests.processes import bytes_in_two_processes, styrdok_output

Cli = Callable[..., Result]
FILES = [
    "1-forbundsordning-andringar.docx",
    "1-forbundsordning-forslag.docx",
    "1-forbundsordning-jamforelse.docx",
    "manifest.json",
    "missiv.docx",
    "svarsmall.docx",
]


@pytest.fixture
def round_2024(itsam: Repo, cli: Cli) -> Repo:
    result = cli(
        "remiss", "new", "r2024", "--title", "Revidering av förbundsordningen",
        "--sent", "2024-02-23", "--deadline", "2024-05-09", "--decision-date", "2024-06-13",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return itsam


def build(cli: Cli, out: Path, *extra: str) -> Result:
    result = cli("remiss", "package", "r2024", "-o", str(out), *extra)
    assert result.exit_code == 0, result.output
    return result


def test_one_folder_and_zip_per_recipient(round_2024: Repo, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "paket"
    result = build(cli, out)
    assert result.stdout == f"Skrev 6 paket i {out}\n"
    ids = ["atvidaberg", "boxholm", "kinda", "odeshog", "vimmerby", "ydre"]
    assert sorted(p.name for p in out.iterdir()) == sorted(ids + [f"{i}.zip" for i in ids])
    folder = out / "ydre"
    assert sorted(p.name for p in folder.iterdir()) == FILES
    with zipfile.ZipFile(out / "ydre.zip") as archive:
        assert sorted(archive.namelist()) == FILES
        for name in FILES:
            assert archive.read(name) == (folder / name).read_bytes()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["mottagare"] == {"id": "ydre", "namn": "Ydre kommun"}
    listed = {f["namn"]: f["sha256"] for f in manifest["filer"]}
    assert set(listed) == set(FILES) - {"manifest.json"}
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    (doc,) = manifest["dokument"]
    assert doc["gällande"]["version"] == "gällande 2019"
    assert doc["förslag"]["version"] == "remissversion 2024"
    assert len(doc["förslag"]["commit"]) == 40


def test_every_document_identifies_round_and_recipient(
    round_2024: Repo, cli: Cli, tmp_path: Path
) -> None:
    build(cli, tmp_path / "ut")
    for name in FILES:
        if not name.endswith(".docx"):
            continue
        props = custom_properties((tmp_path / "ut" / "odeshog" / name).read_bytes())
        assert props["styrdok.omgang"] == "r2024", name
        assert props["styrdok.mottagare"] == "odeshog", name


def test_letter_and_form_are_addressed_and_say_what_to_do(
    round_2024: Repo, cli: Cli, tmp_path: Path
) -> None:
    build(cli, tmp_path / "ut")
    letter = "\n".join(
        p.text for p in Document(str(tmp_path / "ut" / "boxholm" / "missiv.docx")).paragraphs
    )
    assert "Till: Boxholms kommun" in letter
    assert "senast den 9 maj 2024" in letter
    assert "registrator@itsam.example" in letter and "Dnr 2024/8 i ämnesraden" in letter
    assert "Direktionen avser att fatta beslut den 13 juni 2024." in letter
    assert "Ödeshögs kommun" in letter and "Kinda kommun" in letter  # all remissinstanser
    assert "Anna Andersson" in letter
    form = Document(str(tmp_path / "ut" / "boxholm" / "svarsmall.docx"))
    text = "\n".join(p.text for p in form.paragraphs)
    assert "Remissinstans: Boxholms kommun" in text
    table = form.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Avsnitt", "Ändring (utdrag)", "Ställningstagande", "Kommentar", "Förslag till lydelse"
    ]  # fmt: skip
    assert [row.cells[0].text.split("\n")[0] for row in table.rows[1:]] == ["2 §", "3 §"]
    sections = json.loads(
        custom_properties((tmp_path / "ut" / "boxholm" / "svarsmall.docx").read_bytes())[
            SECTIONS_PROPERTY
        ]
    )
    assert [(s["dokument"], s["avsnitt"]) for s in sections] == [
        ("forbundsordning", "2 §"),
        ("forbundsordning", "3 §"),
    ]
    xml = (
        zipfile.ZipFile(tmp_path / "ut" / "boxholm" / "svarsmall.docx")
        .read("word/document.xml")
        .decode()
    )
    for s in sections:
        assert f'w:name="{s["bokmärke"]}"' in xml
    assert f'w:name="{GENERAL_BOOKMARK}"' in xml


def test_packages_are_byte_reproducible(round_2024: Repo) -> None:
    data = bytes_in_two_processes(
        styrdok_output, str(round_2024.root), "remiss", "package", "r2024"
    )
    for rid in ("boxholm", "ydre"):
        assert f"{rid}.zip\n".encode() in data


def test_only_one_recipient(round_2024: Repo, cli: Cli, tmp_path: Path) -> None:
    build(cli, tmp_path / "ut", "--only", "ydre")
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == ["ydre", "ydre.zip"]
    wrong = cli("remiss", "package", "r2024", "-o", str(tmp_path / "ut"), "--only", "motala")
    assert wrong.exit_code == 1
    assert wrong.stderr == "styrdok: fel: motala är inte remissinstans i r2024\n"


def test_broken_template_leaves_nothing(round_2024: Repo, cli: Cli, tmp_path: Path) -> None:
    round_2024.write("templates/svarsmall.docx", "inte en Word-fil")
    out = tmp_path / "paket"
    result = cli("remiss", "package", "r2024", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("styrdok: fel: mallen svarsmall.docx kan inte användas")
    assert not out.exists() or list(out.iterdir()) == []


def test_missing_pinned_commit(round_2024: Repo, cli: Cli, tmp_path: Path) -> None:
    path = round_2024.root / "remiss" / "r2024" / "omgang.yaml"
    text = path.read_text(encoding="utf-8")
    commit = text.split("commit: ")[2].split("\n")[0]
    path.write_text(text.replace(commit, "abcdef0123" * 4), encoding="utf-8")
    result = cli("remiss", "package", "r2024", "-o", str(tmp_path / "ut"))
    assert result.exit_code == 1
    assert result.stderr == (
        "styrdok: fel: remiss r2024: version abcdef0123 av forbundsordning finns inte i "
        "arkivet (hämta hela historiken med git fetch --unshallow)\n"
    )


def test_identification_survives_libreoffice(
    round_2024: Repo, cli: Cli, tmp_path: Path, libreoffice: LibreOffice
) -> None:
    build(cli, tmp_path / "ut", "--only", "vimmerby")
    for name in ("svarsmall.docx", "1-forbundsordning-andringar.docx"):
        saved = tmp_path / f"sparad-{name}"
        libreoffice.save_as_docx(tmp_path / "ut" / "vimmerby" / name, saved)
        props = custom_properties(saved.read_bytes())
        assert (props["styrdok.omgang"], props["styrdok.mottagare"]) == ("r2024", "vimmerby")
        if name == "svarsmall.docx":
            info = libreoffice.properties(saved)
            sections = json.loads(props[SECTIONS_PROPERTY])
            assert {s["bokmärke"] for s in sections} | {GENERAL_BOOKMARK} <= set(info.bookmarks)


def test_send_through_smtp_carries_the_package(
    round_2024: Repo, cli: Cli, smtp_server: object
) -> None:
    from tests.smtp_server import SmtpServer
    from tests.test_mail_smtp import use_server

    assert isinstance(smtp_server, SmtpServer)
    use_server(round_2024, smtp_server, starttls=False)
    result = cli(
        "remiss", "send", "r2024", "--smtp", "--only", "atvidaberg", "--today", "2024-02-23"
    )
    assert result.exit_code == 0, result.output
    (mail,) = smtp_server.inbox
    assert mail.recipients == ["kommun@atvidaberg.example"]
    assert mail.message["Subject"] == "Remiss: Revidering av förbundsordningen (Dnr 2024/8)"
    body = mail.message.get_body(("plain",))
    assert body is not None and "Till Åtvidabergs kommun" in body.get_content()
    (attachment,) = list(mail.message.iter_attachments())
    assert attachment.get_filename() == "remiss-r2024-atvidaberg.zip"
    with zipfile.ZipFile(io.BytesIO(attachment.get_content())) as archive:
        assert sorted(archive.namelist()) == FILES
    status = cli("remiss", "status", "r2024", "--today", "2024-03-01", "--json")
    rows = {r["id"]: r for r in json.loads(status.stdout)[0]["instanser"]}
    assert rows["atvidaberg"]["skickad"].startswith("2024-02-23T09:00")
    assert rows["boxholm"]["skickad"] is None


def test_written_packages_equal_the_packages_built_in_one_piece(
    round_2024: Repo, cli: Cli, tmp_path: Path
) -> None:
    # The folders and zips are written from shared pieces (remiss.package._stage); the
    # e-mail path builds each file whole. Both must give the same bytes.
    import dataclasses

    from styrdok.remiss.package import build_common, package_for, recipient_files
    from styrdok.remiss.package_manifest import ManifestTemplate, manifest
    from styrdok.remiss.rounds import load_round, round_recipients
    from styrdok.store.git import GitRepo
    from styrdok.store.settings import load_settings

    out = tmp_path / "paket"
    build(cli, out)
    repo = GitRepo.find(round_2024.root)
    r = load_round(repo.root, "r2024")
    recipients = round_recipients(repo.root, r)
    zips = package_for(repo, load_settings(repo.root), r, recipients)
    common = build_common(repo, load_settings(repo.root), r, recipients)
    for rec in recipients:
        assert (out / f"{rec.id}.zip").read_bytes() == zips[rec.id]
        for name, data in recipient_files(common, r, rec).items():
            assert (out / rec.id / name).read_bytes() == data, name
    files = {"b.docx": ("ab" * 32, 7), "a.docx": ("cd" * 32, 123_456)}
    odd = dataclasses.replace(recipients[0], name='Ö "citat" \\ kommun\u2028')
    for title in (r.title, "Titel med STYRDOKMANIFESTFAELTid i sig"):
        rnd = dataclasses.replace(r, title=title)
        form = ManifestTemplate(rnd, list(files))
        for rec in (recipients[0], odd):
            assert form.fill(rec, files) == manifest(rnd, rec, files)


def test_package_files_are_whole_when_the_system_writes_a_little_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A write may take fewer bytes than it was given (a signal, a nearly full disk); the
    # rest must follow. The system call is cut short here, as nothing real does it on
    # demand.
    import os

    from styrdok.core.errors import OutputError
    from styrdok.remiss import package_folder

    real = os.writev

    def short(fd: int, buffers: list[memoryview]) -> int:
        return real(fd, [bytes(b"".join(bytes(b) for b in buffers)[:7])])

    monkeypatch.setattr(package_folder.os, "writev", short)
    pieces = [b"", b"PK\x03\x04", b"x" * 20, b"", b"slut"]
    package_folder.write_new(tmp_path / "a.docx", pieces)
    assert (tmp_path / "a.docx").read_bytes() == b"".join(pieces)
    with pytest.raises(OutputError, match="kan inte skriva .*a.docx: finns redan"):
        package_folder.write_new(tmp_path / "a.docx", pieces)
