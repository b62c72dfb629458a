"""Section keys: every section of a comparison has one identity, chapter-qualified, in both
versions; records written before keys still find their section; and the change line as
the SFS register writes it."""

from __future__ import annotations

import json
import re

import pytest
from lxml import html as lxml_html

from styrdok.compare.changeline import change_line
from styrdok.compare.diff import DiffResult
from styrdok.compare.engine import compare
from styrdok.compare.keys import SectionIndex, assign_keys, section_key
from styrdok.render import html, markdown, term
from styrdok.render import json as render_json
from styrdok.text.markdown import parse
from tests.conftest import Repo, inline_diff

CHAPTERS_OLD = """# 1 kap. Allmänt

## 1 § Namn

Förbundets namn är Kapitelförbundet.

## 2 § Säte

Förbundet har sitt säte i Kinda kommun.

# 2 kap. Direktionen

## 1 § Sammansättning

Direktionen består av en ledamot från varje medlem.

## 2 § Mandattid

Mandattiden är fyra år.

## 3 § Ersättare

För varje ledamot finns en ersättare som väljs av medlemmens fullmäktige.

## 4 § Presidium

Direktionen väljer ordförande och vice ordförande bland ledamöterna.
"""
# 2 kap. 3 § Ersättare is repealed, 2 kap. 4 § Presidium becomes 2 kap. 3 §, and a new
# 2 kap. 4 § Arvoden takes the number Presidium had.
CHAPTERS_NEW = (
    CHAPTERS_OLD.replace(
        "## 3 § Ersättare\n\nFör varje ledamot finns en ersättare som väljs av medlemmens "
        "fullmäktige.\n\n## 4 § Presidium",
        "## 3 § Presidium",
    ).replace("Kinda kommun", "Linköpings kommun")
    + "\n## 4 § Arvoden\n\nArvoden beslutas av förbundsfullmäktige.\n"
)


def chapters() -> SectionIndex:
    return SectionIndex.of(compare(parse(CHAPTERS_OLD), parse(CHAPTERS_NEW)))


def test_each_section_has_a_key_naming_it_in_both_versions() -> None:
    comparison = compare(parse(CHAPTERS_OLD), parse(CHAPTERS_NEW))
    assert [(c.status, c.key) for c in comparison.changes] == [
        ("modified", "1 kap. 2 §"),
        ("removed", "2 kap. 3 § →"),
        ("renumbered", "2 kap. 4 § → 2 kap. 3 §"),
        ("added", "→ 2 kap. 4 §"),
    ]
    # the citations collide, the keys do not
    assert [c.ref for c in comparison.changes][1:] == ["2 kap. 3 §", "2 kap. 3 §", "2 kap. 4 §"]
    keys = [c.key for c in comparison.sections]
    assert len(set(keys)) == len(keys)
    assert compare(parse(CHAPTERS_OLD), parse(CHAPTERS_NEW)).sections == comparison.sections


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("1 kap. 2 §", "1 kap. 2 §", "1 kap. 2 §"),
        ("2 kap. 4 §", "2 kap. 3 §", "2 kap. 4 § → 2 kap. 3 §"),
        (None, "2 kap. 5 §", "→ 2 kap. 5 §"),
        ("2 kap. 3 §", None, "2 kap. 3 § →"),
        ("ingressen", "ingressen", "ingressen"),
    ],
)
def test_section_key(old: str | None, new: str | None, key: str) -> None:
    assert section_key(old, new) == key


def test_duplicate_keys_are_told_apart_in_reading_order() -> None:
    old = "# Avtal\n\n## Allmänt\n\nEtt.\n\n## Övrigt\n\nTvå.\n\n## Allmänt\n\nTre.\n"
    new = old.replace("Ett.", "Ett nytt.").replace("Tre.", "Tre nya.")
    comparison = compare(parse(old), parse(new))
    assert [c.key for c in comparison.changes] == ["Allmänt", "Allmänt (2)"]
    assert [c.key for c in assign_keys(comparison.sections)] == [c.key for c in comparison.sections]


