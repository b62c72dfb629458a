"""Reading remiss answers: forms, comments, tracked changes, letters and PDFs, from files that
follow Word's XML (tests/word_fixtures.py). Every file passes intake's gate first, as in use."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styrdok.answers.content import cited_refs, find_stances, local_date, read_stance
from styrdok.answers.intake import inspect
from styrdok.answers.read import (
    AnswerContent,
    GeneralView,
    SectionView,
    from_data,
    identify,
    read_answer,
    to_data,
)
from styrdok.answers.record import GENERAL_SOURCES, SECTION_SOURCES
from styrdok.core.vocabulary import AnswerKind, Stance
from styrdok.core.yamlfile import read_mapping, write_mapping
from tests import word_fixtures as wf
from tests.word_fixtures import OUR_AUTHOR, docx, heading, ours, p, t

THEM = "Anna Ek, Ydre kommun"
Kind = Literal["docx", "pdf"]
DATE = "2024-04-12T14:03:00Z"  # Word: local time, trailing Z


def read(data: bytes, kind: Kind = "docx", **options: Any) -> AnswerContent:
    assert inspect(data, f"svar.{kind}").kind == kind  # the safety gate comes first
    return read_answer(data, kind, OUR_AUTHOR, **options)


def where(content: AnswerContent) -> list[tuple[str, str]]:
    return [(v.section, v.comment) for v in content.views]


# --- Stance words, references, dates --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stances", "first", "more"),
    [
        ("Tillstyrks.", ("tillstyrker",), "tillstyrker", False),
        ("tillstyrker förslaget", ("tillstyrker",), "tillstyrker", False),
        ("TILLSTYRKER", ("tillstyrker",), "tillstyrker", False),
        ("Ingen erinran.", ("ingen erinran",), "ingen erinran", False),
        ("Kommunen har inga synpunkter", ("ingen erinran",), "ingen erinran", False),
        ("Inget att erinra", ("ingen erinran",), "ingen erinran", False),
        ("avstyrks", ("avstyrker",), "avstyrker", False),
        ("Vi avstyrker förslaget.", ("avstyrker",), "avstyrker", False),
        ("har synpunkter", ("synpunkter",), "synpunkter", False),
        ("Synpunkter", ("synpunkter",), "synpunkter", False),
        ("Vi kan inte tillstyrka", ("avstyrker",), "avstyrker", True),
        ("Avstyrker 3 §, tillstyrker 4 §", ("avstyrker", "tillstyrker"), "avstyrker", True),
        ("Tillstyrker med ändring enligt kommentar", ("tillstyrker",), "tillstyrker", True),
        ("Vi har beretts möjlighet att lämna synpunkter", (), None, True),
        ("Se kommentar", (), None, True),
        ("", (), None, False),
    ],
)
def test_stance_words(text: str, stances: tuple[str, ...], first: str | None, more: bool) -> None:
    assert find_stances(text) == stances
    assert read_stance(text) == (first, more)


@pytest.mark.parametrize(
    ("text", "known", "refs"),
    [
        ("Vi avstyrker förslaget i 3 §.", (), ("3 §",)),
        ("Ändringen i § 3 bör utgå.", (), ("3 §",)),
        ("Avsnitt 3 och avsnitt 3.1 behöver förtydligas.", (), ("3", "3.1")),
        ("Kapitel 2 är bra, se även 2 kap. 1 §.", (), ("2 kap.", "2 kap. 1 §")),
        ("Enligt 9 kap. 6 § kommunallagen gäller annat.", (), ()),  # another act
        ("Avsnitt 3 bör ändras.", ("2 §", "3 §"), ("3 §",)),  # resolved to the document's refs
        ("Ändra § 3.", ("2", "3"), ("3",)),
        ("Se 1 §.", ("1 kap.", "2 kap. 1 §"), ("2 kap. 1 §",)),
    ],
)
def test_section_references(text: str, known: tuple[str, ...], refs: tuple[str, ...]) -> None:
    assert cited_refs(text, known) == refs


@pytest.mark.parametrize(
    ("written", "utc", "local"),
    [
        ("2024-04-12T14:03:00Z", None, "2024-04-12T14:03:00"),  # Word's local time, Z ignored
        ("2024-04-12T14:03:00", None, "2024-04-12T14:03:00"),
        ("2024-04-12T14:03:00Z", "2024-04-12T12:03:00Z", "2024-04-12T14:03:00"),  # summer
        ("2024-02-01T10:00:00Z", "2024-02-01T09:00:00Z", "2024-02-01T10:00:00"),  # winter
        ("0-00-00T00:00:00Z", None, ""),  # LibreOffice, a comment without a date
        ("", None, ""),
    ],
)
def test_dates_are_local_time(written: str, utc: str | None, local: str) -> None:
    assert local_date(written, utc) == local


# --- Word comments ---------------------------------------------------------------------------

SECTIONS = [
    heading("Förbundsordning för Ydreförbundet", 1),
    p(t("Kommunerna samverkar i förbundet.")),
    heading("2 § Säte"),
    p(t("Förbundet har sitt säte i Ydre kommun.")),
    heading("3 § Ändamål"),
    p(t("Förbundet ska svara för gemensam IT-drift.")),
    p(t("Verksamheten ska vara kostnadseffektiv.")),
    heading("4 § Organisation"),
    p(t("Förbundet har en direktion.")),
]


def commented(*body: str, comments: list[str], **parts: str) -> bytes:
    word = {"comments.xml": wf.comments_part(*comments), **parts}
    return docx(*body, properties=ours("andringar", "forbundsordning"), parts=word)


def test_comment_with_replies_maps_to_its_section() -> None:
    """Word threads replies in commentsExtended.xml; each reply has its own range too."""
    body = [*SECTIONS]
    body[5] = p(
        t("Förbundet ska svara för "),
        wf.start(0, 1, 2),
        t("gemensam IT-drift"),
        wf.end(0, 1, 2),
        t("."),
    )
    data = commented(
        *body,
        comments=[
            wf.comment(
                0, THEM, DATE, "Vi avstyrker.", "Skälen framgår av yttrandet.", para_id="1A"
            ),
            wf.comment(1, "Kansliet", "2024-04-13T09:00:00Z", "Noterat.", para_id="2B"),
            wf.comment(2, "Bo Berg", "2024-04-14T10:00:00Z", "Instämmer.", para_id="3C"),
        ],
        **{"commentsExtended.xml": wf.comments_extended(("1A", None), ("2B", "1A"), ("3C", "2B"))},
    )
    content = read(data)
    assert content.kind == "dokument" and content.document == "forbundsordning"
    assert (content.round_id, content.recipient_id) == ("r2024", "ydre")
    (view,) = content.views
    assert view == SectionView(
        document="forbundsordning",
        section="3 §",
        stance="avstyrker",
        comment="Vi avstyrker.\nSkälen framgår av yttrandet.",
        proposal="",
        source="kommentar",
        author=THEM,
        date="2024-04-12T14:03:00",
        anchor="gemensam IT-drift",
        replies=("Kansliet: Noterat.", "Bo Berg: Instämmer."),
    )
    assert not content.needs_manual_reading


def test_a_comment_under_a_chapter_heading_beside_the_paragraphs_names_that_chapter() -> None:
    # Chapter and paragraph headings both Rubrik 2: the comment on the second chapter's
    # 1 § is on 2 kap. 1 §, not on the first chapter's 1 §.
    body = [
        heading("Reglemente för direktionen", 1),
        heading("1 kap. Direktionen"),
        heading("1 §"),
        p(t("Direktionen består av sju ledamöter.")),
        heading("2 kap. Sammanträden"),
        heading("1 §"),
        p(wf.start(0), t("Direktionen sammanträder fyra gånger per år."), wf.end(0)),
    ]
    data = commented(*body, comments=[wf.comment(0, THEM, DATE, "Vi avstyrker.")])
    assert where(read(data)) == [("2 kap. 1 §", "Vi avstyrker.")]


@pytest.mark.parametrize(
    ("ranges", "threads"),
    [
        # LibreOffice 7.4 keeps a reply as a comment on the same text, without the thread
        (("gemensam IT-drift", "gemensam IT-drift"), [("Vi avstyrker.", ("Bo Berg: Nej.",))]),
        (("gemensam IT-drift", "IT-drift"), [("Vi avstyrker.", ()), ("Nej.", ())]),
    ],
)
def test_threads_without_comments_extended(
    ranges: tuple[str, str], threads: list[tuple[str, tuple[str, ...]]]
) -> None:
    first, second = ranges
    lead = first.removesuffix(second)
    body = [*SECTIONS]
    body[5] = p(
        t("Förbundet ska svara för "),
        wf.start(1) if first == second else "",
        wf.start(0),
        t(lead),
        wf.start(1) if first != second else "",
        t(second),
        wf.end(0, 1),
        t("."),
    )
    data = commented(
        *body,
        comments=[  # LibreOffice may write the reply first
            wf.comment(1, "Bo Berg", "2024-04-13T09:00:00Z", "Nej."),
            wf.comment(0, THEM, DATE, "Vi avstyrker."),
        ],
    )
    assert [(v.comment, v.replies) for v in read(data).views] == threads


def test_comment_range_across_paragraphs_and_not_siblings() -> None:
    """The range starts inside a tracked insertion in 2 § and ends inside a hyperlink two
    paragraphs later, under another heading: the comment belongs where it starts."""
    body = [*SECTIONS]
    body[3] = p(
        t("Förbundet har sitt säte i "),
        f'<w:ins w:id="1" w:author="{OUR_AUTHOR}" w:date="{wf.OUR_DATE}">{wf.start(5)}'
        f"{t('Ydre')}</w:ins>",
        t(" kommun."),
    )
    body[5] = p(
        t("Förbundet ska "),
        f'<w:hyperlink r:id="rId99">{t("svara")}{wf.end(5)}</w:hyperlink>',
        t(" för gemensam IT-drift."),
    )
    data = commented(*body, comments=[wf.comment(5, THEM, DATE, "Hela stycket.")])
    (view,) = read(data).views
    assert view.section == "2 §"
    assert view.anchor == "Ydre kommun.\n3 § Ändamål\nFörbundet ska svara"


def test_comment_range_starting_between_paragraphs() -> None:
    body = [*SECTIONS]
    body.insert(7, wf.start(3))  # before "4 § Organisation", at the body's level
    body[9] = p(t("Förbundet har en direktion."), wf.end(3))
    data = commented(*body, comments=[wf.comment(3, THEM, DATE, "Ny rubrik behövs.")])
    (view,) = read(data).views
    assert (view.section, view.anchor) == ("4 §", "4 § Organisation\nFörbundet har en direktion.")


@pytest.mark.parametrize(
    ("position", "section"),
    [
        (1, "Förbundsordning för Ydreförbundet"),  # the text under the title heading
        (3, "2 §"),
        (8, "4 §"),
    ],
)
def test_comment_on_a_point_has_no_anchor(position: int, section: str) -> None:
    body = [*SECTIONS]
    body[position] = body[position].replace("</w:p>", wf.end(4).split("/>", 1)[1] + "</w:p>")
    data = commented(*body, comments=[wf.comment(4, THEM, DATE, "Tillstyrks.")])
    (view,) = read(data).views
    assert (view.section, view.anchor, view.stance) == (section, "", "tillstyrker")


def test_comment_before_any_heading_is_on_the_preamble() -> None:
    data = commented(
        p(wf.start(1), t("Inledande text."), wf.end(1)),
        *SECTIONS,
        comments=[wf.comment(1, THEM, DATE, "Oklart.")],
    )
    assert where(read(data)) == [("ingressen", "Oklart.")]


def test_our_note_is_not_a_view_but_replies_to_it_are() -> None:
    body = [*SECTIONS]
    body[3] = p(wf.start(0), t("Förbundet har sitt säte i Ydre kommun."), wf.end(0))
    data = commented(
        *body,
        comments=[
            wf.comment(
                0, OUR_AUTHOR, DATE, "Sätet flyttas enligt direktionens beslut.", para_id="A1"
            ),
            wf.comment(1, THEM, DATE, "Vi har synpunkter på detta.", para_id="B2"),
        ],
        **{"commentsExtended.xml": wf.comments_extended(("A1", None), ("B2", "A1"))},
    )
    (view,) = read(data).views
    assert (view.section, view.author, view.comment, view.stance) == (
        "2 §", THEM, "Vi har synpunkter på detta.", "synpunkter"
    )  # fmt: skip
    assert view.anchor == "Förbundet har sitt säte i Ydre kommun."


def test_true_utc_time_of_newer_word_wins() -> None:
    body = [*SECTIONS]
    body[3] = p(wf.start(0), t("Förbundet"), wf.end(0))
    data = commented(
        *body,
        comments=[wf.comment(0, THEM, "2024-04-12T10:00:00Z", "Hm.", para_id="0F")],
        **{
            "commentsIds.xml": wf.comments_ids(("0F", "12AB")),
            "commentsExtensible.xml": wf.comments_extensible(("12AB", "2024-04-12T12:03:00Z")),
        },
    )
    assert read(data).views[0].date == "2024-04-12T14:03:00"


@pytest.mark.parametrize(
    ("headings", "ref"),
    [
        # Swedish Word: Rubrik1 (heading 1 + outline level), Rubrik2 (built-in name only),
        # Rubrik3 (a Swedish name and an outline level only)
        ([("2 kap. Grunduppdrag", 2), ("1 § Inriktning", 3)], "2 kap. 1 §"),
        ([("2 Grunduppdrag", 1), ("2.1 Inriktning", 2)], "2.1"),
        ([("§ 4 Kallelse", 2)], "4 §"),
        ([("Kapitel 3 Styrning", 1), ("3.2 Beredning", 3)], "3.2"),
        ([("Bilaga 1 Medlemmar", 1)], "bilaga 1"),
        ([("Definitioner", 2)], "Definitioner"),
    ],
)
def test_sections_from_swedish_heading_styles(headings: list[tuple[str, int]], ref: str) -> None:
    body = [heading(text, level) for text, level in headings]
    body.append(p(wf.start(0), t("Text i avsnittet."), wf.end(0)))
    data = commented(*body, comments=[wf.comment(0, THEM, DATE, "Se över.")])
    assert read(data).views[0].section == ref


def test_title_style_before_the_first_heading_opens_a_section() -> None:
    data = commented(
        p(t("Reglemente för direktionen"), style="Rubrik"),
        p(wf.start(0), t("Inledning."), wf.end(0)),
        comments=[wf.comment(0, THEM, DATE, "Bra.")],
    )
    assert read(data).views[0].section == "Reglemente för direktionen"


def test_comment_on_a_section_our_redline_removes() -> None:
    body = [
        *SECTIONS[:7],
        p(
            wf.delete(1, "5 § Upphävd bestämmelse"),
            style="Rubrik2",
            mark=wf.mark("del", 2, OUR_AUTHOR, wf.OUR_DATE),
        ),
        p(wf.start(0), wf.delete(3, "Denna paragraf upphävs."), wf.end(0)),
        heading("5 § Organisation"),
    ]
    data = commented(*body, comments=[wf.comment(0, THEM, DATE, "Varför upphävs den?")])
    (view,) = read(data).views
    assert (view.section, view.anchor) == ("5 §", "Denna paragraf upphävs.")


# --- Tracked changes --------------------------------------------------------------------------

REDLINE = [
    heading("Förbundsordning", 1),
    heading("2 § Säte"),
    p(t("Förbundet har sitt säte i "), wf.delete(1, "Kinda"), wf.ins(2, "Ydre"), t(" kommun.")),
    heading("8 § Mandattid"),
    p(t("Ledamöterna väljs för fyra år.")),
    heading("9 § Ordförande"),
    p(t("Direktionen väljer en ordförande. "), wf.ins(3, "Valen gäller för två år.")),
]


def changed(*body: str, part: str = "andringar") -> AnswerContent:
    return read(docx(*body, properties=ours(part, "forbundsordning")))


def test_our_redline_alone_has_no_views_and_asks_for_a_look() -> None:
    content = changed(*REDLINE)
    assert content.views == ()
    assert content.needs_manual_reading  # sent back without comments or changes


def test_their_replacement_is_proposed_wording() -> None:
    body = [*REDLINE]
    body[4] = p(
        t("Ledamöterna väljs för "),
        wf.delete(10, "fyra", THEM, DATE),
        wf.ins(11, "tre", THEM, DATE),
        t(" år."),
    )
    (view,) = changed(*body).views
    assert view == SectionView(
        document="forbundsordning",
        section="8 §",
        stance=None,
        comment="Ersätter ”fyra” med ”tre”",
        proposal="Ledamöterna väljs för tre år.",
        source="spårad ändring",
        author=THEM,
        date="2024-04-12T14:03:00",
        anchor="Ledamöterna väljs för fyra år.",
    )


def test_deleting_text_our_redline_inserted() -> None:
    """Word nests the respondent's deletion inside our insertion."""
    body = [*REDLINE]
    body[6] = p(
        t("Direktionen väljer en ordförande. "),
        f'<w:ins w:id="3" w:author="{OUR_AUTHOR}" w:date="{wf.OUR_DATE}">'
        f'<w:del w:id="12" w:author="{THEM}" w:date="{DATE}">'
        f"{wf.deleted_run('Valen gäller för två år.')}</w:del></w:ins>",
    )
    (view,) = changed(*body).views
    assert (view.section, view.comment, view.proposal, view.anchor) == (
        "9 §",
        "Stryker ”Valen gäller för två år.”",
        "Direktionen väljer en ordförande.",
        "Direktionen väljer en ordförande. Valen gäller för två år.",
    )


