"""Versions from git history and front matter: labels, revisions, the version in force."""

from __future__ import annotations

import datetime as dt

import pytest

from styrdok.core.errors import UnknownDocumentError, UnknownRevisionError
from styrdok.store.documents import find_document
from styrdok.store.git import GitRepo
from styrdok.store.versions import history, in_force, resolve
from tests.conftest import Repo, git


def front(version: str, status: str, valid_from: str | None = None) -> str:
    lines = ["---", "titel: Förbundsordning", f"status: {status}", f"version: {version}"]
    if valid_from:
        lines.append(f"gäller från: {valid_from}")
    return "\n".join([*lines, "---", "# Förbundsordning", "", "## 1 § Namn", "", ""])


@pytest.fixture
def three_versions(repo: Repo) -> Repo:
    repo.doc(
        "fo",
        front("gällande 2015", "gällande", "2015-01-01") + "Gammal.\n",
        "Antagen 2015",
        "2014-12-01T10:00:00+01:00",
    )
    repo.doc(
        "fo",
        front("gällande 2019", "gällande", "2019-07-01") + "Nyare.\n",
        "Antagen 2019",
        "2019-06-17T10:00:00+02:00",
    )
    repo.write("annat.txt", "inte ett dokument\n")
    repo.commit("Annat", "2019-08-01T10:00:00+02:00")
    repo.doc(
        "fo",
        front("remissversion 2024", "förslag") + "Förslag.\n",
        "Remissversion",
        "2024-02-23T10:00:00+01:00",
    )
    return repo


def test_history_lists_every_commit_that_touched_the_document(three_versions: Repo) -> None:
    ref = find_document(GitRepo.find(three_versions.root), "fo")
    versions = history(ref)
    assert [v.meta.label for v in versions] == [
        "remissversion 2024",
        "gällande 2019",
        "gällande 2015",
    ]
    assert [v.subject for v in versions] == ["Remissversion", "Antagen 2019", "Antagen 2015"]
    assert versions[1].date is not None and versions[1].date.date() == dt.date(2019, 6, 17)


@pytest.mark.parametrize(
    ("rev", "label"),
    [
        ("gällande 2019", "gällande 2019"),
        ("GÄLLANDE 2019", "gällande 2019"),
        ("HEAD~2", "gällande 2019"),
        ("HEAD~1", "gällande 2019"),  # the commit that did not touch the document
        ("HEAD", "remissversion 2024"),
        ("main", "remissversion 2024"),
    ],
)
def test_revisions_and_labels_resolve(three_versions: Repo, rev: str, label: str) -> None:
    ref = find_document(GitRepo.find(three_versions.root), "fo")
    assert resolve(ref, rev).meta.label == label


def test_a_tag_resolves(three_versions: Repo) -> None:
    git(three_versions.root, "tag", "fo-2015", "HEAD~3")
    ref = find_document(GitRepo.find(three_versions.root), "fo")
    assert resolve(ref, "fo-2015").meta.label == "gällande 2015"


@pytest.mark.parametrize(
    ("day", "label"),
    [
        ("2016-05-01", "gällande 2015"),
        ("2019-07-01", "gällande 2019"),
        ("2026-01-01", "gällande 2019"),
    ],
)
def test_version_in_force(three_versions: Repo, day: str, label: str) -> None:
    ref = find_document(GitRepo.find(three_versions.root), "fo")
    assert in_force(ref, dt.date.fromisoformat(day)).meta.label == label


def test_nothing_in_force_before_the_first_version(three_versions: Repo) -> None:
    ref = find_document(GitRepo.find(three_versions.root), "fo")
    with pytest.raises(UnknownRevisionError, match="ingen version av fo gällde 2010-01-01"):
        in_force(ref, dt.date(2010, 1, 1))


def test_unknown_revision(three_versions: Repo) -> None:
    ref = find_document(GitRepo.find(three_versions.root), "fo")
    with pytest.raises(UnknownRevisionError, match="okänd revision eller version: gällande 1999"):
        resolve(ref, "gällande 1999")


def test_unknown_document_lists_the_known_ones(three_versions: Repo) -> None:
    with pytest.raises(UnknownDocumentError, match=r"okänt dokument: fx \(dokument i docs/: fo\)"):
        find_document(GitRepo.find(three_versions.root), "fx")


def test_renamed_document_keeps_its_history(three_versions: Repo) -> None:
    git(three_versions.root, "mv", "docs/fo.md", "docs/forbundsordning.md")
    three_versions.commit("Byt namn")
    ref = find_document(GitRepo.find(three_versions.root), "forbundsordning")
    assert resolve(ref, "gällande 2015").path == "docs/fo.md"
    assert [v.meta.label for v in history(ref)][-1] == "gällande 2015"
