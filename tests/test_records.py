"""The records styrdok keeps in the repository read as earlier versions wrote them, into
typed records, and are written back byte for byte."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from styrdok.answers.record import AnswerContent, ViewSource, from_data, to_data
from styrdok.core.dates import STOCKHOLM
from styrdok.core.vocabulary import AnswerKind, Stance
from styrdok.core.yamlfile import RecordError, read_mapping, write_mapping
from styrdok.remiss.log import (
    Delivery,
    Event,
    EventKind,
    append_event,
    deadline_for,
    log_dir,
    log_path,
    read_log,
)
from styrdok.remiss.register import (
    Answer,
    register_path,
    registered,
    registration_file,
    registrations_dir,
)
from styrdok.remiss.rounds import ROUND_FILE, load_round, round_dir, save_round
from styrdok.remiss.status import AnswerState
from styrdok.reports.compilation import Agreement, ForbundPosition
from styrdok.reports.positions import HEADER, load_positions, positions_path
from tests.conftest import PROJECT, Repo, git
from tests.hostile_files import text_pdf

ROUND = "styrdokument-2024"
# The texts below are as styrdok wrote them before its records were typed.
LOG = """\
# Händelser för remissinstansen, skrivs av styrdok.
händelser:
- typ: skickad
  tid: '2024-02-23T09:00:00+01:00'
  sätt: eml
- typ: förlängd
  tid: '2024-04-30T14:12:09+02:00'
  till: '2024-05-23T23:59:00+02:00'
  skäl: KS 21 maj
"""
REGISTER = """\
# Inkomna svar, registrerade av styrdok. Originalen ligger oförändrade i svar/.
svar:
- fil: svar/01-ydre.docx
  originalnamn: ydre.docx
  sha256: 13d2bc629390c437eea3c648d56715b56d2a810cc5de7a0ac71d8721701fec95
  inkom: 2024-05-24
  sent inkommen: true
  komplettering: false
  typ: svarsmall
  innehåll: svar/01-ydre.docx.yaml
- fil: svar/02-skannat.pdf
  originalnamn: skannat.pdf
  sha256: 42ec1c17ab882896776171c8634a6e8c64bb4537bc618e96c873ad2aa64f77b8
  inkom: 2024-05-27
  sent inkommen: true
  komplettering: true
  typ: ''
  innehåll: ''
"""
ANSWER_HEADER = (
    "# Innehåll läst ur 01-boxholm.docx av styrdok. Originalet ligger oförändrat bredvid."
)
ANSWER = f"""\
{ANSWER_HEADER}
typ: svarsmall
omgång: r2024
mottagare: boxholm
dokument: null
avsnitt:
- dokument: forbundsordning
  avsnitt: 3 §
  ställningstagande: avstyrker
  kommentar: Ändamålet blir för brett.
  förslag till lydelse: ''
  källa: svarsmall
- dokument: forbundsordning
  avsnitt: ingressen
  ställningstagande: null
  kommentar: Lägger till ”Och mer.”
  förslag till lydelse: Förbundet ska svara för gemensam IT-verksamhet. Och mer.
  källa: spårad ändring
  författare: Boxholms kommun
  datum: '2024-04-12T14:03:00'
  avser text: Förbundet ska svara för gemensam IT-verksamhet.
  svar:
  - 'Kansliet: Noterat.'
allmänt:
- text: Ödeshög tillstyrker 3 § men har synpunkter på 2 §.
  hänvisningar:
  - 3 §
  - 2 §
  ställningstaganden:
  - tillstyrker
  - synpunkter
  källa: pdf
manuell läsning: false
uppgifter:
- rubrik: Beslutat av
  värde: KS
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the embedded repository's remiss/ folder."""
    shutil.copytree(PROJECT / "remiss", tmp_path / "remiss")
    return tmp_path


def test_the_embedded_round_is_written_back_byte_for_byte(root: Path) -> None:
    path = round_dir(root, ROUND) / ROUND_FILE
    before = path.read_bytes()
    r = load_round(root, ROUND)
    assert (r.title[:30], r.deadline.isoformat(), r.contact and r.contact.phone) == (
        "Revidering av Itsams styrdokum",
        "2024-05-09T23:59:00+02:00",
        "013-00 00 00",
    )
    path.unlink()
    save_round(root, r)
    assert path.read_bytes() == before


