"""The repository: find it, read history and blobs, commit (one change or a batch in one
git fast-import); the operations on the shared server are in :mod:`styrdok.store.gitremote`."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from styrdok.core.errors import (
    CommandFailed,
    GitError,
    IdentityError,
    NotARepositoryError,
    UnknownRevisionError,
)
from styrdok.store.gitproc import BlobReader, Location, NotFound, locate, run
from styrdok.store.gitremote import CONFIG_ONLY, SharedRemote, run_network


def _git_module() -> Any:
    try:
        import git
    except ImportError:
        raise GitError("git saknas: installera git och försök igen") from None
    return git


_IDENT = re.compile(r"^(?P<name>.*?) <(?P<email>[^>]*)> \d+ [+-]\d{4}$")


@dataclass(frozen=True)
class Identity:
    """A staff member's git identity: who a commit is by."""

    name: str
    email: str


@dataclass(frozen=True)
class Commit:
    """One commit that touched a file: its id, time, subject and the file's path then."""

    sha: str
    date: dt.datetime
    subject: str
    path: str


class GitRepo(SharedRemote):
    """A git repository with its working tree.

    GitPython is loaded on first need: finding the repository, resolving revisions,
    reading history and blobs go to git directly (:mod:`styrdok.store.gitproc`), so that
    a read-only command such as ``styrdok diff`` does not wait for GitPython's import."""

    def __init__(self, repo: Any = None, *, location: Location | None = None) -> None:
        if repo is not None:
            self._gitpython: Any = repo
            self.root = Path(repo.working_tree_dir).resolve()
        elif location is not None:
            self._gitpython = None
            self.root = location.root
        else:
            raise ValueError("GitRepo needs a GitPython repository or a location, got neither")
        self._location = location
        self._reader = BlobReader(self.root)

    @property
    def _repo(self) -> Any:
        """Return the GitPython repository (made on first use)."""
        if self._gitpython is None:
            self._gitpython = _git_module().Repo(self.root)
        return self._gitpython

    @classmethod
    def find(cls, start: Path | None = None) -> GitRepo:
        """Return the repository that contains ``start`` (default: the current directory)."""
        where = (start or Path.cwd()).resolve()
        if where.is_dir():
            try:
                return cls(location=locate(where))
            except NotFound:
                pass  # GitPython below says why, in the words it always has
        git = _git_module()
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

    @classmethod
    def clone(cls, url: str, path: Path) -> GitRepo:
        """Return a new clone of the repository at ``url`` in ``path``."""
        run_network(None, "clone", "--quiet", "--", url, str(path))
        return cls.find(path)

    def _run(self, *args: str, network: bool = False) -> str:
        if network:
            return run_network(self.root, *args)
        git = _git_module()
        try:
            return str(self._repo.git.execute(["git", *args], stdout_as_string=True))
        except git.GitCommandError as exc:
            raise CommandFailed(args, exc.stderr) from None

    @property
    def has_commits(self) -> bool:
        """Return True when HEAD points at a commit."""
        found = self._reader.get("HEAD^{commit}")
        return found is not None and found[1] == "commit"

    @property
    def git_dir(self) -> Path:
        """Return the repository's .git folder."""
        if self._location is not None:
            return self._location.git_dir
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
        if rev.startswith("-"):
            raise UnknownRevisionError(f"okänd revision: {rev}")
        found = self._reader.get(f"{rev}^{{commit}}")
        if found is None or found[1] != "commit":
            raise UnknownRevisionError(f"okänd revision eller version: {rev}")
        return found[0]

    def history(self, path: str, rev: str = "HEAD") -> list[Commit]:
        """Return the commits up to ``rev`` that touched ``path``, newest first, following
        renames."""
        if not self.has_commits:
            return []
        args = ("log", "--follow", "--format=%x1e%H%x1f%cI%x1f%s", "--name-only", rev, "--", path)
        done = run(self.root, *args)
        # A failure is reported as GitPython words it, as it always was.
        out = done.stdout.decode("utf-8") if done.returncode == 0 else self._run(*args)
        commits = []
        for record in out.split("\x1e")[1:]:
            header, _, names = record.partition("\n")
            sha, date, subject = header.split("\x1f", 2)
            name = next((n for n in names.splitlines() if n.strip()), path)
            commits.append(Commit(sha, dt.datetime.fromisoformat(date), subject, name))
        return commits

    def read(self, sha: str, path: str) -> bytes | None:
        """Return the bytes of ``path`` at commit ``sha``, or None when it is absent there."""
        if not path or path.startswith(("/", "./", "../")):
            return None
        found = self._reader.get(f"{sha}:{path}")
        if found is None or found[1] != "blob":
            return None
        return found[2]

    def files_at(self, sha: str, under: str) -> list[str]:
        """Return the paths of the files below folder ``under`` at commit ``sha``."""
        out = self._run("ls-tree", "-r", "--name-only", sha, "--", under)
        return [line for line in out.splitlines() if line]

    def identity(self) -> Identity:
        """Return who commits here: the staff member's git identity (``user.name`` and
        ``user.email``, or the GIT_AUTHOR_*/GIT_COMMITTER_* variables). Never a guess from
        the computer's name: without an identity, raise IdentityError saying how to set it."""
        author, _committer = self._idents()
        match = _IDENT.match(author)
        if match is None:
            raise IdentityError(f"git anger en identitet som inte kan läsas: {author}")
        return Identity(match["name"], match["email"])

    def _idents(self) -> tuple[str, str]:
        """Return the author and committer lines git would write now (``Name <e-mail>
        1714550400 +0200``); raise IdentityError without an identity."""
        found = []
        for var in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
            try:
                found.append(self._run(*CONFIG_ONLY, "var", var).strip())
            except GitError:
                raise IdentityError(
                    "git vet inte vem du är, och varje ändring sparas med ditt namn: ange det "
                    'med git config --global user.name "Förnamn Efternamn" och '
                    'git config --global user.email "namn@forbund.se"'
                ) from None
        return found[0], found[1]

    def ready_to_commit(self) -> Identity:
        """Return who commits; raise when nothing may be committed now: no identity, or a
        merge with the server waiting for its conflicts to be resolved."""
        who = self.identity()
        self._refuse_merge()
        return who

    def _refuse_merge(self) -> None:
        if self.merge_in_progress:
            conflicts = ", ".join(self.conflicts()) or "filerna"
            raise GitError(
                f"en sammanslagning med servern pågår: lös konflikten i {conflicts} och kör "
                "styrdok sync först"
            )

    def commit(self, paths: Iterable[Path], message: str) -> str:
        """Stage ``paths`` (files or folders in the working tree), commit them as the staff
        member's own git identity (see :meth:`identity`) and return the id."""
        relative = [str(Path(p).resolve().relative_to(self.root)) for p in paths]
        self.ready_to_commit()
        self._run("add", "--all", "--", *relative)
        self._run(*CONFIG_ONLY, "commit", "--quiet", "--no-verify", "-m", message, "--", *relative)
        return self.resolve("HEAD")

    def commit_many(self, changes: Sequence[tuple[Sequence[str], str]]) -> list[str] | None:
        """Commit each change (files relative to the root, as they are in the working tree
        now; a missing file is removed) in order, one commit per change, with the same
        tree, message and identity as :meth:`commit` would give it, in one ``git
        fast-import``; stage the files as :meth:`commit` leaves them. Return the commit
        after each change: a change with nothing to commit makes none (the id is the
        commit before it), as :func:`styrdok.store.journal.commit_files` skips it.

        Return None, having changed nothing, when the commits must be made one by one
        instead: no commit yet, a hook or setting that git commit honours and fast-import
        does not, a path ignored by git, a path in more than one change or one git cannot
        be told in a line. Call it holding the lock.
        """
        author, committer = self._idents()  # as ready_to_commit(): who, and no merge
        if _IDENT.match(author) is None:
            raise IdentityError(f"git anger en identitet som inte kan läsas: {author}")
        self._refuse_merge()
        paths = [path for files, _message in changes for path in files]
        if not changes or not self.has_commits or len(set(paths)) != len(paths):
            return None
        if any(not p or p.startswith('"') or _UNPLAIN_PATH.search(p) for p in paths):
            return None
        messages = [_stripspace(message) for _files, message in changes]
        try:
            texts = [message.encode("utf-8") for message in messages]
        except UnicodeEncodeError:
            return None
        if not all(messages) or not self._plain_commits():
            return None
        state = self._pipe(
            ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching",
             "--no-renames", "--", *(f":(literal){p}" for p in paths)],
        )  # fmt: skip
        changed: set[str] = set()
        for record in state.split(b"\0"):
            if record[:2] == b"!!":
                return None  # git add refuses an ignored file: let commit() say so
            if len(record) > 3:
                changed.add(record[3:].decode("utf-8", "surrogateescape"))
        head = self.head()
        # Word and PDF originals are compressed already: git's own zlib pass over them
        # (a quarter of a second for 290 answers) saves nothing here, and git compresses
        # every object when it packs them (gc, push).
        self._pipe(
            ["-c", "core.looseCompression=0", "update-index", "--add", "--remove", "-z",
             "--stdin"],
            _nul(paths),
        )  # fmt: skip
        staged: dict[str, tuple[str, str]] = {}
        listed = self._pipe(["ls-files", "--stage", "-z", "--", *(f":(literal){p}" for p in paths)])
        for record in listed.split(b"\0"):
            if record:
                info, _tab, staged_path = record.partition(b"\t")
                mode, sha, _stage = info.decode().split(" ")
                staged[staged_path.decode("utf-8", "surrogateescape")] = (mode, sha)
        stream = io.BytesIO()
        made: list[int] = []  # per change: the mark of the commit after it, 0 for HEAD
        for number, ((files, _message), text) in enumerate(zip(changes, texts, strict=True)):
            if not any(p in changed or p.rstrip("/") in changed for p in files):
                made.append(made[-1] if made else 0)  # nothing to commit: no commit
                continue
            made.append(number + 1)
            stream.write(f"commit {_SCRATCH_REF}\nmark :{number + 1}\n".encode())
            stream.write(f"author {author}\ncommitter {committer}\n".encode())
            stream.write(b"data %d\n%s\n" % (len(text), text))
            if not any(made[:-1]):
                stream.write(f"from {head}\n".encode())
            for path in files:
                encoded = path.encode("utf-8", "surrogateescape")
                if path in staged:
                    mode, sha = staged[path]
                    stream.write(b"M %s %s %s\n" % (mode.encode(), sha.encode(), encoded))
                else:
                    stream.write(b"D %s\n" % encoded)
            stream.write(b"\n")
        marks = {m for m in made if m}
        if not marks:
            return [head for _ in changes]
        for mark in sorted(marks):
            stream.write(b"get-mark :%d\n" % mark)
        stream.write(b"done\n")
        out = self._pipe(["fast-import", "--quiet", "--done", "--force"], stream.getvalue())
        shas = dict(zip(sorted(marks), out.decode().split(), strict=True))
        last = shas[max(marks)]
        self._pipe(
            ["update-ref", "--stdin", "-m", "commit (styrdok): " + messages[-1].split("\n")[0]],
            f"start\nupdate HEAD {last} {head}\ndelete {_SCRATCH_REF}\ncommit\n".encode(),
        )
        return [shas[m] if m else head for m in made]

    def _plain_commits(self) -> bool:
        """Return True when git commit would write nothing fast-import does not: no
        prepare-commit-msg or post-commit hook, no signing, encoding or cleanup setting."""
        try:
            out = self._run("config", "-z", "--get-regexp", _COMMIT_SETTINGS)
        except GitError:
            out = ""  # none of them set
        hooks = self.git_dir / "hooks"
        for record in out.split("\0"):
            key, _newline, value = record.partition("\n")
            if key == "core.hookspath":
                hooks = self.root / Path(value).expanduser()
            elif key:
                return False
        return not any(os.access(hooks / hook, os.X_OK) for hook in _COMMIT_HOOKS)

    def _pipe(self, args: list[str], data: bytes = b"") -> bytes:
        """Return what a git command prints, fed ``data`` on its standard input."""
        try:
            done = subprocess.run(
                ["git", *args], cwd=self.root, input=data, capture_output=True, check=False
            )
        except FileNotFoundError:
            raise GitError("git saknas: installera git och försök igen") from None
        if done.returncode != 0:
            raise CommandFailed(tuple(args), done.stderr.decode("utf-8", "replace"))
        return done.stdout

    def messages(self, since: str, until: str, path: str) -> list[str]:
        """Return the full messages of the commits after ``since`` up to ``until`` that
        touched ``path``, oldest first."""
        out = self._run("log", "--reverse", "--format=%B%x1e", f"{since}..{until}", "--", path)
        return [m.strip() for m in out.split("\x1e") if m.strip()]

    def added_by(self, under: str) -> dict[str, str]:
        """Return, for each file below ``under``, the author of the commit that added it."""
        if not self.has_commits:
            return {}
        out = self._run("log", "--diff-filter=A", "--format=%x1e%an", "--name-only", "--", under)
        found: dict[str, str] = {}
        for record in out.split("\x1e")[1:]:
            author, _, names = record.partition("\n")
            for name in names.split("\n"):
                if name.strip():
                    found[name.strip()] = author  # oldest last: the first addition wins
        return found

    def has_changes(self, paths: Iterable[Path]) -> bool:
        """Return True when any of ``paths`` differs from the last commit (or is new)."""
        relative = [str(Path(p).resolve().relative_to(self.root)) for p in paths]
        return bool(self._run("status", "--porcelain", "--", *relative).strip())

    def _config(self, key: str) -> str:
        return self._quiet("config", "--get", key)

    def _quiet(self, *args: str) -> str:
        """Return what a git command prints, stripped ("" when it fails)."""
        try:
            return self._run(*args).strip()
        except GitError:
            return ""