def test_move_between_sections() -> None:
    sentence = "Valen gäller för två år."
    body = [*REDLINE]
    body[4] = p(t("Ledamöterna väljs för fyra år. "), wf.move_to(20, "move1", sentence, THEM, DATE))
    body[6] = p(
        t("Direktionen väljer en ordförande. "), wf.move_from(30, "move1", sentence, THEM, DATE)
    )
    views = changed(*body, part="forslag").views
    assert [(v.section, v.comment, v.proposal) for v in views] == [
        ("8 §", "Flyttar hit ”Valen gäller för två år.” från 9 §",
         "Ledamöterna väljs för fyra år. Valen gäller för två år."),
        ("9 §", "Flyttar ”Valen gäller för två år.” till 8 §", "Direktionen väljer en ordförande."),
    ]  # fmt: skip


def test_inserted_paragraphs_group_with_the_one_before() -> None:
    body = [*REDLINE]
    new_mark = wf.mark("ins", 40, THEM, DATE)
    body[4:5] = [
        p(
            t("Ledamöterna väljs för fyra år."),
            wf.ins(41, " Omval får ske.", THEM, DATE),
            mark=new_mark,
        ),
        p(wf.ins(42, "Mandattiden följer fullmäktiges.", THEM, DATE)),
    ]
    (view,) = changed(*body).views
    assert view.section == "8 §"
    assert (
        view.proposal
        == "Ledamöterna väljs för fyra år. Omval får ske.\nMandattiden följer fullmäktiges."
    )
    assert (
        view.comment
        == "Lägger till ”Omval får ske.”; lägger till ”Mandattiden följer fullmäktiges.”"
    )


