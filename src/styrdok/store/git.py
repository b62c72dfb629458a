"""The one module that talks to git: find the repository, read history and blobs, commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from styrdok.core.errors import GitError, NotARepositoryError, UnknownRevisionError
from styrdok.store.journal import recover
from styrdok.store.lock import repository_lock


def _git_module() -> Any:
    try:
        import git
    except ImportError:
        raise GitError("git saknas: installera git och försök igen") from None
    return git


@dataclass(frozen=True)
class Commit:
    """One commit that touched a file: its id, time, subject and the file's path then."""

    sha: str
    date: dt.datetime
    subject: str
    path: str


class GitRepo:
    """A git repository with its working tree."""

    def __init__(self, repo: Any) -> None:
        self._repo = repo
        self.root = Path(repo.working_tree_dir).resolve()

    @classmethod
    def find(cls, start: Path | None = None) -> GitRepo:
        """Return the repository that contains ``start`` (default: the current directory)."""
        git = _git_module()
        where = (start or Path.cwd()).resolve()
        try:
            repo = git.Repo(where, search_parent_directories=True)
        except git.NoSuchPathError:
            raise NotARepositoryError(f"katalogen {where} finns inte") from None
        except git.InvalidGitRepositoryError:
            raise NotARepositoryError(
                f"{where} ligger inte i ett git-arkiv (skapa ett med 'styrdok init')"
            ) from None
        if repo.bare or repo.working_tree_dir is None:
            raise NotARepositoryError(f"{where} är ett git-arkiv utan arbetskatalog")
        return cls(repo)

    @classmethod
    def init(cls, path: Path) -> GitRepo:
        """Return a new repository created at ``path``."""
        git = _git_module()
        try:
            repo = git.Repo.init(path, initial_branch="main")
        except git.GitCommandError as exc:
            raise GitError(f"git init misslyckades: {exc.stderr.strip()}") from None
        return cls(repo)

    def _run(self, *args: str) -> str:
        git = _git_module()
        try:
            return str(self._repo.git.execute(["git", *args], stdout_as_string=True))
        except git.GitCommandError as exc:
            message = (exc.stderr or "").strip().replace("\n", " ")
            verb = next((a for a in args if not a.startswith("-") and "=" not in a), "")
            raise GitError(f"git {verb} misslyckades: {message}") from None

    @property
    def has_commits(self) -> bool:
        """Return True when HEAD points at a commit."""
        return self._repo.head.is_valid()  # type: ignore[no-any-return]

    @property
    def git_dir(self) -> Path:
        """Return the repository's .git folder."""
        return Path(self._repo.git_dir)

    def locked(self) -> AbstractContextManager[None]:
        """Return a context that holds the repository's styrdok lock; on taking it, an
        interrupted write is first completed or undone (see styrdok.store.journal)."""
        return _locked(self)

    @property
    def is_detached(self) -> bool:
        """Return True when HEAD names a commit but no branch."""
        return self.has_commits and bool(self._repo.head.is_detached)

    def head(self) -> str:
        """Return the commit id HEAD names."""
        return self.resolve("HEAD")

    def unstage(self, paths: Iterable[Path]) -> None:
        """Take ``paths`` out of the index again (their content stays in the working tree)."""
        relative = [str(Path(p).resolve().relative_to(self.root)) for p in paths]
        if self.has_commits and relative:
            self._run("reset", "--quiet", "HEAD", "--", *relative)

    def is_staged(self, path: Path) -> bool:
        """Return True when the index holds a change of ``path`` not yet committed."""
        if not self.has_commits:
            return False
        relative = str(Path(path).parent.resolve().relative_to(self.root) / Path(path).name)
        return bool(self._run("diff", "--cached", "--name-only", "--", relative).strip())

    def status(self, under: Iterable[str]) -> list[tuple[str, str]]:
        """Return (two-letter git status, path) of every file below the folders or files
        ``under`` that differs from the last commit or is not in it."""
        out = self._run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *under)
        items = out.split("\0")
        rows = []
        k = 0
        while k < len(items):
            item = items[k]
            k += 1
            if len(item) < 4:
                continue
            code, path = item[:2], item[3:]
            if code[0] in "RC":
                k += 1  # the old name follows a rename
            rows.append((code, path))
        return rows

    def tracked(self, under: str) -> list[str]:
        """Return the paths git tracks below ``under`` (relative to the root)."""
        out = self._run("ls-files", "-z", "--", under)
        return [p for p in out.split("\0") if p]

    def resolve(self, rev: str) -> str:
        """Return the full commit id that a revision (commit, branch, tag, HEAD~2) names."""
        git = _git_module()
        if rev.startswith("-"):
            raise UnknownRevisionError(f"okänd revision: {rev}")
        try:
            return str(self._repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}"))
        except git.GitCommandError:
            raise UnknownRevisionError(f"okänd revision eller version: {rev}") from None

    def history(self, path: str, rev: str = "HEAD") -> list[Commit]:
        """Return the commits up to ``rev`` that touched ``path``, newest first, following
        renames."""
        if not self.has_commits:
            return []
        out = self._run(
            "log", "--follow", "--format=%x1e%H%x1f%cI%x1f%s", "--name-only", rev, "--", path
        )
        commits = []
        for record in out.split("\x1e")[1:]:
            header, _, names = record.partition("\n")
            sha, date, subject = header.split("\x1f", 2)
            name = next((n for n in names.splitlines() if n.strip()), path)
            commits.append(Commit(sha, dt.datetime.fromisoformat(date), subject, name))
        return commits

    def read(self, sha: str, path: str) -> bytes | None:
        """Return the bytes of ``path`` at commit ``sha``, or None when it is absent there."""
        try:
            blob = self._repo.commit(sha).tree / path
        except KeyError:
            return None
        if blob.type != "blob":
            return None
        return blob.data_stream.read()  # type: ignore[no-any-return]

    def files_at(self, sha: str, under: str) -> list[str]:
        """Return the paths of the files below folder ``under`` at commit ``sha``."""
        out = self._run("ls-tree", "-r", "--name-only", sha, "--", under)
        return [line for line in out.splitlines() if line]

    def commit(self, paths: Iterable[Path], message: str) -> str:
        """Stage ``paths`` (files or folders in the working tree), commit and return the id."""
        relative = [str(Path(p).resolve().relative_to(self.root)) for p in paths]
        self._run("add", "--all", "--", *relative)
        identity: list[str] = []
        if not self._config("user.name") or not self._config("user.email"):
            identity = ["-c", "user.name=styrdok", "-c", "user.email=styrdok@localhost"]
        self._run(*identity, "commit", "--quiet", "--no-verify", "-m", message, "--", *relative)
        return self.resolve("HEAD")

    def messages(self, since: str, until: str, path: str) -> list[str]:
        """Return the full messages of the commits after ``since`` up to ``until`` that
        touched ``path``, oldest first."""
        out = self._run("log", "--reverse", "--format=%B%x1e", f"{since}..{until}", "--", path)
        return [m.strip() for m in out.split("\x1e") if m.strip()]

    def has_changes(self, paths: Iterable[Path]) -> bool:
        """Return True when any of ``paths`` differs from the last commit (or is new)."""
        relative = [str(Path(p).resolve().relative_to(self.root)) for p in paths]
        return bool(self._run("status", "--porcelain", "--", *relative).strip())

    def _config(self, key: str) -> str:
        try:
            return str(self._repo.git.config("--get", key))
        except _git_module().GitCommandError:
            return ""


@contextmanager
def _locked(repo: GitRepo) -> Iterator[None]:
    with repository_lock(repo.git_dir):
        recover(repo)
        yield