_UNPLAIN_PATH = re.compile(r"[\n*?\[\\]")  # a line break, or what a pathspec reads as a pattern
_SCRATCH_REF = "refs/styrdok/commit-many"  # fast-import's commits, until HEAD moves there
_COMMIT_HOOKS = ("prepare-commit-msg", "post-commit")  # run even with --no-verify
_COMMIT_SETTINGS = r"^(commit\.(cleanup|gpgsign)|i18n\.commitencoding|core\.hookspath)$"


def _stripspace(message: str) -> str:
    """Return a commit message as ``git commit -m`` keeps it (cleanup mode whitespace):
    trailing white space off every line, runs of blank lines as one, none at the start or
    end, each line ended by a newline."""
    lines: list[str] = []
    blank = False
    for line in message.split("\n"):
        line = line.rstrip(" \t\r\n")
        if not line:
            blank = bool(lines)
            continue
        if blank:
            lines.append("")
        blank = False
        lines.append(line)
    return "".join(line + "\n" for line in lines)


def _nul(paths: Iterable[str]) -> bytes:
    return b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)


@contextmanager
def _locked(repo: GitRepo) -> Iterator[None]:
    from styrdok.store.journal import recover
    from styrdok.store.lock import repository_lock

    with repository_lock(repo.git_dir):
        recover(repo)
        yield
