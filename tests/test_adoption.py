"""After the remiss: the direktion's decision, each member's adoption, reminders and
entering into force, through the CLI and checked through the library and git."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from styrdok.adoption.records import load_decisions, load_events
from styrdok.adoption.status import AdoptionState, adoption_status
from tests.conftest import SMALL_NEW, Repo, git
from tests.extracts import adoption_lines, extract_pdf, sign, tampered

Cli = Callable[..., Result]
ROUND = "r2024"
FINAL = "direktionens förslag juni 2024"
FINAL_TEXT = SMALL_NEW.replace(
    "version: remissversion 2024", f"version: {FINAL}\ngäller från: 2025-01-01"
).replace(
    "understödja medlemmarnas digitalisering.",
    "understödja medlemmarnas digitalisering. Förbundet ska i första hand svara för IT-drift.",
)
REQUIRED = ["boxholm", "vimmerby", "ydre", "atvidaberg", "odeshog"]


def commits(repo: Repo) -> int:
    return int(git(repo.root, "rev-list", "--count", "HEAD"))


def write_pdf(path: Path, lines: list[str], signed: bool = False) -> Path:
    data = extract_pdf(lines)
    path.write_bytes(sign(data) if signed else data)
    return path


def member_extract(tmp_path: Path, member: str, version: str = FINAL, extra: str = "") -> Path:
    lines = adoption_lines(member, version) + ([extra] if extra else [])
    return write_pdf(tmp_path / f"utdrag-{member.split()[0].lower()}-{version[:5]}.pdf", lines)


@pytest.fixture
def final(itsam: Repo, cli: Cli) -> Repo:
    """The ``itsam`` repository with round r2024 and the direktion's proposal committed."""
    ok = cli("remiss", "new", ROUND, "--title", "Revidering av förbundsordningen",
             "--sent", "2024-02-23", "--deadline", "2024-05-09",
             "--decision-date", "2024-06-13")  # fmt: skip
    assert ok.exit_code == 0, ok.output
    itsam.doc(
        "forbundsordning", FINAL_TEXT, "Direktionens förslag juni 2024", "2024-06-03T10:00:00+02:00"
    )
    return itsam


@pytest.fixture
def decided(final: Repo, cli: Cli, tmp_path: Path) -> Repo:
    extract = write_pdf(
        tmp_path / "protokollsutdrag.pdf",
        ["Direktionen, protokollsutdrag 2024-06-13 § 45",
         f"Direktionen föreslår medlemmarna att anta Förbundsordning för Testförbundet, {FINAL}."],
        signed=True,
    )  # fmt: skip
    result = cli("adoption", "decide", ROUND, "--date", "2024-06-13", "--paragraph", "§ 45",
                 "--extract", str(extract), "--adopt-by", "2024-11-30")  # fmt: skip
    assert result.exit_code == 0, result.output
    return final


def adopt(cli: Cli, member: str, day: str, extract: Path, *more: str) -> Result:
    return cli("adoption", "adopt", ROUND, member, "--date", day, "--paragraph", "§ 87",
               "--extract", str(extract), *more)  # fmt: skip


NAMES = {
    "boxholm": "Boxholms kommun", "vimmerby": "Vimmerby kommun", "ydre": "Ydre kommun",
    "atvidaberg": "Åtvidabergs kommun", "odeshog": "Ödeshögs kommun", "kinda": "Kinda kommun",
}  # fmt: skip


def states(repo: Repo, day: str = "2024-12-31") -> dict[str, AdoptionState]:
    status = adoption_status(repo.root, ROUND, dt.date.fromisoformat(day))
    (document,) = status.documents
    return {m.member.id: m.state for m in document.members}


# --- The decision ------------------------------------------------------------------------


