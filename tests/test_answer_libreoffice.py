"""Answers made with a real client: a remiss package built in a git repository, answered in
LibreOffice (form filled in, comments on the redline, tracked edits in the clean proposal,
saved as .docx) and read back; every stance, comment and edit must land on its section.
Word-written files (tests/word_fixtures.py) must read the same after LibreOffice saved them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from styrdok.answers.intake import inspect
from styrdok.answers.read import AnswerContent, identify, read_answer
from styrdok.remiss.package import SECTIONS_PROPERTY
from styrdok.word.package import custom_properties
from tests import word_fixtures as wf
from tests.conftest import Repo
from tests.libreoffice import LibreOffice
from tests.word_fixtures import docx, heading, ours, p, t

Cli = Callable[..., Result]
OURS = "Itsam kommunalförbund"  # ändringar.författare in styrdok.yaml
THEM = "Ydre kommun"
STANCE, COMMENT, PROPOSAL = 2, 3, 4  # form columns

AVTAL_OLD = """---
titel: Samverkansavtal för Testförbundet
diarienummer: Dnr 2024/10
status: gällande
version: gällande 2019
gäller från: 2019-07-01
---
# Samverkansavtal för Testförbundet

## 1 kap. Inledning

### 1 § Syfte

Avtalet reglerar samverkan mellan förbundet och medlemmarna.

## 2 kap. Grunduppdrag

### 1 § Inriktning

Förbundet ska driva medlemmarnas gemensamma IT-miljö.

### 2 § Tilläggsuppdrag

Medlemmarna får beställa tilläggsuppdrag av förbundet.
"""
AVTAL_NEW = (
    AVTAL_OLD.replace("status: gällande", "status: förslag")
    .replace("version: gällande 2019", "version: remissversion 2024")
    .replace("gäller från: 2019-07-01\n", "")
    .replace("gemensamma IT-miljö.", "gemensamma IT-miljö och stödja deras digitalisering.")
    .replace("beställa tilläggsuppdrag av förbundet.", "beställa tilläggsuppdrag mot ersättning.")
)


@pytest.fixture
def package(itsam: Repo, cli: Cli, tmp_path: Path) -> Path:
    """Return Ydre's package of a round with the förbundsordning (2 § and 3 § changed) and
    an agreement in chapters (2 kap. 1 § and 2 kap. 2 § changed)."""
    itsam.doc("samverkansavtal", AVTAL_OLD, "Avtal 2019", "2019-06-18T10:00:00+02:00")
    itsam.doc("samverkansavtal", AVTAL_NEW, "Avtal, remissversion", "2024-02-21T10:00:00+01:00")
    created = cli(
        "remiss", "new", "r2024", "--title", "Revidering av styrdokumenten",
        "--sent", "2024-02-23", "--deadline", "2024-05-09",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    built = cli("remiss", "package", "r2024", "-o", str(tmp_path / "paket"), "--only", "ydre")
    assert built.exit_code == 0, built.output
    return tmp_path / "paket" / "ydre"


def received(path: Path) -> AnswerContent:
    """Return what the answer at ``path`` says, after intake's gate, as receive reads it."""
    data = path.read_bytes()
    kind = inspect(data, path.name).kind
    assert identify(data, kind) == ("r2024", "ydre")
    refs = {
        "forbundsordning": ["Förbundsordning för Testförbundet", "1 §", "2 §", "3 §"],
        "samverkansavtal": ["1 kap.", "1 kap. 1 §", "2 kap.", "2 kap. 1 §", "2 kap. 2 §"],
    }
    return read_answer(data, kind, OURS, refs)


def bookmarks(form: Path) -> dict[tuple[str, str], str]:
    """Return the bookmark of each row of the form, by (document, section)."""
    listed = json.loads(custom_properties(form.read_bytes())[SECTIONS_PROPERTY])
    return {(row["dokument"], row["avsnitt"]): row["bokmärke"] for row in listed}


