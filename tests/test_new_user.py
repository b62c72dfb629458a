"""The path of a new user, as LÄSMIG.md from ``styrdok init`` tells it: set up a
repository for another förbund, replace the examples, create a round with a non-member,
correct it (add, remove, rename), build the packages and send them over a real SMTP
server on loopback; every message on the way with its exact text."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from styrdok.cli import main
from styrdok.remiss.rounds import load_round
from styrdok.store.registry import load_recipients
from styrdok.store.settings import Attachments, load_settings
from tests.conftest import fill_form, git
from tests.smtp_server import SmtpServer

NAME = "Sydöstra IT-förbundet"
SETTINGS = """\
organisation:
  namn: Sydöstra IT-förbundet
  organisationsnummer: 222000-9999
  adress: Box 1, 371 00 Karlskrona
  webbplats: https://sydostra.example
  registrator: registrator@sydostra.example
ändringar:
  författare: Sydöstra IT-förbundet
remiss:
  beslutande organ: Direktionen
  minsta svarstid i dagar: 42
  påminnelse dagar före: 7
  kontaktperson:
    namn: Eva Ek
    e-post: eva.ek@sydostra.example
    telefon: 0455-00 00 00
antagande:
  medlemmarna antar: []
  organ: Kommunfullmäktige
e-post:
  bilagor: filer
  största brev i MB: 10
smtp:
  värd: {host}
  port: {port}
  starttls: false
  avsändare: ""
"""
REGISTRY = """\
remissinstanser:
  - id: karlskrona
    namn: Karlskrona kommun
    e-post: registrator@karlskrona.example
    medlem från: 2015-01-01
  - id: ronneby
    namn: Ronneby kommun
    e-post: registrator@ronneby.example
    medlem från: 2015-01-01
  - id: olofstrom
    namn: Olofströms kommun
    e-post: registrator@olofstrom.example
    medlem från: 2015-01-01
  - id: solvesborg
    namn: Sölvesborgs kommun
    e-post: registrator@solvesborg.example
    medlem från: 2018-01-01
  - id: emmaboda
    namn: Emmaboda kommun
    e-post: registrator@emmaboda.example
    medlem från: 2015-01-01
    medlem till: 2024-12-31
  - id: lansstyrelsen
    namn: Länsstyrelsen i Blekinge län
    e-post: registrator@lansstyrelsen-blekinge.example
    medlem: nej
"""
IN_FORCE = """\
---
titel: Förbundsordning för Sydöstra IT-förbundet
typ: förbundsordning
diarienummer: Dnr 2020/4
status: gällande
version: gällande 2020
gäller från: 2020-01-01
---
# Förbundsordning för Sydöstra IT-förbundet

## 1 § Namn och säte

Förbundets namn är Sydöstra IT-förbundet. Förbundet har sitt säte i Karlskrona.

## 2 § Ändamål

Förbundet ska svara för medlemmarnas gemensamma IT-drift.

## 3 § Kostnader

Kostnaderna fördelas efter invånarantal.
"""
PROPOSAL = (
    IN_FORCE.replace("status: gällande", "status: förslag")
    .replace("version: gällande 2020", "version: remissversion 2025")
    .replace("gäller från: 2020-01-01\n", "")
    .replace("gemensamma IT-drift.", "gemensamma IT-drift och digitalisering.")
)


class User:
    """The CLI as a user runs it, in the repository they created."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, *args: str, ok: bool = True) -> Result:
        result = CliRunner().invoke(main, ["--repo", str(self.root), *args], prog_name="styrdok")
        assert (result.exit_code == 0) == ok, result.output
        assert "Traceback" not in result.output
        return result

    def fails(self, *args: str) -> str:
        """Return the one line a refused command writes on standard error."""
        result = self(*args, ok=False)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1
        return result.stderr.removeprefix("styrdok: fel: ").rstrip("\n")

    def write(self, path: str, text: str) -> None:
        (self.root / path).parent.mkdir(parents=True, exist_ok=True)
        (self.root / path).write_text(text, encoding="utf-8")

    def last_commit(self) -> str:
        return git(self.root, "log", "-1", "--format=%s").strip()


