"""``styrdok sync``: bring the local clone and the shared remote (the kansli's git server)
together, without ever losing a commit.

A sync fetches, puts the local commits on top of the remote's (a rebase; a merge where a
rebase would rewrite commits that are already shared, or would flatten a merge), pushes,
and starts over when someone else pushed in between. styrdok's own writes are one file per
event (see styrdok.remiss.log and styrdok.remiss.register), so they never conflict; a file
people edit by hand – the positions file, a document – can. Then the sync merges instead
and leaves both versions in the file between git's markers; the next sync, once the
markers are gone, commits the merge and pushes it. Everything stops with one Swedish line
when it cannot go on: no remote, no network, a login refused, a server that will not take
the commits, changes not yet committed.

Fetching and pushing run outside the repository lock (they change nothing in the working
tree); combining the commits runs inside it, after an interrupted write is completed or
undone (styrdok.store.journal). Before the first combination the local branch is recorded
under ``refs/styrdok/fore-sync``, so the commits as they were can always be found again.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from styrdok.core.errors import CommandFailed, StyrdokError
from styrdok.core.yamlfile import RecordError, parse_mapping
from styrdok.store.git import GitRepo
from styrdok.store.workspace import init_repository

BACKUP_REF = "refs/styrdok/fore-sync"
ATTEMPTS = 8
MARKERS = ("<<<<<<< ", ">>>>>>> ")
_AUTH = (
    "authentication failed", "permission denied", "could not read username",
    "could not read password", "terminal prompts disabled", "access denied", "http basic",
    "invalid username or password", "returned error: 401", "returned error: 403",
    "host key verification failed",
)  # fmt: skip
_OFFLINE = (
    "could not resolve host", "connection refused", "unable to connect", "failed to connect",
    "network is unreachable", "no route to host", "timed out", "connection reset",
    "could not read from remote repository", "unable to access", "name or service not known",
    "temporary failure in name resolution",
)  # fmt: skip
_MISSING = ("no such repository", "does not appear to be a git repository", "not found")
_REFUSED = (
    "service not enabled", "remote rejected", "hook declined", "protected branch",
    "not allowed", "read-only", "read only",
)  # fmt: skip
_MOVED = ("[rejected]", "non-fast-forward", "fetch first", "stale info", "cannot lock ref")


class SyncError(StyrdokError):
    """The clone and the remote could not be brought together; nothing was lost."""


class ConflictError(SyncError):
    """A file was changed both here and on the server and must be merged by a person."""

    def __init__(self, message: str, files: list[str]) -> None:
        super().__init__(message)
        self.files = files


class How(StrEnum):
    """How the local commits and the remote's were brought together."""

    NOTHING = "inget att göra"
    PUSHED = "skickade"  # only local commits: pushed as they are
    FAST_FORWARD = "hämtade"  # only the remote's commits: taken as they are
    REBASE = "lade de egna ändringarna ovanpå serverns"
    MERGE = "slog ihop med serverns"

    def then(self, other: How) -> How:
        """Return the more telling of two steps (a merge over a rebase over the rest)."""
        order = list(How)
        return other if order.index(other) > order.index(self) else self


@dataclass(frozen=True)
class SyncResult:
    """What a sync did: from which server, how many commits each way, how, in how many
    attempts, and which conflicts it committed as resolved."""

    remote: str
    url: str
    branch: str
    received: int
    sent: int
    how: How
    attempts: int
    resolved: tuple[str, ...] = ()


def _problem(exc: CommandFailed, url: str, doing: str) -> SyncError:
    """Return the one Swedish line for a fetch or push that failed."""
    detail = exc.detail.casefold()
    kept = "dina ändringar finns kvar här"
    if any(word in detail for word in _MISSING):
        return SyncError(f"servern har inget arkiv på {url} ({doing}); kontrollera adressen "
                         "med git remote -v")  # fmt: skip
    if any(word in detail for word in _AUTH):
        return SyncError(
            f"servern {url} nekade inloggningen ({doing}): kontrollera din ssh-nyckel eller "
            f"ditt lösenord i git (git credential), och att du har behörighet; {kept}"
        )
    if any(word in detail for word in _REFUSED):
        return SyncError(
            f"servern {url} tog inte emot ändringarna ({_first_line(exc.detail)}): arkivet "
            "eller grenen är skrivskyddad för dig – be den som sköter servern om behörighet, "
            f"eller lämna ändringarna i en merge request; {kept}"
        )
    if any(word in detail for word in _OFFLINE):
        return SyncError(
            f"kan inte nå servern {url} ({doing}): kontrollera nätverket och kör "
            f"styrdok sync igen; {kept}"
        )
    return SyncError(f"git kunde inte {doing} {url}: {_first_line(exc.detail)}; {kept}")


