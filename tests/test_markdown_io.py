"""Markdown → model → Markdown: the parser, the writer and their round trip."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styrdok.core.errors import FrontMatterError
from styrdok.text.markdown import normalise, parse, render
from styrdok.text.model import Block, Document, Heading, Metadata, Section


def blocks_of(text: str) -> list[tuple[str, str, int]]:
    doc = parse(text)
    blocks = doc.preamble + [b for s, _ in doc.walk() for b in s.blocks]
    return [(b.kind, b.text, b.depth) for b in blocks]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("En rad\nsom fortsätter.\n", [("paragraph", "En rad som fortsätter.", 0)]),
        ("Ett.\n\nTvå.\n", [("paragraph", "Ett.", 0), ("paragraph", "Två.", 0)]),
        ("- a\n- b\n", [("bullet", "a", 0), ("bullet", "b", 0)]),
        ("* a\n+ b\n", [("bullet", "a", 0), ("bullet", "b", 0)]),
        ("1. a\n2. b\n", [("ordered", "a", 0), ("ordered", "b", 0)]),
        ("1) a\n", [("ordered", "a", 0)]),
        (
            "- a\n  - b\n    - c\n- d\n",
            [("bullet", "a", 0), ("bullet", "b", 1), ("bullet", "c", 2), ("bullet", "d", 0)],
        ),
        (
            "1. lång punkt\n   som fortsätter\n2. nästa\n",
            [("ordered", "lång punkt som fortsätter", 0), ("ordered", "nästa", 0)],
        ),
        ("Text:\n- a\n", [("paragraph", "Text:", 0), ("bullet", "a", 0)]),
        (
            "Text som nämner\n2. inte en lista\n",
            [("paragraph", "Text som nämner 2. inte en lista", 0)],
        ),
        ("- a\n\nEfter listan.\n", [("bullet", "a", 0), ("paragraph", "Efter listan.", 0)]),
        ("3\u00a0§ gäller\u00ad ock\u00adså.\n", [("paragraph", "3 § gäller också.", 0)]),
        ("\\- inte en punkt\n", [("paragraph", "- inte en punkt", 0)]),
        ("1\\. inte numrerad\n", [("paragraph", "1. inte numrerad", 0)]),
    ],
)
def test_blocks(text: str, expected: list[tuple[str, str, int]]) -> None:
    assert blocks_of(text) == expected


def test_headings_make_a_tree() -> None:
    doc = parse(
        "# Avtal\n\nInledning.\n\n## 1 kap. Allmänt\n\n### 1.1 Syfte\n\nText.\n\n"
        "### 1.2 Parter\n\n## 2 kap. Grunduppdrag\n"
    )
    (top,) = doc.sections
    assert top.heading == Heading(1, "Avtal")
    assert [c.heading.text for c in top.children] == ["1 kap. Allmänt", "2 kap. Grunduppdrag"]
    assert [c.heading.text for c in top.children[0].children] == ["1.1 Syfte", "1.2 Parter"]
    assert doc.display_title == "Avtal"


def test_setext_and_closing_hashes() -> None:
    doc = parse("Titel\n=====\n\nUnder\n-----\n\n## 3 § Ändamål ##\n")
    assert [(s.heading.level, s.heading.text) for s, _ in doc.walk()] == [
        (1, "Titel"),
        (2, "Under"),
        (2, "3 § Ändamål"),
    ]


def test_text_before_first_heading_is_the_preamble() -> None:
    doc = parse("Före rubriken.\n\n# Titel\n")
    assert doc.preamble == [Block("paragraph", "Före rubriken.")]


def test_front_matter_is_read_with_swedish_keys() -> None:
    doc = parse(
        "---\ntitel: Förbundsordning\nstatus: gällande\nversion: gällande 2019\n"
        "gäller från: 2019-07-01\n---\n# Förbundsordning\n"
    )
    assert doc.meta.title == "Förbundsordning"
    assert doc.meta.status == "gällande"
    assert doc.meta.label == "gällande 2019"
    assert doc.meta.valid_from == dt.date(2019, 7, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitel: x\n", "front matter saknar avslutande rad '---'"),
        ("---\ntitel: [x\n---\n", "front matter är inte giltig YAML på rad 2"),
        ("---\n- a\n- b\n---\n", "front matter ska vara nycklar med värden, fick list"),
        (
            "---\nstatus: klar\n---\n",
            "front matter: status ska vara en av gällande, förslag, utkast, upphävd, fick 'klar'",
        ),
        (
            "---\ngäller från: snart\n---\n",
            "front matter: 'gäller från' ska vara ett datum (ÅÅÅÅ-MM-DD), fick 'snart'",
        ),
    ],
)
def test_bad_front_matter(text: str, message: str) -> None:
    with pytest.raises(FrontMatterError) as info:
        parse(text)
    assert str(info.value) == message


def test_render_normalises_a_hand_written_file() -> None:
    text = "# Titel\nEn rad\nsom bryts.\n\n* a\n* b\n\n\n## 1 § Namn\nText.\n"
    assert render(parse(text)) == (
        "# Titel\n\nEn rad som bryts.\n\n- a\n- b\n\n## 1 § Namn\n\nText.\n"
    )


# --- property: parse(render(model)) == model -----------------------------------------

_WORDS = st.sampled_from(
    "förbundet ska medlemmarna direktionen § 3 kap. 12 a och i enligt – ”citat” 1. - * # = "
    "\\ _ + 2) års Åtvidaberg ödeshög 9 maj 2024 (2017:725) ; : , . ! ?".split(" ")
)
_TEXT = st.lists(_WORDS, min_size=1, max_size=12).map(" ".join).map(normalise).filter(bool)
_HEADING_TEXT = st.one_of(
    _TEXT,
    st.builds(lambda n, t: f"{n} § {t}", st.integers(1, 40), _TEXT),
    st.builds(lambda n, t: f"§ {n} {t}", st.integers(1, 40), _TEXT),
    st.builds(lambda n, t: f"{n} kap. {t}", st.integers(1, 9), _TEXT),
    st.builds(lambda a, b, t: f"{a}.{b} {t}", st.integers(1, 9), st.integers(1, 9), _TEXT),
)


@st.composite
def block_lists(draw: st.DrawFn) -> list[Block]:
    blocks: list[Block] = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["paragraph", "bullet", "ordered"]))
        if kind == "paragraph":
            blocks.append(Block("paragraph", draw(_TEXT)))
            continue
        previous = blocks[-1] if blocks else None
        max_depth = previous.depth + 1 if previous and previous.kind != "paragraph" else 0
        depth = draw(st.integers(0, min(max_depth, 3)))
        blocks.append(Block(kind, draw(_TEXT), depth))  # type: ignore[arg-type]
    return blocks


@st.composite
def sections(draw: st.DrawFn, level: int) -> Section:
    children = draw(st.lists(sections(level + 1), max_size=3)) if level < 4 else []
    return Section(Heading(level, draw(_HEADING_TEXT)), draw(block_lists()), children)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    meta = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "titel": _TEXT,
                "status": st.sampled_from(["gällande", "förslag"]),
                "version": _TEXT,
                "gäller från": st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)),
            },
        )
    )
    level = draw(st.integers(1, 2))
    return Document(
        Metadata(meta), draw(block_lists()), draw(st.lists(sections(level), max_size=4))
    )


@pytest.mark.parametrize("text", ["- -", "--", "-- -", "- - -"])
def test_a_bullet_whose_line_would_be_a_rule_keeps_its_text(text: str) -> None:
    doc = Document(Metadata({}), [], [Section(Heading(1, "Rubrik"), [Block("bullet", text)], [])])
    assert parse(render(doc)) == doc


@settings(max_examples=150, deadline=None)
@given(documents())
def test_round_trip(doc: Document) -> None:
    assert parse(render(doc)) == doc


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300))
def test_render_is_a_fixed_point(text: str) -> None:
    try:
        doc = parse(text)
    except FrontMatterError:
        return
    once = render(doc)
    assert render(parse(once)) == once


SIMPLE_FRONT_MATTER = [
    ["titel: Reglemente för Itsam", "status: gällande", "gäller från: 2024-01-01"],
    ["version: remissversion 2024", "antas av: Förbundsdirektionen"],
    ["titel: Ja", "typ: nej"],
    ["status: yes"],
    ["version: 2"],
    ["beslut: 2025-02-30"],
    ["titel: A: B"],
    ["titel: a # kommentar"],
    ["titel: 'citerad'"],
    ["titel: x", "titel: y"],
    ["on: x"],
    ["titel:"],
    ["titel: null"],
    ["titel: ~"],
    ["anmärkning: Ändrad § 3, se bilaga (2024)."],
]


@pytest.mark.parametrize("lines", SIMPLE_FRONT_MATTER)
def test_front_matter_without_yaml_reads_as_yaml_does(lines: list[str]) -> None:
    """Front matter read without the YAML library has the values (and types) YAML gives,
    or goes to YAML."""
    from styrdok.core.yamlfile import YamlError, loads
    from styrdok.text.markdown import _simple_front_matter, front_matter, split_front_matter

    simple = _simple_front_matter(lines)
    if simple is not None:
        expected = loads("\n".join(lines), "front matter")
        assert list(simple.items()) == list(expected.items())
        assert [type(v) for v in simple.values()] == [type(v) for v in expected.values()]
    text = "---\n" + "\n".join(lines) + "\n---\n\n# 1 § Rubrik\n"
    try:
        whole: object = split_front_matter(text)[0]
    except (YamlError, FrontMatterError) as exc:
        whole = str(exc)
    try:
        head: object = front_matter(text)
    except (YamlError, FrontMatterError) as exc:
        head = str(exc)
    assert head == whole