def test_init_gives_a_commented_start_that_works(tmp_path: Path) -> None:
    created = CliRunner().invoke(main, ["init", str(tmp_path / "arkiv"), "--namn", NAME])
    assert created.exit_code == 0, created.output
    root = tmp_path / "arkiv"
    assert created.stdout == f"Skapade styrdok-arkiv i {root}\n"
    files = git(root, "-c", "core.quotepath=false", "ls-files").splitlines()
    assert sorted(files) == sorted(
        [
            ".gitignore",
            "LÄSMIG.md",
            "docs/exempel.md",
            "remiss/remissinstanser.yaml",
            "styrdok.yaml",
            "templates/LÄSMIG.txt",
        ]  # fmt: skip
    )
    assert git(root, "status", "--porcelain") == ""
    settings = load_settings(root)
    assert settings.organisation.name == NAME
    assert settings.organisation.registrator == "registrator@sydostra-it-forbundet.example"
    assert settings.mail.attachments == Attachments.ZIP and settings.mail.limit_mb == 10
    assert settings.remiss.contact is not None
    registry = load_recipients(root)
    assert [(r.id, r.member, r.member_until is not None) for r in registry.values()] == [
        ("exempelby", True, False),
        ("gamlestad", True, True),
        ("lansstyrelsen", False, False),
    ]
    text = (root / "styrdok.yaml").read_text(encoding="utf-8")
    for key in ("organisationsnummer:", "registrator:", "författare:", "beslutande organ:",
                "minsta svarstid i dagar:", "påminnelse dagar före:", "kontaktperson:",
                "medlemmarna antar:", "bilagor:", "största brev i MB:", "värd:", "starttls:",
                "avsändare:"):  # fmt: skip
        assert key in text, key
    user = User(root)
    assert user("check").stderr == "Inga problem i 1 dokument\n"
    assert user("list").stdout == (
        f"exempel\tDirektionens reglemente för {NAME}\tgällande\tgällande 2020\n"
    )
    assert "gäller från 2020-01-01" in user("log", "exempel").stdout
    howto = (root / "LÄSMIG.md").read_text(encoding="utf-8")
    lines = re.sub(r"\\\n\s*", " ", howto).splitlines()
    commands = [
        shlex.split(line.strip())[1:] for line in lines if line.strip().startswith("styrdok ")
    ]
    assert len(commands) >= 8
    for args in commands:  # every command the how-to names exists and has help
        words = [a for a in args if not a.startswith("-")][:2]
        named = words if words[0] == "remiss" else words[:1]
        assert CliRunner().invoke(main, [*named, "--help"]).exit_code == 0, args


def test_the_registry_accepts_only_yes_or_no_for_membership(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["init", str(tmp_path / "arkiv"), "--namn", NAME])
    user = User(tmp_path / "arkiv")
    user.write("remiss/remissinstanser.yaml", REGISTRY.replace("medlem: nej", "medlem: kanske"))
    assert user.fails("remiss", "new", "r1", "--title", "T", "--deadline", "2030-06-01") == (
        "remiss/remissinstanser.yaml, instans 6: 'medlem' ska vara ja eller nej, fick 'kanske'"
    )


