"""Shared fixtures: real git repositories under tmp_path and the CLI runner."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from styrdok.cli import main
from styrdok.compare.diff import DiffResult
from tests.git_server import git_server  # noqa: F401
from tests.libreoffice import libreoffice  # noqa: F401
from tests.smtp_server import smtp_server  # noqa: F401

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Kansliet",
    "GIT_AUTHOR_EMAIL": "kansli@itsam.example",
    "GIT_COMMITTER_NAME": "Kansliet",
    "GIT_COMMITTER_EMAIL": "kansli@itsam.example",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NO_COLOR", raising=False)


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its output."""
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


class Repo:
    """A real git repository under tmp_path with helpers to write and commit documents."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "--quiet", "--initial-branch=main")

    def write(self, path: str, text: str) -> Path:
        full = self.root / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_text(text, encoding="utf-8")
        return full

    def commit(self, message: str, date: str = "2024-02-23T10:00:00+01:00") -> str:
        git(self.root, "add", "--all")
        env_date = ["-c", "user.useConfigOnly=false"]
        os.environ["GIT_AUTHOR_DATE"] = date
        os.environ["GIT_COMMITTER_DATE"] = date
        try:
            git(self.root, *env_date, "commit", "--quiet", "-m", message)
        finally:
            del os.environ["GIT_AUTHOR_DATE"]
            del os.environ["GIT_COMMITTER_DATE"]
        return git(self.root, "rev-parse", "HEAD").strip()

    def doc(
        self, name: str, text: str, message: str, date: str = "2024-02-23T10:00:00+01:00"
    ) -> str:
        self.write(f"docs/{name}.md", text)
        return self.commit(message, date)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "arkiv")


@pytest.fixture
def cli(repo: Repo) -> Callable[..., Result]:
    """Invoke styrdok in ``repo`` with a fresh CliRunner; returns click's Result."""

    def run(*args: str, **kwargs: object) -> Result:
        runner = CliRunner()
        return runner.invoke(main, ["--repo", str(repo.root), *args], prog_name="styrdok", **kwargs)  # type: ignore[arg-type]

    return run


@pytest.fixture
def chdir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    yield lambda path: monkeypatch.chdir(path)


PROJECT = Path(__file__).resolve().parents[1]

SMALL_OLD = """---
titel: Förbundsordning för Testförbundet
diarienummer: Dnr 2024/8
status: gällande
version: gällande 2019
gäller från: 2019-07-01
---
# Förbundsordning för Testförbundet

## 1 § Namn

Förbundets namn är Testförbundet.

## 2 § Säte

Förbundet har sitt säte i Kinda kommun.

## 3 § Ändamål

Förbundet ska svara för gemensam IT-verksamhet.
"""
SMALL_NEW = (
    SMALL_OLD.replace("status: gällande", "status: förslag")
    .replace("version: gällande 2019", "version: remissversion 2024")
    .replace("gäller från: 2019-07-01\n", "")
    .replace("Kinda kommun", "Åtvidabergs kommun")
    .replace(
        "gemensam IT-verksamhet.",
        "gemensam IT-verksamhet och understödja medlemmarnas digitalisering.",
    )
)


@pytest.fixture
def itsam(repo: Repo) -> Repo:
    """A repository with Itsam's settings and members and one document in two versions."""
    return make_itsam(repo)


def make_itsam(repo: Repo) -> Repo:
    """Return ``repo`` with Itsam's settings and members and one document in two versions."""
    repo.write("styrdok.yaml", (PROJECT / "styrdok.yaml").read_text(encoding="utf-8"))
    repo.write(
        "remiss/remissinstanser.yaml",
        (PROJECT / "remiss" / "remissinstanser.yaml").read_text(encoding="utf-8"),
    )
    repo.commit("Inställningar", "2019-01-01T10:00:00+01:00")
    repo.doc("forbundsordning", SMALL_OLD, "Gällande 2019", "2019-06-17T10:00:00+02:00")
    repo.doc("forbundsordning", SMALL_NEW, "Remissversion 2024", "2024-02-20T10:00:00+01:00")
    return repo


def fill_form(
    source: Path, target: Path, rows: dict[str, tuple[str, str]], general: str = ""
) -> None:
    """Write stances and comments into a response form, as a municipality would in Word:
    ``rows`` maps a section (first line of the Avsnitt cell) to (stance, comment)."""
    from docx import Document

    document = Document(str(source))
    for table in document.tables[:-1]:
        for row in table.rows[1:]:
            section = row.cells[0].text.split("\n")[0]
            if section in rows:
                stance, comment = rows[section]
                row.cells[2].text = stance
                row.cells[3].text = comment
    if general:
        document.tables[-1].rows[0].cells[0].text = general
    document.save(str(target))


