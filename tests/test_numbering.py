"""Section numbers in every heading style Swedish governance texts use."""

from __future__ import annotations

import pytest

from styrdok.text.numbering import SectionNumber, parse_heading


@pytest.mark.parametrize(
    ("heading", "kind", "value", "title"),
    [
        ("3 § Förbundets ändamål", "paragraf", "3", "Förbundets ändamål"),
        ("3 §", "paragraf", "3", ""),
        ("7 a § Inträde", "paragraf", "7 a", "Inträde"),
        ("7a § Inträde", "paragraf", "7 a", "Inträde"),
        ("§ 3 Ändamål", "paragraf", "3", "Ändamål"),
        ("§3 Ändamål", "paragraf", "3", "Ändamål"),
        ("§3.1 Ändamål", "paragraf", "3.1", "Ändamål"),
        ("§ 12 a Arvoden", "paragraf", "12 a", "Arvoden"),
        ("1 kap. Inledning", "kapitel", "1", "Inledning"),
        ("1 kap Inledning", "kapitel", "1", "Inledning"),
        ("Kapitel 1 Inledning", "kapitel", "1", "Inledning"),
        ("KAPITEL 2: Grunduppdrag", "kapitel", "2", "Grunduppdrag"),
        ("3 Förbundets ändamål", "avsnitt", "3", "Förbundets ändamål"),
        ("3. Förbundets ändamål", "avsnitt", "3", "Förbundets ändamål"),
        ("3.1 Syfte", "avsnitt", "3.1", "Syfte"),
        ("3.1.2 Detaljer", "avsnitt", "3.1.2", "Detaljer"),
        ("3.1.2", "avsnitt", "3.1.2", ""),
        ("Bilaga 1 Medlemmar och andelar", "bilaga", "1", "Medlemmar och andelar"),
        ("Bilaga A", "bilaga", "A", ""),
    ],
)
def test_numbered_headings(heading: str, kind: str, value: str, title: str) -> None:
    number, rest = parse_heading(heading)
    assert number == SectionNumber(kind, value)  # type: ignore[arg-type]
    assert rest == title


@pytest.mark.parametrize(
    "heading",
    ["Förbundsordning för Itsam", "Allmänt", "2024 års revision", "§§ och annat", ""],
)
def test_unnumbered_headings(heading: str) -> None:
    assert parse_heading(heading) == (None, heading)


@pytest.mark.parametrize(
    ("number", "label"),
    [
        (SectionNumber("paragraf", "3 a"), "3 a §"),
        (SectionNumber("kapitel", "2"), "2 kap."),
        (SectionNumber("avsnitt", "3.1"), "3.1"),
        (SectionNumber("bilaga", "1"), "bilaga 1"),
    ],
)
def test_labels(number: SectionNumber, label: str) -> None:
    assert number.label == label


def test_parts_and_letter() -> None:
    assert SectionNumber("avsnitt", "3.1.2").parts == (3, 1, 2)
    assert SectionNumber("paragraf", "7 a").letter == "a"
    assert SectionNumber("paragraf", "7").letter == ""
