"""Structure checks: duplicate and skipped numbers, and references to missing sections."""

from __future__ import annotations

import pytest

from styrdok.text.check import Problem, Reference, check_document, find_references
from styrdok.text.markdown import parse

# --- find_references ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Direktionen beslutar enligt 12 §.", ["12 §"]),
        ("Se 12§ och 7 a § samt 7b §.", ["12 §", "7 a §", "7 b §"]),
        ("Det framgår i 3 och 4 §§.", ["3 §", "4 §"]),
        ("Se 3, 4 och 6 §§.", ["3 §", "4 §", "6 §"]),
        ("Se 8–11 §§.", ["8 §", "9 §", "10 §", "11 §"]),
        ("Se 8-9 §§.", ["8 §", "9 §"]),
        ("Se 3 kap. 2 §.", ["3 kap. 2 §"]),
        ("Se 3 kap 2 och 4 §§.", ["3 kap. 2 §", "3 kap. 4 §"]),
        ("Se 2 a kap. 1 §.", ["2 a kap. 1 §"]),
        ("Bestämmelserna i 2 kap. gäller.", ["2 kap."]),
        ("Se 2 och 3 kap.", ["2 kap.", "3 kap."]),
        ("Se kapitel 2.", ["2 kap."]),
        ("Enligt § 12 ska", ["12 §"]),
        ("Enligt §12 och §§ 3–5", ["12 §", "3 §", "4 §", "5 §"]),
        ("Se § 4 och 5 kap. 2 §.", ["4 §", "5 kap. 2 §"]),
        ("Se punkt 3.2.", ["avsnitt 3.2"]),
        ("Se punkterna 3.1–3.3.", ["avsnitt 3.1", "avsnitt 3.2", "avsnitt 3.3"]),
        ("Se avsnitt 3.2 och avsnitt 4.", ["avsnitt 3.2", "avsnitt 4"]),
        ("Medlemmarna anges i bilaga 2.", ["bilaga 2"]),
        ("Se Bilaga A.", ["bilaga A"]),
        # not a reference
        ("Se punkt 3 i listan.", []),
        ("Beslutad den 9 maj 2024, Dnr 2024/8.", []),
        ("Direktionen har 5 ledamöter och 5 ersättare.", []),
        ("Lagen (2017:725) gäller.", []),
    ],
)
def test_find_references(text: str, labels: list[str]) -> None:
    assert [ref.label for ref in find_references(text)] == labels


@pytest.mark.parametrize(
    "text",
    [
        "enligt 9 kap. 6 § kommunallagen (2017:725)",
        "enligt 5 kap. 40 § KL",
        "enligt 2 kap. 12 § offentlighets- och sekretesslagen",
        "enligt 6 § första stycket 3 förvaltningslagen",
        "9 kap. 6 § och 5 kap. 40 § kommunallagen",
        "enligt kommunallagens 9 kap. 6 §",
        "enligt KL 9 kap. 18 §",
        "enligt 3 § lagen (1930:173) om beräkning av lagstadgad tid",
        "enligt 29 § förvaltningslagen",
        "enligt 3 § OSL",
        "enligt 10 § FL",
        "enligt 4 § SFS 2017:725",
        "enligt 2 kap. 1 § regeringsformen",
        "enligt 5 § i Itsam-avtalet",
        "enligt 8 § förbundsordningen",
        "beslut i direktionen 2024-03-05 § 12",
    ],
)
def test_references_to_other_acts_are_left_out(text: str) -> None:
    assert find_references(text) == []
    assert [ref.external for ref in find_references(text, include_external=True)] != []


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Enligt 12 § gäller kommunallagen.", ["12 §"]),  # the act is not what 12 § cites
        ("Kommunallagen gäller. Se också 3 §.", ["3 §"]),  # another sentence
        ("Enligt förslagen i 3 § ska", ["3 §"]),  # förslagen is not an act
        ("Se 4 § i denna förbundsordning.", ["4 §"]),
    ],
)
def test_references_near_an_act_are_kept(text: str, labels: list[str]) -> None:
    assert [ref.label for ref in find_references(text)] == labels


