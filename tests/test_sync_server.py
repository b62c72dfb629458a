"""A kansli of several people sharing one repository through a real git server on loopback
(``git daemon``): clones registering answers, extending deadlines and writing positions,
``styrdok sync`` in between, and everything that can go wrong on the way. In every test
each commit and each answer made in any clone is on the server at the end."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from styrdok.cli import main
from styrdok.remiss.log import EventKind, read_log
from styrdok.remiss.register import registered
from styrdok.reports.positions import positions_path
from styrdok.store.git import GitRepo
from tests.conftest import Repo, make_itsam
from tests.faults import styrdok
from tests.git_http import GitHttpServer
from tests.git_server import GitServer, free_port
from tests.test_cli_receive import letter

STAFF = {"kansli": "Kerstin Kanslichef", "anna": "Anna Registrator", "bo": "Bo Handläggare"}
IDENTITY = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")


def run(root: Path, *args: str) -> Result:
    """Run styrdok in ``root`` in this process, as the identity git has configured there."""
    return CliRunner().invoke(main, ["--repo", str(root), *args], prog_name="styrdok")


def ok(root: Path, *args: str) -> Result:
    result = run(root, *args)
    assert result.exit_code == 0, f"{args}: {result.output}"
    return result


def failed(result: Result) -> str:
    """Return the one error line of a command that failed."""
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("styrdok: fel: ")
    return line.removeprefix("styrdok: fel: ")


def git_in(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def as_person(root: Path, who: str) -> None:
    git_in(root, "config", "user.name", STAFF[who])
    git_in(root, "config", "user.email", f"{who}@itsam.example")


class Kansli:
    """The shared repository on the server and one clone per staff member."""

    def __init__(self, server: GitServer, tmp: Path) -> None:
        self.server = server
        self.url = server.create("styrdok")
        self.tmp = tmp
        self.clones: dict[str, Path] = {}

    def clone(self, who: str) -> Path:
        root = self.tmp / who
        result = ok(self.tmp, "init", str(root), "--remote", self.url)
        assert result.stdout.startswith(f"Hämtade kansliets arkiv från {self.url}")
        as_person(root, who)
        self.clones[who] = root
        return root

    def answers(self, rid: str) -> set[str]:
        """Return the digests of the answers from ``rid`` that the server's main has."""
        check = self.tmp / "kontroll"
        if check.exists():
            git_in(check, "pull", "--quiet", "--ff-only")
        else:
            subprocess.run(["git", "clone", "--quiet", self.url, str(check)], check=True)
        return {a.sha256 for a in registered(check, "r2024", rid)}

    def on_server(self, sha: str) -> bool:
        """Return True when the server's main contains commit ``sha``."""
        done = subprocess.run(
            ["git", "--git-dir", str(self.server.path("styrdok")), "merge-base", "--is-ancestor",
             sha, "refs/heads/main"],
        )  # fmt: skip
        return done.returncode == 0


@pytest.fixture
def kansli(
    git_server: GitServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Kansli]:
    """Itsam's repository with round r2024 sent, on the server, and two clones: Anna's
    and Bo's, each committing as its own git identity."""
    first = make_itsam(Repo(tmp_path / "kansli"))
    for key in IDENTITY:  # from here on every commit is by the identity of its clone
        monkeypatch.delenv(key, raising=False)
    as_person(first.root, "kansli")
    ok(first.root, "remiss", "new", "r2024", "--title", "Revidering av förbundsordningen",
       "--sent", "2024-02-23", "--deadline", "2024-05-09")  # fmt: skip
    ok(first.root, "remiss", "send", "r2024", "--today", "2024-02-23", "-o",
       str(tmp_path / "utskick"))  # fmt: skip
    ok(first.root, "remiss", "sent", "r2024", "--today", "2024-02-23")
    shared = Kansli(git_server, tmp_path)
    result = ok(tmp_path, "init", str(first.root), "--remote", shared.url)
    assert result.stdout == (
        f"Servern {shared.url} är nu origin: Synkroniserat med origin ({shared.url}): "
        f"skickade {len(git_in(first.root, 'rev-list', 'HEAD').split())} ändringar\n"
    )
    shared.clones["kansli"] = first.root
    shared.clone("anna")
    shared.clone("bo")
    yield shared


