"""Every user error: one Swedish line on stderr, exit status 1, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from styrdok.cli import main
from tests.conftest import Repo

Cli = Callable[..., Result]
DOC = "---\nversion: v1\n---\n# T\n\n## 1 § A\n\nText.\n"


@pytest.fixture
def one_doc(repo: Repo) -> Repo:
    repo.doc("fo", DOC, "Första")
    return repo


def error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    return result.stderr.removeprefix("styrdok: fel: ").rstrip("\n")


def test_not_a_repository(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--repo", str(tmp_path), "log", "fo"])
    assert error(result) == f"{tmp_path} ligger inte i ett git-arkiv (skapa ett med 'styrdok init')"


def test_unknown_document(one_doc: Repo, cli: Cli) -> None:
    assert error(cli("log", "fx")) == "okänt dokument: fx (dokument i docs/: fo)"


def test_unknown_revision(one_doc: Repo, cli: Cli) -> None:
    assert error(cli("diff", "fo", "v9")) == (
        "okänd revision eller version: v9 (versioner av fo: v1)"
    )


def test_malformed_front_matter(one_doc: Repo, cli: Cli) -> None:
    one_doc.write("docs/fo.md", "---\nstatus: [\n---\n")
    assert error(cli("diff", "fo", "v1")) == "docs/fo.md: front matter är inte giltig YAML på rad 2"


def test_not_utf8(one_doc: Repo, cli: Cli) -> None:
    (one_doc.root / "docs/fo.md").write_bytes("Förbund".encode("latin-1"))
    assert error(cli("show", "fo")) == "docs/fo.md är inte UTF-8-text"


def test_binary_file(one_doc: Repo, cli: Cli) -> None:
    (one_doc.root / "docs/fo.md").write_bytes(b"PK\x03\x04\x00\x00")
    assert error(cli("show", "fo")) == "docs/fo.md är inte en textfil"


def test_path_outside_the_repository(one_doc: Repo, cli: Cli, tmp_path: Path) -> None:
    outside = tmp_path / "utanfor.md"
    outside.write_text(DOC, encoding="utf-8")
    assert error(cli("show", str(outside))) == f"{outside} ligger utanför arkivet {one_doc.root}"


def test_output_folder_missing(one_doc: Repo, cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "saknas" / "ut.json"
    assert error(cli("diff", "fo", "v1", "--format", "json", "-o", str(target))) == (
        f"kan inte skriva {target}: katalogen {target.parent} finns inte"
    )
    assert not target.parent.exists()


def test_nothing_in_force(one_doc: Repo, cli: Cli) -> None:
    assert error(cli("show", "fo", "--at", "2020-01-01")) == (
        "ingen version av fo gällde 2020-01-01 (ange 'gäller från' och status i dokumentets "
        "front matter)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "fo"], "fel: Argument saknas 'GAMMAL'."),
        (
            ["diff", "fo", "v1", "--format", "pdf"],
            "fel: Ogiltigt värde för '--format': 'pdf' är inte en av",
        ),
        (
            ["show", "fo", "--at", "igår"],
            "fel: Ogiltigt värde: förväntade ett datum ÅÅÅÅ-MM-DD, fick 'igår'",
        ),
        (["rita"], "fel: Kommandot 'rita' finns inte."),
    ],
)
def test_usage_errors_keep_status_2_in_swedish(
    one_doc: Repo, cli: Cli, args: list[str], message: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Användning: styrdok" in result.stderr