def test_a_log_reads_into_typed_events_and_keeps_them_when_appended(root: Path) -> None:
    path = log_path(root, ROUND, "ydre")
    path.parent.mkdir(parents=True)
    path.write_text(LOG, encoding="utf-8")
    sent, extended = read_log(root, ROUND, "ydre")
    assert (sent.kind, sent.how, sent.until) == (EventKind.SENT, Delivery.EML, None)
    assert (extended.kind, extended.reason) == (EventKind.EXTENDED, "KS 21 maj")
    assert extended.until == dt.datetime(2024, 5, 23, 23, 59, tzinfo=STOCKHOLM)
    at = dt.datetime(2024, 5, 16, 9, 0, tzinfo=STOCKHOLM)
    recorded = dt.datetime(2024, 5, 16, 9, 0, 12, tzinfo=STOCKHOLM)
    reminded = Event(EventKind.REMINDED, at, how=Delivery.SMTP, recorded=recorded)
    event = append_event(root, ROUND, "ydre", reminded)
    assert path.read_text(encoding="utf-8") == LOG  # the old log is never rewritten
    assert event.parent == log_dir(root, ROUND, "ydre")
    assert event.name.startswith("2024-05-16-pamind-") and event.suffix == ".yaml"
    assert event.read_text(encoding="utf-8") == (
        "# En händelse för remissinstansen, skriven av styrdok. Skrivs aldrig om.\n"
        "typ: påmind\ntid: '2024-05-16T09:00:00+02:00'\nsätt: smtp\n"
        "registrerad: '2024-05-16T09:00:12.000+02:00'\n"
    )
    again = append_event(root, ROUND, "ydre", Event(EventKind.REMINDED, at, how=Delivery.SMTP))
    assert again != event  # recorded later: a file of its own, none rewritten
    assert [e.kind for e in read_log(root, ROUND, "ydre")] == [
        EventKind.SENT, EventKind.EXTENDED, EventKind.REMINDED, EventKind.REMINDED
    ]  # fmt: skip
    assert read_log(root, ROUND, "ydre")[2] == reminded


