"""KL 9 kap. 6 §: the 18 points a förbundsordning must state, found in the embedded one;
each one removed in turn is named, and nothing else."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from click.testing import Result

from styrdok.text.check import check_document
from styrdok.text.kl import POINTS, missing_points
from styrdok.text.markdown import parse, render
from styrdok.text.model import Document, Section, section_ref
from tests.conftest import PROJECT

if TYPE_CHECKING:  # the fixture's class; only for annotations
    from tests.conftest import Repo

EMBEDDED = (PROJECT / "docs" / "forbundsordning.md").read_text(encoding="utf-8")

# Where each point stands in the embedded förbundsordning: a whole section, or the
# sentences that carry it in a section shared with another point.
WHERE: dict[int, list[tuple[str, str | None]]] = {
    1: [("1 §", None)],
    2: [("6 §", None)],
    3: [("7 §", None), ("8 §", None)],
    4: [
        ("10 §", "Förbundet ska ha tre revisorer."),
        ("10 §", "Revisorerna väljs för fyra år räknat från och med den 1 januari året efter "
         "det år då val av fullmäktige har ägt rum i hela landet."),
    ],
    5: [("10 §", "Revisorerna väljs av fullmäktige i den medlemskommun där förbundet har sitt "
         "säte, efter samråd med övriga medlemmar.")],
    6: [("11 §", None)],
    7: [("12 §", None)],
    8: [("13 §", None)],
    9: [("14 §", None)],
    10: [("15 §", None)],
    11: [("16 §", None), ("17 §", None)],
    12: [("18 §", None)],
    13: [("19 §", None)],
    14: [("21 §", None)],
    15: [("24 §", None)],
    16: [("25 §", None)],
    17: [("27 §", None)],
    18: [("26 §", None)],
}  # fmt: skip


def without(doc: Document, places: list[tuple[str, str | None]]) -> Document:
    """Return ``doc`` with the sections removed, or the sentences cut out of them."""
    whole = {ref for ref, sentence in places if sentence is None}
    cuts = {(ref, sentence) for ref, sentence in places if sentence is not None}

    def keep(sections: list[Section], parents: tuple[Section, ...]) -> list[Section]:
        out = []
        for s in sections:
            ref = section_ref(s, parents)
            if ref in whole:
                continue
            blocks = []
            for b in s.blocks:
                text = b.text
                for where, sentence in cuts:
                    if where == ref:
                        assert sentence is not None
                        text = text.replace(sentence, "").strip()
                if text:
                    blocks.append(dataclasses.replace(b, text=" ".join(text.split())))
            children = keep(s.children, (*parents, s))
            out.append(Section(s.heading, blocks, children))
        return out

    return Document(doc.meta, list(doc.preamble), keep(doc.sections, ()))


def test_the_embedded_forbundsordning_states_every_point() -> None:
    assert missing_points(parse(EMBEDDED)) == []


def test_every_point_has_a_place_in_the_embedded_forbundsordning() -> None:
    assert sorted(WHERE) == [p.number for p in POINTS] == list(range(1, 19))


@pytest.mark.parametrize("number", sorted(WHERE))
def test_each_point_removed_is_named_exactly(number: int) -> None:
    doc = without(parse(EMBEDDED), WHERE[number])
    assert render(doc) != render(parse(EMBEDDED))
    assert [f.point for f in missing_points(doc)] == [number]


def test_a_point_with_parts_names_the_part_missing() -> None:
    doc = without(parse(EMBEDDED), [("2 §", None)])
    assert [str(f) for f in missing_points(doc)] == [
        "hittar inte 9 kap. 6 § punkt 1: förbundets namn, säte, medlemmar och ändamål "
        "(saknas: säte)"
    ]


def _embedded_without_notice_board() -> str:
    doc = without(parse(EMBEDDED), WHERE[10])
    return render(doc)


def test_check_names_the_missing_point_and_fails(repo: Repo, cli: Callable[..., Result]) -> None:
    repo.doc("forbundsordning", _embedded_without_notice_board(), "Förbundsordning")
    result = cli("check", "forbundsordning")
    assert result.exit_code == 1
    kl = [line for line in result.stdout.splitlines() if "9 kap. 6 §" in line]
    assert kl == [
        "docs/forbundsordning.md: hittar inte 9 kap. 6 § punkt 10: förbundets anslagstavla"
    ]


def _marked(text: str, mark: str) -> str:
    return text.replace("---\n\n#", f"{mark}\n---\n\n#", 1)


def test_an_unusually_worded_clause_is_marked_in_the_front_matter(
    repo: Repo, cli: Callable[..., Result]
) -> None:
    # "Kungörelser" instead of "Anslagstavla": the check does not recognise it ...
    text = _embedded_without_notice_board().replace(
        "## 16 § Andel",
        "## 15 § Kungörelser\n\nTillkännagivanden publiceras på itsam.example.\n\n## 16 § Andel",
    )
    assert [f.point for f in missing_points(parse(text))] == [10]
    # ... until the front matter says where point 10 is regulated.
    marked = _marked(text, "kommunallagen 9 kap. 6 §:\n  10: 15 §")
    assert missing_points(parse(marked)) == []
    repo.doc("forbundsordning", marked, "Förbundsordning")
    result = cli("check", "forbundsordning")
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_mark_must_name_a_section_that_exists() -> None:
    marked = _marked(_embedded_without_notice_board(), "kommunallagen 9 kap. 6 §:\n  10: 15 §")
    assert [str(f) for f in missing_points(parse(marked))] == [
        "9 kap. 6 § punkt 10: förbundets anslagstavla är märkt med 15 §, som inte finns i "
        "dokumentet"
    ]
    wrong = _marked(EMBEDDED, "kommunallagen 9 kap. 6 §:\n  19: 15 §")
    assert [str(f) for f in missing_points(parse(wrong))] == [
        "'kommunallagen 9 kap. 6 §': punkt 19 finns inte (punkt 1–18)"
    ]


def test_only_a_document_of_type_forbundsordning_is_checked_for_the_points() -> None:
    reglemente = EMBEDDED.replace("typ: förbundsordning", "typ: reglemente")
    doc = without(parse(reglemente), WHERE[10])
    assert [p for p in check_document(doc) if p.kind == "kl-point"] == []
    kinds = [p.kind for p in check_document(without(parse(EMBEDDED), WHERE[10]))]
    assert kinds == ["skipped", "kl-point"]  # 14 § is followed by 16 §


def test_the_help_explains_how_points_are_recognised(cli: Callable[..., Result]) -> None:
    text = cli("check", "--help").stdout
    assert "9 kap. 6 § kommunallagen" in text
    assert "kommunallagen 9 kap. 6 §:" in text and "10: 15 §" in text


def test_the_helper_cuts_only_what_it_names() -> None:
    assert render(without(parse(EMBEDDED), [])) == render(parse(EMBEDDED))


def test_a_mark_may_name_a_paragraph_beside_its_chapter_heading_with_or_without_it() -> None:
    # Chapter and paragraph headings on one level: the comparison cites the paragraph
    # "2 kap. 1 §"; a mark written so, or as before without the chapter, finds it.
    text = _embedded_without_notice_board().replace(
        "## 16 § Andel",
        "## 2 kap. Kungörelser\n\n## 1 § Tillkännagivanden\n\nTillkännagivanden publiceras "
        "på itsam.example.\n\n## 16 § Andel",
    )
    for mark in ("2 kap. 1 §", "1 §"):
        marked = _marked(text, f"kommunallagen 9 kap. 6 §:\n  10: {mark}")
        assert missing_points(parse(marked)) == [], mark