def test_renamed_heading_keeps_its_section_and_a_new_heading_opens_none() -> None:
    body = [*REDLINE]
    body[3] = p(
        t("8 § "),
        wf.delete(50, "Mandattid", THEM, DATE),
        wf.ins(51, "Mandatperiod", THEM, DATE),
        style="Rubrik2",
    )
    body.insert(5, p(wf.ins(52, "8 a § Omval", THEM, DATE), style="Rubrik2"))
    views = changed(*body).views
    assert [(v.section, v.proposal) for v in views] == [
        ("8 §", "8 § Mandatperiod"),
        ("8 §", "8 a § Omval"),
    ]


def test_true_utc_time_of_a_change() -> None:
    body = [*REDLINE]
    body[4] = p(
        t("Ledamöterna väljs för fyra år."),
        f'<w:ins w:id="9" w:author="{THEM}" w:date="2024-04-12T10:00:00Z" '
        f'w16du:dateUtc="2024-04-12T12:03:00Z">{t(" Omval får ske.")}</w:ins>',
    )
    assert changed(*body).views[0].date == "2024-04-12T14:03:00"


def test_comments_and_changes_in_document_order() -> None:
    body = [*REDLINE]
    body[2] = p(wf.start(0), t("Förbundet har sitt säte i Ydre kommun."), wf.end(0))
    body[4] = p(t("Ledamöterna väljs för "), wf.ins(10, "högst ", THEM, DATE), t("fyra år."))
    content = read(
        docx(
            *body,
            properties=ours("forslag", "forbundsordning"),
            parts={"comments.xml": wf.comments_part(wf.comment(0, THEM, DATE, "Bra."))},
        )
    )
    assert [(v.source, v.section) for v in content.views] == [
        ("kommentar", "2 §"),
        ("spårad ändring", "8 §"),
    ]