def test_an_unknown_event_is_an_error_naming_the_log(root: Path) -> None:
    path = log_path(root, ROUND, "ydre")
    path.parent.mkdir(parents=True)
    path.write_text(LOG.replace("typ: förlängd", "typ: glömd"), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        read_log(root, ROUND, "ydre")
    assert str(caught.value) == (
        f"remiss/{ROUND}/instanser/ydre/logg.yaml: okänd händelse 'glömd' "
        "(kända: skickad, förlängd, påmind, förberedd)"
    )


def test_a_register_reads_into_typed_answers_and_is_never_rewritten(root: Path) -> None:
    path = register_path(root, ROUND, "ydre")
    path.parent.mkdir(parents=True)
    path.write_text(REGISTER, encoding="utf-8")
    form, scanned = registered(root, ROUND, "ydre")
    assert (form.kind, form.received, form.late) == (AnswerKind.FORM, dt.date(2024, 5, 24), True)
    assert (scanned.kind, scanned.supplement) == (None, True)  # a register that did not say
    at = dt.datetime(2024, 5, 28, 10, 15, tzinfo=STOCKHOLM)
    third = Answer(
        "svar/2024-05-28-aaaaaaaaaa-brev.pdf", "brev.pdf", "a" * 64, dt.date(2024, 5, 28),
        late=False, supplement=False, registered_by="Anna Registrator", registered_at=at,
    )  # fmt: skip
    entry, data = registration_file(root, ROUND, "ydre", third)
    assert entry.parent == registrations_dir(root, ROUND, "ydre")
    entry.parent.mkdir()
    entry.write_bytes(data)
    *_, new = registered(root, ROUND, "ydre")
    assert path.read_text(encoding="utf-8") == REGISTER  # the old register stays as it was
    assert (new.file, new.registered_by, new.registered_at) == (third.file, "Anna Registrator", at)
    assert (new.supplement, new.late) == (True, True)  # derived: after two, after 9 May


def test_an_answer_record_reads_into_typed_views_and_is_written_back(tmp_path: Path) -> None:
    path = tmp_path / "01-boxholm.docx.yaml"
    path.write_text(ANSWER, encoding="utf-8")
    content = from_data(read_mapping(path))
    assert isinstance(content, AnswerContent) and content.kind is AnswerKind.FORM
    opposed, change = content.views
    assert (opposed.stance, opposed.source) == (Stance.OPPOSES, ViewSource.FORM)
    assert (change.stance, change.source, change.section) == (None, ViewSource.CHANGE, "ingressen")
    (general,) = content.general
    assert general.stances == (Stance.SUPPORTS, Stance.COMMENTS)
    path.unlink()
    write_mapping(path, to_data(content), ANSWER_HEADER)
    assert path.read_text(encoding="utf-8") == ANSWER


def test_positions_read_as_the_forbunds_typed_positions(root: Path) -> None:
    path = positions_path(root, ROUND)
    path.write_text(
        f"{HEADER}\nomgång: {ROUND}\navsnitt:\n"
        "- dokument: forbundsordning\n  avsnitt: 3 §\n  rubrik: Ändamål\n  synpunkter: []\n"
        "  ställningstagande: instämmer delvis\n  motivering: ' Ses över. '\n"
        "  förslaget ändrat: J\n"
        "allmänt:\n- instans: vimmerby\n  nyckel: 9d1d424ab4ba\n  namn: Vimmerby kommun\n"
        "  text: Budget.\n  ställningstagande: ''\n  motivering: ''\n  förslaget ändrat: ''\n",
        encoding="utf-8",
    )
    sections, general = load_positions(root, ROUND)
    assert sections == {
        ("forbundsordning", "3 §"): ForbundPosition(Agreement.PARTLY, "Ses över.", True)
    }
    assert general == {("vimmerby", "9d1d424ab4ba"): ForbundPosition(None, "", None)}


@pytest.mark.parametrize(
    ("state", "answered"),
    [
        (AnswerState.ANSWERED, True),
        (AnswerState.ANSWERED_LATE, True),
        (AnswerState.OVERDUE, False),
        (AnswerState.WAITING, False),
    ],
)
def test_answer_states(state: AnswerState, answered: bool) -> None:
    assert state.answered is answered


def test_a_repository_of_an_earlier_version_still_reads_and_says_who_registered(
    itsam: Repo, cli: Callable[..., Result], tmp_path: Path
) -> None:
    """An old repository – one logg.yaml and one svar.yaml per recipient, answers named
    by a running number – reads as before; new events and answers go beside the old
    files, which are never rewritten; who registered an old answer comes from git."""
    new = ["remiss", "new", "r2024", "--title", "R", "--sent", "2024-02-23",
           "--deadline", "2024-05-09"]  # fmt: skip
    assert cli(*new).exit_code == 0
    folder = itsam.root / "remiss" / "r2024" / "instanser" / "ydre"
    itsam.write("remiss/r2024/instanser/ydre/logg.yaml", LOG)
    itsam.write("remiss/r2024/instanser/ydre/svar.yaml", REGISTER.split("- fil: svar/02")[0])
    letter = folder / "svar" / "01-ydre.docx"
    letter.parent.mkdir()
    letter.write_bytes(b"svar")  # the digest in REGISTER is not this file's; doctor would say
    git(itsam.root, "add", "--all")
    git(itsam.root, "commit", "--quiet", "--author", "Gamla Registratorn <reg@itsam.example>",
        "-m", "Svar från Ydre registrerat (styrdok 0.0)")  # fmt: skip
    old_log, old_register = (folder / "logg.yaml").read_bytes(), (folder / "svar.yaml").read_bytes()

    status = cli("remiss", "status", "r2024", "--today", "2024-06-01")
    ydre = next(line for line in status.stdout.splitlines() if line.startswith("Ydre"))
    assert "2024-05-23 *" in ydre and "besvarad sent" in ydre
    assert ydre.rstrip().endswith("Gamla Registratorn")
    extended = cli("remiss", "extend", "r2024", "ydre", "--to", "2024-06-10", "--reason", "KF")
    assert extended.exit_code == 0, extended.output
    answer = tmp_path / "komplettering.pdf"
    answer.write_bytes(text_pdf())
    received = cli("remiss", "receive", "r2024", str(answer), "--from", "ydre",
                   "--received", "2024-06-03")  # fmt: skip
    assert received.exit_code == 0, received.output
    assert "komplettering" in received.stdout
    assert (folder / "logg.yaml").read_bytes() == old_log  # never rewritten
    assert (folder / "svar.yaml").read_bytes() == old_register
    first, second = registered(itsam.root, "r2024", "ydre")
    assert (first.file, second.supplement, second.late) == ("svar/01-ydre.docx", True, False)
    assert second.registered_by == "Kansliet"
    assert deadline_for(read_log(itsam.root, "r2024", "ydre"), dt.datetime.now(dt.UTC)).date() == (
        dt.date(2024, 6, 10)
    )