@pytest.mark.parametrize(
    ("stored", "key"),
    [
        ("2 kap. 4 § → 2 kap. 3 §", "2 kap. 4 § → 2 kap. 3 §"),  # a key
        ("2 kap. 3 § →", "2 kap. 3 § →"),
        # written before keys: the citation in the new version first, else in the old
        ("2 kap. 3 §", "2 kap. 4 § → 2 kap. 3 §"),
        ("2 kap. 4 §", "→ 2 kap. 4 §"),
        ("1 kap. 2 §", "1 kap. 2 §"),
        ("1 kap. 1 §", "1 kap. 1 §"),  # unchanged, but a section of the document
        ("3 §", None),
        ("9 kap. 1 §", None),
    ],
)
def test_a_stored_value_is_read_as_a_key_else_as_a_citation(stored: str, key: str) -> None:
    assert chapters().stored(stored) == key


def test_a_stored_citation_of_a_repealed_section_only_is_found_in_the_old_version() -> None:
    old = "# F\n\n## 1 § Namn\n\nA.\n\n## 2 § Säte\n\nB.\n\n## 3 § Organ\n\nC.\n"
    new = "# F\n\n## 1 § Namn\n\nA.\n\n## 2 § Organ\n\nC.\n"
    index = SectionIndex.of(compare(parse(old), parse(new)))
    assert index.stored("3 §") == "3 § → 2 §"
    assert index.stored("2 §") == "3 § → 2 §"  # the new 2 § is Organ
    assert index.stored("2 § →") == "2 § →"


@pytest.mark.parametrize(
    ("ref", "side", "other", "key"),
    [
        ("2 kap. 3 §", "new", "2 kap. 4 §", "2 kap. 4 § → 2 kap. 3 §"),  # a renumbered heading
        ("2 kap. 3 §", "old", None, "2 kap. 3 § →"),  # a heading our redline repeals
        ("2 kap. 3 §", "new", None, "2 kap. 4 § → 2 kap. 3 §"),  # the proposal's heading
        ("2 kap. 4 §", "new", None, "→ 2 kap. 4 §"),
        ("2 kap. 4 §", "old", None, "2 kap. 4 § → 2 kap. 3 §"),
        ("3 §", "new", None, "2 kap. 4 § → 2 kap. 3 §"),  # only one chapter has a 3 §
        ("§ 3", "new", None, "2 kap. 4 § → 2 kap. 3 §"),
        ("3 §", "old", None, "2 kap. 3 § →"),
        ("7 §", "new", None, None),
    ],
)
def test_a_citation_read_in_an_answer_finds_its_key(
    ref: str, side: str, other: str | None, key: str | None
) -> None:
    index = chapters()
    assert index.cited(ref, side, other) == key  # type: ignore[arg-type]


def test_a_bare_number_two_chapters_share_is_not_guessed() -> None:
    assert chapters().cited("1 §") is None
    assert chapters().cited("2 §") is None


FLAT = """# Reglemente

## 1 kap. Direktionen

## 1 §

Direktionen består av sju ledamöter.

## 2 kap. Sammanträden

## 1 §

Direktionen sammanträder minst fyra gånger per år.

## Övrigt

Ett.

## Övrigt

Två.
"""


def _flat_index() -> SectionIndex:
    new = FLAT.replace("sju", "nio").replace("fyra", "sex").replace("Ett.", "Ett nu.")
    return SectionIndex.of(compare(parse(FLAT), parse(new.replace("Två.", "Två nu."))))


def test_a_paragraph_beside_a_chapter_heading_is_cited_with_that_chapter() -> None:
    # Chapter headings beside the paragraphs (both Heading 2, as Word documents often
    # have them): each 1 § is cited with the chapter above it in the text.
    index = _flat_index()
    changed = [t.key for t in index.targets if t.changed]
    assert changed == ["1 kap. 1 §", "2 kap. 1 §", "Övrigt", "Övrigt (2)"]
    assert index.cited("2 kap. 1 §") == "2 kap. 1 §"
    assert index.cited("1 kap. 1 §") == "1 kap. 1 §"
    assert index.cited("1 §") is None  # both chapters have one: not guessed


def test_keys_stored_before_chapters_beside_were_counted_find_their_section() -> None:
    # A form sent, or a record written, when both were cited 1 § (keys 1 § and 1 § (2)).
    index = _flat_index()
    assert index.stored("1 §") == "1 kap. 1 §"
    assert index.stored("1 § (2)") == "2 kap. 1 §"
    assert index.stored("Övrigt (2)") == "Övrigt (2)"


