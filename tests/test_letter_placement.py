"""Letters and PDFs placed by section: what counts as naming a section, how a PDF's lines
make paragraphs, and that what names several sections or none stays general."""

from __future__ import annotations

import pytest

from styrdok.answers.letter import Unit, opening_citation, pdf_units, place
from styrdok.answers.record import ViewSource
from styrdok.compare.engine import compare
from styrdok.compare.keys import SectionIndex
from styrdok.text.markdown import parse
from tests.test_section_keys import CHAPTERS_NEW, CHAPTERS_OLD


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Avseende 4 kap. 1 §: Vi avstyrker.", ("4 kap. 1 §", "new")),
        ("Angående 3 § föreslår vi en annan lydelse.", ("3 §", "new")),
        ("3 § Ändamål. Kommunen tillstyrker.", ("3 §", "new")),
        ("§ 5 tillstyrks.", ("5 §", "new")),
        ("Synpunkter på 2 kap. 3 §", ("2 kap. 3 §", "new")),
        ("Avseende nuvarande 2 kap. 3 §: behåll ersättarna.", ("2 kap. 3 §", "old")),
        ("Avseende den nya 2 kap. 4 §: ingen erinran.", ("2 kap. 4 §", "new")),
        ("Avseende 3 och 4 §§: tillstyrks.", None),  # two sections at once
        ("Vi avstyrker förslaget i 3 §.", None),  # cites, but does not open with it
        ("Ändringen i § 5 tillstyrks, liksom avsnitt 7.", None),
        ("Enligt 9 kap. 6 § kommunallagen ska …", None),  # another act
        ("Kommunstyrelsen beslutar att yttra sig.", None),
    ],
)
def test_opening_citation(text: str, found: tuple[str, str] | None) -> None:
    assert opening_citation(text) == found


def index() -> dict[str, SectionIndex]:
    comparison = compare(parse(CHAPTERS_OLD), parse(CHAPTERS_NEW))
    return {"forbundsordning": SectionIndex.of(comparison, "Förbundsordning för Testförbundet")}


def test_a_heading_places_the_paragraphs_under_it_up_to_the_next_heading() -> None:
    units = [
        Unit("Yttrande", heading=True),
        Unit("Inledning."),
        Unit("2 kap. 3 § Presidium", heading=True),
        Unit("Vi avstyrker."),
        Unit("Presidiet bör väljas för fyra år."),
        Unit("Avseende 1 kap. 2 §: ingen erinran."),  # its own view, inside the block
        Unit("Ett stycke till om presidiet."),
        Unit("Övrigt", heading=True),
        Unit("Tack."),
    ]
    placed = place(units, index(), ViewSource.LETTER)
    views = [(v.section, v.stance, v.comment) for v in placed.views]
    assert views == [  # in reading order
        ("2 kap. 4 § → 2 kap. 3 §", "avstyrker",
         "2 kap. 3 § Presidium\nVi avstyrker.\nPresidiet bör väljas för fyra år.\n"
         "Ett stycke till om presidiet."),
        ("1 kap. 2 §", "ingen erinran", "Avseende 1 kap. 2 §: ingen erinran."),
    ]  # fmt: skip
    assert [[u.text for u in run] for run in placed.general] == [
        ["Yttrande", "Inledning."],
        ["Övrigt", "Tack."],
    ]


def test_a_section_two_documents_have_goes_to_the_one_the_letter_names() -> None:
    both = {"forbundsordning": index()["forbundsordning"], "reglemente": SectionIndex.of_refs(
        ["1 kap. 2 §", "2 kap. 3 §"])}  # fmt: skip
    both["reglemente"].title = "Direktionens reglemente för Testförbundet"
    units = [Unit("Avseende 1 kap. 2 §: oklart vilket dokument.")]
    assert place(units, both, ViewSource.LETTER).views == []  # stays general
    named = [Unit("Synpunkter på direktionens reglemente", heading=True), *units]
    (view,) = place(named, both, ViewSource.LETTER).views
    assert (view.document, view.section) == ("reglemente", "1 kap. 2 §")


def test_pdf_lines_make_paragraphs() -> None:
    page = (
        "Protokollsutdrag\n"
        "Kommunstyrelsen beslutar att lämna följande yttrande över förslaget till ny\n"
        "förbundsordning.\n"
        "Avseende 1 kap. 2 §: Kommunen avstyrker att förbundets säte flyttas från Kinda\n"
        "kommun.\n"
        "Justerare"
    )
    units = pdf_units([page, "Sida två."])
    assert [(u.text, u.page) for u in units] == [
        ("Protokollsutdrag Kommunstyrelsen beslutar att lämna följande yttrande över förslaget "
         "till ny förbundsordning.", 0),
        ("Avseende 1 kap. 2 §: Kommunen avstyrker att förbundets säte flyttas från Kinda "
         "kommun.", 0),
        ("Justerare", 0),
        ("Sida två.", 1),
    ]  # fmt: skip


def test_a_letter_on_a_document_with_chapter_headings_beside_its_paragraphs() -> None:
    # Both chapters have a 1 §: the letter's "2 kap. 1 §" is the second chapter's, and a
    # bare "1 §" names no section (it would have been tied to the first chapter's).
    from tests.test_section_keys import FLAT

    new = FLAT.replace("sju", "nio").replace("fyra", "sex")
    indexes = {"reglemente": SectionIndex.of(compare(parse(FLAT), parse(new)), "Reglemente")}
    units = [
        Unit("Avseende 2 kap. 1 §: vi tillstyrker fler sammanträden."),
        Unit("Avseende 1 §: ingen erinran."),
    ]
    placed = place(units, indexes, ViewSource.LETTER)
    assert [(v.section, v.stance) for v in placed.views] == [("2 kap. 1 §", "tillstyrker")]
    assert [[u.text for u in block] for block in placed.general] == [
        ["Avseende 1 §: ingen erinran."]
    ]