def test_the_decision_pins_the_version_and_keeps_the_extract(
    final: Repo, cli: Cli, tmp_path: Path
) -> None:
    extract = write_pdf(tmp_path / "Protokollsutdrag § 45.pdf",
                        ["Direktionen beslutar att föreslå medlemmarna att anta "
                         f"Förbundsordning för Testförbundet, {FINAL}."], signed=True)  # fmt: skip
    before = commits(final)
    result = cli("adoption", "decide", ROUND, "--date", "2024-06-13", "--paragraph", "§ 45",
                 "--extract", str(extract), "--adopt-by", "2024-11-30")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # the extract names the document and its version
    assert commits(final) == before + 1
    assert result.stdout.splitlines()[:2] == [
        "Registrerade direktionens beslut 13 juni 2024 § 45, sista dag för antagande "
        "30 november 2024 i remiss r2024:",
        f"  Förbundsordning för Testförbundet: {FINAL} "
        f"({git(final.root, 'rev-parse', 'HEAD~1').strip()[:10]}), antas av varje medlem, "
        "gäller från 1 januari 2025",
    ]
    assert "Elektroniskt undertecknat av Anna Andersson (Itsam kommunalförbund)" in result.stdout
    assert "certifikatets tillförlitlighet kontrolleras inte" in result.stdout
    (decision,) = load_decisions(final.root, ROUND)
    (doc,) = decision.documents
    assert (doc.label, doc.commit) == (FINAL, git(final.root, "rev-parse", "HEAD~1").strip())
    assert doc.members_adopt and doc.valid_from == dt.date(2025, 1, 1)
    stored = final.root / "remiss" / ROUND / "beslut" / decision.extract.file
    assert stored.read_bytes() == extract.read_bytes()
    assert decision.extract.sha256 == hashlib.sha256(extract.read_bytes()).hexdigest()
    assert decision.extract.original_name == "Protokollsutdrag § 45.pdf"
    (signature,) = decision.extract.signatures
    assert (signature.signer, signature.intact, signature.whole_file) == (
        "Anna Andersson (Itsam kommunalförbund)", True, True,
    )  # fmt: skip
    assert signature.signed_at == dt.datetime(2024, 6, 14, 10, 30, tzinfo=dt.UTC)
    assert git(final.root, "status", "--porcelain") == ""


def test_the_same_decision_twice_changes_nothing_and_another_is_refused(
    decided: Repo, cli: Cli, tmp_path: Path
) -> None:
    before = commits(decided)
    again = cli("adoption", "decide", ROUND, "--date", "2024-06-13", "--paragraph", "§ 45",
                "--extract", str(tmp_path / "protokollsutdrag.pdf"),
                "--adopt-by", "2024-11-30")  # fmt: skip
    assert again.exit_code == 0 and "inget ändrat" in again.stdout
    other = write_pdf(tmp_path / "annat.pdf", ["Direktionen § 50"])
    result = cli("adoption", "decide", ROUND, "--date", "2024-06-20", "--paragraph", "§ 50",
                 "--extract", str(other))  # fmt: skip
    assert (result.exit_code, result.stderr) == (
        1,
        "styrdok: fel: direktionens beslut i remiss r2024 är redan registrerat "
        "(13 juni 2024 § 45)\n",
    )
    assert commits(decided) == before


def test_a_tampered_signed_extract_is_flagged(final: Repo, cli: Cli, tmp_path: Path) -> None:
    lines = ["Direktionen beslutar att föreslå medlemmarna att anta "
             f"Förbundsordning för Testförbundet, {FINAL}."]  # fmt: skip
    signed = sign(extract_pdf(lines))
    path = tmp_path / "utdrag.pdf"
    path.write_bytes(tampered(signed, b"beslutar", b"beslutat"))
    result = cli("adoption", "decide", ROUND, "--date", "2024-06-13", "--paragraph", "§ 45",
                 "--extract", str(path))  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr == (
        "styrdok: varning: underskriften av Anna Andersson (Itsam kommunalförbund): de "
        "signerade byten är ändrade – underskriften gäller inte den här filen\n"
    )
    (decision,) = load_decisions(final.root, ROUND)
    assert [s.intact for s in decision.extract.signatures] == [False]
    record = next((final.root / "remiss" / ROUND / "beslut").glob("*.yaml"))
    assert (
        yaml.safe_load(record.read_text(encoding="utf-8"))["utdrag"]["underskrifter"][0]["intakt"]
        == "nej"
    )


