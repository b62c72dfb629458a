"""The CLI's log, show, diff --format json and init, checked through the library."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from styrdok.cli import main
from styrdok.store.git import GitRepo
from styrdok.store.settings import load_settings
from styrdok.store.tasks import document_list
from styrdok.text.markdown import parse
from tests.conftest import Repo

Cli = Callable[..., Result]

OLD = """---
titel: Förbundsordning
status: gällande
version: gällande 2019
gäller från: 2019-07-01
---
# Förbundsordning

## 1 § Namn

Förbundets namn är Itsam.

## 2 § Säte

Förbundet har sitt säte i Kinda kommun.
"""
NEW = (
    OLD.replace("gällande 2019", "remissversion 2024")
    .replace("status: gällande", "status: förslag")
    .replace("Kinda kommun", "Åtvidabergs kommun")
)


@pytest.fixture
def two_versions(repo: Repo) -> Repo:
    repo.doc("forbundsordning", OLD, "Förbundsordning 2019", "2019-06-17T10:00:00+02:00")
    repo.doc("forbundsordning", NEW, "Remissversion 2024", "2024-02-23T10:00:00+01:00")
    return repo


def test_log(two_versions: Repo, cli: Cli) -> None:
    result = cli("log", "forbundsordning")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2024-02-23  remissversion 2024  förslag  ")
    assert lines[0].endswith("Remissversion 2024")
    assert lines[1].startswith("2019-06-17  gällande 2019  gällande  ")


def test_show_a_label_and_a_date(two_versions: Repo, cli: Cli) -> None:
    by_label = cli("show", "forbundsordning", "gällande 2019")
    assert by_label.exit_code == 0
    assert parse(by_label.stdout) == parse(OLD)
    by_date = cli("show", "forbundsordning", "--at", "2020-01-01")
    assert by_date.stdout == by_label.stdout


def test_show_writes_a_file(two_versions: Repo, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "fo.md"
    result = cli("show", "forbundsordning", "HEAD", "-o", str(out))
    assert result.exit_code == 0
    assert parse(out.read_text(encoding="utf-8")) == parse(NEW)


def test_diff_json(two_versions: Repo, cli: Cli) -> None:
    result = cli(
        "diff", "forbundsordning", "gällande 2019", "remissversion 2024", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"] == "ändr. 2 §"
    changed = [s for s in data["sections"] if s["status"] != "unchanged"]
    assert [(s["status"], s["old"]["number"], s["new"]["heading"]) for s in changed] == [
        ("modified", "2 §", "Säte")
    ]
    ops = changed[0]["blocks"][0]["ops"]
    assert {"op": "delete", "text": "Kinda"} in ops
    assert {"op": "insert", "text": "Åtvidabergs"} in ops


def test_diff_against_the_working_tree(two_versions: Repo, cli: Cli) -> None:
    two_versions.write("docs/forbundsordning.md", NEW.replace("Itsam.", "Itsam kommunalförbund."))
    data = json.loads(cli("diff", "forbundsordning", "HEAD", "--format", "json").stdout)
    assert data["summary"] == "ändr. 1 §"
    assert data["new"] == "remissversion 2024"


def test_document_by_path_from_a_subdirectory(
    two_versions: Repo, chdir: Callable[[Path], None]
) -> None:
    chdir(two_versions.root / "docs")
    result = CliRunner().invoke(
        main, ["diff", "forbundsordning.md", "HEAD~1", "HEAD", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"] == "ändr. 2 §"


def test_init_creates_a_committed_skeleton(tmp_path: Path) -> None:
    target = tmp_path / "nytt"
    result = CliRunner().invoke(main, ["init", str(target), "--namn", "Exempelförbundet"])
    assert result.exit_code == 0, result.output
    assert load_settings(target).organisation.name == "Exempelförbundet"
    assert (target / "docs").is_dir() and (target / "remiss").is_dir()
    assert GitRepo.find(target).has_commits
    again = CliRunner().invoke(main, ["init", str(target)])
    assert again.exit_code == 1
    assert (
        again.stderr
        == f"styrdok: fel: {target / 'styrdok.yaml'} finns redan: arkivet är redan skapat\n"
    )


def test_list_shows_each_document_with_title_status_and_version(
    two_versions: Repo, cli: Cli
) -> None:
    two_versions.write("docs/reglemente.md", "# Reglemente\n")  # not yet committed
    result = cli("list")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "forbundsordning\tFörbundsordning\tförslag\tremissversion 2024",
        "reglemente\t\t\t",
    ]
    assert result.stdout == document_list(GitRepo.find(two_versions.root)).text
