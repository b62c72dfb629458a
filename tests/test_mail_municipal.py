"""Mail that fits municipal mail systems, through a real SMTP server on loopback: the
package as one zip or as separate files, a warning for a message larger than the limit,
and reminders as replies in the same thread as the remiss."""

from __future__ import annotations

import random
from collections.abc import Callable
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from click.testing import Result

from styrdok.remiss.letters import MB, size_warning
from styrdok.store.settings import Attachments, MailSettings, Organisation, Settings
from tests.conftest import SMALL_NEW, SMALL_OLD, Repo
from tests.smtp_server import SmtpServer
from tests.test_mail_smtp import use_server

Cli = Callable[..., Result]
NEW = ["remiss", "new", "r2024", "--title", "Översyn av förbundsordningen",
       "--sent", "2024-02-23", "--deadline", "2024-05-09"]  # fmt: skip
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def mail_settings(repo: Repo, text: str) -> None:
    """Add an ``e-post`` section to the repository's settings and commit it."""
    settings = (repo.root / "styrdok.yaml").read_text(encoding="utf-8")
    repo.write("styrdok.yaml", settings + f"e-post:\n{text}")
    repo.commit("E-post")


def attached(message: object) -> list[tuple[str, str]]:
    """Return (file name, content type) of each attachment."""
    return [(p.get_filename(), p.get_content_type()) for p in message.iter_attachments()]  # type: ignore[attr-defined]


def test_the_package_is_one_zip_file_by_default(
    itsam: Repo, cli: Cli, smtp_server: SmtpServer
) -> None:
    use_server(itsam, smtp_server, starttls=False)
    assert cli(*NEW).exit_code == 0
    result = cli("remiss", "send", "r2024", "--smtp", "--only", "ydre", "--today", "2024-02-23")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    (mail,) = smtp_server.inbox
    assert attached(mail.message) == [("remiss-r2024-ydre.zip", "application/zip")]
    assert "Handlingarna finns i den bifogade filen remiss-r2024-ydre.zip:" in (
        mail.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    )


def test_the_package_as_separate_files_for_mail_filters_that_strip_zip(
    itsam: Repo, cli: Cli, smtp_server: SmtpServer
) -> None:
    use_server(itsam, smtp_server, starttls=False)
    mail_settings(itsam, "  bilagor: filer\n")
    assert cli(*NEW).exit_code == 0
    result = cli("remiss", "send", "r2024", "--smtp", "--only", "ydre", "--today", "2024-02-23")
    assert result.exit_code == 0, result.output
    (mail,) = smtp_server.inbox
    assert attached(mail.message) == [
        ("missiv.docx", DOCX),
        ("svarsmall.docx", DOCX),
        ("1-forbundsordning-forslag.docx", DOCX),
        ("1-forbundsordning-andringar.docx", DOCX),
        ("1-forbundsordning-jamforelse.docx", DOCX),
        ("manifest.json", "application/json"),
    ]
    body = mail.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Handlingarna är bifogade, var och en som en egen fil:" in body
    assert ".zip" not in body
    package = cli("remiss", "package", "r2024", "--only", "ydre", "-o", str(itsam.root / "p"))
    assert package.exit_code == 0
    for part in mail.message.iter_attachments():  # type: ignore[attr-defined]
        name = part.get_filename()
        assert part.get_content() == (itsam.root / "p" / "ydre" / name).read_bytes(), name


def test_a_wrong_attachment_setting_is_one_line(itsam: Repo, cli: Cli) -> None:
    mail_settings(itsam, "  bilagor: rar\n")
    result = cli(*NEW)
    assert result.exit_code == 1
    assert result.stderr == (
        "styrdok: fel: styrdok.yaml: e-post.bilagor ska vara zip eller filer, fick 'rar'\n"
    )