def test_an_extract_that_does_not_name_the_version_gives_a_warning(
    final: Repo, cli: Cli, tmp_path: Path
) -> None:
    path = write_pdf(tmp_path / "utdrag.pdf", ["Direktionen antar förslaget."])
    result = cli("adoption", "decide", ROUND, "--date", "2024-06-13", "--paragraph", "§ 45",
                 "--extract", str(path))  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr == (
        "styrdok: varning: utdraget nämner inte Förbundsordning för Testförbundet\n"
    )


# --- Each member's state ----------------------------------------------------------------


def test_each_member_state(decided: Repo, cli: Cli, tmp_path: Path) -> None:
    assert cli("adoption", "schedule", ROUND, "ydre", "--date", "2024-12-16").exit_code == 0
    boxholm = member_extract(tmp_path, "Boxholms kommun")
    assert adopt(cli, "boxholm", "2024-09-16", boxholm).exit_code == 0
    wrong = member_extract(tmp_path, "Ödeshögs kommun", "remissversion 2024")
    assert adopt(cli, "odeshog", "2024-10-14", wrong).exit_code == 0
    assert states(decided, "2024-11-01") == {
        "boxholm": AdoptionState.ADOPTED,
        "kinda": AdoptionState.NOT_REQUIRED,
        "vimmerby": AdoptionState.MISSING,
        "ydre": AdoptionState.SCHEDULED,
        "atvidaberg": AdoptionState.MISSING,
        "odeshog": AdoptionState.OTHER_TEXT,
    }
    text = cli("adoption", "status", ROUND, "--today", "2024-11-01").stdout
    rows = {line.split("  ")[1].strip(): line for line in text.splitlines() if "kommun " in line}
    assert (
        "berörs inte" in rows["Kinda kommun"]
        and "medlemskapet upphörde 2024-03-31" in rows["Kinda kommun"]
    )
    assert "planerad" in rows["Ydre kommun"] and "2024-12-16" in rows["Ydre kommun"]
    assert "annan text" in rows["Ödeshögs kommun"]
    assert "annan version (remissversion 2024)" in rows["Ödeshögs kommun"]
    assert (
        "  Har inte trätt i kraft: väntar på antagande av samma text: Vimmerby kommun (saknas), "
        "Ydre kommun (planerad), Åtvidabergs kommun (saknas) och Ödeshögs kommun (annan text, "
        "annan version (remissversion 2024)). Gällande version är fortfarande gällande 2019 "
        "(från 1 juli 2019)."
    ) in text.splitlines()


def test_a_wrong_version_is_flagged_and_a_new_adoption_corrects_it(
    decided: Repo, cli: Cli, tmp_path: Path
) -> None:
    wrong = member_extract(tmp_path, "Ödeshögs kommun", "remissversion 2024")
    result = adopt(cli, "odeshog", "2024-10-14", wrong)
    assert result.exit_code == 0
    assert result.stderr == (
        "styrdok: varning: Ödeshögs kommun har antagit en annan text av Förbundsordning för "
        "Testförbundet än direktionen beslutade (annan version (remissversion 2024)); "
        "Förbundsordning för Testförbundet kan inte träda i kraft förrän Ödeshögs kommun "
        f"antar {FINAL}\n"
    )
    (event,) = load_events(decided.root, ROUND, "odeshog")
    assert event.documents[0].label == "remissversion 2024"
    assert states(decided)["odeshog"] == AdoptionState.OTHER_TEXT
    right = member_extract(tmp_path, "Ödeshögs kommun")
    assert adopt(cli, "odeshog", "2024-11-18", right).exit_code == 0
    assert states(decided)["odeshog"] == AdoptionState.ADOPTED
    assert len(load_events(decided.root, ROUND, "odeshog")) == 2  # the first one is kept


def test_an_adoption_with_changes_is_not_the_identical_text(
    decided: Repo, cli: Cli, tmp_path: Path
) -> None:
    extract = member_extract(
        tmp_path, "Vimmerby kommun", extra="Förbundsordningen antas med följande ändring i 2 §."
    )
    result = adopt(cli, "vimmerby", "2024-09-30", extract)
    assert result.exit_code == 0
    assert "(med ändring)" in result.stderr
    assert states(decided)["vimmerby"] == AdoptionState.OTHER_TEXT