def test_comment_in_the_comparison_table_belongs_to_its_row() -> None:
    def side(heading_text: str, text: str, comment: bool = False) -> str:
        body = [wf.start(0), t(text), wf.end(0)] if comment else [t(text)]
        return wf.cell(p(t(heading_text)), p(*body))

    data = docx(
        heading("Jämförelsetabell: Itsam-avtal", 1),
        wf.table(
            2,
            wf.row(wf.cell(p(t("Nuvarande lydelse"))), wf.cell(p(t("Föreslagen lydelse")))),
            wf.row(side("1.1 Syfte", "Gammal text."), side("1.1 Syfte", "Ny text.")),
            wf.row(side("1 § Grund", "Gammal."), side("1 § Grund", "Ny lydelse.", comment=True)),
        ),
        properties=ours("jamforelse", "itsam-avtal"),
        parts={"comments.xml": wf.comments_part(wf.comment(0, THEM, DATE, "Avstyrks."))},
    )
    refs = {"itsam-avtal": ["1 kap.", "1.1", "2 kap.", "2 kap. 1 §"]}
    (view,) = read(data, section_refs=refs).views
    assert (view.document, view.section, view.stance) == ("itsam-avtal", "2 kap. 1 §", "avstyrker")


# --- The form ----------------------------------------------------------------------------------