def answer(tmp: Path, name: str, text: str) -> Path:
    folder = tmp / "inkorg"
    folder.mkdir(exist_ok=True)
    return letter(folder / name, text)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_staff_register_answers_from_the_same_municipality_without_a_conflict(
    kansli: Kansli, tmp_path: Path
) -> None:
    anna, bo = kansli.clones["anna"], kansli.clones["bo"]
    first = answer(tmp_path, "boxholm-ks.docx", "Boxholms kommunstyrelse tillstyrker 3 §.")
    second = answer(tmp_path, "boxholm-kf.docx", "Boxholms fullmäktige har synpunkter på 2 §.")
    ok(anna, "remiss", "receive", "r2024", str(first), "--from", "boxholm",
       "--received", "2024-05-06")  # fmt: skip
    ok(bo, "remiss", "receive", "r2024", str(second), "--from", "boxholm",
       "--received", "2024-05-07")  # fmt: skip
    ok(
        bo,
        "remiss",
        "receive",
        "r2024",
        str(first),
        "--from",
        "boxholm",
        "--received",
        "2024-05-06",
    )  # the same letter, registered on both clones
    ok(anna, "remiss", "extend", "r2024", "ydre", "--to", "2024-05-23", "--reason", "KS 21 maj")
    ok(bo, "remiss", "extend", "r2024", "vimmerby", "--to", "2024-05-16", "--reason", "Semester")
    ok(bo, "remiss", "extend", "r2024", "ydre", "--to", "2024-05-30", "--reason", "KF 28 maj")

    assert "skickade" in ok(anna, "sync").stdout
    synced = ok(bo, "sync").stdout
    assert "(lade de egna ändringarna ovanpå serverns)" in synced, synced
    assert ok(anna, "sync").stdout.startswith(f"Synkroniserat med origin ({kansli.url}): hämtade")

    head = git_in(anna, "rev-parse", "HEAD")
    assert git_in(bo, "rev-parse", "HEAD") == head
    assert git_in(anna, "status", "--porcelain") == git_in(bo, "status", "--porcelain") == ""
    for root in (anna, bo):
        boxholm = registered(root, "r2024", "boxholm")
        assert [(a.sha256, a.supplement) for a in boxholm] == [
            (digest(first), False),
            (digest(second), True),
        ]  # the letter registered twice counts once; the later one supplements it
        assert boxholm[0].registered_by in (STAFF["anna"], STAFF["bo"])
        assert boxholm[1].registered_by == STAFF["bo"]
        extended = [e for e in read_log(root, "r2024", "ydre") if e.kind == EventKind.EXTENDED]
        assert [e.reason for e in extended] == ["KS 21 maj", "KF 28 maj"]  # as recorded
    assert kansli.answers("boxholm") == {digest(first), digest(second)}

    authors = set(git_in(bo, "log", "--format=%an <%ae>").splitlines())
    assert authors == {
        f"{STAFF['kansli']} <kansli@itsam.example>",
        f"{STAFF['anna']} <anna@itsam.example>",
        f"{STAFF['bo']} <bo@itsam.example>",
        "Kansliet <kansli@itsam.example>",  # the fixture's own commits (settings, documents)
    }
    status = ok(anna, "remiss", "status", "r2024", "--today", "2024-06-01").stdout
    line = next(row for row in status.splitlines() if row.startswith("Boxholms kommun"))
    assert line.rstrip().endswith(", ".join(dict.fromkeys(a.registered_by for a in boxholm)))
    header = next(row for row in status.splitlines() if row.startswith("Instans"))
    assert header.rstrip().endswith("Påm.  Registrerat av")
    answers = ok(bo, "remiss", "answers", "r2024", "boxholm", "--today", "2024-06-01").stdout
    assert f"registrerat av {STAFF['bo']}" in answers