def test_a_late_adoption(decided: Repo, cli: Cli, tmp_path: Path) -> None:
    result = adopt(cli, "ydre", "2024-12-16", member_extract(tmp_path, "Ydre kommun"))
    assert result.exit_code == 0
    assert "samma text som direktionen beslutade (efter sista dag för antagande)" in result.stdout
    status = adoption_status(decided.root, ROUND, dt.date(2024, 12, 31))
    ydre = next(m for m in status.documents[0].members if m.member.id == "ydre")
    assert (ydre.state, ydre.late) == (AdoptionState.ADOPTED, True)
    text = cli("adoption", "status", ROUND, "--today", "2024-12-31").stdout
    assert "efter sista dag" in next(line for line in text.splitlines() if "Ydre" in line)


def test_the_deadline_check_fails_for_members_missing(decided: Repo, cli: Cli) -> None:
    assert cli("adoption", "status", ROUND, "--today", "2024-11-30", "--check").exit_code == 0
    result = cli("adoption", "status", ROUND, "--today", "2024-12-01", "--check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "styrdok: fel: sista dag för antagande har passerat utan antagande för Boxholms kommun, "
        "Vimmerby kommun, Ydre kommun, Åtvidabergs kommun, Ödeshögs kommun"
    )


# --- Entering into force -----------------------------------------------------------------


def test_show_at_still_shows_the_text_when_a_decision_record_is_broken(
    decided: Repo, cli: Cli
) -> None:
    records = sorted((decided.root / "remiss" / ROUND / "beslut").glob("*.yaml"))
    assert records
    records[0].write_text("beslut: [\n", encoding="utf-8")
    shown = cli("show", "forbundsordning", "--at", "2025-02-01")
    assert shown.exit_code == 0 and "Kinda kommun" in shown.stdout  # the 2019 text
    (line,) = shown.stderr.splitlines()
    assert line.startswith(
        "styrdok: varning: kan inte se om ett beslut skulle ha gällt 1 februari 2025: "
    )
    assert records[0].name in line


def test_entering_into_force_when_every_member_has_adopted(
    decided: Repo, cli: Cli, tmp_path: Path
) -> None:
    days = ["2024-09-16", "2024-09-30", "2024-10-21", "2024-11-18", "2024-11-25"]
    for member, day in zip(REQUIRED[:-1], days, strict=False):
        before = commits(decided)
        result = adopt(cli, member, day, member_extract(tmp_path, NAMES[member]))
        assert result.exit_code == 0, result.output
        assert commits(decided) == before + 1  # one commit per adoption, none into force
    shown = cli("show", "forbundsordning", "--at", "2025-02-01")
    old = shown.stdout
    assert "Kinda kommun" in old  # the 2019 text stays in force until every member adopts
    assert shown.stderr.splitlines() == [
        f"styrdok: varning: Förbundsordning för Testförbundet ({FINAL}) skulle gälla från "
        "1 januari 2025 men har inte trätt i kraft; visar gällande 2019, som gällde "
        "1 februari 2025; väntar på antagande av samma text: Ödeshögs kommun (saknas)"
    ]
    assert cli("show", "forbundsordning", "--at", "2024-12-31").stderr == ""  # not due yet
    before = commits(decided)
    result = adopt(cli, "odeshog", days[-1], member_extract(tmp_path, NAMES["odeshog"]))
    assert result.exit_code == 0, result.output
    assert commits(decided) == before + 2  # the adoption, then entering into force
    assert result.stdout.splitlines()[-1] == (
        f"Förbundsordning för Testförbundet ({FINAL}) gäller från 1 januari 2025: "
        "ikraftträdandet är sparat"
    )
    subject = git(decided.root, "log", "-1", "--format=%s")
    assert subject.startswith("Förbundsordning för Testförbundet gäller från 1 januari 2025")
    text = (decided.root / "docs" / "forbundsordning.md").read_text(encoding="utf-8")
    assert text.split("\n---\n", 1)[1] == FINAL_TEXT.split("\n---\n", 1)[1]  # same text
    assert "status: gällande\n" in text and "version: gällande 2025\n" in text
    assert "antagen av fullmäktige i samtliga medlemskommuner, senast 2024-11-25" in text
    assert cli("show", "forbundsordning", "--at", "2024-12-31").stdout == old
    entered = cli("show", "forbundsordning", "--at", "2025-01-01")
    assert "Åtvidabergs kommun" in entered.stdout and "IT-drift" in entered.stdout
    assert entered.stderr == ""  # in force: nothing to warn about
    status = cli("adoption", "status", ROUND, "--today", "2025-01-01")
    assert "  Gäller från 1 januari 2025." in status.stdout.splitlines()
    again = cli("adoption", "enact", ROUND)
    assert again.exit_code == 0 and commits(decided) == before + 2
    assert git(decided.root, "status", "--porcelain") == ""


