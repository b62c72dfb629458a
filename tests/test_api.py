"""The public library API (``import styrdok``), used as another program would use it, and
light enough that importing it (and so starting the command) loads no heavy library."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import styrdok
from tests.conftest import PROJECT, SMALL_NEW, Repo

HEAVY = ("docx", "lxml", "git", "jinja2")


def readme_example() -> str:
    """Return the Python example in the README's development section."""
    section = (PROJECT / "README.md").read_text(encoding="utf-8").split("## Utveckling", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_example_runs_as_its_own_program(itsam: Repo) -> None:
    code = readme_example()
    assert len([line for line in code.splitlines() if line.strip()]) <= 10
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=itsam.root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "2 § modified",
        "3 § modified",
        "okänt dokument: saknas (dokument i docs/: forbundsordning)",
    ]


def test_every_public_name_is_there() -> None:
    assert sorted(styrdok.__all__) == sorted(set(styrdok.__all__))
    for name in styrdok.__all__:
        assert getattr(styrdok, name) is not None, name
        assert name in dir(styrdok)
    with pytest.raises(AttributeError, match="'render_pdf'"):
        styrdok.render_pdf  # type: ignore[attr-defined]  # noqa: B018


def test_compare_two_versions_through_the_public_names(itsam: Repo) -> None:
    repo = styrdok.GitRepo.find(itsam.root)
    (document,) = styrdok.list_documents(repo)
    assert document == styrdok.find_document(repo, "forbundsordning")
    versions = styrdok.document_history(document)
    assert [v.name for v in versions] == ["remissversion 2024", "gällande 2019"]
    old = styrdok.resolve_version(document, "gällande 2019")
    assert isinstance(old, styrdok.Version) and old.sha == versions[1].sha

    result = styrdok.diff_versions(document, "gällande 2019", "HEAD")
    assert isinstance(result, styrdok.DiffResult)
    assert isinstance(result.comparison, styrdok.Comparison)
    changed = [c for c in result.comparison.changes if isinstance(c, styrdok.SectionChange)]
    assert [(c.ref, c.status) for c in changed] == [("2 §", "modified"), ("3 §", "modified")]
    assert all(isinstance(b, styrdok.BlockChange) for c in changed for b in c.blocks)
    assert "~~Kinda~~**Åtvidabergs**" in styrdok.render_text(result, "md")
    word = styrdok.render_binary(result, "docx", date=old.date.date() if old.date else None)
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(word)).namelist()

    loaded = styrdok.load_document(document, None)
    assert isinstance(loaded, styrdok.Document)
    assert loaded == styrdok.parse_document(SMALL_NEW)
    same = styrdok.compare_documents(loaded, styrdok.parse_document(SMALL_NEW))
    assert same.changes == []


def test_errors_share_one_base_with_a_swedish_message(itsam: Repo, tmp_path: Path) -> None:
    with pytest.raises(styrdok.StyrdokError, match="^okänt dokument: stadgar"):
        styrdok.find_document(styrdok.GitRepo.find(itsam.root), "stadgar")
    (tmp_path / "tom").mkdir()
    with pytest.raises(styrdok.StyrdokError):
        styrdok.GitRepo.find(tmp_path / "tom")


@pytest.mark.parametrize("module", ["styrdok", "styrdok.cli"])
def test_importing_loads_no_heavy_library(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *HEAVY], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""
