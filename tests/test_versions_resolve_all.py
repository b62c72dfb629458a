"""``resolve_all`` (the diff's read path: the git log queries at once, one commit each)
gives the versions ``resolve`` gives one at a time, through renames, merges and commits
that did not touch the document; versions read again (some kept, some not) are the
same text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from styrdok.core.errors import StyrdokError
from styrdok.store.documents import DocumentRef, find_document, read_text
from styrdok.store.git import GitRepo
from styrdok.store.versions import WORKING_TREE, Version, resolve, resolve_all
from tests.conftest import Repo, git


def _front(label: str) -> str:
    return f"---\ntitel: Reglemente\nversion: {label}\n---\n# Reglemente\n\n## 1 § Namn\n\n"


@pytest.fixture
def renamed(repo: Repo) -> Repo:
    """A document renamed twice, edited on a branch that is merged, with commits in
    between that touch only another file."""
    repo.doc("a", _front("v1") + "Ett.\n", "Första", "2020-01-01T10:00:00+01:00")
    repo.write("annat.txt", "x\n")
    repo.commit("Annat", "2020-02-01T10:00:00+01:00")
    git(repo.root, "mv", "docs/a.md", "docs/b.md")
    repo.commit("Byt namn till b", "2020-03-01T10:00:00+01:00")
    git(repo.root, "checkout", "--quiet", "-b", "gren")
    repo.doc("b", _front("v2") + "Två.\n", "På grenen", "2020-04-01T10:00:00+02:00")
    git(repo.root, "checkout", "--quiet", "main")
    repo.write("annat.txt", "y\n")
    repo.commit("Annat igen", "2020-05-01T10:00:00+02:00")
    git(repo.root, "merge", "--quiet", "--no-ff", "-m", "Sammanslagning", "gren")
    git(repo.root, "mv", "docs/b.md", "docs/c.md")
    repo.write("docs/c.md", _front("v3") + "Tre.\n")
    repo.commit("Byt namn till c", "2020-06-01T10:00:00+02:00")
    repo.write("annat.txt", "z\n")
    repo.commit("Sist", "2020-07-01T10:00:00+02:00")
    repo.write("docs/c.md", _front("arbete") + "Fyra.\n")  # not committed
    return repo


def _revisions(repo: Repo) -> list[str | None]:
    commits = git(repo.root, "rev-list", "--all").split()
    return [*commits, "HEAD", "HEAD~1", "gren", "v1", "v3", None, WORKING_TREE]


def _outcome(call: Callable[..., object], *args: object) -> object:
    """Return what ``call(*args)`` returns, or the type and message of its error."""
    try:
        return call(*args)
    except StyrdokError as exc:
        return (type(exc), str(exc))


def _one_at_a_time(ref: DocumentRef, old: str | None, new: str | None) -> list[Version]:
    return [resolve(ref, old), resolve(ref, new)]


@pytest.mark.parametrize("name", ["c", "docs/c.md"])
def test_resolve_all_gives_what_resolve_gives(renamed: Repo, name: str) -> None:
    ref = find_document(GitRepo.find(renamed.root), name)
    revs = _revisions(renamed)
    for old in revs:
        for new in (None, "HEAD", revs[-4], "gren"):
            fresh = DocumentRef(GitRepo.find(renamed.root), ref.path)
            expected = _outcome(_one_at_a_time, fresh, old, new)
            together = DocumentRef(GitRepo.find(renamed.root), ref.path)
            assert _outcome(resolve_all, together, (old, new)) == expected, (old, new)


def test_resolve_all_reports_errors_as_resolve_does(renamed: Repo) -> None:
    ref = find_document(GitRepo.find(renamed.root), "c")
    first = git(renamed.root, "rev-list", "--max-parents=0", "HEAD").strip()
    for old, new in ((first, "HEAD"), ("finns-inte", "HEAD"), ("HEAD", "-x"), ("v9", "v1")):
        expected = _outcome(_one_at_a_time, ref, old, new)
        assert isinstance(expected, tuple), (old, new)  # each pair is an error
        assert _outcome(resolve_all, ref, (old, new)) == expected


def test_versions_read_again_are_the_same_text(renamed: Repo) -> None:
    repo = GitRepo.find(renamed.root)
    ref = find_document(repo, "c")
    pairs = []
    for rev in _revisions(renamed)[:-2]:
        found = _outcome(resolve, ref, rev)
        if isinstance(found, Version):
            pairs.append((found.sha, found.path))
    assert len(pairs) > 4  # more than the reader keeps
    expected = [git(renamed.root, "show", f"{sha}:{path}") for sha, path in pairs]
    for _round in range(2):  # more versions than are kept, then all of them again
        assert [read_text(ref, sha, path) for sha, path in pairs] == expected