def _first_line(text: str) -> str:
    """Return the line of git's output that says most: the server's own message, else
    the last line that is not a hint."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    server = [line.removeprefix("remote:").strip() for line in lines if line.startswith("remote:")]
    useful = [s for s in server if s] or [line for line in lines if not line.startswith("hint:")]
    return (useful or lines or ["okänt fel"])[-1].removeprefix("fatal: ").removeprefix("error: ")


def shown_url(url: str) -> str:
    """Return ``url`` as it may be shown: without a user name and password in it."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    host, slash, path = rest.partition("/")
    return f"{scheme}://{host.rpartition('@')[2]}{slash}{path}"


def choose_remote(repo: GitRepo, branch: str, remote: str | None) -> str:
    """Return the remote to sync with: the one named, the one the branch follows, else
    ``origin`` or the only one; raise SyncError when there is none."""
    names = repo.remotes()
    if remote is not None:
        if remote not in names:
            raise SyncError(f"det finns inget fjärrarkiv som heter {remote} (git remote -v)")
        return remote
    chosen = repo.upstream_remote(branch) or ("origin" if "origin" in names else "")
    if not chosen and len(names) == 1:
        chosen = names[0]
    if not chosen:
        raise SyncError(
            "arkivet har ingen server att synkronisera med: ange den med "
            "styrdok init --remote URL (eller git remote add origin URL)"
        )
    return chosen


def sync(repo: GitRepo, remote: str | None = None, attempts: int = ATTEMPTS) -> SyncResult:
    """Fetch from the remote, put the local commits on top of its (or merge), and push;
    start over when the remote moved in between. Return what was done; raise SyncError
    (ConflictError for a file changed on both sides) with one line saying what to do."""
    repo.identity()  # a rebase or merge commits as the staff member
    branch = repo.branch()
    if branch is None:
        raise SyncError("HEAD pekar inte på någon gren; byt till huvudgrenen med git switch main")
    name = choose_remote(repo, branch, remote)
    url = shown_url(repo.remote_url(name) or name)
    received = sent = 0
    how = How.NOTHING
    resolved: tuple[str, ...] = ()
    for attempt in range(1, attempts + 1):
        _fetch(repo, name, url)
        with repo.locked():
            if attempt == 1:
                resolved = _finish_merge(repo)
                _refuse_uncommitted(repo)
                if repo.has_commits:
                    repo.mark(BACKUP_REF, repo.head())
            tracking = f"refs/remotes/{name}/{branch}"
            theirs = repo.commit_of(tracking)
            step, incoming = _combine(repo, theirs, tracking)
            received += incoming
            how = how.then(step)
            ahead = repo.commits("HEAD", f"^{theirs}") if theirs else repo.commits("HEAD")
            head = repo.head() if repo.has_commits else None
        if not ahead or head is None:
            repo.set_upstream(branch, name)
            return SyncResult(name, url, branch, received, sent, how, attempt, resolved)
        try:
            repo.push(name, head, branch)
        except CommandFailed as exc:
            if any(word in exc.detail.casefold() for word in _MOVED):
                time.sleep(_pause(attempt))  # someone pushed in between: fetch and combine again
                continue
            raise _problem(exc, url, "skicka till") from None
        sent = len(ahead)
        repo.set_upstream(branch, name)
        return SyncResult(name, url, branch, received, sent, how.then(How.PUSHED), attempt,
                          resolved)  # fmt: skip
    raise SyncError(
        f"servern {url} ändrades av andra {attempts} gånger medan styrdok försökte; "
        "dina ändringar finns kvar här – kör styrdok sync igen om en stund"
    )