def test_a_new_user_sets_up_corrects_packages_and_sends_a_round(
    tmp_path: Path, smtp_server: SmtpServer
) -> None:
    assert (
        CliRunner().invoke(main, ["init", str(tmp_path / "arkiv"), "--namn", NAME]).exit_code == 0
    )
    user = User(tmp_path / "arkiv")
    root = user.root

    # Replace the examples: settings and registry (left uncommitted), the documents.
    user.write("styrdok.yaml", SETTINGS.format(host=smtp_server.host, port=smtp_server.port))
    user.write("remiss/remissinstanser.yaml", REGISTRY)
    git(root, "rm", "--quiet", "docs/exempel.md")
    user.write("docs/forbundsordning.md", IN_FORCE)
    git(root, "add", "docs")
    git(root, "commit", "--quiet", "-m", "Förbundsordningen i gällande lydelse")
    user.write("docs/forbundsordning.md", PROPOSAL)
    git(root, "add", "docs")  # only the document: settings and registry stay unsaved
    git(root, "commit", "--quiet", "-m", "Remissversion 2025: digitalisering i ändamålet")

    # A round: the members on the day it is sent (Emmaboda has left), its own diarienummer.
    created = user("remiss", "new", "r2025", "--title", "Revidering av förbundsordningen",
                   "--sent", "2025-03-14", "--deadline", "2025-05-09",
                   "--diarienummer", "Dnr 2025/3")  # fmt: skip
    assert created.stdout == (
        "Skapade remiss r2025: 1 dokument, 4 remissinstanser, sista svarsdag 9 maj 2025\n"
    )
    assert created.stderr == (
        "Sparade också styrdok.yaml och remiss/remissinstanser.yaml i git (de hade ändringar "
        "som inte var sparade)\n"
    )
    assert user.last_commit() == (
        "Remiss r2025: omgången skapad (Revidering av förbundsordningen); styrdok.yaml och "
        "remiss/remissinstanser.yaml sparade"
    )
    assert git(root, "status", "--porcelain") == ""
    r = load_round(root, "r2025")
    assert r.dnr == ("Dnr 2025/3",)
    assert r.recipients == ("karlskrona", "ronneby", "olofstrom", "solvesborg")

    # Correct it: add the länsstyrelse, remove Sölvesborg, rename, set the meeting.
    assert user.fails("remiss", "add", "r2025", "lansstyrelse") == (
        "okänd remissinstans: lansstyrelse (i remiss/remissinstanser.yaml finns karlskrona, "
        "ronneby, olofstrom, solvesborg, emmaboda, lansstyrelsen)"
    )
    assert user("remiss", "add", "r2025", "lansstyrelsen").stdout == (
        "Remiss r2025: Länsstyrelsen i Blekinge län tillagd som remissinstans "
        "(nu 5 remissinstanser)\n"
    )
    assert (
        user.last_commit() == "Remiss r2025: Länsstyrelsen i Blekinge län tillagd som remissinstans"
    )
    assert user.fails("remiss", "add", "r2025", "karlskrona") == (
        "Karlskrona kommun är redan remissinstans i remiss r2025"
    )
    assert user("remiss", "remove", "r2025", "solvesborg").stdout == (
        "Remiss r2025: Sölvesborgs kommun struken som remissinstans (nu 4 remissinstanser)\n"
    )
    assert user.fails("remiss", "remove", "r2025", "solvesborg") == (
        "solvesborg är inte remissinstans i r2025 "
        "(instanser: karlskrona, ronneby, olofstrom, lansstyrelsen)"
    )
    renamed = user("remiss", "edit", "r2025", "--title", "Revidering av förbundsordningen 2025",
                   "--decision-date", "2025-06-12")  # fmt: skip
    assert renamed.stdout == (
        "Remiss r2025: rubriken är nu ”Revidering av förbundsordningen 2025”; "
        "beslutssammanträdet är nu 12 juni 2025\n"
    )
    assert user.last_commit() == (
        "Remiss r2025: rubriken är nu ”Revidering av förbundsordningen 2025”; "
        "beslutssammanträdet är nu 12 juni 2025"
    )
    again = user("remiss", "edit", "r2025", "--title", "Revidering av förbundsordningen 2025")
    assert again.stdout == "Inget ändrat i remiss r2025: värdena är redan desamma\n"
    early = user("remiss", "edit", "r2025", "--decision-date", "2025-05-02")
    assert early.stderr == (
        "styrdok: varning: beslutssammanträdet 2 maj 2025 ligger inte efter sista svarsdag "
        "9 maj 2025\n"
    )
    user("remiss", "edit", "r2025", "--decision-date", "2025-06-12")

    # Package and send over SMTP, the files attached one by one.
    packaged = user("remiss", "package", "r2025", "-o", str(tmp_path / "paket"))
    assert packaged.stdout == f"Skrev 4 paket i {tmp_path / 'paket'}\n"
    sent = user("remiss", "send", "r2025", "--smtp", "--today", "2025-03-14")
    assert sent.stdout == (
        "Remiss till Karlskrona kommun (skickad)\nRemiss till Ronneby kommun (skickad)\n"
        "Remiss till Olofströms kommun (skickad)\nRemiss till Länsstyrelsen i Blekinge län "
        "(skickad)\n"
    )
    assert sent.stderr == ""
    inbox = {m.recipients[0]: m.message for m in smtp_server.inbox}
    assert sorted(inbox) == sorted(
        [
            "registrator@karlskrona.example",
            "registrator@ronneby.example",
            "registrator@olofstrom.example",
            "registrator@lansstyrelsen-blekinge.example",
        ]  # fmt: skip
    )
    letter = inbox["registrator@lansstyrelsen-blekinge.example"]
    assert letter["Subject"] == "Remiss: Revidering av förbundsordningen 2025 (Dnr 2025/3)"
    assert letter["From"] == "registrator@sydostra.example"
    names = [p.get_filename() for p in letter.iter_attachments()]
    assert names[:2] == ["missiv.docx", "svarsmall.docx"] and names[-1] == "manifest.json"
    status = user("remiss", "status", "r2025", "--today", "2025-04-01").stdout
    assert (
        status.splitlines()[0] == "Remiss r2025: Revidering av förbundsordningen 2025 (Dnr 2025/3)"
    )
    assert status.splitlines()[-1] == "Summa: 0 besvarade, 0 besvarade sent, 0 försenade, 4 väntar"

    # Once sent, what was sent stays as it was sent.
    assert user.fails("remiss", "edit", "r2025", "--title", "Ny rubrik") == (
        "rubriken kan inte ändras: remiss r2025 har redan skickats till 4 remissinstanser"
    )
    assert user.fails("remiss", "edit", "r2025", "--deadline", "2025-05-16") == (
        "sista svarsdag kan inte ändras: remiss r2025 har redan skickats till 4 "
        "remissinstanser; ge en instans längre tid med styrdok remiss extend r2025 INSTANS"
    )
    assert user.fails("remiss", "cancel", "r2025") == (
        "remiss r2025 kan inte ställas in: den har redan skickats till 4 remissinstanser"
    )
    assert user.fails("remiss", "remove", "r2025", "lansstyrelsen") == (
        "Länsstyrelsen i Blekinge län kan inte tas bort ur remiss r2025: remissen skickades "
        "dit 14 mars 2025"
    )
    moved = user("remiss", "edit", "r2025", "--decision-date", "2025-06-19")
    assert moved.stdout == "Remiss r2025: beslutssammanträdet är nu 19 juni 2025\n"

    # Added after sending: Sölvesborg again, told how to send it its package.
    back = user("remiss", "add", "r2025", "solvesborg", "--today", "2025-03-20")
    assert back.stderr == (
        "Skicka remissen till Sölvesborgs kommun med: styrdok remiss send r2025 --only solvesborg\n"
    )
    one = user("remiss", "send", "r2025", "--smtp", "--only", "solvesborg", "--today", "2025-03-20")
    assert one.stdout == "Remiss till Sölvesborgs kommun (skickad)\n"

    # An answer comes in: the instans that answered cannot be removed.
    answer = tmp_path / "svar-ronneby.docx"
    fill_form(tmp_path / "paket" / "ronneby" / "svarsmall.docx", answer,
              {"2 §": ("tillstyrker", "")})  # fmt: skip
    received = user("remiss", "receive", "r2025", str(answer), "--received", "2025-05-05")
    assert "1 synpunkt på avsnitt, 0 allmänna" in received.stdout
    assert user.fails("remiss", "remove", "r2025", "ronneby") == (
        "Ronneby kommun kan inte tas bort ur remiss r2025: svaret som kom in 5 maj 2025 är "
        "registrerat"
    )
    assert git(root, "status", "--porcelain") == ""


