"""The Markdown redline: ~~deleted~~ and **inserted** text that renders as intended.

Rendering is checked with markdown-it-py, a CommonMark parser, with GFM strikethrough on:
dropping what it renders struck must give the old text, dropping what it renders bold the
new one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styrdok.compare.worddiff import Op, word_diff
from styrdok.render.markdown import LEGEND, escape_line, ops_markdown, render, side_markdown
from styrdok.text.markdown import normalise
from tests.conftest import Repo
from tests.conftest import inline_diff as diff

markdown_it = pytest.importorskip("markdown_it")

A = "Förbundet har sitt säte i Kinda kommun och kansliet ligger där."
B = "Direktionen består av sex ledamöter och sex ersättare från medlemmarna."
C = "Förbundet är arbetsgivare för de anställda i förbundet och tillämpar avtal."


def sides(markdown: str) -> tuple[str, str]:
    """Return the old and the new text a reader sees in rendered Markdown (a marker left
    unrendered shows up as text in both)."""
    parser = markdown_it.MarkdownIt("commonmark").enable("strikethrough")
    old: list[str] = []
    new: list[str] = []
    for token in parser.parse(markdown):
        if token.type != "inline":
            continue
        struck = bold = False
        for child in token.children or []:
            if child.type in ("s_open", "s_close"):
                struck = child.type == "s_open"
            elif child.type in ("strong_open", "strong_close"):
                bold = child.type == "strong_open"
            elif child.type in ("text", "softbreak"):
                text = child.content if child.type == "text" else " "
                if not bold:
                    old.append(text)
                if not struck:
                    new.append(text)
            else:
                raise AssertionError(f"unexpected {child.type} in {markdown!r}")
        old.append("\n")
        new.append("\n")
    return normalise("".join(old)), normalise("".join(new))


OPS = [
    (
        "replaced word",
        [
            Op("equal", "säte i "),
            Op("delete", "Kinda"),
            Op("insert", "Ydre"),
            Op("equal", " kommun."),
        ],
        "säte i ~~Kinda~~**Ydre** kommun.",
    ),
    (
        "spaces move outside the markers",
        [Op("equal", "IT-"), Op("delete", "området"), Op("insert", " och digitaliseringsområdet ")],
        "IT-~~området~~ **och digitaliseringsområdet** ",
    ),
    (
        "deleted comma after a word widens to the word",
        [Op("equal", "Boxholm"), Op("delete", ", Kinda"), Op("equal", " och Ydre")],
        "~~Boxholm, Kinda~~**Boxholm** och Ydre",
    ),
    (
        "changed full stop before a word widens both ways",
        [Op("equal", "9 kap"), Op("delete", "."), Op("insert", ","), Op("equal", "5 §")],
        "9 ~~kap.5~~**kap,5** §",
    ),
    (
        "punctuation after punctuation needs no widening",
        [Op("equal", "enligt 24 §"), Op("delete", "."), Op("insert", ",")],
        "enligt 24 §~~.~~**,**",
    ),
    (
        "markdown characters are escaped",
        [Op("equal", "se *not* och a_b "), Op("insert", "[1] <b> `x` ~y~ | & \\")],
        "se \\*not\\* och a\\_b **\\[1\\] \\<b\\> \\`x\\` \\~y\\~ \\| \\& \\\\**",
    ),
    (
        "a space only takes in the words around it",
        [Op("equal", "enligt 9 kap.,"), Op("insert", " "), Op("equal", "5 § kommunallagen")],
        "enligt 9 ~~kap.,5~~**kap., 5** § kommunallagen",
    ),
]


@pytest.mark.parametrize(("ops", "expected"), [c[1:] for c in OPS], ids=[c[0] for c in OPS])
def test_ops_become_markdown(ops: list[Op], expected: str) -> None:
    assert ops_markdown(ops) == expected


@pytest.mark.parametrize(("ops", "expected"), [c[1:] for c in OPS], ids=[c[0] for c in OPS])
def test_ops_render_as_old_and_new_text(ops: list[Op], expected: str) -> None:
    old, new = sides(ops_markdown(ops))
    assert old == normalise("".join(op.text for op in ops if op.kind != "insert"))
    assert new == normalise("".join(op.text for op in ops if op.kind != "delete"))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1. januari", "1\\. januari"),
        ("- punkt", "\\- punkt"),
        ("# rubrik", "\\# rubrik"),
        ("+ plus", "\\+ plus"),
        ("== lika", "\\== lika"),
        ("2024 års budget", "2024 års budget"),
        ("~~1. a~~", "~~1. a~~"),
    ],
)
def test_line_starts_that_would_be_blocks_are_escaped(line: str, expected: str) -> None:
    assert escape_line(line) == expected


WORDS = st.sampled_from(
    ["Kinda", "kap", "5", "§", "år", "a", "IT", "1.", "-", ",", ".", "(", ")", "*", "_", "~",
     "[", "]", "#", "<", ">", "&", "`", "|", "\\", "!", ":", "”", "–", " ", " ", " "]
)  # fmt: skip
TEXTS = st.lists(WORDS, max_size=12).map(lambda words: normalise("".join(words)))


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_any_change_renders_as_the_old_and_the_new_text(old: str, new: str) -> None:
    line = escape_line(ops_markdown(word_diff(old, new)))
    assert sides(line) == (old, new)


# Each version on its own (the remissammanställning's wordings) marks what the redline marks.
SIDES = {
    "replaced word": ("säte i ~~Kinda~~ kommun.", "säte i **Ydre** kommun."),
    "spaces move outside the markers": (
        "IT-~~området~~",
        "IT- **och digitaliseringsområdet** ",
    ),
    "deleted comma after a word widens to the word": (
        "~~Boxholm, Kinda~~ och Ydre",
        "Boxholm och Ydre",
    ),
    "changed full stop before a word widens both ways": ("9 ~~kap.5~~ §", "9 **kap,5** §"),
    "punctuation after punctuation needs no widening": ("enligt 24 §~~.~~", "enligt 24 §**,**"),
    "markdown characters are escaped": (
        "se \\*not\\* och a\\_b ",
        "se \\*not\\* och a\\_b **\\[1\\] \\<b\\> \\`x\\` \\~y\\~ \\| \\& \\\\**",
    ),
    "a space only takes in the words around it": (
        "enligt 9 kap.,5 § kommunallagen",
        "enligt 9 **kap., 5** § kommunallagen",
    ),
}


@pytest.mark.parametrize(
    ("ops", "expected"), [(c[1], SIDES[c[0]]) for c in OPS], ids=[c[0] for c in OPS]
)
def test_each_version_alone_marks_what_the_redline_marks(
    ops: list[Op], expected: tuple[str, str]
) -> None:
    assert (side_markdown(ops, "old"), side_markdown(ops, "new")) == expected


def emphasised(markdown: str, tag: str) -> tuple[str, str]:
    """Return the text a reader sees and the text inside ``tag`` (s or strong)."""
    parser = markdown_it.MarkdownIt("commonmark").enable("strikethrough")
    text: list[str] = []
    inside: list[str] = []
    for token in parser.parse(markdown):
        depth = 0
        for child in token.children or []:
            if child.type in (f"{tag}_open", f"{tag}_close"):
                depth += 1 if child.type.endswith("open") else -1
            elif child.type.endswith(("_open", "_close")):
                raise AssertionError(f"unexpected {child.type} in {markdown!r}")
            elif child.type == "text":
                text.append(child.content)
                if depth:
                    inside.append(child.content)
    return normalise("".join(text)), " ".join(inside)


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_each_version_alone_reads_as_itself_with_its_own_changes_marked(old: str, new: str) -> None:
    ops = word_diff(old, new)
    for side, kind, tag, text in (("old", "delete", "s", old), ("new", "insert", "strong", new)):
        seen, marked = emphasised(escape_line(side_markdown(ops, side)), tag)  # type: ignore[arg-type]
        assert seen == text
        for op in ops:
            for word in op.text.split() if op.kind == kind else ():
                assert word in marked


def test_document_has_title_change_line_legend_and_sections(repo: Repo) -> None:
    old = f"---\ntitel: Förbundsordning\n---\n## 1 § Säte\n\n{A}\n\n## 2 § Organ\n\n{B}\n"
    new = f"---\ntitel: Förbundsordning\n---\n## 1 § Säte\n\n{A.replace('Kinda', 'Ydre')}\n\n"
    new += f"## 2 § Organ\n\n{B}\n\n## 3 § Personal\n\n{C}\n"
    text = render(diff(repo, old, new))
    assert text.splitlines()[:7] == [
        "# Förbundsordning",
        "",
        "Jämför gällande 2019 → remissversion 2024",
        "",
        "Ändringar: ändr. 1 §; ny 3 §",
        "",
        LEGEND,
    ]
    assert LEGEND == "Teckenförklaring: ~~struken text~~ är borttagen, **fet text** är tillagd."
    assert "## 1 § Säte (ändrad)\n\nFörbundet har sitt säte i ~~Kinda~~**Ydre** kommun" in text
    assert f"## 3 § Personal (ny)\n\n**{C}**\n" in text
    assert text.endswith("\nOförändrade avsnitt: 2 §\n")


@pytest.mark.parametrize(
    ("old", "new", "heading"),
    [
        ("## 1 § Säte\n\nText.\n\n## 2 § Organ\n\nOrgan.\n", "## 1 § Säte\n\nText.\n",
         "## 2 § Organ (upphävd)"),
        ("## 1 § Säte\n\nText.\n", "## 1 § Säte\n\nText.\n\n## 2 § Organ\n\nAnnan text.\n",
         "## 2 § Organ (ny)"),
        ("## 1 § Säte\n\nText här.\n\n## 2 § Organ\n\nOrgan.\n",
         "## 1 § Nytt\n\nText här.\n\n## 2 § Säte\n\nText här!\n\n## 3 § Organ\n\nOrgan.\n",
         "## 3 § Organ (ny numrering: 2 § → 3 §)"),
    ],
)  # fmt: skip
def test_section_headings_name_their_status_in_words(
    repo: Repo, old: str, new: str, heading: str
) -> None:
    assert heading in render(diff(repo, old, new)).splitlines()


def test_changed_title_is_shown_under_the_heading(repo: Repo) -> None:
    text = render(diff(repo, f"## 2 § Organ\n\n{B}\n", f"## 2 § Direktionen\n\n{B}\n"))
    assert "## 2 § Direktionen (ändrad)\n\nRubrik: 2 § ~~Organ~~**Direktionen**\n" in text


def test_lists_render_as_nested_markdown_lists(repo: Repo) -> None:
    old = "## 1 § Uppgifter\n\n1. drift\n2. servicedesk\n    - telefon\n3. upphandling\n"
    new = "## 1 § Uppgifter\n\n1. drift\n2. servicedesk\n    - telefon\n    - chatt\n"
    text = render(diff(repo, old, new))
    assert "1. drift\n2. servicedesk\n   - telefon\n   - **chatt**\n3. ~~upphandling~~\n" in text
    html = markdown_it.MarkdownIt("commonmark").enable("strikethrough").render(text)
    assert "<li>servicedesk\n<ul>\n<li>telefon</li>\n<li><strong>chatt</strong></li>" in html
    assert "<li><s>upphandling</s></li>" in html


def test_user_text_that_looks_like_markdown_stays_text(repo: Repo) -> None:
    evil = "# Inte rubrik *inte kursiv* [inte länk](x) <b>"
    source = "\\" + evil  # as written in the document, so that it is not a heading there
    text = render(diff(repo, f"## 1 § Säte\n\n{A}\n", f"## 1 § Säte\n\n{A}\n\n{source}\n"))
    html = markdown_it.MarkdownIt("commonmark").render(text)
    assert "<p><strong># Inte rubrik *inte kursiv* [inte länk](x) &lt;b&gt;</strong></p>" in html