HEADER = wf.row(*(wf.cell(p(t(text))) for text in (
    "Avsnitt", "Ändring (utdrag)", "Ställningstagande", "Kommentar", "Förslag till lydelse",
)))  # fmt: skip


def form_row(number: int, ref: str, *answers: str, **cells: Any) -> str:
    first = wf.cell(p(wf.bookmark(9000 + number, f"styrdok_1_{number}_p", t(ref))), p(t("Rubrik")))
    texts = [*answers, "", "", ""][:3]
    rest = [cells.get(f"c{i}") or wf.cell(*(p(t(line)) for line in text.split("\n") if line))
            for i, text in enumerate(texts, start=2)]  # fmt: skip
    return wf.row(first, wf.cell(p(t("Utdrag …"))), *(c for c in rest if c != "skip"))


def form(*body: str, sections: str | None = None) -> bytes:
    listed = sections or wf.form_sections(
        *((f"styrdok_1_{n}_p", "forbundsordning", f"{n} §") for n in range(1, 10))
    )
    props = ours("svarsmall", **{"styrdok.avsnitt": listed})
    return docx(*body, properties=props)


FORM_TOP = [
    heading("Svar på remiss: Revidering av förbundsordningen", 1),
    p(t("Remissinstans: Ydre kommun")),
    p(t("Dnr 2024/8 · sista svarsdag 9 maj 2024 · svaret skickas till registrator@itsam.example")),
    p(
        t(
            "Skriv i kolumnen Ställningstagande ett av orden tillstyrker, avstyrker, synpunkter "
            "eller ingen erinran."
        )
    ),  # fmt: skip
    heading("Förbundsordning (Dnr 2024/8)", 2),
]
FORM_BOTTOM = [
    heading("Allmänna synpunkter", 2),
    wf.table(1, wf.row(wf.cell(p(wf.bookmark(9100, "styrdok_allmant", t("")))))),
    heading("Uppgifter om svaret", 2),
    p(t("Beslutat av (organ och datum): ")),
    p(t("Kontaktperson (namn, e-post, telefon): ")),
]


def test_empty_form_asks_for_a_look() -> None:
    content = read(form(*FORM_TOP, wf.table(5, HEADER, form_row(2, "2 §")), *FORM_BOTTOM))
    assert content.kind == "svarsmall"
    assert (content.views, content.general, content.details) == ((), (), ())
    assert content.needs_manual_reading


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (("Tillstyrks.", "", ""), ("tillstyrker", "", "")),
        (("Ingen erinran.", "", ""), ("ingen erinran", "", "")),
        (("avstyrks", "Sätet bör ligga kvar.", "Förbundet har sitt säte i Kinda kommun."),
         ("avstyrker", "Sätet bör ligga kvar.", "Förbundet har sitt säte i Kinda kommun.")),
        (("Tillstyrker, men se kommentar", "Tidpunkten är oklar."),
         ("tillstyrker", "Tillstyrker, men se kommentar\nTidpunkten är oklar.", "")),
        (("Tillstyrker 2 § men avstyrker 3 §", ""),
         ("tillstyrker", "Tillstyrker 2 § men avstyrker 3 §", "")),
        (("", "Vi har inga synpunkter."), ("ingen erinran", "Vi har inga synpunkter.", "")),
        (("", "", "Ny lydelse."), (None, "", "Ny lydelse.")),
    ],
)  # fmt: skip
def test_form_row(answers: tuple[str, ...], expected: tuple[str | None, str, str]) -> None:
    content = read(form(*FORM_TOP, wf.table(5, HEADER, form_row(2, "2 §", *answers)), *FORM_BOTTOM))
    (view,) = content.views
    assert (view.document, view.section, view.source) == ("forbundsordning", "2 §", "svarsmall")
    assert (view.stance, view.comment, view.proposal) == expected
    assert (content.round_id, content.recipient_id, content.document) == ("r2024", "ydre", None)