def test_size_warning_text() -> None:
    settings = Settings(Organisation("Itsam"), "Itsam", mail=MailSettings(limit_mb=10))
    assert size_warning(10 * MB, settings, "Ydre kommun") is None
    assert size_warning(int(12.34 * MB), settings, "Ydre kommun") == (
        "e-brevet till Ydre kommun är 12,3 MB, mer än 10 MB som många kommuners "
        "e-postsystem tar emot (e-post.största brev i MB i styrdok.yaml); kontrollera att "
        "det kommer fram, eller skicka paketet på annat sätt"
    )
    unlimited = Settings(Organisation("Itsam"), "Itsam", mail=MailSettings(Attachments.FILES, 0))
    assert size_warning(100 * MB, unlimited, "Ydre kommun") is None


def big_appendix() -> str:
    """Return an appendix of about 1.2 MB of text that does not compress away."""
    rng = random.Random(12)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyzåäö") for _ in range(7))
             for _ in range(150_000)]  # fmt: skip
    return "\n\n## Bilaga 1 Förteckning\n\n" + " ".join(words) + "\n"


def test_a_message_larger_than_the_limit_gives_a_warning(
    itsam: Repo, cli: Cli, tmp_path: Path
) -> None:
    appendix = big_appendix()
    itsam.doc("forbundsordning", SMALL_OLD + appendix, "Med bilaga", "2019-06-18T10:00:00+02:00")
    itsam.doc("forbundsordning", SMALL_NEW + appendix, "Förslag", "2024-02-21T10:00:00+01:00")
    mail_settings(itsam, "  största brev i MB: 1\n")
    assert cli(*NEW).exit_code == 0
    out = tmp_path / "utskick"
    result = cli(
        "remiss", "send", "r2024", "--only", "ydre", "-o", str(out), "--today", "2024-02-23"
    )
    assert result.exit_code == 0, result.output
    size = (out / "remiss-ydre.eml").stat().st_size
    assert size > MB
    shown = f"{size / MB:.1f}".replace(".", ",")
    assert result.stderr == (
        f"styrdok: varning: e-brevet till Ydre kommun är {shown} MB, mer än 1 MB som många "
        "kommuners e-postsystem tar emot (e-post.största brev i MB i styrdok.yaml); "
        "kontrollera att det kommer fram, eller skicka paketet på annat sätt\n"
    )
    assert result.stdout.startswith("Remiss till Ydre kommun → ")


def test_reminders_are_replies_in_the_thread_of_the_remiss(
    itsam: Repo, cli: Cli, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    use_server(itsam, smtp_server, starttls=False)
    assert cli(*NEW).exit_code == 0
    sent = cli("remiss", "send", "r2024", "--smtp", "--today", "2024-02-23")
    assert sent.exit_code == 0, sent.output
    remiss = {m.recipients[0]: m.message for m in smtp_server.inbox}
    smtp_server.inbox.clear()
    reminded = cli("remiss", "remind", "r2024", "--today", "2024-05-13", "--smtp")
    assert reminded.exit_code == 0, reminded.output
    assert len(smtp_server.inbox) == 5  # Kinda has left and is not reminded
    for received in smtp_server.inbox:
        reminder = received.message
        original = remiss[received.recipients[0]]["Message-ID"]
        assert reminder["In-Reply-To"] == original
        assert reminder["References"] == original
        assert reminder["Message-ID"] != original
    ydre = next(r.message for r in smtp_server.inbox if r.recipients == ["kommun@ydre.example"])
    assert remiss["kommun@ydre.example"]["Message-ID"] == "<r2024.ydre.remiss@itsam.example>"
    assert ydre["In-Reply-To"] == "<r2024.ydre.remiss@itsam.example>"


def test_reminder_drafts_are_replies_too(itsam: Repo, cli: Cli, tmp_path: Path) -> None:
    assert cli(*NEW).exit_code == 0
    out = tmp_path / "paminnelser"
    result = cli("remiss", "remind", "r2024", "--today", "2024-05-13", "-o", str(out))
    assert result.exit_code == 0, result.output
    message = message_from_bytes(
        (out / "paminnelse-ydre-2024-05-13.eml").read_bytes(), policy=default
    )
    assert message["In-Reply-To"] == "<r2024.ydre.remiss@itsam.example>"
    assert message["References"] == "<r2024.ydre.remiss@itsam.example>"