def test_concurrent_receives_and_syncs_on_three_clones_lose_nothing(
    kansli: Kansli, tmp_path: Path
) -> None:
    clones = {who: kansli.clones[who] for who in ("kansli", "anna", "bo")}
    letters = {
        who: [
            answer(tmp_path, f"{who}-{k}.docx", f"Synpunkt {k} från {who}s inkorg om 3 §.")
            for k in range(4)
        ]
        for who in clones
    }
    problems: list[str] = []
    receiving = {who: True for who in clones}

    def receive(who: str) -> None:
        for k, path in enumerate(letters[who]):
            rid = ("boxholm", "ydre")[k % 2]  # all three write to the same two folders
            done = styrdok(clones[who], "remiss", "receive", "r2024", str(path), "--from", rid,
                           "--received", f"2024-05-0{k + 1}")  # fmt: skip
            if done.returncode != 0:
                problems.append(f"{who} receive: {done.stderr}")
        receiving[who] = False

    def sync(who: str) -> None:  # meanwhile, in the same clone, sync after sync
        while receiving[who]:
            done = styrdok(clones[who], "sync")
            if done.returncode != 0:
                problems.append(f"{who} sync: {done.stderr}")

    threads = [threading.Thread(target=receive, args=(who,)) for who in clones]
    threads += [threading.Thread(target=sync, args=(who,)) for who in clones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "en klon hänger"
    assert problems == []
    for root in clones.values():
        ok(root, "sync")
    heads = {git_in(root, "rev-parse", "HEAD") for root in clones.values()}
    assert len(heads) == 1 and kansli.on_server(heads.pop().strip())
    every = {digest(path) for paths in letters.values() for path in paths}
    on_server = kansli.answers("boxholm") | kansli.answers("ydre")
    assert on_server == every  # twelve answers, none lost, none doubled
    assert styrdok(clones["anna"], "doctor").returncode == 0


def test_a_push_rejected_because_the_remote_moved_is_fetched_again_and_retried(
    kansli: Kansli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, bo = kansli.clones["anna"], kansli.clones["bo"]
    ok(anna, "remiss", "receive", "r2024", str(answer(tmp_path, "a.docx", "Annas svar.")),
       "--from", "boxholm", "--received", "2024-05-06")  # fmt: skip
    ok(bo, "remiss", "receive", "r2024", str(answer(tmp_path, "b.docx", "Bos svar.")),
       "--from", "ydre", "--received", "2024-05-07")  # fmt: skip
    mine = git_in(anna, "rev-parse", "HEAD").strip()
    real_push = GitRepo.push
    pushes: list[str] = []

    def push_after_bo(self: GitRepo, remote: str, sha: str, branch: str) -> None:
        if self.root == anna.resolve() and not pushes:
            pushes.append(sha)
            ok(bo, "sync")  # Bo pushes between Anna's fetch and her push
        real_push(self, remote, sha, branch)

    monkeypatch.setattr(GitRepo, "push", push_after_bo)
    synced = ok(anna, "sync").stdout
    assert synced.endswith("(lade de egna ändringarna ovanpå serverns) efter 2 försök\n"), synced
    assert kansli.answers("boxholm") and kansli.answers("ydre")
    assert git_in(anna, "rev-parse", "HEAD") != mine  # rebased onto Bo's commit …
    assert git_in(anna, "log", "-1", "--format=%an%n%s").startswith(STAFF["anna"])  # … still hers
    assert git_in(anna, "rev-parse", "refs/styrdok/fore-sync").strip() == mine


def write_position(root: Path, section: str, position: str, reasoning: str) -> None:
    path = positions_path(root, "r2024")
    text = path.read_text(encoding="utf-8")
    marker = f"  avsnitt: {section}\n"
    head, tail = text.split(marker, 1)
    tail = tail.replace("  ställningstagande: ''\n", f"  ställningstagande: {position}\n", 1)
    tail = tail.replace("  motivering: ''\n", f"  motivering: {reasoning}\n", 1)
    path.write_text(head + marker + tail, encoding="utf-8")


def test_a_conflicting_edit_of_the_positions_file_is_reported_and_resolved(
    kansli: Kansli,
) -> None:
    anna, bo = kansli.clones["anna"], kansli.clones["bo"]
    ok(anna, "remiss", "positions", "r2024", "--today", "2024-06-01")
    ok(bo, "remiss", "positions", "r2024", "--today", "2024-06-01")
    write_position(anna, "3 §", "instämmer", "Ändamålet behövs.")
    git_in(anna, "commit", "--quiet", "-am", "Ställningstagande till 3 §")
    write_position(bo, "3 §", "instämmer inte", "För brett.")
    git_in(bo, "commit", "--quiet", "-am", "Ställningstagande till 3 § (Bo)")
    bos = git_in(bo, "rev-parse", "HEAD").strip()
    ok(anna, "sync")

    path = "remiss/r2024/stallningstaganden.yaml"
    assert failed(run(bo, "sync")) == (
        f"konflikt i {path}: filen har ändrats både här och på servern. Båda versionerna står "
        "nu i filen mellan <<<<<<< och >>>>>>>: behåll det som ska gälla, ta bort "
        "markeringarna och kör styrdok sync igen (git merge --abort ångrar sammanslagningen)"
    )
    text = (bo / path).read_text(encoding="utf-8")
    assert "instämmer inte" in text and "ställningstagande: instämmer\n" in text  # both kept
    assert git_in(bo, "rev-parse", "HEAD").strip() == bos  # Bo's commit is still there
    assert failed(
        run(bo, "remiss", "extend", "r2024", "ydre", "--to", "2024-06-01", "--reason", "KS")
    ).startswith("en sammanslagning med servern pågår")
    assert failed(run(bo, "sync")).startswith(f"konflikten i {path} är inte löst")
    doctor = run(bo, "doctor")
    assert doctor.exit_code == 1
    assert doctor.stdout.splitlines()[0] == (
        f"Fel: en sammanslagning med servern väntar på att konflikten i {path} löses – behåll "
        "det som ska gälla, ta bort markeringarna <<<<<<< och >>>>>>> och kör styrdok sync"
    )

    lines, keep = [], True  # Bo keeps his own version and removes the markers
    for line in text.splitlines(keepends=True):
        if line.startswith(("<<<<<<< ", ">>>>>>> ")):
            keep = True
            continue
        if line.startswith("======="):
            keep = False
            continue
        if keep:
            lines.append(line)
    (bo / path).write_text("".join(lines), encoding="utf-8")
    synced = ok(bo, "sync").stdout
    assert synced.startswith(f"Synkroniserat med origin ({kansli.url}): sparade sammanslagningen")
    ok(anna, "sync")
    assert "instämmer inte" in (anna / path).read_text(encoding="utf-8")
    merge = git_in(anna, "log", "-1", "--format=%P").split()
    assert bos in merge and len(merge) == 2  # both edits stay in the history
    assert all(kansli.on_server(sha) for sha in merge)


def test_a_remote_that_refuses_keeps_every_local_commit(kansli: Kansli, tmp_path: Path) -> None:
    anna = kansli.clones["anna"]
    ok(anna, "remiss", "receive", "r2024", str(answer(tmp_path, "svar.docx", "Ydre svarar.")),
       "--from", "ydre", "--received", "2024-05-08")  # fmt: skip
    mine = git_in(anna, "rev-parse", "HEAD").strip()

    kansli.server.start(read_only=True)
    refused = failed(run(anna, "sync"))
    assert refused.startswith(f"servern {kansli.url} tog inte emot ändringarna (")
    assert refused.endswith("; dina ändringar finns kvar här")
    kansli.server.start()
    kansli.server.protect("styrdok", "GitLab: You are not allowed to push to protected main")
    protected = failed(run(anna, "sync"))
    assert "(GitLab: You are not allowed to push to protected main)" in protected
    assert "skrivskyddad för dig" in protected
    assert git_in(anna, "rev-parse", "HEAD").strip() == mine
    assert not kansli.on_server(mine)

    kansli.server.unprotect("styrdok")
    ok(anna, "sync")
    assert kansli.on_server(mine)


def test_a_clone_offline_for_a_week_syncs_without_losing_anything(
    kansli: Kansli, tmp_path: Path
) -> None:
    anna, bo = kansli.clones["anna"], kansli.clones["bo"]
    dead = f"git://127.0.0.1:{free_port()}/styrdok.git"  # refused
    git_in(anna, "remote", "set-url", "origin", dead)  # Anna's laptop is off the network
    offline = failed(run(anna, "sync"))
    assert offline == (
        f"kan inte nå servern {dead} (hämta från): kontrollera nätverket och kör styrdok sync "
        "igen; dina ändringar finns kvar här"
    )
    mine, theirs = [], []
    start = dt.date(2024, 5, 6)
    for day in range(7):  # a week: Anna registers on her laptop, Bo works on the server
        when = (start + dt.timedelta(days=day)).isoformat()
        path = answer(tmp_path, f"anna-{day}.docx", f"Annas svar dag {day}.")
        ok(anna, "remiss", "receive", "r2024", str(path), "--from", "boxholm", "--received", when)
        mine.append(digest(path))
        other = answer(tmp_path, f"bo-{day}.docx", f"Bos svar dag {day}.")
        ok(bo, "remiss", "receive", "r2024", str(other), "--from", "boxholm", "--received", when)
        theirs.append(digest(other))
        if day % 2:
            ok(bo, "sync")
    ok(anna, "remiss", "extend", "r2024", "ydre", "--to", "2024-05-23", "--reason", "KS")
    ok(bo, "remiss", "extend", "r2024", "ydre", "--to", "2024-05-30", "--reason", "KF")
    ok(bo, "sync")
    local = git_in(anna, "rev-list", "HEAD", "--not", "--remotes").split()
    assert len(local) == 8

    git_in(anna, "remote", "set-url", "origin", kansli.url)  # back in the office
    synced = ok(anna, "sync").stdout
    assert "skickade 8 ändringar (lade de egna ändringarna ovanpå serverns)" in synced, synced
    assert kansli.answers("boxholm") == set(mine) | set(theirs)
    ok(bo, "sync")
    assert git_in(bo, "rev-parse", "HEAD") == git_in(anna, "rev-parse", "HEAD")
    ydre = ok(bo, "remiss", "status", "r2024", "--today", "2024-05-20", "--json").stdout
    assert '"förlängning_skäl": "KF"' in ydre  # the extension recorded last counts


def test_sync_without_a_server_or_an_identity_says_what_to_do(
    itsam: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert failed(run(itsam.root, "sync")) == (
        "arkivet har ingen server att synkronisera med: ange den med styrdok init --remote URL "
        "(eller git remote add origin URL)"
    )
    ok(itsam.root, "remiss", "new", "r2024", "--title", "R", "--sent", "2024-02-23",
       "--deadline", "2024-05-09")  # fmt: skip
    for key in IDENTITY:  # a computer where git was never told who its user is
        monkeypatch.delenv(key)
    before = git_in(itsam.root, "rev-parse", "HEAD")
    refused = run(itsam.root, "remiss", "extend", "r2024", "ydre", "--to", "2024-05-23",
                  "--reason", "KS 21 maj")  # fmt: skip
    assert failed(refused) == (
        "git vet inte vem du är, och varje ändring sparas med ditt namn: ange det med "
        'git config --global user.name "Förnamn Efternamn" och '
        'git config --global user.email "namn@forbund.se"'
    )
    assert git_in(itsam.root, "rev-parse", "HEAD") == before
    assert git_in(itsam.root, "status", "--porcelain") == ""  # nothing written
    assert failed(run(itsam.root, "init", str(tmp_path / "nytt"))).startswith("git vet inte vem")
    assert not (tmp_path / "nytt" / "styrdok.yaml").exists()
    as_person(itsam.root, "anna")
    ok(itsam.root, "remiss", "extend", "r2024", "ydre", "--to", "2024-05-23", "--reason", "KS")
    assert git_in(itsam.root, "log", "-1", "--format=%an <%ae>").strip() == (
        f"{STAFF['anna']} <anna@itsam.example>"
    )


def test_a_login_refused_by_the_server_is_one_line_and_nothing_is_lost(
    kansli: Kansli, tmp_path: Path
) -> None:
    https = tmp_path / "https"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(kansli.server.path("styrdok")),
                    str(https / "styrdok.git")], check=True)  # fmt: skip
    anna = kansli.clones["anna"]
    path = answer(tmp_path, "svar.docx", "Vimmerby svarar.")
    ok(anna, "remiss", "receive", "r2024", str(path), "--from", "vimmerby", "--received",
       "2024-05-08")  # fmt: skip
    mine = git_in(anna, "rev-parse", "HEAD").strip()
    with GitHttpServer(https, "anna", "ratt-losen") as server:
        shown = server.url("styrdok")
        for url in (shown, server.url("styrdok", "anna", "fel-losen")):
            git_in(anna, "remote", "set-url", "origin", url)
            assert failed(run(anna, "sync")) == (
                f"servern {shown} nekade inloggningen (hämta från): kontrollera din ssh-nyckel "
                "eller ditt lösenord i git (git credential), och att du har behörighet; dina "
                "ändringar finns kvar här"
            )  # the password is never shown
        git_in(anna, "remote", "set-url", "origin", server.url("styrdok", "anna", "ratt-losen"))
        assert "skickade 1 ändring" in ok(anna, "sync").stdout
    on_server = subprocess.run(
        ["git", "--git-dir", str(https / "styrdok.git"), "merge-base", "--is-ancestor", mine,
         "main"],
    )  # fmt: skip
    assert on_server.returncode == 0