def test_form_with_added_rows_merged_cells_and_text_outside() -> None:
    merged_right = wf.cell(p(t("Synpunkter: listan över medlemmar bör ligga i en bilaga.")), span=2)
    added = wf.row(
        wf.cell(p(t("§ 7"))), wf.cell(), wf.cell(p(t("Avstyrker"))),
        wf.cell(p(t("Sju ledamöter som i dag."))), wf.cell(),
    )  # fmt: skip
    unplaced = wf.row(
        wf.cell(p(t("Övrigt"))), wf.cell(), wf.cell(), wf.cell(p(t("Tack för arbetet."))), wf.cell()
    )
    body = [
        *FORM_TOP,
        wf.table(
            5,
            HEADER,
            form_row(2, "2 §", "Tillstyrks."),
            added,
            form_row(5, "5 §", "", c3=merged_right, c4="skip"),
            form_row(8, "8 §", c2=wf.cell(p(t("Ingen erinran.")), merge="restart")),
            form_row(9, "9 §", c2=wf.cell(merge="continue")),
            unplaced,
        ),
        p(t("Vi vill också påpeka att avsnitt 3 behöver förtydligas.")),
        p(t("Kommunstyrelsen avstyrker ändringen i 12 §.")),
        *FORM_BOTTOM[:1],
        wf.table(
            1,
            wf.row(
                wf.cell(
                    p(
                        wf.bookmark(
                            9100,
                            "styrdok_allmant",
                            t("Kommunen ställer sig i huvudsak bakom förslagen."),
                        )
                    )
                )
            ),
        ),  # fmt: skip
        *FORM_BOTTOM[2:3],
        p(t("Beslutat av (organ och datum): Kommunstyrelsen 2024-04-20 § 45")),
        p(t("Kontaktperson (namn, e-post, telefon): ")),
    ]
    content = read(form(*body))
    assert [(v.section, v.stance, v.comment, v.anchor) for v in content.views] == [
        ("2 §", "tillstyrker", "", ""),
        ("7 §", "avstyrker", "Sju ledamöter som i dag.", ""),
        ("5 §", "synpunkter", "Synpunkter: listan över medlemmar bör ligga i en bilaga.", ""),
        ("8 §", "ingen erinran", "", ""),
        ("9 §", "ingen erinran", "", ""),  # the stance cell merged over both rows
        ("", None, "Tack för arbetet.", "Övrigt"),
    ]
    assert {v.document for v in content.views} == {"forbundsordning"}
    assert content.general == (
        GeneralView(
            "Vi vill också påpeka att avsnitt 3 behöver förtydligas.\n"
            "Kommunstyrelsen avstyrker ändringen i 12 §.",
            ("3", "12 §"),
            ("avstyrker",),
            "svarsmall",
        ),
        GeneralView("Kommunen ställer sig i huvudsak bakom förslagen.", (), (), "svarsmall"),
    )
    assert content.details == (
        ("Beslutat av (organ och datum)", "Kommunstyrelsen 2024-04-20 § 45"),
    )


def test_form_tables_of_their_own() -> None:
    """A row merged across the whole width, a table without our header row, and a table
    the respondent made."""
    wide = wf.row(wf.cell(p(t("Generellt: en konsekvensanalys saknas.")), span=5))
    their_table = wf.table(
        2,
        wf.row(wf.cell(p(t("Kommun"))), wf.cell(p(t("Ställning")))),
        wf.row(wf.cell(p(t("Ydre"))), wf.cell(p(t("Tillstyrker")))),
    )
    merged_ours = form_row(3, "3 §").replace(
        wf.cell(p(t("Utdrag …"))) + wf.cell(), wf.cell(p(t("Utdrag …")), p(t("Avstyrks.")), span=2)
    )
    body = [
        *FORM_TOP,
        wf.table(5, HEADER, form_row(2, "2 §", "Tillstyrks"), wide, merged_ours),
        wf.table(5, form_row(4, "4 §", "Ingen erinran")),  # the header row deleted
        their_table,
        *FORM_BOTTOM,
    ]
    content = read(form(*body))
    assert [(v.section, v.stance, v.comment) for v in content.views] == [
        ("2 §", "tillstyrker", ""),
        ("", None, "Generellt: en konsekvensanalys saknas."),
        ("3 §", "avstyrker", "Utdrag …\nAvstyrks."),  # merged with our excerpt: kept whole
        ("4 §", "ingen erinran", ""),
    ]
    assert content.general == (
        GeneralView("Kommun\nStällning\nYdre\nTillstyrker", (), ("tillstyrker",), "svarsmall"),
    )


