"""SMTP that fails midway: a 550 for one recipient, a dropped connection. What was
accepted is recorded at once, and a rerun mails no one twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from click.testing import Result

from styrdok.remiss.log import read_log
from styrdok.remiss.status import round_status
from tests.conftest import Repo, git
from tests.smtp_server import SmtpServer
from tests.test_mail_smtp import use_server

Cli = Callable[..., Result]
ORDER = ("boxholm", "kinda", "vimmerby", "ydre", "atvidaberg", "odeshog")


@pytest.fixture
def round_on_loopback(itsam: Repo, cli: Cli, smtp_server: SmtpServer) -> Repo:
    use_server(itsam, smtp_server, starttls=False)
    result = cli("remiss", "new", "r2024", "--title", "Revidering", "--sent", "2024-02-23",
                 "--deadline", "2024-05-09")  # fmt: skip
    assert result.exit_code == 0, result.output
    return itsam


def sent_to(repo: Repo) -> dict[str, int]:
    return {
        rid: sum(1 for e in read_log(repo.root, "r2024", rid) if e.kind == "skickad")
        for rid in ORDER
    }


def test_send_refused_for_one_recipient_keeps_the_earlier_ones_recorded(
    round_on_loopback: Repo, cli: Cli, smtp_server: SmtpServer
) -> None:
    smtp_server.refuse("kommun@vimmerby.example")
    result = cli("remiss", "send", "r2024", "--smtp", "--today", "2024-02-23")
    assert result.exit_code == 1
    assert result.stderr == (
        "styrdok: fel: kunde inte skicka till kommun@vimmerby.example via "
        f"127.0.0.1:{smtp_server.port}: mottagaren nekades: 550 5.1.1 Mottagaren finns inte; "
        "2 skickade före felet är registrerade\n"
    )
    assert [m.recipients for m in smtp_server.inbox] == [
        ["kommun@boxholm.example"],
        ["kommun@kinda.example"],
    ]
    assert sent_to(round_on_loopback) == dict.fromkeys(ORDER, 0) | {"boxholm": 1, "kinda": 1}
    assert git(round_on_loopback.root, "status", "--porcelain") == ""
    smtp_server.handler.refuse.clear()
    rerun = cli("remiss", "send", "r2024", "--smtp", "--today", "2024-02-24")
    assert rerun.exit_code == 0, rerun.output
    assert rerun.stdout.splitlines()[:2] == [
        "Remiss till Boxholms kommun (redan skickad 2024-02-23; inget skickat nu)",
        "Remiss till Kinda kommun (redan skickad 2024-02-23; inget skickat nu)",
    ]
    assert len(smtp_server.inbox) == 6  # the four others, once each
    assert sent_to(round_on_loopback) == dict.fromkeys(ORDER, 1)


def test_send_when_the_server_drops_the_connection(
    round_on_loopback: Repo, cli: Cli, smtp_server: SmtpServer
) -> None:
    smtp_server.drop_after(3)
    result = cli("remiss", "send", "r2024", "--smtp", "--today", "2024-02-23")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("styrdok: fel: kunde inte skicka till kommun@ydre.example")
    assert result.stderr.endswith("; 3 skickade före felet är registrerade\n")
    assert sent_to(round_on_loopback) == {
        "boxholm": 1, "kinda": 1, "vimmerby": 1, "ydre": 0, "atvidaberg": 0, "odeshog": 0
    }  # fmt: skip


def test_remind_refused_midway_then_rerun_reminds_only_the_rest(
    round_on_loopback: Repo, cli: Cli, smtp_server: SmtpServer
) -> None:
    smtp_server.refuse("kommun@ydre.example")
    result = cli("remiss", "remind", "r2024", "--today", "2024-05-13", "--smtp")
    assert result.exit_code == 1
    assert "kunde inte skicka till kommun@ydre.example" in result.stderr
    assert result.stderr.endswith("; 2 skickade före felet är registrerade\n")
    status = round_status(round_on_loopback.root, "r2024", dt.date(2024, 5, 13))
    reminded = {row.recipient.id: len(row.reminders) for row in status.rows}
    assert reminded == {"boxholm": 1, "kinda": 0, "vimmerby": 1, "ydre": 0,
                        "atvidaberg": 0, "odeshog": 0}  # fmt: skip
    smtp_server.handler.refuse.clear()
    rerun = cli("remiss", "remind", "r2024", "--today", "2024-05-13", "--smtp")
    assert rerun.exit_code == 0, rerun.output
    assert sorted(r.recipients[0] for r in smtp_server.inbox) == sorted(
        f"kommun@{m}.example" for m in ("boxholm", "vimmerby", "ydre", "atvidaberg", "odeshog")
    )
    again = cli("remiss", "remind", "r2024", "--today", "2024-05-13", "--smtp")
    assert again.stdout == "Ingen behöver påminnas i dag.\n"
    assert len(smtp_server.inbox) == 5
