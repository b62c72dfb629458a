"""Where output may go: never inside .git, never over the repository's own records, and in
an output folder styrdok replaces only what it wrote itself."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Repo, git, one_line_error

Cli = Callable[..., Result]


def test_output_never_goes_into_git(round_2024: Repo, cli: Cli) -> None:
    config = round_2024.root / ".git" / "config"
    before = config.read_bytes()
    target = round_2024.root / ".git" / "config"
    message = one_line_error(
        cli("diff", "forbundsordning", "HEAD~1", "--format", "json", "-o", str(target))
    )
    assert message == (
        f"kan inte skriva {target}: den ligger i git-katalogen {round_2024.root / '.git'}, "
        "som bara git får ändra"
    )
    assert config.read_bytes() == before
    assert cli("log", "forbundsordning").exit_code == 0


def test_a_symbolic_link_cannot_lead_output_into_git(
    round_2024: Repo, cli: Cli, tmp_path: Path
) -> None:
    link = tmp_path / "ut.json"
    os.symlink(round_2024.root / ".git" / "HEAD", link)
    before = (round_2024.root / ".git" / "HEAD").read_bytes()
    assert "git-katalogen" in one_line_error(
        cli("diff", "forbundsordning", "HEAD~1", "--format", "json", "-o", str(link))
    )
    assert (round_2024.root / ".git" / "HEAD").read_bytes() == before


@pytest.mark.parametrize(
    ("target", "what"),
    [
        ("remiss/r2024/instanser", "remiss/"),
        ("docs", "docs/"),
        ("templates/ut", "templates/"),
    ],
)
def test_packages_never_go_over_the_records(
    round_2024: Repo, cli: Cli, target: str, what: str
) -> None:
    before = git(round_2024.root, "rev-parse", "HEAD")
    full = round_2024.root / target
    message = one_line_error(cli("remiss", "package", "r2024", "--only", "ydre", "-o", str(full)))
    assert message.startswith(f"kan inte skriva {full}: {what} hör till arkivets egna filer")
    assert git(round_2024.root, "status", "--porcelain") == ""
    assert git(round_2024.root, "rev-parse", "HEAD") == before


def test_settings_and_tracked_files_are_not_overwritten(round_2024: Repo, cli: Cli) -> None:
    (round_2024.root / "LÄSMIG.md").write_text("Arkivets egen text\n", encoding="utf-8")
    round_2024.commit("Läsmig")
    for target in ("styrdok.yaml", "LÄSMIG.md"):
        full = round_2024.root / target
        before = full.read_bytes()
        result = cli("show", "forbundsordning", "-o", str(full))
        assert one_line_error(result).startswith(f"kan inte skriva {full}: ")
        assert full.read_bytes() == before


def test_package_keeps_what_the_user_put_in_the_folder(
    round_2024: Repo, cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "paket"
    (out / "ydre").mkdir(parents=True)
    notes = out / "ydre" / "anteckningar.txt"
    notes.write_text("Ring registratorn före utskick.\n", encoding="utf-8")
    assert cli("remiss", "package", "r2024", "--only", "ydre", "-o", str(out)).exit_code == 0
    assert notes.read_text(encoding="utf-8") == "Ring registratorn före utskick.\n"
    first = (out / "ydre.zip").read_bytes()
    again = cli("remiss", "package", "r2024", "--only", "ydre", "-o", str(out))
    assert again.exit_code == 0, again.output  # styrdok's own files are replaced
    assert (out / "ydre.zip").read_bytes() == first
    assert notes.exists()


def test_package_refuses_to_replace_a_file_it_did_not_write(
    round_2024: Repo, cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "paket"
    (out / "ydre").mkdir(parents=True)
    mine = out / "ydre" / "missiv.docx"
    mine.write_bytes(b"mitt eget missiv")
    message = one_line_error(cli("remiss", "package", "r2024", "--only", "ydre", "-o", str(out)))
    assert message == (
        f"kan inte skriva {mine}: där finns redan en fil som styrdok inte skrivit (eller som "
        "ändrats sedan); flytta den eller välj en annan katalog med -o"
    )
    assert mine.read_bytes() == b"mitt eget missiv"
    assert sorted(p.name for p in out.iterdir()) == ["ydre"]
    (out / "ydre.zip").write_bytes(b"inte en zip")
    mine.unlink()
    assert "ydre.zip" in one_line_error(
        cli("remiss", "package", "r2024", "--only", "ydre", "-o", str(out))
    )
    assert (out / "ydre.zip").read_bytes() == b"inte en zip"


def test_package_refuses_a_file_changed_since_it_wrote_it(
    round_2024: Repo, cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "paket"
    assert cli("remiss", "package", "r2024", "--only", "ydre", "-o", str(out)).exit_code == 0
    edited = out / "ydre" / "svarsmall.docx"
    edited.write_bytes(edited.read_bytes() + b"redigerad")
    assert one_line_error(
        cli("remiss", "package", "r2024", "--only", "ydre", "-o", str(out))
    ).startswith(f"kan inte skriva {edited}: där finns redan en fil")
    assert edited.read_bytes().endswith(b"redigerad")


def test_eml_files_replace_only_their_own_message(
    round_2024: Repo, cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "utskick"
    out.mkdir()
    (out / "remiss-ydre.eml").write_bytes(b"Subject: mitt utkast\r\n\r\nText\r\n")
    message = one_line_error(cli("remiss", "send", "r2024", "-o", str(out)))
    assert message.startswith(f"kan inte skriva {out / 'remiss-ydre.eml'}: där finns redan")
    assert sorted(p.name for p in out.iterdir()) == ["remiss-ydre.eml"]  # nothing written
    assert git(round_2024.root, "status", "--porcelain") == ""