def test_a_reference_has_kind_number_chapter_and_span() -> None:
    text = "Se 3 kap. 2 och 4 §§ samt bilaga 1."
    first, second, appendix = find_references(text)
    assert first == Reference("paragraf", "2", "3", (3, 20), "3 kap. 2 och 4 §§")
    assert second.number == "4" and second.chapter == "3"
    assert text[slice(*appendix.span)] == "bilaga 1"
    assert (appendix.kind, appendix.number, appendix.chapter) == ("bilaga", "1", None)


def test_problem_is_one_swedish_line() -> None:
    assert str(Problem("broken-reference", "5 §", "hänvisning till 12 § som inte finns")) == (
        "5 §: hänvisning till 12 § som inte finns"
    )
    assert str(Problem("duplicate", "", "nummer 7 § förekommer två gånger")) == (
        "nummer 7 § förekommer två gånger"
    )


# --- check_document -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "problems"),
    [
        # clean documents in each numbering style
        ("# Förbundsordning\n\n## 1 § Namn\n\nSe 2 §.\n\n## 2 § Säte\n\nSe 1 §.\n", []),
        ("## § 1 Namn\n\nSe § 2.\n\n## § 2 Säte\n", []),
        ("## 1 kap.\n\n### 1 §\n\n### 2 §\n\nSe 2 kap. 1 §.\n\n## 2 kap.\n\n### 1 §\n", []),
        ("## 3 Ekonomi\n\n### 3.1 Budget\n\nSe punkt 3.2.\n\n### 3.2 Revision\n", []),
        ("## 1 Namn\n\nSe avsnitt 2 och 2 §.\n\n## 2 Säte\n", []),
        ("## 7 §\n\n## 7 a §\n\n## 8 §\n\nSe 7 a §.\n", []),  # an inserted paragraph
        ("## 1 §\n\nSe bilaga 1.\n\n# Bilaga 1 Medlemmar\n", []),
        ("## 1 §\n\nSe bilaga 2.\n", []),  # no appendix in this file: not checked
        # paragraphs restart per chapter, also with chapters and paragraphs on one level
        ("## 1 kap.\n\n## 1 §\n\n## 2 §\n\n## 2 kap.\n\n## 1 §\n\nSe 1 §.\n", []),
        # paragraphs numbered through the chapters
        ("## 1 kap.\n\n### 1 §\n\n### 2 §\n\n## 2 kap.\n\n### 3 §\n\nSe 1 §.\n", []),
        # duplicates
        ("## 6 §\n\n## 7 §\n\n## 7 §\n", ["nummer 7 § förekommer två gånger"]),
        ("## § 1\n\n## § 1\n\n## § 1\n", ["nummer 1 § förekommer tre gånger"]),
        (
            "## 1 kap.\n\n### 1 §\n\n## 2 kap.\n\n### 3 §\n\n### 3 §\n",
            ["2 kap.: nummer 3 § förekommer två gånger"],
        ),
        ("# Bilaga 1\n\n# Bilaga 1\n", ["bilaga 1 förekommer två gånger"]),
        # skipped numbers
        ("## 3 §\n\n## 5 §\n", ["numreringen hoppar från 3 § till 5 §"]),
        ("## 7 §\n\n## 7 a §\n\n## 9 §\n", ["numreringen hoppar från 7 a § till 9 §"]),
        (
            "## 3 Ekonomi\n\n### 3.1\n\n### 3.2\n\n### 3.4\n\n## 4 Revision\n",
            ["numreringen hoppar från 3.2 till 3.4"],
        ),
        ("## 3\n\n## 3.1\n\n## 3.2\n\n## 3.4\n\n## 4\n", ["numreringen hoppar från 3.2 till 3.4"]),
        ("## 1 kap.\n\n## 3 kap.\n", ["numreringen hoppar från 1 kap. till 3 kap."]),
        (
            "## 1 kap.\n\n### 1 §\n\n### 3 §\n",
            ["1 kap.: numreringen hoppar från 1 § till 3 §"],
        ),
        # references to missing sections
        ("## 1 § Namn\n\nText enligt 3 §.\n", ["1 §: hänvisning till 3 § som inte finns"]),
        ("## § 1\n\nSe § 4.\n\n## § 2\n", ["1 §: hänvisning till 4 § som inte finns"]),
        ("Inledning enligt 9 §.\n\n## 1 §\n", ["ingressen: hänvisning till 9 § som inte finns"]),
        (
            "## 1 §\n\nSe 1–3 §§.\n\n## 2 §\n",
            ["1 §: hänvisning till 3 § som inte finns"],
        ),
        (
            "## 1 §\n\nSe 5 §. Enligt 5 § ska\n",
            ["1 §: hänvisning till 5 § som inte finns"],  # reported once per section
        ),
        (
            "## 1 kap.\n\n### 1 §\n\nSe 3 kap. 2 § och 2 kap.\n\n## 3 kap.\n\n### 1 §\n",
            [
                "numreringen hoppar från 1 kap. till 3 kap.",
                "1 kap. 1 §: hänvisning till 3 kap. 2 § som inte finns",
                "1 kap. 1 §: hänvisning till 2 kap. som inte finns",
            ],
        ),
        (  # a bare paragraph number cites the chapter it stands in
            "## 1 kap.\n\n### 1 §\n\n### 2 §\n\n## 2 kap.\n\n### 1 §\n\nSe 2 §.\n",
            ["2 kap. 1 §: hänvisning till 2 § som inte finns"],
        ),
        (
            "## 1 kap.\n\n## 1 §\n\n## 2 §\n\n## 2 kap.\n\n## 1 §\n\nSe 2 §.\n",
            ["2 kap. 1 §: hänvisning till 2 § som inte finns"],
        ),
        (
            "## 3 Ekonomi\n\n### 3.1 Budget\n\nSe punkt 3.3 och avsnitt 5.\n\n### 3.2\n",
            [
                "3.1: hänvisning till avsnitt 3.3 som inte finns",
                "3.1: hänvisning till avsnitt 5 som inte finns",
            ],
        ),
        ("## 1 Namn\n\nSe 4 §.\n\n## 2 Säte\n", ["1: hänvisning till 4 § som inte finns"]),
        (
            "## 1 §\n\nSe bilaga 2.\n\n# Bilaga 1 Medlemmar\n",
            ["1 §: hänvisning till bilaga 2 som inte finns"],
        ),
        # references to other acts are not checked
        (
            "## 1 §\n\nFörbundsordningen ska ange det som 9 kap. 6 § kommunallagen (2017:725)"
            " kräver, och 5 kap. 40 § KL gäller. Sekretess enligt 2 kap. 12 § offentlighets-"
            " och sekretesslagen.\n",
            [],
        ),
    ],
)
def test_check_document(markdown: str, problems: list[str]) -> None:
    assert [str(p) for p in check_document(parse(markdown))] == problems


RENUMBERED = """\
# Direktionens reglemente

## 1 § Sammanträden

Kallelse skickas enligt 3 §.

## 2 § Ordförande

## 3 § Kallelse

Ersättare kallas enligt 4 och 5 §§.

## 3 § Ersättare

## 5 § Jäv

Protokoll justeras enligt 7 § och förs enligt 5 kap. 69 § kommunallagen.

## 6 § Protokoll
"""


def test_typical_breakage_after_renumbering() -> None:
    # An inserted 3 § that did not renumber the rest, a stale reference to 7 §.
    problems = check_document(parse(RENUMBERED))
    assert [str(p) for p in problems] == [
        "nummer 3 § förekommer två gånger",
        "numreringen hoppar från 3 § till 5 §",
        "3 §: hänvisning till 4 § som inte finns",
        "5 §: hänvisning till 7 § som inte finns",
    ]
    assert [p.kind for p in problems] == [
        "duplicate",
        "skipped",
        "broken-reference",
        "broken-reference",
    ]
    assert problems[2].section == "3 §"
