"""The compare engine: section alignment, word operations and the change line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styrdok.compare.changeline import change_line
from styrdok.compare.engine import Comparison, compare
from styrdok.compare.worddiff import Op, apply, word_diff
from styrdok.text.markdown import parse


def doc(*sections: tuple[str, str]) -> str:
    return "# Förbundsordning\n\n" + "".join(f"## {h}\n\n{body}\n\n" for h, body in sections)


NAMN = ("1 § Namn", "Förbundets namn är Itsam kommunalförbund.")
SATE = ("2 § Säte", "Förbundet har sitt säte i Kinda kommun.")
ANDAMAL = ("3 § Ändamål", "Förbundet ska svara för gemensam IT-verksamhet åt medlemmarna.")
ORGAN = ("4 § Organ", "Direktionen är förbundets beslutande organ och styrelse.")
REVISION = ("5 § Revision", "Revisorerna granskar verksamheten varje år enligt kommunallagen.")
ARVODEN = ("6 § Arvoden", "Direktionen beslutar om arvoden till förtroendevalda i förbundet.")


def run(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> Comparison:
    return compare(parse(doc(*old)), parse(doc(*new)))


def statuses(c: Comparison) -> list[tuple[str, str | None, str | None]]:
    return [
        (s.status, s.old.ref if s.old else None, s.new.ref if s.new else None)
        for s in c.sections
        if s.status != "unchanged"
    ]


BASE = [NAMN, SATE, ANDAMAL, ORGAN, REVISION, ARVODEN]
NY = ("4 § Breddad verksamhet", "Medlemmarna kan uppdra åt förbundet att sköta annan verksamhet.")


def renumber(section: tuple[str, str], number: int) -> tuple[str, str]:
    heading, body = section
    return (f"{number} §{heading.split('§', 1)[1]}", body)


@pytest.mark.parametrize(
    ("new", "expected", "line"),
    [
        (BASE, [], "inga ändringar"),
        (
            [NAMN, ("2 § Säte", "Förbundet har sitt säte i Åtvidabergs kommun."), *BASE[2:]],
            [("modified", "2 §", "2 §")],
            "ändr. 2 §",
        ),
        (
            [
                NAMN,
                SATE,
                ANDAMAL,
                NY,
                *(renumber(s, n) for s, n in zip(BASE[3:], (5, 6, 7), strict=True)),
            ],
            [
                ("added", None, "4 §"),
                ("renumbered", "4 §", "5 §"),
                ("renumbered", "5 §", "6 §"),
                ("renumbered", "6 §", "7 §"),
            ],
            "nuvarande 4–6 §§ betecknas 5–7 §§; ny 4 §",
        ),
        (
            [NAMN, SATE, ANDAMAL, renumber(REVISION, 4), renumber(ARVODEN, 5)],
            [("removed", "4 §", None), ("renumbered", "5 §", "4 §"), ("renumbered", "6 §", "5 §")],
            "upph. 4 §; nuvarande 5, 6 §§ betecknas 4, 5 §§",
        ),
        (
            [
                NAMN,
                SATE,
                renumber(ARVODEN, 3),
                renumber(ANDAMAL, 4),
                renumber(ORGAN, 5),
                renumber(REVISION, 6),
            ],
            [
                ("moved", "6 §", "3 §"),
                ("renumbered", "3 §", "4 §"),
                ("renumbered", "4 §", "5 §"),
                ("renumbered", "5 §", "6 §"),
            ],
            "nuvarande 3–5 §§ betecknas 4–6 §§, nuvarande 6 § betecknas 3 §",
        ),
    ],
    ids=["same", "modified", "inserted", "removed", "moved"],
)
def test_alignment(
    new: list[tuple[str, str]], expected: list[tuple[str, str | None, str | None]], line: str
) -> None:
    comparison = run(BASE, new)
    assert statuses(comparison) == expected
    assert change_line(comparison) == line


def test_renumbered_and_changed_section_is_amended_under_its_new_number() -> None:
    changed = ("5 § Organ", "Direktionen är förbundets enda beslutande organ och styrelse.")
    comparison = run([NAMN, SATE, ANDAMAL, ORGAN], [NAMN, SATE, ANDAMAL, NY, changed])
    assert statuses(comparison) == [("added", None, "4 §"), ("renumbered", "4 §", "5 §")]
    assert change_line(comparison) == "nuvarande 4 § betecknas 5 §; ändr. den nya 5 §; ny 4 §"


def test_rewritten_section_keeping_its_number_is_modified_not_replaced() -> None:
    rewritten = ("3 § Ändamål", "Förbundet ska ta tillvara medlemskommunernas möjligheter.")
    comparison = run(BASE, [NAMN, SATE, rewritten, *BASE[3:]])
    assert statuses(comparison) == [("modified", "3 §", "3 §")]


def test_split_section_is_reported_as_split() -> None:
    long = (
        "3 § Ändamål",
        "Förbundet ska svara för gemensam IT-verksamhet åt medlemmarna.\n\n"
        "Medlemmarna kan uppdra åt förbundet att sköta annan verksamhet som knyter an.",
    )
    first = ("3 § Ändamål", "Förbundet ska svara för gemensam IT-verksamhet åt medlemmarna.")
    second = (
        "4 § Annan verksamhet",
        "Medlemmarna kan uppdra åt förbundet att sköta annan verksamhet som knyter an.",
    )
    comparison = run([NAMN, long], [NAMN, first, second])
    added = [s for s in comparison.sections if s.status == "added"]
    assert [s.split_from for s in added] == ["3 §"]


def test_merged_section_is_reported_as_merged() -> None:
    merged = (
        "4 § Organ",
        "Direktionen är förbundets beslutande organ och styrelse. "
        "Revisorerna granskar verksamheten varje år enligt kommunallagen.",
    )
    comparison = run([NAMN, ORGAN, REVISION], [NAMN, merged])
    removed = [s for s in comparison.sections if s.status == "removed"]
    assert [s.merged_into for s in removed] == ["4 §"]


def test_chapters_cite_paragraphs_within_them() -> None:
    old = "# Avtal\n\n## 2 kap. Ekonomi\n\n### 1 § Avgifter\n\nAvgifter tas ut årsvis.\n"
    new = "# Avtal\n\n## 2 kap. Ekonomi\n\n### 1 § Avgifter\n\nAvgifter tas ut kvartalsvis.\n"
    assert change_line(compare(parse(old), parse(new))) == "ändr. 2 kap. 1 §"


def test_decimal_sections_and_unnumbered_headings() -> None:
    old = "# Avtal\n\n## Inledning\n\nDetta avtal.\n\n## 3.1 Syfte\n\nSyftet är gott.\n"
    new = "# Avtal\n\n## Inledning\n\nDetta nya avtal.\n\n## 3.1 Syfte\n\nSyftet är bättre.\n"
    assert change_line(compare(parse(old), parse(new))) == "ändr. ”Inledning”, avsn. 3.1"


def test_words_inside_a_paragraph() -> None:
    changed = ("2 § Säte", "Förbundet har sitt säte i Åtvidabergs kommun.")
    comparison = run(BASE, [NAMN, changed, *BASE[2:]])
    (section,) = comparison.changes
    (block,) = section.blocks
    assert block.ops == (
        Op("equal", "Förbundet har sitt säte i "),
        Op("delete", "Kinda"),
        Op("insert", "Åtvidabergs"),
        Op("equal", " kommun."),
    )


def test_block_changes_pair_similar_paragraphs_and_list_items() -> None:
    old = "# T\n\n## 1 § A\n\nFörsta stycket är här.\n\n- Boxholm\n- Kinda\n- Ydre\n"
    new = "# T\n\n## 1 § A\n\nFörsta stycket är kvar här.\n\n- Boxholm\n- Ydre\n- Ödeshög\n"
    (section,) = compare(parse(old), parse(new)).changes
    assert [(b.status, (b.old or b.new).text) for b in section.blocks] == [  # type: ignore[union-attr]
        ("modified", "Första stycket är här."),
        ("unchanged", "Boxholm"),
        ("removed", "Kinda"),
        ("unchanged", "Ydre"),
        ("added", "Ödeshög"),
    ]


def test_whitespace_variants_compare_equal() -> None:
    old = "# T\n\n## 1 § A\n\nEnligt 3\u00a0§ gäller\nsamma text.\n"
    new = "# T\n\n## 1 § A\n\nEnligt 3 § gäller samma text.\n"
    assert compare(parse(old), parse(new)).changes == []


# --- properties ---------------------------------------------------------------------

_WORD = st.sampled_from(
    "förbundet ska medlemmarna direktionen § 3 kap och i enligt , . ( ) Kinda Ödeshög".split()
)
_SENTENCE = st.lists(_WORD, min_size=0, max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_SENTENCE, _SENTENCE)
def test_word_ops_rebuild_both_sides(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert apply(ops, "old") == old
    assert apply(ops, "new") == new
    assert all(op.text for op in ops)


@st.composite
def edited_documents(draw: st.DrawFn) -> tuple[str, str]:
    count = draw(st.integers(1, 8))
    bodies = [draw(_SENTENCE.filter(bool)) for _ in range(count)]
    old = [(f"{i + 1} § Rubrik {i + 1}", body) for i, body in enumerate(bodies)]
    new = list(old)
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["edit", "insert", "delete"]))
        if action == "edit" and new:
            k = draw(st.integers(0, len(new) - 1))
            new[k] = (new[k][0], draw(_SENTENCE.filter(bool)))
        elif action == "insert":
            k = draw(st.integers(0, len(new)))
            new.insert(k, ("Ny rubrik", draw(_SENTENCE.filter(bool))))
        elif new:
            del new[draw(st.integers(0, len(new) - 1))]
    return doc(*old), doc(*new)


@settings(max_examples=200, deadline=None)
@given(edited_documents())
def test_every_section_and_block_is_accounted_for(pair: tuple[str, str]) -> None:
    old, new = parse(pair[0]), parse(pair[1])
    comparison = compare(old, new)
    old_texts = [b.text for s, _ in old.walk() for b in s.blocks]
    new_texts = [b.text for s, _ in new.walk() for b in s.blocks]
    seen_old = [apply(b.ops, "old") for s in comparison.sections for b in s.blocks if b.old]
    seen_new = [apply(b.ops, "new") for s in comparison.sections for b in s.blocks if b.new]
    assert sorted(seen_old) == sorted(old_texts)
    assert [
        apply(b.ops, "new")
        for s in comparison.sections
        if s.new is not None
        for b in s.blocks
        if b.new
    ] == new_texts
    assert sorted(seen_new) == sorted(new_texts)
