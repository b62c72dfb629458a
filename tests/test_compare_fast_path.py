"""The comparison's shortcuts give the change model the plain way gives: sections
flattened in one walk (each heading's number read once), identical sections found by
their blocks' texts without joining them, the versions' JSON the same text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styrdok.compare import align, changes, engine
from styrdok.compare.changes import FlatSection, flatten
from styrdok.compare.engine import compare
from styrdok.core.vocabulary import PREAMBLE
from styrdok.render.json import render
from styrdok.text.markdown import parse
from styrdok.text.model import Block, ChapterBeside, Document, Heading, Section, section_ref


def _flatten_plain(doc: Document) -> list[FlatSection]:
    """flatten as it was first written: the document's walk, refs by section_ref, and a
    paragraph beside a chapter heading (same level) cited with that chapter."""
    out: list[FlatSection] = []
    if doc.preamble:
        out.append(FlatSection(0, PREAMBLE, None, tuple(doc.preamble), 0))
    index_of: dict[int, int] = {}
    chapter_of: dict[int, tuple[str, str] | None] = {}  # the chapter it is or stands in
    beside = ChapterBeside()
    for section, parents in doc.walk():
        parent = index_of[id(parents[-1])] if parents else None
        index_of[id(section)] = len(out)
        number = section.heading.number
        next_to = beside.step(section.heading, number)
        above = chapter_of[id(parents[-1])] if parents else None
        if number is not None and number.kind == "kapitel":
            chapter_of[id(section)] = (number.label, section.heading.text)
        else:
            chapter_of[id(section)] = next_to or above
        former = section_ref(section, parents)
        ref = former
        if number is not None and number.kind == "paragraf" and (next_to or above):
            ref = f"{(next_to or above or ('', ''))[0]} {number.label}"
        inner = chapter_of[id(section)]
        out.append(
            FlatSection(
                len(out),
                ref,
                section.heading,
                tuple(section.blocks),
                len(parents),
                parent,
                inner[1] if inner else "",
                former if former != ref else "",
            )
        )
    return out


def _plain_compare(old: Document, new: Document, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(engine, "flatten", _flatten_plain)
        patch.setattr(align, "_identity_by_blocks", align._identity)
        return compare(old, new)


_HEADINGS = [
    "# Reglemente",
    "## 1 kap. Inledning",
    "## 2 kap. Direktionen",
    "## Kapitel 3 Ekonomi",
    "### 1 §",
    "### 2 § Sammanträden",
    "### 2 a § Kallelse",
    "### 3 § Protokoll",
    "## Bilaga 1 Taxa",
    "## 3.1 Avsnitt",
    "#### Utan nummer",
    "## Övrigt",
    "## 4 §",  # beside a chapter heading of level 2: cited with that chapter
]
_WORDS = ["direktionen", "beslutar", "om", "budget", "och", "taxa", "ledamöter", "§", "3"]
_paragraph = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(" ".join)
_block_lines = st.one_of(
    _paragraph,
    _paragraph.map(lambda t: f"- {t}"),
    _paragraph.map(lambda t: f"1. {t}"),
    st.just("- "),
)
_sections = st.lists(
    st.tuples(st.sampled_from(_HEADINGS), st.lists(_block_lines, max_size=4)), max_size=14
)


def _markdown(sections: list[tuple[str, list[str]]]) -> str:
    lines = ["Ingress", ""]
    for heading, blocks in sections:
        lines += [heading, ""]
        for block in blocks:
            lines += [block, ""]
    return "\n".join(lines)


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[str, str]:
    old = draw(_sections)
    new = list(old)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["edit", "insert", "delete", "move", "retitle"]))
        if kind == "insert" or not new:
            new.insert(draw(st.integers(0, len(new))), draw(_sections.filter(bool))[0])
            continue
        k = draw(st.integers(0, len(new) - 1))
        heading, blocks = new[k]
        if kind == "edit":
            new[k] = (heading, [*blocks, draw(_block_lines)][1:])
        elif kind == "delete":
            del new[k]
        elif kind == "move":
            new.insert(draw(st.integers(0, len(new) - 1)), new.pop(k))
        else:
            new[k] = (draw(st.sampled_from(_HEADINGS)), blocks)
    return _markdown(old), _markdown(new)


@settings(max_examples=300, deadline=None)
@given(_sections)
def test_flatten_is_the_walk(sections: list[tuple[str, list[str]]]) -> None:
    doc = parse(_markdown(sections))
    assert flatten(doc) == _flatten_plain(doc)


@settings(max_examples=300, deadline=None)
@given(_pairs())
def test_compare_is_the_plain_compare(pair: tuple[str, str]) -> None:
    monkeypatch = pytest.MonkeyPatch()
    old_text, new_text = pair
    fast = compare(parse(old_text), parse(new_text))
    plain = _plain_compare(parse(old_text), parse(new_text), monkeypatch)
    assert fast == plain
    for section in fast.sections:  # the kept text_changed is the one computed afresh
        if section.old is not None and section.new is not None:
            expected = changes.text_changed(section.old, section.new, section.blocks)
            assert section.text_changed == expected
    assert render(fast, "a", "b") == render(plain, "a", "b")  # type: ignore[arg-type]


def test_a_line_break_in_a_block_keys_sections_by_their_joined_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Blocks from elsewhere than Markdown may hold a line break: "a\nb" as one block is
    # the same body as "a" and "b", as it always was.
    one = Section(Heading(2, "Första"), [Block("paragraph", "a\nb")])
    two = Section(Heading(2, "Första"), [Block("paragraph", "a"), Block("paragraph", "b")])
    empty = Section(Heading(2, "Tom"), [Block("bullet", "")])
    bare = Section(Heading(2, "Tom"), [])
    old, new = Document(sections=[one, empty]), Document(sections=[bare, two])
    assert compare(old, new) == _plain_compare(old, new, monkeypatch)
    assert changes.flatten(old) == _flatten_plain(old)