def _pause(attempt: int) -> float:
    """Return how long to wait before attempt ``attempt + 1``: longer each time, and by
    chance from half to one and a half of that, so that clones that pushed at the same
    moment do not try again at the same moment, over and over (0.1–0.3 s at first, at
    most about 8 s in all)."""
    return 0.2 * attempt * random.uniform(0.5, 1.5)


def _fetch(repo: GitRepo, name: str, url: str) -> None:
    try:
        repo.fetch(name)
    except CommandFailed as exc:
        raise _problem(exc, url, "hämta från") from None


def _refuse_uncommitted(repo: GitRepo) -> None:
    changed = [path for code, path in repo.status(["."]) if code != "??"]
    if changed:
        more = f" och {len(changed) - 1} filer till" if len(changed) > 1 else ""
        raise SyncError(
            f"{changed[0]}{more} är ändrad men inte sparad i git: spara ändringen med "
            'git commit -am "…" (eller ångra den med git restore) och kör styrdok sync igen'
        )


def _combine(repo: GitRepo, theirs: str | None, tracking: str) -> tuple[How, int]:
    """Bring the remote's commit ``theirs`` (the ref ``tracking`` names) into the current
    branch; return how, and how many of the remote's commits were new here."""
    if theirs is None:
        return How.NOTHING, 0
    incoming = repo.commits(theirs, "^HEAD") if repo.has_commits else repo.commits(theirs)
    if not incoming:
        return How.NOTHING, 0
    if repo.has_commits and not repo.related("HEAD", theirs):
        raise SyncError(
            "servern har redan ett annat styrdok-arkiv med en egen historik; hämta det i en "
            "ny katalog med styrdok init KATALOG --remote URL"
        )
    try:
        if not repo.has_commits or not repo.commits("HEAD", f"^{theirs}"):
            repo.fast_forward(theirs)
            return How.FAST_FORWARD, len(incoming)
        if not _must_merge(repo, theirs) and repo.rebase(theirs):
            return How.REBASE, len(incoming)
        repo.abort()  # a rebase that stopped: back to the commits as they were
        if not repo.merge(tracking):  # git's markers name the server's branch
            raise _conflict(repo)
    except CommandFailed as exc:
        if "would be overwritten" in exc.detail:
            repo.abort()
            raise SyncError(
                "en fil här som inte är sparad i git har samma namn som en fil från servern: "
                f"flytta undan den och kör styrdok sync igen ({_first_line(exc.detail)})"
            ) from None
        raise
    return How.MERGE, len(incoming)


def _must_merge(repo: GitRepo, theirs: str) -> bool:
    """Return True when rebasing onto ``theirs`` would rewrite commits another remote
    branch already has, or flatten a merge (such as a resolved conflict)."""
    local = repo.commits("HEAD", f"^{theirs}")
    unshared = repo.commits("HEAD", "--not", "--remotes")
    return set(local) != set(unshared) or bool(repo.commits("--merges", "HEAD", f"^{theirs}"))


def _conflict(repo: GitRepo) -> ConflictError:
    files = repo.conflicts()
    named = ", ".join(files) or "okända filer"
    one = "filen har" if len(files) == 1 else "filerna har"
    return ConflictError(
        f"konflikt i {named}: {one} ändrats både här och på servern. Båda versionerna står "
        "nu i filen mellan <<<<<<< och >>>>>>>: behåll det som ska gälla, ta bort "
        "markeringarna och kör styrdok sync igen (git merge --abort ångrar sammanslagningen)",
        files,
    )


def _finish_merge(repo: GitRepo) -> tuple[str, ...]:
    """Commit a merge left by an earlier sync once its conflicts are resolved; return
    the files that were resolved. Raise ConflictError while markers remain."""
    if repo.rebase_in_progress:
        raise SyncError(
            "en git rebase pågår i arkivet: avsluta den med git rebase --continue eller "
            "ångra den med git rebase --abort, och kör styrdok sync igen"
        )
    if not repo.merge_in_progress:
        return ()
    files = repo.conflicts()
    for path in files:
        _check_resolved(repo.root, path)
    repo.finish_merge(files)
    return tuple(files)