def test_filled_form(package: Path, libreoffice: LibreOffice, tmp_path: Path) -> None:
    form = package / "svarsmall.docx"
    marks = bookmarks(form)
    assert set(marks) == {
        ("forbundsordning", "2 §"), ("forbundsordning", "3 §"),
        ("samverkansavtal", "2 kap. 1 §"), ("samverkansavtal", "2 kap. 2 §"),
    }  # fmt: skip
    sate, andamal = marks["forbundsordning", "2 §"], marks["forbundsordning", "3 §"]
    inriktning = marks["samverkansavtal", "2 kap. 1 §"]
    answered = libreoffice.fill_form(
        form,
        tmp_path / "svar.docx",
        rows=[{"after": andamal, "texts": ["§ 1", "", "Synpunkter", "Behåll namnet.", ""]}],
        cells=[
            {"bookmark": sate, "column": STANCE, "text": "Tillstyrks."},
            {"bookmark": andamal, "column": STANCE, "text": "Avstyrker förslaget"},
            {"bookmark": andamal, "column": COMMENT, "text": "Uppdraget blir för brett."},
            {"bookmark": andamal, "column": PROPOSAL, "text": "Förbundet ska svara för IT-drift."},
            {"bookmark": inriktning, "column": STANCE, "text": "Ingen erinran."},
        ],
        general="Ydre kommun ställer sig bakom förslagen men avstyrker ändringen i 3 §.",
        paragraphs=[{"after_table": 1, "text": "Kapitel 2 i avtalet bör ses över i sin helhet."}],
    )
    content = received(answered)
    assert content.kind == "svarsmall"
    assert [(v.document, v.section, v.stance, v.comment, v.proposal) for v in content.views] == [
        ("forbundsordning", "2 §", "tillstyrker", "", ""),
        ("forbundsordning", "3 §", "avstyrker", "Uppdraget blir för brett.",
         "Förbundet ska svara för IT-drift."),
        ("forbundsordning", "1 §", "synpunkter", "Behåll namnet.", ""),
        ("samverkansavtal", "2 kap. 1 §", "ingen erinran", "", ""),
    ]  # fmt: skip
    assert [(g.text, g.references, g.stances) for g in content.general] == [
        ("Kapitel 2 i avtalet bör ses över i sin helhet.", ("2 kap.",), ()),
        ("Ydre kommun ställer sig bakom förslagen men avstyrker ändringen i 3 §.", ("3 §",),
         ("avstyrker",)),
    ]  # fmt: skip
    assert not content.needs_manual_reading


def test_form_with_merged_cells(package: Path, libreoffice: LibreOffice, tmp_path: Path) -> None:
    marks = bookmarks(package / "svarsmall.docx")
    sate, tillagg = marks["forbundsordning", "2 §"], marks["samverkansavtal", "2 kap. 2 §"]
    answered = libreoffice.fill_form(
        package / "svarsmall.docx",
        tmp_path / "svar.docx",
        merges=[
            {"bookmark": sate, "columns": [STANCE, STANCE], "rows": 2, "text": "Tillstyrker"},
            {"bookmark": tillagg, "columns": [COMMENT, PROPOSAL], "text": "Ersättningen bör "
             "regleras i avtalet. Vi har synpunkter på nivån."},
        ],
    )  # fmt: skip
    content = received(answered)
    assert [(v.section, v.stance, v.comment) for v in content.views] == [
        ("2 §", "tillstyrker", ""),
        ("3 §", "tillstyrker", ""),  # the stance cell merged over both rows
        ("2 kap. 2 §", "synpunkter",
         "Ersättningen bör regleras i avtalet. Vi har synpunkter på nivån."),
    ]  # fmt: skip


def test_comments_on_the_redline(package: Path, libreoffice: LibreOffice, tmp_path: Path) -> None:
    commented = libreoffice.add_comments(
        package / "1-forbundsordning-andringar.docx",
        tmp_path / "kommenterad.docx",
        [
            {"heading": "2 §", "word": "Åtvidabergs", "text": "Varför flyttas sätet? Vi "
             "avstyrker.", "author": "Eva Ek", "date": "2024-04-12T14:03:00"},
            {"heading": "3 §", "word": "gemensam", "until": "digitalisering",
             "text": "Bra formulering.", "author": "Bo Berg", "date": "2024-04-15T09:30:00"},
            {"heading": "2 §", "word": "kommun.", "until": "Ändamål",
             "text": "Rubriken bör ändras.", "author": "Eva Ek"},
        ],
    )  # fmt: skip
    content = received(commented)
    assert (content.kind, content.document) == ("dokument", "forbundsordning")
    found = [(v.section, v.comment, v.author, v.date, v.anchor, v.stance) for v in content.views]
    assert found == [
        ("2 §", "Varför flyttas sätet? Vi avstyrker.", "Eva Ek", "2024-04-12T14:03:00",
         "Åtvidabergs", "avstyrker"),
        ("2 §", "Rubriken bör ändras.", "Eva Ek", "", "kommun.\n3 § Ändamål", None),
        ("3 §", "Bra formulering.", "Bo Berg", "2024-04-15T09:30:00",
         "gemensam IT-verksamhet och understödja medlemmarnas digitalisering", None),
    ]  # fmt: skip
    assert {v.source for v in content.views} == {"kommentar"}  # our redline's changes are ours