def test_added_column_is_read_as_comment() -> None:
    header = HEADER.replace("</w:tr>", wf.cell(p(t("Motivering"))) + "</w:tr>")
    row = form_row(2, "2 §", "Avstyrks").replace(
        "</w:tr>", wf.cell(p(t("Se yttrandet."))) + "</w:tr>"
    )
    (view,) = read(form(*FORM_TOP, wf.table(6, header, row), *FORM_BOTTOM)).views
    assert (view.stance, view.comment) == ("avstyrker", "Se yttrandet.")


def test_comment_in_the_form_belongs_to_the_row() -> None:
    row = form_row(3, "3 §", "Tillstyrks").replace("Utdrag …", "Utdrag")
    row = row.replace(t("Utdrag"), wf.start(0) + t("Utdrag") + wf.end(0))
    data = docx(
        *FORM_TOP, wf.table(5, HEADER, row), *FORM_BOTTOM,
        properties=ours("svarsmall", **{"styrdok.avsnitt": wf.form_sections(
            ("styrdok_1_3_p", "forbundsordning", "3 §"))}),
        parts={"comments.xml": wf.comments_part(wf.comment(0, THEM, DATE, "Gäller även 4 §."))},
    )  # fmt: skip
    views = read(data).views
    assert [(v.source, v.section, v.comment) for v in views] == [
        ("svarsmall", "3 §", ""),
        ("kommentar", "3 §", "Gäller även 4 §."),
    ]


def test_form_known_by_its_bookmarks_without_properties() -> None:
    data = docx(*FORM_TOP, wf.table(5, HEADER, form_row(2, "2 §", "Tillstyrks")), *FORM_BOTTOM)
    content = read(data, section_refs={"forbundsordning": ["2 §"]})
    assert content.kind == "svarsmall"
    assert [(v.document, v.section, v.stance) for v in content.views] == [
        ("", "2 §", "tillstyrker")
    ]


# --- Letters and PDFs ------------------------------------------------------------------------


def test_letter_is_a_general_view() -> None:
    data = docx(
        p(t("Ydre kommun")),
        heading("Yttrande över förslag till reviderad förbundsordning", 1),
        p(t("Vi avstyrker förslaget i 3 §.")),
        p(t("Ändringen i § 5 tillstyrks, liksom avsnitt 7 och kapitel 2.")),
    )
    content = read(data)
    assert (content.kind, content.round_id, content.views) == ("yttrande", None, ())
    assert content.general == (
        GeneralView(
            "Ydre kommun\nYttrande över förslag till reviderad förbundsordning\n"
            "Vi avstyrker förslaget i 3 §.\n"
            "Ändringen i § 5 tillstyrks, liksom avsnitt 7 och kapitel 2.",
            ("3 §", "5 §", "7", "2 kap."),
            ("avstyrker", "tillstyrker"),
            "yttrande",
        ),
    )
    assert not content.needs_manual_reading
    refs = {"forbundsordning": ["3 §", "5 §", "7 §"]}
    assert read(data, section_refs=refs).general[0].references == ("3 §", "5 §", "7 §", "2 kap.")


def test_comments_in_a_letter_have_no_section() -> None:
    data = docx(
        heading("3 § Yttrande", 1),
        p(wf.start(0), t("Vi tillstyrker."), wf.end(0)),
        parts={"comments.xml": wf.comments_part(wf.comment(0, THEM, DATE, "Stäm av med KS."))},
    )
    (view,) = read(data).views
    assert (view.document, view.section, view.anchor) == ("", "", "Vi tillstyrker.")


def test_letter_without_text_is_read_by_a_person() -> None:
    content = read(docx(p()))
    assert (content.kind, content.general, content.needs_manual_reading) == ("yttrande", (), True)


def test_pdf_with_text() -> None:
    data = wf.text_pdf(
        "Ödeshögs kommun\nYttrande\nVi avstyrker förslaget i 3 §.",
        "Ingen erinran mot kapitel 2.",
        info={"styrdok.omgang": "r2024", "styrdok.mottagare": "odeshog"},
    )
    content = read(data, "pdf")
    assert content == AnswerContent(
        kind="pdf",
        round_id="r2024",
        recipient_id="odeshog",
        document=None,
        views=(),
        general=(
            GeneralView(
                "Ödeshögs kommun\nYttrande\nVi avstyrker förslaget i 3 §.\n\n"
                "Ingen erinran mot kapitel 2.",
                ("3 §", "2 kap."),
                ("avstyrker", "ingen erinran"),
                "pdf",
            ),
        ),
        needs_manual_reading=False,
    )


def test_scanned_pdf_is_registered_for_manual_reading() -> None:
    content = read(wf.scanned_pdf(), "pdf")
    assert (content.kind, content.general, content.needs_manual_reading) == (
        "pdf utan text",
        (),
        True,
    )


def test_pdf_with_a_scanned_page_is_flagged() -> None:
    pages = wf.text_pdf("Vi tillstyrker.", "")
    content = read(pages, "pdf")
    assert (content.kind, len(content.general), content.needs_manual_reading) == ("pdf", 1, True)


