"""Mail through a real SMTP server on loopback: reminders with --smtp."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from click.testing import Result

from styrdok.remiss.status import round_status
from tests.conftest import Repo
from tests.smtp_server import SmtpServer

Cli = Callable[..., Result]


def use_server(repo: Repo, server: SmtpServer, starttls: bool) -> None:
    settings = (repo.root / "styrdok.yaml").read_text(encoding="utf-8")
    settings = settings.replace("värd: smtp.itsam.example", f"värd: {server.host}")
    settings = settings.replace("port: 587", f"port: {server.port}")
    settings = settings.replace("starttls: true", f"starttls: {'true' if starttls else 'false'}")
    repo.write("styrdok.yaml", settings)
    repo.commit("SMTP på loopback")


def test_reminders_arrive_with_swedish_text(
    itsam: Repo,
    cli: Cli,
    smtp_server: SmtpServer,
) -> None:
    use_server(itsam, smtp_server, starttls=False)
    created = cli(
        "remiss",
        "new",
        "r2024",
        "--title",
        "Översyn av förbundsordningen",
        "--sent",
        "2024-02-23",
        "--deadline",
        "2024-05-09",
    )
    assert created.exit_code == 0, created.output
    result = cli("remiss", "remind", "r2024", "--today", "2024-05-13", "--smtp")
    assert result.exit_code == 0, result.output
    received = {r.recipients[0]: r for r in smtp_server.inbox}
    assert sorted(received) == sorted(
        f"kommun@{m}.example" for m in ("boxholm", "vimmerby", "ydre", "atvidaberg", "odeshog")
    )
    mail = received["kommun@odeshog.example"]
    assert mail.sender == "registrator@itsam.example"
    assert mail.message["Subject"] == "Påminnelse: Översyn av förbundsordningen (Dnr 2024/8)"
    body = mail.message.get_content()
    assert body.startswith("Till Ödeshögs kommun")
    assert "Sista svarsdag var 9 maj 2024." in body
    status = round_status(itsam.root, "r2024", dt.date(2024, 5, 13))
    assert all(len(row.reminders) == 1 for row in status.rows if row.recipient.id != "kinda")


def test_starttls_required_but_not_offered(
    itsam: Repo,
    cli: Cli,
    smtp_server: SmtpServer,
) -> None:
    use_server(itsam, smtp_server, starttls=True)
    cli(
        "remiss", "new", "r2024", "--title", "T", "--sent", "2024-02-23", "--deadline", "2024-05-09"
    )
    result = cli("remiss", "remind", "r2024", "--today", "2024-05-13", "--smtp")
    assert result.exit_code == 1
    assert result.stderr == (
        f"styrdok: fel: SMTP-servern {smtp_server.host} erbjuder inte STARTTLS\n"
    )
    assert smtp_server.inbox == []
    status = round_status(itsam.root, "r2024", dt.date(2024, 5, 13))
    assert all(not row.reminders for row in status.rows)