def _check_resolved(root: Path, path: str) -> None:
    try:
        text = (root / path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return  # removed on purpose: the removal is the resolution
    except (OSError, UnicodeDecodeError):
        raise ConflictError(
            f"konflikt i {path}: välj version med git checkout --ours {path} (din) eller "
            f"git checkout --theirs {path} (serverns) och kör styrdok sync igen",
            [path],
        ) from None
    if any(line.startswith(MARKERS) for line in text.splitlines()):
        raise ConflictError(
            f"konflikten i {path} är inte löst: ta bort markeringarna <<<<<<<, ======= och "
            ">>>>>>> och behåll det som ska gälla, och kör styrdok sync igen",
            [path],
        )
    if path.endswith(".yaml"):
        try:
            parse_mapping(text, path)
        except RecordError as exc:
            raise ConflictError(f"{exc}: rätta filen och kör styrdok sync igen", [path]) from None


def connect(directory: Path, url: str, name: str) -> tuple[GitRepo, str]:
    """Set ``directory`` up with the kansli's shared repository at ``url`` as its remote
    ``origin``; return the repository and what was done, in Swedish. An empty folder
    gets a clone when the server already has the repository; otherwise the repository
    here (created if needed, for the organisation ``name``) is pushed to the server."""
    directory = Path(directory)
    if "://" not in url and Path(url).exists():
        url = str(Path(url).resolve())  # a folder: the same for every repository
    shown = shown_url(url)
    try:
        heads = GitRepo.remote_heads(url)
    except CommandFailed as exc:
        raise _problem(exc, shown, "nå") from None
    repo = _repository_at(directory)
    if repo is None and heads:
        if directory.exists() and any(directory.iterdir()):
            raise SyncError(
                f"servern {shown} har redan ett arkiv, men katalogen {directory} är inte tom: "
                "ange en ny katalog att hämta det till"
            )
        try:
            repo = GitRepo.clone(url, directory)
        except CommandFailed as exc:
            raise _problem(exc, shown, "hämta från") from None
        return repo, f"Hämtade kansliets arkiv från {shown} till {repo.root}"
    created = ""
    if repo is None:
        repo = GitRepo.find(init_repository(directory, name))
        created = f"Skapade styrdok-arkiv i {repo.root}. "
    current = repo.remote_url("origin")
    if current and current != url:
        raise SyncError(
            f"arkivet har redan servern {shown_url(current)} som origin; byt med "
            f"git remote set-url origin {shown}"
        )
    repo.set_remote("origin", url)
    done = sync(repo, "origin")
    return repo, f"{created}Servern {shown} är nu origin: {describe(done)}"


def _repository_at(directory: Path) -> GitRepo | None:
    """Return the repository whose root is ``directory``, or None."""
    if not directory.is_dir():
        return None
    try:
        repo = GitRepo.find(directory)
    except StyrdokError:
        return None
    return repo if repo.root == directory.resolve() else None


def describe(result: SyncResult) -> str:
    """Return one Swedish line about a sync."""
    where = f"{result.remote} ({result.url})"
    if result.how == How.NOTHING and not result.resolved:
        return f"Arkivet är i fas med {where}; inget att hämta eller skicka"
    parts = [f"hämtade {_count(result.received)}"] if result.received else []
    if result.sent:
        parts.append(f"skickade {_count(result.sent)}")
    if result.resolved:
        parts.insert(0, f"sparade sammanslagningen av {', '.join(result.resolved)}")
    how = f" ({result.how})" if result.how in (How.REBASE, How.MERGE) else ""
    tries = f" efter {result.attempts} försök" if result.attempts > 1 else ""
    return f"Synkroniserat med {where}: {', '.join(parts)}{how}{tries}"


def _count(n: int) -> str:
    return "1 ändring" if n == 1 else f"{n} ändringar"


__all__ = [
    "ConflictError", "How", "SyncError", "SyncResult", "choose_remote", "connect", "describe",
    "sync",
]  # fmt: skip