def test_a_round_not_sent_can_be_cancelled_and_its_id_used_again(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["init", str(tmp_path / "arkiv"), "--namn", NAME])
    user = User(tmp_path / "arkiv")
    user.write("remiss/remissinstanser.yaml", REGISTRY)
    new = ("remiss", "new", "r1", "--title", "Fel omgång", "--sent", "2025-03-14",
           "--deadline", "2025-05-09")  # fmt: skip
    user(*new)
    drafts = user("remiss", "send", "r1", "-o", str(tmp_path / "utkast"), "--today", "2025-03-14")
    assert drafts.exit_code == 0  # drafts only: nothing has been sent
    assert user.fails(
        "remiss", "remove", "r1", "karlskrona", "ronneby", "olofstrom", "solvesborg"
    ) == (
        "remiss r1 behöver minst en remissinstans; ställ in omgången med styrdok remiss cancel r1"
    )
    assert user("remiss", "cancel", "r1").stdout == (
        "Ställde in remiss r1 (Fel omgång); id:t kan användas för en ny omgång\n"
    )
    assert user.last_commit() == "Remiss r1: omgången inställd innan den skickades (Fel omgång)"
    assert not (user.root / "remiss" / "r1").exists()
    assert user.fails("remiss", "status", "r1") == "remissomgången r1 finns inte (omgångar: inga)"
    user(*new)  # the id is free again


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["remiss", "edit", "r1"],
         "fel: ange vad som ska ändras: --title, --diarienummer, --deadline, --decision-date "
         "eller --decision-body"),
        (["remiss", "add", "r1"], "fel: Argument saknas 'INSTANS...'."),
    ],
)  # fmt: skip
def test_usage_errors_of_the_corrections(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["--repo", str(tmp_path), *args])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message
