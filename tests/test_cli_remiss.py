"""Remiss rounds from the command line: create, status, calendar, extend, remind."""

from __future__ import annotations

import datetime as dt
import email
import json
from collections.abc import Callable
from email.policy import default
from pathlib import Path

import pytest
from click.testing import Result

from styrdok.remiss.rounds import load_round
from styrdok.remiss.status import round_status
from tests.conftest import Repo, git

Cli = Callable[..., Result]
NEW = [
    "remiss",
    "new",
    "r2024",
    "--title",
    "Revidering av förbundsordningen",
    "--sent",
    "2024-02-23",
]


@pytest.fixture
def round_2024(itsam: Repo, cli: Cli) -> Repo:
    result = cli(*NEW, "--deadline", "2024-05-09", "--decision-date", "2024-06-13")
    assert result.exit_code == 0, result.output
    return itsam


def test_new_round_pins_versions_and_warns(itsam: Repo, cli: Cli) -> None:
    result = cli(*NEW, "--deadline", "2024-05-09")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "styrdok: varning: sista svarsdag 9 maj 2024 är en helgdag (Kristi himmelsfärdsdag); "
        "svar som kommer in fredag 10 maj 2024 räknas som inkomna i tid "
        "(lag (1930:173) om beräkning av lagstadgad tid)",
        "styrdok: varning: Kinda kommuns medlemskap upphör 31 mars 2024, före sista svarsdag",
    ]
    assert result.stdout == (
        "Skapade remiss r2024: 1 dokument, 6 remissinstanser, sista svarsdag 9 maj 2024\n"
    )
    r = load_round(itsam.root, "r2024")
    (doc,) = r.documents
    assert (doc.base.label, doc.proposal.label) == ("gällande 2019", "remissversion 2024")
    assert doc.proposal.commit == git(itsam.root, "rev-parse", "HEAD~1").strip()
    assert r.dnr == ("Dnr 2024/8",)
    assert r.deadline == dt.datetime(2024, 5, 9, 23, 59, tzinfo=r.deadline.tzinfo)
    assert str(r.deadline.tzinfo) == "Europe/Stockholm"
    assert r.recipients[1] == "kinda"
    assert git(itsam.root, "log", "-1", "--format=%s") == (
        "Remiss r2024: omgången skapad (Revidering av förbundsordningen)\n"
    )


def test_new_round_after_kinda_left_has_five_members(itsam: Repo, cli: Cli) -> None:
    result = cli(*NEW[:-1], "2024-04-02", "--deadline", "2024-05-31")
    assert result.exit_code == 0
    assert "kinda" not in load_round(itsam.root, "r2024").recipients
    assert "svarstiden är 59 dagar" not in result.stderr


@pytest.mark.parametrize(
    ("extra", "warning"),
    [
        (["--deadline", "2024-03-08"], "svarstiden är 14 dagar, kortare än minst 42 dagar"),
        (
            ["--deadline", "2024-05-11"],
            "sista svarsdag 11 maj 2024 är en lördag; svar som kommer in måndag 13 maj 2024 "
            "räknas som inkomna i tid (lag (1930:173) om beräkning av lagstadgad tid)",
        ),
        (
            ["--deadline", "2024-05-31", "--proposal", "gällande 2019"],
            "förslaget till forbundsordning är identiskt med gällande version",
        ),
    ],
)
def test_warnings(itsam: Repo, cli: Cli, extra: list[str], warning: str) -> None:
    result = cli(*NEW, *extra)
    assert result.exit_code == 0
    assert f"styrdok: varning: {warning}" in result.stderr.splitlines()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--deadline", "2024-05-31", "--recipients", "linkoping"],
            "okänd remissinstans: linkoping (i remiss/remissinstanser.yaml finns boxholm, "
            "kinda, vimmerby, ydre, atvidaberg, odeshog, lansstyrelsen)",
        ),
        (
            ["--deadline", "9 maj"],
            "sista svarsdag ska skrivas ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM, fick '9 maj'",
        ),
        (
            ["--deadline", "2024-02-01"],
            "sista svarsdag 2024-02-01 måste ligga efter utskicksdagen 2024-02-23",
        ),
        (
            ["--deadline", "2024-05-31", "--documents", "okänt"],
            "okänt dokument: okänt (dokument i docs/: forbundsordning)",
        ),
    ],
)
def test_errors_write_nothing(itsam: Repo, cli: Cli, extra: list[str], message: str) -> None:
    before = git(itsam.root, "rev-parse", "HEAD")
    result = cli(*NEW, *extra)
    assert result.exit_code == 1
    assert result.stderr == f"styrdok: fel: {message}\n"
    assert git(itsam.root, "rev-parse", "HEAD") == before
    assert not (itsam.root / "remiss" / "r2024").exists()


def test_round_that_exists_already(round_2024: Repo, cli: Cli) -> None:
    result = cli(*NEW, "--deadline", "2024-05-31")
    assert result.stderr == "styrdok: fel: remissomgången r2024 finns redan\n"