def test_a_citation_several_sections_share_is_tied_to_none_of_them() -> None:
    # Two headings Övrigt: an answer citing one is left for the kansli to place, not
    # tied to the first.
    index = _flat_index()
    assert index.cited("Övrigt") is None
    assert index.cited("Övrigt", "old", "Övrigt") is None
    assert index.stored("Övrigt (2)") == "Övrigt (2)"  # a key (a form row's) is still a key


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (CHAPTERS_OLD, CHAPTERS_NEW,
         "upph. 2 kap. 3 §; nuvarande 2 kap. 4 § betecknas 2 kap. 3 §; ändr. 1 kap. 2 §; "
         "ny 2 kap. 4 §"),
        (CHAPTERS_OLD, CHAPTERS_NEW.replace("bland ledamöterna", "bland de ordinarie ledamöterna"),
         "upph. 2 kap. 3 §; nuvarande 2 kap. 4 § betecknas 2 kap. 3 §; ändr. 1 kap. 2 §, "
         "den nya 2 kap. 3 §; ny 2 kap. 4 §"),
        ("# R\n\n## § 1 Uppgifter\n\nA.\n\n## § 2 Möten\n\nB.\n\n## § 3 Kallelse\n\nC.\n\n"
         "## § 4 Protokoll\n\nD.\n",
         "# R\n\n## § 1 Uppgifter\n\nA ändrad.\n\n## § 2 Distans\n\nNy.\n\n## § 3 Möten\n\n"
         "B.\n\n## § 4 Kallelse\n\nC ändrad.\n\n## § 5 Protokoll\n\nD ändrad.\n",
         "nuvarande §§ 2–4 betecknas §§ 3–5; ändr. § 1, de nya §§ 4, 5; ny § 2"),
    ],
    ids=["chapters", "renumbered-and-amended", "sign-first"],
)  # fmt: skip
def test_change_line_as_the_sfs_register_writes_it(old: str, new: str, line: str) -> None:
    assert change_line(compare(parse(old), parse(new))) == line


# --- Chapter context in every rendering of the comparison -------------------------------------


@pytest.fixture
def chapters_diff(repo: Repo) -> DiffResult:
    return inline_diff(repo, CHAPTERS_OLD, CHAPTERS_NEW)


def test_terminal_and_markdown_name_the_chapter(chapters_diff: DiffResult) -> None:
    text = term.render(chapters_diff)
    assert "── 2 kap. [-3 § Ersättare-] (upphävd)" in text
    assert "── 2 kap. [-4-]{+3+} § Presidium (ny numrering: 2 kap. 4 § → 2 kap. 3 §)" in text
    headings = re.findall(r"^## (.+)$", markdown.render(chapters_diff), re.MULTILINE)
    assert headings == [
        "1 kap. 2 § Säte (ändrad)",
        "2 kap. 3 § Ersättare (upphävd)",
        "2 kap. 3 § Presidium (ny numrering: 2 kap. 4 § → 2 kap. 3 §)",
        "2 kap. 4 § Arvoden (ny)",
    ]


def test_html_contents_are_grouped_by_chapter(chapters_diff: DiffResult) -> None:
    root = lxml_html.fromstring(html.render(chapters_diff))
    chapters = root.xpath("//nav/ol/li[@class='chapter']")
    assert [c.text.strip() for c in chapters] == ["1 kap. Allmänt", "2 kap. Direktionen"]
    assert [a.text_content() for a in chapters[1].xpath(".//a")] == [
        "2 kap. 3 § Ersättare",
        "2 kap. 3 § Presidium",
        "2 kap. 4 § Arvoden",
    ]
    ids = root.xpath("//section[@class='change']/@id")
    assert len(set(ids)) == len(ids) == 4
    assert (
        root.xpath("//section[@class='change']/h2")[2]
        .text_content()
        .startswith("2 kap. 43 § Presidium")
    )


def test_json_carries_the_key_and_the_chapter(chapters_diff: DiffResult) -> None:
    data = json.loads(render_json.render(chapters_diff.comparison))
    changed = [s for s in data["sections"] if s["status"] != "unchanged"]
    assert [(s["key"], s["chapter"]) for s in changed] == [
        ("1 kap. 2 §", "1 kap. Allmänt"),
        ("2 kap. 3 § →", "2 kap. Direktionen"),
        ("2 kap. 4 § → 2 kap. 3 §", "2 kap. Direktionen"),
        ("→ 2 kap. 4 §", "2 kap. Direktionen"),
    ]