# --- Reminders, calendar, JSON -----------------------------------------------------------


def test_reminders_go_only_to_those_missing(decided: Repo, cli: Cli, tmp_path: Path) -> None:
    for member in ("boxholm", "vimmerby", "atvidaberg"):
        extract = member_extract(tmp_path, NAMES[member])
        assert adopt(cli, member, "2024-10-01", extract).exit_code == 0
    wrong = member_extract(tmp_path, NAMES["odeshog"], "remissversion 2024")
    assert adopt(cli, "odeshog", "2024-10-14", wrong).exit_code == 0
    before = commits(decided)
    out = tmp_path / "påminnelser"
    result = cli("adoption", "remind", ROUND, "--today", "2024-11-04", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"Påminnelse till Ydre kommun → {out / 'antagande-ydre-2024-11-04.eml'}",
        f"Påminnelse till Ödeshögs kommun → {out / 'antagande-odeshog-2024-11-04.eml'}",
    ]
    assert commits(decided) == before + 1
    mail = (out / "antagande-odeshog-2024-11-04.eml").read_bytes().decode()
    assert "Subject: =?utf-8?" in mail or "Påminnelse om antagande" in mail
    assert {p.name for p in out.iterdir()} == {
        "antagande-ydre-2024-11-04.eml", "antagande-odeshog-2024-11-04.eml",
    }  # fmt: skip
    kinds = [e.kind for e in load_events(decided.root, ROUND, "ydre")]
    assert kinds == ["påminnelse"]