def test_status_table_and_json(round_2024: Repo, cli: Cli) -> None:
    table = cli("remiss", "status", "r2024", "--today", "2024-04-25")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0] == "Remiss r2024: Revidering av förbundsordningen (Dnr 2024/8)"
    assert any(
        line.startswith("Åtvidabergs kommun") and "  14  " in line and "väntar" in line
        for line in lines
    )
    assert lines[-1] == "Summa: 0 besvarade, 0 besvarade sent, 0 försenade, 6 väntar"
    data = json.loads(cli("remiss", "status", "r2024", "--today", "2024-04-25", "--json").stdout)
    (only,) = data
    boxholm = only["instanser"][0]
    assert (boxholm["dagar_kvar"], boxholm["arbetsdagar_kvar"], boxholm["status"]) == (
        14,
        8,
        "väntar",
    )


def test_extend_moves_one_deadline_and_check_reports_overdue(round_2024: Repo, cli: Cli) -> None:
    result = cli("remiss", "extend", "r2024", "ydre", "--to", "2024-05-23", "--reason", "KS 21 maj")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Ydre kommun har nu sista svarsdag 23 maj 2024\n"
    assert git(round_2024.root, "log", "-1", "--format=%s").startswith(
        "Remiss r2024: förlängd svarstid för Ydre kommun till 23 maj 2024"
    )
    status = round_status(round_2024.root, "r2024", dt.date(2024, 5, 13))
    states = {row.recipient.id: row.state for row in status.rows}
    assert states["ydre"] == "väntar" and states["boxholm"] == "försenad"
    check = cli("remiss", "status", "r2024", "--today", "2024-05-13", "--check")
    assert check.exit_code == 1
    assert check.stderr.startswith(
        "styrdok: fel: svarsdagen har passerat utan svar för Boxholms kommun"
    )
    fine = cli("remiss", "status", "r2024", "--today", "2024-05-01", "--check")
    assert fine.exit_code == 0


def test_extend_errors(round_2024: Repo, cli: Cli) -> None:
    early = cli("remiss", "extend", "r2024", "ydre", "--to", "2024-05-01", "--reason", "x")
    assert (
        early.stderr
        == "styrdok: fel: ny svarsdag 2024-05-01 måste ligga efter nuvarande 2024-05-09\n"
    )
    stranger = cli("remiss", "extend", "r2024", "motala", "--to", "2024-06-01", "--reason", "x")
    assert stranger.exit_code == 1
    assert "motala är inte remissinstans i r2024" in stranger.stderr
    missing = cli("remiss", "extend", "r2099", "ydre", "--to", "2024-06-01", "--reason", "x")
    assert missing.stderr == "styrdok: fel: remissomgången r2099 finns inte (omgångar: r2024)\n"


def test_calendar_file_validates(round_2024: Repo, cli: Cli, tmp_path: Path) -> None:
    from icalendar import Calendar

    cli("remiss", "extend", "r2024", "ydre", "--to", "2024-05-23", "--reason", "KS 21 maj")
    target = tmp_path / "svarsdagar.ics"
    result = cli("remiss", "status", "r2024", "--today", "2024-04-25", "--ics", str(target))
    assert result.exit_code == 0
    calendar = Calendar.from_ical(target.read_bytes())
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [dt.date(2024, 5, 9), dt.date(2024, 5, 23)]
    assert str(events[1]["summary"]) == "Förlängd svarstid: Revidering av förbundsordningen"
    assert "Ydre kommun" in str(events[1]["description"])
    assert [str(a["trigger"].to_ical(), "ascii") for a in events[0].walk("VALARM")] == [
        "-P7D",
        "-P1D",
    ]
    again = tmp_path / "igen.ics"
    cli("remiss", "status", "r2024", "--today", "2024-04-26", "--ics", str(again))
    assert again.read_bytes() == target.read_bytes()


def test_remind_writes_eml_only_for_those_due(round_2024: Repo, cli: Cli, tmp_path: Path) -> None:
    cli("remiss", "extend", "r2024", "ydre", "--to", "2024-05-23", "--reason", "KS 21 maj")
    out = tmp_path / "ut"
    result = cli("remiss", "remind", "r2024", "--today", "2024-05-03", "-o", str(out))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        f"paminnelse-{rid}-2024-05-03.eml"
        for rid in ("atvidaberg", "boxholm", "odeshog", "vimmerby")
    ]
    message = email.message_from_bytes((out / names[0]).read_bytes(), policy=default)
    assert message["To"] == "kommun@atvidaberg.example"
    assert message["Subject"] == "Påminnelse: Revidering av förbundsordningen (Dnr 2024/8)"
    body = message.get_content()
    assert "Sista svarsdag är 9 maj 2024." in body
    assert "registrator@itsam.example" in body
    status = round_status(round_2024.root, "r2024", dt.date(2024, 5, 3))
    assert {row.recipient.id: len(row.reminders) for row in status.rows} == {
        "boxholm": 1,
        "kinda": 0,
        "vimmerby": 1,
        "ydre": 0,
        "atvidaberg": 1,
        "odeshog": 1,
    }
    early = cli("remiss", "remind", "r2024", "--today", "2024-03-01", "-o", str(out))
    assert early.stdout == "Ingen behöver påminnas i dag.\n"