@pytest.fixture
def round_2024(itsam: Repo, cli: Callable[..., Result]) -> Repo:
    """Itsam's repository with the 2024 round created (sent 23 February, answers by 9 May).
    A test module may define its own ``round_2024`` with more particulars."""
    result = cli("remiss", "new", "r2024", "--title", "Revidering", "--sent", "2024-02-23",
                 "--deadline", "2024-05-09")  # fmt: skip
    assert result.exit_code == 0, result.output
    return itsam


def one_line_error(result: Result) -> str:
    """Return the message of a command that failed as a user error: exit status 1 and one
    line on stderr, no traceback."""
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr.removeprefix("styrdok: fel: ").rstrip("\n")


@pytest.fixture
def answered(itsam: Repo, tmp_path: Path) -> Repo:
    """The ``itsam`` repository with a round r2024 (sent 2024-02-23, deadline 9 May,
    decision 13 June), packages, an extension for Ydre and three registered answers:
    Boxholm opposes 3 §, Ydre (extended) agrees late, Vimmerby has general views only."""
    return make_answered(itsam, tmp_path)


def make_answered(itsam: Repo, tmp_path: Path) -> Repo:
    """Return the ``itsam`` repository with the round r2024 of the ``answered`` fixture,
    using ``tmp_path`` for packages and answer files."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        result = runner.invoke(main, ["--repo", str(itsam.root), *args], prog_name="styrdok")
        assert result.exit_code == 0, result.output
        return result

    run("remiss", "new", "r2024", "--title", "Revidering av förbundsordningen",
        "--sent", "2024-02-23", "--deadline", "2024-05-09",
        "--decision-date", "2024-06-13")  # fmt: skip
    run("remiss", "send", "r2024", "--today", "2024-02-23", "-o", str(tmp_path / "utskick"))
    run("remiss", "sent", "r2024", "--today", "2024-02-23")  # staff sent the drafts
    run("remiss", "extend", "r2024", "ydre", "--to", "2024-05-23", "--reason", "KS 21 maj")
    packages = tmp_path / "paket"
    run("remiss", "package", "r2024", "-o", str(packages))
    answers = tmp_path / "svar"
    answers.mkdir()
    fill_form(
        packages / "boxholm" / "svarsmall.docx", answers / "boxholm.docx",
        {"2 §": ("tillstyrker", ""), "3 §": ("avstyrker", "Ändamålet blir för brett.")},
    )  # fmt: skip
    fill_form(
        packages / "ydre" / "svarsmall.docx", answers / "ydre.docx",
        {"2 §": ("tillstyrker", ""), "3 §": ("ingen erinran", "")},
    )  # fmt: skip
    fill_form(
        packages / "vimmerby" / "svarsmall.docx", answers / "vimmerby.docx", {},
        general="Vimmerby kommun ställer sig bakom revideringen men vill se en "
        "tydligare budgetprocess.",
    )  # fmt: skip
    run("remiss", "receive", "r2024", str(answers / "boxholm.docx"), "--received", "2024-05-06")
    run("remiss", "receive", "r2024", str(answers / "ydre.docx"), "--received", "2024-05-24")
    run("remiss", "receive", "r2024", str(answers / "vimmerby.docx"), "--received", "2024-05-08")
    return itsam


def inline_diff(repo: Repo, old: str, new: str) -> DiffResult:
    """Return the comparison of two inline documents as the CLI would render it."""
    import datetime as dt

    from styrdok.compare.engine import compare
    from styrdok.store.documents import DocumentRef
    from styrdok.store.git import GitRepo
    from styrdok.store.versions import Version
    from styrdok.text.markdown import parse
    from styrdok.text.model import Metadata

    ref = DocumentRef(GitRepo.find(repo.root), "docs/stadgar.md")
    when = dt.datetime(2024, 5, 9, 10, 0, tzinfo=dt.UTC)
    old_version = Version("a" * 40, ref.path, when, "", Metadata({"version": "gällande 2019"}))
    new_version = Version(None, ref.path, None, "", Metadata({"version": "remissversion 2024"}))
    return DiffResult(ref, old_version, new_version, compare(parse(old), parse(new)))
