"""The shared git server: remotes, fetch and push, rebase and merge — the git operations
``styrdok sync`` (:mod:`styrdok.store.sync`) uses, mixed into
:class:`styrdok.store.git.GitRepo`, which runs the commands."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from styrdok.core.errors import CommandFailed, GitError, UnknownRevisionError

CONFIG_ONLY = ("-c", "user.useConfigOnly=true")  # never an identity guessed from the host


class SharedRemote:
    """The operations on a repository's remotes and on combining histories.

    The primitives at the top are :class:`~styrdok.store.git.GitRepo`'s."""

    @property
    def git_dir(self) -> Path:
        raise NotImplementedError

    def _run(self, *args: str, network: bool = False) -> str:
        raise NotImplementedError

    def _quiet(self, *args: str) -> str:
        raise NotImplementedError

    def _config(self, key: str) -> str:
        raise NotImplementedError

    def resolve(self, rev: str) -> str:
        raise NotImplementedError

    def head(self) -> str:
        raise NotImplementedError

    def remotes(self) -> list[str]:
        """Return the names of the repository's remotes."""
        return self._run("remote").split()

    def remote_url(self, remote: str) -> str:
        """Return the URL of ``remote`` ("" when it has none)."""
        return self._config(f"remote.{remote}.url")

    def set_remote(self, remote: str, url: str) -> None:
        """Add ``remote`` with ``url``, or point an existing one at ``url``."""
        verb = "set-url" if remote in self.remotes() else "add"
        self._run("remote", verb, "--", remote, url)

    def branch(self) -> str | None:
        """Return the current branch, or None when HEAD is detached."""
        return self._quiet("symbolic-ref", "--quiet", "--short", "HEAD") or None

    def upstream_remote(self, branch: str) -> str:
        """Return the remote ``branch`` follows ("" when none is set)."""
        return self._config(f"branch.{branch}.remote")

    def set_upstream(self, branch: str, remote: str) -> None:
        """Make ``branch`` follow the branch of the same name on ``remote``."""
        self._run("config", f"branch.{branch}.remote", remote)
        self._run("config", f"branch.{branch}.merge", f"refs/heads/{branch}")

    def fetch(self, remote: str) -> None:
        """Fetch every branch of ``remote``."""
        self._run("fetch", "--quiet", "--prune", "--no-tags", remote, network=True)

    def push(self, remote: str, sha: str, branch: str) -> None:
        """Make ``branch`` on ``remote`` point at commit ``sha`` (fast-forward only)."""
        self._run("push", "--quiet", remote, f"{sha}:refs/heads/{branch}", network=True)

    def fast_forward(self, other: str) -> None:
        """Move the current branch forward to ``other``, which contains it."""
        self._run("merge", "--quiet", "--ff-only", other)

    @staticmethod
    def remote_heads(url: str) -> list[str]:
        """Return the branches the repository at ``url`` has (none when it is empty)."""
        out = run_network(None, "ls-remote", "--heads", "--", url)
        return [line.split("\trefs/heads/", 1)[1] for line in out.splitlines() if "\t" in line]

    def related(self, one: str, other: str) -> bool:
        """Return True when two commits share history (a merge base)."""
        return bool(self._quiet("merge-base", one, other))

    def commit_of(self, ref: str) -> str | None:
        """Return the commit ``ref`` names, or None when there is no such ref."""
        try:
            return self.resolve(ref)
        except UnknownRevisionError:
            return None

    def commits(self, *spec: str) -> list[str]:
        """Return the commits ``git rev-list SPEC`` names, newest first."""
        return self._run("rev-list", *spec, "--").split()

    def rebase(self, onto: str) -> bool:
        """Put the commits of the current branch not in ``onto`` on top of it; return
        False when a commit conflicts (the rebase is then left under way)."""
        return self._combine("-c", "rebase.autoStash=false", "rebase", "--quiet", onto)

    def merge(self, other: str) -> bool:
        """Merge ``other`` into the current branch; return False when files conflict (the
        merge is then left under way, with git's markers in the files)."""
        return self._combine("merge", "--quiet", "--no-edit", "--no-ff", other)

    def _combine(self, *args: str) -> bool:
        try:
            self._run(*CONFIG_ONLY, *args)
        except GitError:
            if self.conflicts() or self.rebase_in_progress or self.merge_in_progress:
                return False
            raise
        return True

    def abort(self) -> None:
        """Undo a rebase or merge under way, back to the commit before it."""
        if self.rebase_in_progress:
            self._run("rebase", "--abort")
        elif self.merge_in_progress:
            self._run("merge", "--abort")

    def conflicts(self) -> list[str]:
        """Return the files a rebase or merge under way could not combine."""
        out = self._run("diff", "-z", "--name-only", "--diff-filter=U")
        return sorted(p for p in out.split("\0") if p)

    @property
    def rebase_in_progress(self) -> bool:
        """Return True when a rebase stopped midway."""
        return any((self.git_dir / d).is_dir() for d in ("rebase-merge", "rebase-apply"))

    @property
    def merge_in_progress(self) -> bool:
        """Return True when a merge waits for its conflicts to be resolved."""
        return (self.git_dir / "MERGE_HEAD").is_file()

    def finish_merge(self, paths: Iterable[str]) -> str:
        """Stage the resolved ``paths`` and commit the merge under way; return its id."""
        self._run("add", "--", *paths)
        self._run(*CONFIG_ONLY, "commit", "--quiet", "--no-edit", "--no-verify")
        return self.head()

    def mark(self, ref: str, sha: str) -> None:
        """Point ``ref`` (a name under refs/) at ``sha``."""
        self._run("update-ref", ref, sha)


NETWORK_TIMEOUT = 300.0  # seconds a fetch, push or clone may take before it is stopped


def run_network(cwd: Path | None, *args: str) -> str:
    """Run a git command that talks to a server: never waiting for a password prompt,
    and stopped after NETWORK_TIMEOUT seconds."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
            timeout=NETWORK_TIMEOUT, stdin=subprocess.DEVNULL, check=False,
        )  # fmt: skip
    except FileNotFoundError:
        raise GitError("git saknas: installera git och försök igen") from None
    except subprocess.TimeoutExpired:
        raise CommandFailed(args, "timed out: no answer from the server") from None
    if done.returncode != 0:
        raise CommandFailed(args, done.stderr)
    return done.stdout