def test_status_as_json_and_calendar(decided: Repo, cli: Cli, tmp_path: Path) -> None:
    assert cli("adoption", "schedule", ROUND, "ydre", "--date", "2024-10-21").exit_code == 0
    ics = tmp_path / "antaganden.ics"
    result = cli("adoption", "status", ROUND, "--today", "2024-10-01", "--json", "--ics", str(ics))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    (document,) = data["dokument"]
    assert document["version"] == FINAL and document["i_kraft"] is False
    assert document["väntar_på"] == REQUIRED
    assert {m["id"]: m["status"] for m in document["medlemmar"]}["kinda"] == "berörs inte"
    from icalendar import Calendar

    calendar = Calendar.from_ical(ics.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["r2024-antagande-sista-dag@styrdok", "r2024-ydre-2024-10-21@styrdok"]
    deadline = events["r2024-antagande-sista-dag@styrdok"]
    assert deadline.decoded("dtstart") == dt.date(2024, 11, 30)
    assert "Saknas: Boxholms kommun" in str(deadline["description"])


# --- Two clones at the same time ---------------------------------------------------------


def test_two_clones_recording_at_once_merge_without_conflict(decided: Repo, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from styrdok.cli import main

    clones = []
    for name in ("a", "b"):
        clone = tmp_path / f"klon-{name}"
        git(tmp_path, "clone", "--quiet", str(decided.root), str(clone))
        clones.append(clone)
    for clone, member in zip(clones, ("boxholm", "vimmerby"), strict=True):
        result = CliRunner().invoke(
            main,
            ["--repo", str(clone), "adoption", "adopt", ROUND, member, "--date", "2024-09-16",
             "--paragraph", "§ 87", "--extract", str(member_extract(tmp_path, NAMES[member]))],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    git(clones[0], "pull", "--quiet", "--no-rebase", "--no-edit", str(clones[1]), "main")
    status = adoption_status(clones[0], ROUND, dt.date(2024, 10, 1))
    adopted = [m.member.id for m in status.documents[0].members if m.state == "antagen"]
    assert adopted == ["boxholm", "vimmerby"]


# --- User errors: one Swedish line and status 1 ------------------------------------------


def test_adopting_before_the_decision_is_recorded(final: Repo, cli: Cli, tmp_path: Path) -> None:
    result = adopt(cli, "boxholm", "2024-09-16", member_extract(tmp_path, "Boxholms kommun"))
    assert (result.exit_code, result.stderr) == (
        1,
        "styrdok: fel: direktionens beslut i remiss r2024 är inte registrerat (registrera det "
        "med styrdok adoption decide)\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kinda", "--date", "2024-09-16"],
         "Kinda kommun berörs inte av beslutet 13 juni 2024 (medlemskapet upphörde "
         "31 mars 2024)"),
        (["eksjo", "--date", "2024-09-16"],
         "okänd medlem: eksjo (medlemmar: boxholm, kinda, vimmerby, ydre, atvidaberg, odeshog)"),
        (["ydre", "--date", "2024-06-01"],
         "Ydre kommun kan inte ha antagit 2024-06-01, före direktionens beslut 2024-06-13"),
        (["ydre", "--date", "2024-09-16", "--document", "reglemente"],
         "reglemente antas inte av medlemmarna enligt beslutet (dokument som antas: "
         "forbundsordning)"),
        (["ydre", "--date", "2024-09-16", "--paragraph", " "],
         'ange beslutets paragraf med --paragraph, till exempel "§ 87"'),
    ],
)  # fmt: skip
def test_adoption_errors(
    decided: Repo, cli: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    before = commits(decided)
    extract = member_extract(tmp_path, "Ydre kommun")
    member, *rest = args
    result = cli("adoption", "adopt", ROUND, member, "--paragraph", "§ 87",
                 "--extract", str(extract), *rest)  # fmt: skip
    assert (result.exit_code, result.stderr) == (1, f"styrdok: fel: {message}\n")
    assert commits(decided) == before


def test_a_refused_extract_registers_nothing(decided: Repo, cli: Cli, tmp_path: Path) -> None:
    rtf = tmp_path / "utdrag.rtf"
    rtf.write_bytes(b"{\\rtf1 Kommunfullm\\'e4ktige}")
    before = commits(decided)
    result = adopt(cli, "ydre", "2024-09-16", rtf)
    assert (result.exit_code, result.stderr) == (
        1,
        "styrdok: fel: utdrag.rtf: RTF-filer tas inte emot; be avsändaren spara som .docx "
        "eller PDF\n",
    )
    assert commits(decided) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--version", "reglemente=HEAD"],
         "reglemente ingår inte i remiss r2024 (dokument: forbundsordning)"),
        (["--version", "forbundsordning=gällande 2030"],
         "okänd revision eller version: gällande 2030 (versioner av forbundsordning: "
         "direktionens förslag juni 2024, remissversion 2024, gällande 2019)"),
        (["--adopt-by", "2024-06-01"],
         "sista dag för antagande 2024-06-01 måste ligga efter beslutet 2024-06-13"),
        (["--version", "HEAD"],
         "ange versionen som DOKUMENT=VERSION, till exempel forbundsordning=HEAD"),
    ],
)  # fmt: skip
def test_decision_errors(
    final: Repo, cli: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    extract = write_pdf(tmp_path / "utdrag.pdf", ["Direktionen § 45"])
    before = commits(final)
    result = cli("adoption", "decide", ROUND, "--date", "2024-06-13", "--paragraph", "§ 45",
                 "--extract", str(extract), *args)  # fmt: skip
    assert (result.exit_code, result.stderr) == (1, f"styrdok: fel: {message}\n")
    assert commits(final) == before