@pytest.mark.parametrize(
    ("data", "kind", "ids"),
    [
        (docx(p(t("Hej")), properties=ours("svarsmall")), "docx", ("r2024", "ydre")),
        (docx(p(t("Hej"))), "docx", (None, None)),
        (wf.text_pdf("Hej", info={"styrdok.omgang": "r2024"}), "pdf", ("r2024", None)),
        (wf.scanned_pdf(), "pdf", (None, None)),
        (b"inte en fil", "docx", (None, None)),
    ],
)
def test_identify(data: bytes, kind: Kind, ids: tuple[str | None, str | None]) -> None:
    assert identify(data, kind) == ids


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind must be 'docx' or 'pdf', got 'odt'"):
        read_answer(b"", "odt", OUR_AUTHOR)  # type: ignore[arg-type]


# --- The record beside the original --------------------------------------------------------


def test_record_has_swedish_keys() -> None:
    content = AnswerContent(
        "dokument", "r2024", "ydre", "forbundsordning",
        (SectionView("forbundsordning", "3 §", "avstyrker", "Nej.", "", "kommentar", THEM,
              "2024-04-12T14:03:00", "gemensam IT-drift", ("Kansliet: Noterat.",)),),
        (GeneralView("Vi avstyrker 3 §.", ("3 §",), ("avstyrker",), "yttrande"),),
        False, (("Beslutat av", "KS"),),
    )  # fmt: skip
    assert to_data(content) == {
        "typ": "dokument",
        "omgång": "r2024",
        "mottagare": "ydre",
        "dokument": "forbundsordning",
        "avsnitt": [
            {
                "dokument": "forbundsordning",
                "avsnitt": "3 §",
                "ställningstagande": "avstyrker",
                "kommentar": "Nej.",
                "förslag till lydelse": "",
                "källa": "kommentar",
                "författare": THEM,
                "datum": "2024-04-12T14:03:00",
                "avser text": "gemensam IT-drift",
                "svar": ["Kansliet: Noterat."],
            }
        ],
        "allmänt": [
            {
                "text": "Vi avstyrker 3 §.",
                "hänvisningar": ["3 §"],
                "ställningstaganden": ["avstyrker"],
                "källa": "yttrande",
            }
        ],
        "manuell läsning": False,
        "uppgifter": [{"rubrik": "Beslutat av", "värde": "KS"}],
    }


def _contents(text: st.SearchStrategy[str]) -> st.SearchStrategy[AnswerContent]:
    stance = st.sampled_from([None, *Stance])
    texts = st.lists(text, max_size=2).map(tuple)
    views = st.builds(
        SectionView,
        document=text, section=text, stance=stance, comment=text, proposal=text,
        source=st.sampled_from(SECTION_SOURCES),
        author=text, date=text, anchor=text, replies=texts,
    )  # fmt: skip
    general = st.builds(
        GeneralView,
        text=text,
        references=texts,
        stances=st.lists(st.sampled_from(list(Stance)), max_size=2).map(tuple),
        source=st.sampled_from(GENERAL_SOURCES),
    )
    return st.builds(
        AnswerContent,
        kind=st.sampled_from(list(AnswerKind)),
        round_id=st.none() | text, recipient_id=st.none() | text, document=st.none() | text,
        views=st.lists(views, max_size=3).map(tuple),
        general=st.lists(general, max_size=2).map(tuple),
        needs_manual_reading=st.booleans(),
        details=st.lists(st.tuples(text, text), max_size=2).map(tuple),
    )  # fmt: skip


_YAMLISH = ["3.10", "2024-04-12T14:03:00", "ja", "no", "1", "~", "null", "- a", "a: b", ""]
# What Word text becomes in a record: letters, digits, punctuation, spaces and line breaks.
_WORD_TEXT = st.text(alphabet=st.sampled_from(list("aåÄö Ö§.:,;-–”\"'#{}[]&*!|>%@`\\\t\n09ZT€é")))


@given(_contents(st.text(max_size=20)))
def test_record_round_trip(content: AnswerContent) -> None:
    assert from_data(to_data(content)) == content


@settings(deadline=None, max_examples=50)
@given(content=_contents(_WORD_TEXT | st.sampled_from(_YAMLISH)))
def test_record_round_trip_through_yaml(
    tmp_path_factory: pytest.TempPathFactory, content: AnswerContent
) -> None:
    """As receive writes the record beside the original, and answers reads it back:
    "3.10", "2024-04-12T14:03:00" and "ja" stay text."""
    path = tmp_path_factory.mktemp("svar") / "01-svar.docx.yaml"
    write_mapping(path, to_data(content))
    assert from_data(read_mapping(path)) == content


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"typ": "pdf"}, "expected an answer record"),
        ({**to_data(AnswerContent("pdf", None, None, None, (), (), False)),
          "allmänt": [{"text": "x", "hänvisningar": [], "ställningstaganden": ["kanske"],
                       "källa": "pdf"}]}, "expected a stance"),
    ],
)  # fmt: skip
def test_broken_record(record: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        from_data(record)
