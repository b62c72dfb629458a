"""The sections of a round's comparisons are kept in the git directory (remiss.sectioncache):
what a receive gets from them is what comparing the documents gives, a new version of a
document is compared anew, and a kept file that is not sound is ignored."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from styrdok.answers.receive import section_refs
from styrdok.compare.diff import diff_versions
from styrdok.compare.keys import SectionIndex
from styrdok.remiss import sectioncache
from styrdok.remiss.rounds import Round, load_round
from styrdok.store.documents import DocumentRef
from styrdok.store.git import GitRepo
from tests.conftest import SMALL_NEW, Repo, git

Cli = Callable[..., Result]
Shown = dict[str, tuple[str, list[tuple[str, str | None, str | None, bool]]]]


@pytest.fixture
def round_r(itsam: Repo, cli: Cli) -> Round:
    result = cli("remiss", "new", "r2024", "--title", "Revidering", "--sent", "2024-02-23",
                 "--deadline", "2024-05-09")  # fmt: skip
    assert result.exit_code == 0, result.output
    return load_round(itsam.root, "r2024")


def shown(indexes: dict[str, SectionIndex]) -> Shown:
    return {
        name: (index.title, [(t.key, t.old, t.new, t.changed) for t in index.targets])
        for name, index in indexes.items()
    }


def compared(repo: GitRepo, r: Round) -> Shown:
    """Return what comparing the round's documents gives, without anything kept."""
    out = {}
    for d in r.documents:
        result = diff_versions(DocumentRef(repo, d.proposal.path), d.base.commit, d.proposal.commit)
        out[d.name] = SectionIndex.of(result.comparison, d.title)
    return shown(out)


def kept(repo: GitRepo) -> list[Path]:
    return sorted((repo.git_dir / sectioncache.FOLDER).glob("*.json"))


def test_package_keeps_the_sections_and_receive_reads_them(
    itsam: Repo, cli: Cli, round_r: Round, tmp_path: Path
) -> None:
    repo = GitRepo.find(itsam.root)
    assert cli("remiss", "package", "r2024", "-o", str(tmp_path / "ut")).exit_code == 0
    (path,) = kept(repo)  # one document, kept in the git directory, not in the work tree
    assert git(itsam.root, "status", "--porcelain") == ""
    assert shown(section_refs(repo, round_r)) == compared(repo, round_r)
    assert kept(repo) == [path]


def test_a_new_version_of_a_document_is_compared_anew(itsam: Repo, round_r: Round) -> None:
    repo = GitRepo.find(itsam.root)
    before = shown(section_refs(repo, round_r))
    (first,) = kept(repo)
    commit = itsam.doc(
        "forbundsordning",
        SMALL_NEW.replace("## 3 § Ändamål", "## 3 § Uppgifter") + "\n## 4 § Nytt\n\nNy text.\n",
        "Remissversion 2024, andra utkastet",
    )
    (d,) = round_r.documents
    proposal = dataclasses.replace(d.proposal, commit=commit)
    again = dataclasses.replace(round_r, documents=(dataclasses.replace(d, proposal=proposal),))
    after = shown(section_refs(repo, again))
    assert after == compared(repo, again) != before
    assert "→ 4 §" in [key for key, *_rest in after["forbundsordning"][1]]
    assert len(kept(repo)) == 2 and first in kept(repo)
    assert shown(section_refs(repo, round_r)) == before  # the first round's, still kept


def test_the_code_that_compares_is_part_of_the_name(
    itsam: Repo, round_r: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitRepo.find(itsam.root)
    (d,) = round_r.documents
    path = sectioncache._path(repo, d)
    monkeypatch.setattr(sectioncache, "_code", lambda: "en annan version av styrdok")
    assert sectioncache._path(repo, d) not in (None, path)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: "\x00\xff inte json",
        lambda text: text.replace('"sha256": "', '"sha256": "0'),  # its digest is wrong
        lambda text: text.replace('"titel": "', '"titel": "X', 1),  # changed after it was kept
        lambda text: json.dumps({**json.loads(text), "avsnitt": [["1 §", None, 3, True]]}),
        lambda text: json.dumps({**json.loads(text), "format": 0}),
        lambda text: "[]",
    ],
)
def test_a_kept_file_that_is_not_sound_is_ignored_and_made_again(
    itsam: Repo, round_r: Round, spoil: Callable[[str], str]
) -> None:
    repo = GitRepo.find(itsam.root)
    expected = compared(repo, round_r)
    assert shown(section_refs(repo, round_r)) == expected
    (path,) = kept(repo)
    sound = path.read_text(encoding="utf-8")
    path.write_bytes(spoil(sound).encode("utf-8", "surrogatepass"))
    assert shown(section_refs(repo, round_r)) == expected
    assert path.read_text(encoding="utf-8") == sound  # made again


def test_a_folder_that_cannot_be_written_keeps_nothing(itsam: Repo, round_r: Round) -> None:
    repo = GitRepo.find(itsam.root)
    (repo.git_dir / sectioncache.FOLDER).write_text("en fil, ingen katalog")
    assert shown(section_refs(repo, round_r)) == compared(repo, round_r)