def test_tracked_edits_in_the_clean_proposal(
    package: Path, libreoffice: LibreOffice, tmp_path: Path
) -> None:
    edited = libreoffice.tracked_edits(
        package / "2-samverkansavtal-forslag.docx",
        tmp_path / "andrad.docx",
        THEM,
        [
            {"heading": "1 § Inriktning", "find": "stödja", "replace": "understödja"},
            {"heading": "2 § Tilläggsuppdrag", "find": " mot ersättning", "replace": ""},
            {"heading": "1 § Syfte", "find": "medlemmarna", "insert_after": " i Östergötland"},
        ],
    )
    content = received(edited)
    assert (content.kind, content.document) == ("dokument", "samverkansavtal")
    views = [(v.section, v.comment, v.proposal, v.author) for v in content.views]
    assert views == [
        ("1 kap. 1 §", "Lägger till ”i Östergötland”",
         "Avtalet reglerar samverkan mellan förbundet och medlemmarna i Östergötland.", THEM),
        ("2 kap. 1 §", "Ersätter ”stödja” med ”understödja”",
         "Förbundet ska driva medlemmarnas gemensamma IT-miljö och understödja deras "
         "digitalisering.", THEM),
        ("2 kap. 2 §", "Stryker ”mot ersättning”",
         "Medlemmarna får beställa tilläggsuppdrag.", THEM),
    ]  # fmt: skip
    assert content.views[1].anchor == (
        "Förbundet ska driva medlemmarnas gemensamma IT-miljö och stödja deras digitalisering."
    )


def test_their_edits_in_our_redline(
    package: Path, libreoffice: LibreOffice, tmp_path: Path
) -> None:
    edited = libreoffice.tracked_edits(
        package / "1-forbundsordning-andringar.docx",
        tmp_path / "andrad.docx",
        THEM,
        [{"heading": "2 §", "find": "kommun.", "insert_after": " Kansliet ska ligga i Ydre."}],
    )
    content = received(edited)
    (view,) = content.views  # our redline's own insertions and deletions are not views
    assert (view.section, view.author, view.comment) == (
        "2 §", THEM, "Lägger till ”Kansliet ska ligga i Ydre.”"
    )  # fmt: skip
    assert (
        view.proposal == "Förbundet har sitt säte i Åtvidabergs kommun. Kansliet ska ligga i Ydre."
    )


def test_word_file_reads_the_same_after_libreoffice(
    libreoffice: LibreOffice, tmp_path: Path
) -> None:
    """Threads (commentsExtended.xml), ranges over several paragraphs, moves and Swedish
    heading styles, as Word writes them, and the same file opened and saved in LibreOffice."""
    sentence = "Valen gäller för två år."
    body = [
        heading("Förbundsordning", 1),
        heading("2 § Säte"),
        p(t("Förbundet har sitt säte i "), wf.start(0, 1), t("Ydre"), wf.end(0, 1), t(" kommun.")),
        p(wf.start(2), t("Kansliet får ligga annanstans.")),
        heading("8 § Mandattid"),
        p(t("Ledamöterna väljs för fyra år."), wf.end(2)),
        p(t("Omval får ske. "), wf.move_to(20, "move1", sentence, THEM, "2024-04-12T14:03:00Z")),
        heading("9 § Ordförande", 3),
        p(t("Direktionen väljer en ordförande. "),
          wf.move_from(30, "move1", sentence, THEM, "2024-04-12T14:03:00Z")),
    ]  # fmt: skip
    comments = {
        "comments.xml": wf.comments_part(
            wf.comment(0, "Eva Ek", "2024-04-12T14:03:00Z", "Varför Ydre?", para_id="1A"),
            wf.comment(1, "Bo Berg", "2024-04-13T10:00:00Z", "Instämmer.", para_id="2B"),
            wf.comment(2, "Eva Ek", "2024-04-12T14:05:00Z", "Tillstyrks.", para_id="3C"),
        ),
        "commentsExtended.xml": wf.comments_extended(("1A", None), ("2B", "1A"), ("3C", None)),
    }
    word = tmp_path / "word.docx"
    word.write_bytes(docx(*body, properties=ours("forslag", "forbundsordning"), parts=comments))
    saved = libreoffice.save_as_docx(word, tmp_path / "libreoffice.docx")
    expected = [
        ("kommentar", "2 §", "Varför Ydre?", ("Bo Berg: Instämmer.",), "Ydre"),
        ("kommentar", "2 §", "Tillstyrks.", (),
         "Kansliet får ligga annanstans.\n8 § Mandattid\nLedamöterna väljs för fyra år."),
        ("spårad ändring", "8 §", "Flyttar hit ”Valen gäller för två år.” från 9 §", (),
         "Omval får ske."),
        ("spårad ändring", "9 §", "Flyttar ”Valen gäller för två år.” till 8 §", (),
         "Direktionen väljer en ordförande. Valen gäller för två år."),
    ]  # fmt: skip
    for path in (word, saved):
        content = read_answer(path.read_bytes(), "docx", OURS)
        found = [(v.source, v.section, v.comment, v.replies, v.anchor) for v in content.views]
        assert found == expected, path.name
